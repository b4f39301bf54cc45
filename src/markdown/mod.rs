//! Markdown fields, rendered two ways from one parse of the text: sanitised HTML for the HTML
//! pack ([`html`]), and a JSON tree of blocks and inlines for Typst ([`blocks`]). Plain prose, most
//! fields, is settled without parsing ([`prose`]). A tender's answers are also wanted as plain
//! text, made from the tree ([`text`]).
//!
//! Raw HTML in Markdown is sanitised with ammonia in HTML and shown as plain text in the tree, so
//! it is never interpreted by Typst. Links keep only http, https and mailto addresses.

mod blocks;
mod html;
mod prose;
pub mod text;
mod words;

use pulldown_cmark::{Event, Options, Parser, Tag};
use schemars::JsonSchema;
use serde::Serialize;

pub use blocks::{Block, Inline, to_blocks};
pub use html::to_html;
pub use words::{MAX_WORD_LEN, break_long_words, has_long_word};

/// A Markdown field as pack.json and the templates receive it.
#[derive(Debug, Clone, Serialize, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Markdown {
    /// Sanitised HTML, safe to insert into the page.
    pub html: String,
    /// The same content as a tree for the PDF template.
    // Always in pack.json; `None` in the view the HTML renderer is given, once the tree has been
    // written (`drop_tree`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<Block>")]
    pub blocks: Option<Vec<Block>>,
}

impl Markdown {
    /// Drops the tree once it has been written to pack.json; the HTML renderer needs only `html`.
    pub fn drop_tree(&mut self) {
        self.blocks = None;
    }
}

fn options() -> Options {
    Options::ENABLE_STRIKETHROUGH
}

/// True for link addresses a reader can safely follow.
pub fn is_safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:")
}

/// Both forms, from one parse of the text: the same as [`to_html`] and [`to_blocks`].
pub fn render(source: &str) -> Markdown {
    if let Some(plain) = prose::render(source) {
        return plain;
    }
    // The tree is built from the events as the HTML writer takes them: one pass, nothing held.
    let mut tree = blocks::TreeBuilder::default();
    let html = html::from_events(
        source,
        parse(source).inspect(|event| tree.event(event.clone())),
    );
    Markdown {
        html,
        blocks: Some(tree.finish()),
    }
}

/// Lists and quotes nested deeper than this are flattened into their parent: no reader needs
/// them, and hostile nesting would otherwise exhaust the stack or Typst's limits.
pub const MAX_CONTAINER_DEPTH: usize = 8;
/// Emphasis, links and the like nested deeper than this keep their text only.
pub const MAX_TAG_DEPTH: usize = 32;
/// Link addresses longer than this are shown as plain text (PDF strings have a length limit).
pub const MAX_URL_LEN: usize = 2048;

/// The Markdown events of `source`, with nesting kept within [`MAX_CONTAINER_DEPTH`] and
/// [`MAX_TAG_DEPTH`]. A list dropped for depth loses its items' markers too, so its text joins the
/// nearest list item or quote that is kept.
pub(crate) fn parse(source: &str) -> impl Iterator<Item = Event<'_>> {
    let mut kept: Vec<(bool, bool)> = Vec::new(); // (kept, is a list or quote)
    let mut containers = 0usize;
    let mut tags = 0usize;
    Parser::new_ext(source, options()).filter_map(move |event| match event {
        Event::Start(ref tag) => {
            let container = matches!(tag, Tag::List(_) | Tag::BlockQuote(_));
            let keep = match tag {
                Tag::List(_) | Tag::BlockQuote(_) => containers < MAX_CONTAINER_DEPTH,
                Tag::Item => kept.last().is_some_and(|(k, c)| *k && *c),
                Tag::Link { dest_url, .. } if dest_url.len() > MAX_URL_LEN => false,
                _ => tags < MAX_TAG_DEPTH,
            };
            kept.push((keep, container));
            if keep {
                tags += 1;
                containers += usize::from(container);
            }
            keep.then_some(event)
        }
        Event::End(_) => {
            let (keep, container) = kept.pop().unwrap_or((true, false));
            if keep {
                tags = tags.saturating_sub(1);
                containers = containers.saturating_sub(usize::from(container));
            }
            keep.then_some(event)
        }
        Event::Text(text) if has_long_word(&text) => {
            Some(Event::Text(break_long_words(&text).into()))
        }
        other => Some(other),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_parse_gives_what_two_parses_give() {
        for text in [
            "",
            "Some *care* and **rest**.\n\n- one\n- two\n\n> quoted",
            "# Heading\n\n[x](javascript:alert(1)) ![img](https://e.org/i.png) <b>raw</b>",
            "1. a\n   ```\n   code\n   ```\n2. b\n\n---\n\nend  \nbreak",
        ] {
            let both = render(text);
            assert_eq!(both.html, to_html(text), "{text:?}");
            assert_eq!(both.blocks, Some(to_blocks(text)), "{text:?}");
        }
    }

    #[test]
    fn hostile_nesting_is_flattened_not_followed() {
        let deep_list = format!("{}deep", "- ".repeat(20_000));
        let blocks = to_blocks(&deep_list);
        fn depth(blocks: &[Block]) -> usize {
            blocks
                .iter()
                .map(|b| match b {
                    Block::List { items, .. } => {
                        1 + items.iter().map(|i| depth(i)).max().unwrap_or(0)
                    }
                    Block::Quote { blocks } => 1 + depth(blocks),
                    _ => 0,
                })
                .max()
                .unwrap_or(0)
        }
        assert!(depth(&blocks) <= MAX_CONTAINER_DEPTH, "{}", depth(&blocks));
        assert!(to_html(&deep_list).contains("deep"));
        let deep_quote = format!("{}quoted", "> ".repeat(60));
        assert!(depth(&to_blocks(&deep_quote)) <= MAX_CONTAINER_DEPTH);
        let html = to_html(&deep_quote);
        assert!(
            html.matches("<blockquote>").count() <= MAX_CONTAINER_DEPTH,
            "{html}"
        );
        assert!(html.contains("quoted"));
    }
}
