//! Markdown to sanitised HTML, from arbitrary text. Besides not panicking, the HTML must hold no
//! script, frame or event handler, and no link to a javascript: address; and the one-parse
//! `render` must give the same HTML as `to_html`.

#![no_main]

use evidence_pack::markdown::{render, to_html};
use libfuzzer_sys::fuzz_target;

/// The tags of HTML output, from `<` to `>` (text never holds a raw `<`: it is escaped).
fn tags(html: &str) -> Vec<&str> {
    let mut tags = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let after = &rest[open..];
        let mut in_quote = false;
        let close = after
            .char_indices()
            .find(|&(_, c)| {
                if c == '"' {
                    in_quote = !in_quote;
                }
                c == '>' && !in_quote
            })
            .map_or(after.len(), |(i, _)| i + 1);
        tags.push(&after[..close]);
        rest = &after[close..];
    }
    tags
}

/// A tag with the text of its quoted attribute values removed (the quotes kept), and its
/// attributes as (name, value) pairs.
fn attributes(tag: &str) -> (String, Vec<(String, String)>) {
    let mut bare = String::new();
    let mut pairs = Vec::new();
    let mut name = String::new();
    let mut chars = tag.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '"' {
            let value: String = chars.by_ref().take_while(|&c| c != '"').collect();
            bare.push_str("\"\"");
            pairs.push((name.trim_end_matches('=').to_string(), value));
            name.clear();
        } else {
            bare.push(c);
            if c.is_whitespace() {
                name.clear();
            } else {
                name.push(c);
            }
        }
    }
    (bare, pairs)
}

fuzz_target!(|text: &str| {
    let html = to_html(text);
    for tag in tags(&html) {
        let lower = tag.to_ascii_lowercase();
        let name: String = lower
            .trim_start_matches(['<', '/'])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(
            !["script", "iframe", "object", "embed", "style", "img", "svg", "form", "input"]
                .contains(&name.as_str()),
            "<{name}> in {html:?} from {text:?}"
        );
        let (bare, pairs) = attributes(&lower);
        for attribute in [" src=", " style=", " srcdoc=", " formaction="] {
            assert!(
                !bare.contains(attribute),
                "{attribute} in {html:?} from {text:?}"
            );
        }
        // No event handler: an attribute named on….
        for (attribute, value) in &pairs {
            assert!(
                !attribute.starts_with("on"),
                "an event handler in {html:?} from {text:?}"
            );
            if attribute == "href" {
                // As a browser reads an address (WHATWG URL): C0 controls and spaces around it
                // dropped, tabs and line breaks within it removed.
                let url: String = value
                    .trim_matches(|c: char| c <= ' ')
                    .chars()
                    .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                    .collect();
                for scheme in ["javascript:", "data:", "vbscript:"] {
                    assert!(
                        !url.starts_with(scheme),
                        "a {scheme} link in {html:?} from {text:?}"
                    );
                }
            }
        }
    }
    assert_eq!(render(text).html, html);
});
