//! Markdown to sanitised HTML, from arbitrary text. Besides not panicking, the HTML must hold no
//! script, frame or event handler, and no link to a javascript: address; and the one-parse
//! `render` must give the same HTML as `to_html`.

#![no_main]

use evidence_pack::render::markdown::{render, to_html};
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
        for attribute in ["href=\"javascript:", "href=\"data:", "src=", "style="] {
            assert!(
                !lower.contains(attribute),
                "{attribute} in {html:?} from {text:?}"
            );
        }
        // No event handler: an unquoted ` on…=` in the tag.
        let bytes = lower.as_bytes();
        let mut in_quote = false;
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b'"' => in_quote = !in_quote,
                b' ' if !in_quote && bytes[i + 1..].starts_with(b"on") => {
                    let name = bytes[i + 1..]
                        .iter()
                        .take_while(|c| c.is_ascii_alphanumeric())
                        .count();
                    assert!(
                        bytes.get(i + 1 + name) != Some(&b'='),
                        "an event handler in {html:?} from {text:?}"
                    );
                }
                _ => {}
            }
        }
    }
    assert_eq!(render(text).html, html);
});
