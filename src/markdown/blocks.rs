//! Markdown as a tree of blocks and inlines, the form the PDF template walks.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Tag, TagEnd};
use schemars::JsonSchema;
use serde::Serialize;

use super::{is_safe_url, parse};

#[derive(Debug, Clone, Serialize, PartialEq, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    Paragraph {
        inlines: Vec<Inline>,
    },
    Heading {
        level: u8,
        inlines: Vec<Inline>,
    },
    List {
        ordered: bool,
        start: u64,
        items: Vec<Vec<Block>>,
    },
    Quote {
        blocks: Vec<Block>,
    },
    Code {
        text: String,
    },
    Rule,
}

#[derive(Debug, Clone, Serialize, PartialEq, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Inline {
    Text { text: String },
    Emph { inlines: Vec<Inline> },
    Strong { inlines: Vec<Inline> },
    Code { text: String },
    Link { url: String, inlines: Vec<Inline> },
    Break,
}

/// The tree for Typst. Raw HTML becomes plain text.
pub fn to_blocks(source: &str) -> Vec<Block> {
    from_events(parse(source))
}

pub(super) fn from_events<'a>(events: impl IntoIterator<Item = Event<'a>>) -> Vec<Block> {
    let mut builder = TreeBuilder::default();
    for event in events {
        builder.event(event);
    }
    builder.finish()
}

enum Frame {
    Blocks(Vec<Block>, BlockKind),
    Inlines(Vec<Inline>, InlineKind),
}

enum BlockKind {
    Root,
    Quote,
    Item,
    List {
        ordered: bool,
        start: u64,
        items: Vec<Vec<Block>>,
    },
}

enum InlineKind {
    Paragraph,
    Heading(u8),
    Emph,
    Strong,
    Link(String),
    Code,
}

#[derive(Default)]
pub(super) struct TreeBuilder {
    stack: Vec<Frame>,
}

impl TreeBuilder {
    pub(super) fn event(&mut self, event: Event) {
        if self.stack.is_empty() {
            self.stack.push(Frame::Blocks(Vec::new(), BlockKind::Root));
        }
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(end) => self.end(end),
            Event::Text(t) => self.text(&t),
            Event::Code(t) => self.push_inline(Inline::Code {
                text: t.to_string(),
            }),
            Event::Html(t) | Event::InlineHtml(t) => self.text(&t),
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.push_inline(Inline::Break),
            Event::Rule => self.push_block(Block::Rule),
            Event::FootnoteReference(t) => self.text(&t),
            Event::TaskListMarker(done) => self.text(if done { "[x] " } else { "[ ] " }),
            Event::InlineMath(t) | Event::DisplayMath(t) => self.text(&t),
        }
    }

    fn start(&mut self, tag: Tag) {
        let frame = match tag {
            Tag::Paragraph => Frame::Inlines(Vec::new(), InlineKind::Paragraph),
            Tag::Heading { level, .. } => {
                Frame::Inlines(Vec::new(), InlineKind::Heading(heading_level(level)))
            }
            Tag::BlockQuote(_) => Frame::Blocks(Vec::new(), BlockKind::Quote),
            Tag::CodeBlock(CodeBlockKind::Fenced(_) | CodeBlockKind::Indented) => {
                Frame::Inlines(Vec::new(), InlineKind::Code)
            }
            Tag::List(start) => Frame::Blocks(
                Vec::new(),
                BlockKind::List {
                    ordered: start.is_some(),
                    start: start.unwrap_or(1),
                    items: Vec::new(),
                },
            ),
            Tag::Item => Frame::Blocks(Vec::new(), BlockKind::Item),
            Tag::Emphasis => Frame::Inlines(Vec::new(), InlineKind::Emph),
            Tag::Strong => Frame::Inlines(Vec::new(), InlineKind::Strong),
            Tag::Link { dest_url, .. } => {
                Frame::Inlines(Vec::new(), InlineKind::Link(dest_url.to_string()))
            }
            // Images, strikethrough, tables and the like keep their text only.
            _ => Frame::Inlines(Vec::new(), InlineKind::Emph),
        };
        // Tight list items hold text directly: give it a paragraph to live in.
        if matches!(
            frame,
            Frame::Inlines(
                _,
                InlineKind::Emph | InlineKind::Strong | InlineKind::Link(_)
            )
        ) && matches!(self.stack.last(), Some(Frame::Blocks(..)))
        {
            self.stack
                .push(Frame::Inlines(Vec::new(), InlineKind::Paragraph));
        }
        self.stack.push(frame);
    }

    fn end(&mut self, _end: TagEnd) {
        self.close_implicit_paragraph_before_block_end();
        let Some(frame) = self.stack.pop() else {
            return;
        };
        match frame {
            Frame::Inlines(inlines, kind) => match kind {
                InlineKind::Paragraph => self.push_block(Block::Paragraph { inlines }),
                InlineKind::Heading(level) => self.push_block(Block::Heading { level, inlines }),
                InlineKind::Code => {
                    let text = inlines
                        .into_iter()
                        .map(|i| match i {
                            Inline::Text { text } => text,
                            _ => String::new(),
                        })
                        .collect();
                    self.push_block(Block::Code { text })
                }
                InlineKind::Emph => self.push_inline(Inline::Emph { inlines }),
                InlineKind::Strong => self.push_inline(Inline::Strong { inlines }),
                InlineKind::Link(url) => {
                    if is_safe_url(&url) {
                        self.push_inline(Inline::Link { url, inlines })
                    } else {
                        for i in inlines {
                            self.push_inline(i);
                        }
                    }
                }
            },
            Frame::Blocks(blocks, kind) => match kind {
                BlockKind::Root => self.stack.push(Frame::Blocks(blocks, BlockKind::Root)),
                BlockKind::Quote => self.push_block(Block::Quote { blocks }),
                BlockKind::Item => {
                    if let Some(Frame::Blocks(_, BlockKind::List { items, .. })) =
                        self.stack.last_mut()
                    {
                        items.push(blocks);
                    }
                }
                BlockKind::List {
                    ordered,
                    start,
                    items,
                } => self.push_block(Block::List {
                    ordered,
                    start,
                    items,
                }),
            },
        }
    }

    /// An implicit paragraph (text directly in a tight list item) ends with its item.
    fn close_implicit_paragraph_before_block_end(&mut self) {
        let n = self.stack.len();
        if n >= 2
            && matches!(self.stack[n - 1], Frame::Inlines(_, InlineKind::Paragraph))
            && matches!(self.stack[n - 2], Frame::Blocks(_, BlockKind::Item))
            && let Some(Frame::Inlines(inlines, _)) = self.stack.pop()
        {
            self.push_block(Block::Paragraph { inlines });
        }
    }

    fn text(&mut self, text: &str) {
        if matches!(self.stack.last(), Some(Frame::Blocks(..))) {
            self.stack
                .push(Frame::Inlines(Vec::new(), InlineKind::Paragraph));
        }
        if let Some(Frame::Inlines(inlines, _)) = self.stack.last_mut() {
            if let Some(Inline::Text { text: last }) = inlines.last_mut() {
                last.push_str(text);
            } else {
                inlines.push(Inline::Text {
                    text: text.to_string(),
                });
            }
        }
    }

    fn push_inline(&mut self, inline: Inline) {
        if matches!(self.stack.last(), Some(Frame::Blocks(..))) {
            self.stack
                .push(Frame::Inlines(Vec::new(), InlineKind::Paragraph));
        }
        if let Some(Frame::Inlines(inlines, _)) = self.stack.last_mut() {
            inlines.push(inline);
        }
    }

    fn push_block(&mut self, block: Block) {
        self.close_implicit_paragraph_before_block_end();
        if let Some(Frame::Blocks(blocks, _)) = self.stack.last_mut() {
            blocks.push(block);
        }
    }

    pub(super) fn finish(mut self) -> Vec<Block> {
        while self.stack.len() > 1 {
            self.end(TagEnd::Paragraph);
        }
        match self.stack.pop() {
            Some(Frame::Blocks(blocks, _)) => blocks,
            Some(Frame::Inlines(inlines, _)) => vec![Block::Paragraph { inlines }],
            None => Vec::new(),
        }
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::MAX_WORD_LEN;

    #[test]
    fn long_words_and_addresses_are_tamed() {
        let word = "a".repeat(40_000);
        let blocks = to_blocks(&word);
        let Block::Paragraph { inlines } = &blocks[0] else {
            panic!()
        };
        let Inline::Text { text } = &inlines[0] else {
            panic!()
        };
        assert!(
            text.split('\u{200B}')
                .all(|w| w.chars().count() <= MAX_WORD_LEN)
        );
        assert_eq!(text.replace('\u{200B}', ""), word);
        let link = format!("[see](https://example.org/{})", "x".repeat(40_000));
        assert_eq!(
            to_blocks(&link),
            vec![Block::Paragraph {
                inlines: vec![Inline::Text { text: "see".into() }]
            }]
        );
    }

    #[test]
    fn tree_has_lists_emphasis_and_quotes() {
        let blocks = to_blocks("Some *care* and **rest**.\n\n- one\n- two\n\n> quoted");
        assert_eq!(blocks.len(), 3);
        match &blocks[1] {
            Block::List { ordered, items, .. } => {
                assert!(!ordered);
                assert_eq!(items.len(), 2);
                assert_eq!(
                    items[0],
                    vec![Block::Paragraph {
                        inlines: vec![Inline::Text { text: "one".into() }]
                    }]
                );
            }
            other => panic!("expected a list, got {other:?}"),
        }
        assert!(matches!(blocks[2], Block::Quote { .. }));
    }

    #[test]
    fn raw_html_is_plain_text_in_the_tree() {
        let blocks = to_blocks("a <script>x</script> b");
        let Block::Paragraph { inlines } = &blocks[0] else {
            panic!()
        };
        let text: String = inlines
            .iter()
            .map(|i| match i {
                Inline::Text { text } => text.clone(),
                _ => String::new(),
            })
            .collect();
        assert_eq!(text, "a <script>x</script> b");
    }
}
