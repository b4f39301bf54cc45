//! Markdown as sanitised HTML for the HTML pack.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::{is_safe_url, parse};

/// Sanitised HTML. Without a `<` in the source, Markdown cannot produce raw HTML, so ammonia is
/// only run when one is present (it is by far the slowest step).
pub fn to_html(source: &str) -> String {
    from_events(source, parse(source))
}

pub(super) fn from_events<'a>(source: &str, events: impl Iterator<Item = Event<'a>>) -> String {
    // A link to an address that is not safe to follow (javascript:, data:, …) is shown as its
    // plain text. A heading inside a field would break the pack's own heading outline (a field
    // sits under the record's h4 and h5 headings), so in HTML it becomes a paragraph in bold.
    let mut unsafe_link = false;
    let events = events
        .flat_map(move |event| match event {
            Event::Start(Tag::Link { ref dest_url, .. }) if !is_safe_url(dest_url) => {
                unsafe_link = true;
                [None, None]
            }
            Event::End(TagEnd::Link) if unsafe_link => {
                unsafe_link = false;
                [None, None]
            }
            Event::Start(Tag::Image { .. }) => [Some(Event::Start(Tag::Emphasis)), None],
            Event::End(TagEnd::Image) => [Some(Event::End(TagEnd::Emphasis)), None],
            Event::Start(Tag::Heading { .. }) => [
                Some(Event::Start(Tag::Paragraph)),
                Some(Event::Start(Tag::Strong)),
            ],
            Event::End(TagEnd::Heading(_)) => [
                Some(Event::End(TagEnd::Strong)),
                Some(Event::End(TagEnd::Paragraph)),
            ],
            other => [Some(other), None],
        })
        .flatten();
    let mut html = String::with_capacity(source.len() + source.len() / 4);
    pulldown_cmark::html::push_html(&mut html, events);
    if source.contains('<') {
        sanitise(&html)
    } else {
        html
    }
}

fn sanitise(html: &str) -> String {
    use std::collections::HashSet;
    let tags: HashSet<&str> = [
        "p",
        "br",
        "em",
        "strong",
        "b",
        "i",
        "u",
        "s",
        "del",
        "code",
        "pre",
        "ul",
        "ol",
        "li",
        "blockquote",
        "hr",
        "a",
        "sub",
        "sup",
    ]
    .into_iter()
    .collect();
    let schemes: HashSet<&str> = ["http", "https", "mailto"].into_iter().collect();
    ammonia::Builder::default()
        .tags(tags)
        .url_schemes(schemes)
        .link_rel(None)
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_sanitised_in_html() {
        let html = to_html(
            "Hi <script>alert(1)</script> <img src=x onerror=alert(1)> <iframe src=x></iframe> <b style=\"color:red\">bold</b>",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("<iframe"), "{html}");
        assert!(!html.contains("style="), "{html}");
        assert!(html.contains("<b>bold</b>"), "{html}");
    }

    #[test]
    fn javascript_links_lose_their_address() {
        let html = to_html("[click](javascript:alert(1)) and [ok](https://example.org)");
        assert!(!html.to_lowercase().contains("javascript:"), "{html}");
        assert!(html.contains("href=\"https://example.org\""), "{html}");
        let blocks = crate::markdown::to_blocks("[click](javascript:alert(1))");
        assert_eq!(
            blocks,
            vec![crate::markdown::Block::Paragraph {
                inlines: vec![crate::markdown::Inline::Text {
                    text: "click".into()
                }]
            }]
        );
    }
}
