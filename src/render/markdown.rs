//! Markdown fields, rendered two ways from one parse of the text:
//! sanitised HTML for the HTML pack, and a JSON tree of blocks and inlines for Typst.
//!
//! Raw HTML in Markdown is sanitised with ammonia in HTML and shown as plain text in the tree, so
//! it is never interpreted by Typst. Links keep only http, https and mailto addresses.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

/// A Markdown field as the templates receive it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Markdown {
    /// Sanitised HTML, safe to insert into the page.
    pub html: String,
    /// The same content as a tree for the PDF template.
    #[serde(skip_serializing_if = "blocks_hidden")]
    pub blocks: Vec<Block>,
}

impl Markdown {
    /// Drops the tree once it has been written to pack.json; the HTML renderer needs only `html`.
    pub fn drop_tree(&mut self) {
        self.blocks = Vec::new();
    }
}

thread_local! {
    static HIDE_BLOCKS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn blocks_hidden(_: &[Block]) -> bool {
    HIDE_BLOCKS.with(std::cell::Cell::get)
}

/// Runs `f` with Markdown fields serialised without their `blocks` (on this thread), for
/// renderers that only show the HTML: the tree is most of a record's serialised size.
pub fn without_blocks<R>(f: impl FnOnce() -> R) -> R {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            HIDE_BLOCKS.with(|h| h.set(self.0));
        }
    }
    let _restore = Restore(HIDE_BLOCKS.with(|h| h.replace(true)));
    f()
}

#[derive(Debug, Clone, Serialize, PartialEq)]
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

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Inline {
    Text { text: String },
    Emph { inlines: Vec<Inline> },
    Strong { inlines: Vec<Inline> },
    Code { text: String },
    Link { url: String, inlines: Vec<Inline> },
    Break,
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
    if let Some(paragraphs) = plain_paragraphs(source) {
        let mut html = String::with_capacity(source.len() + 8 * paragraphs.len());
        let mut blocks = Vec::with_capacity(paragraphs.len());
        for lines in paragraphs {
            html.push_str("<p>");
            html.push_str(&lines.join("\n"));
            html.push_str("</p>\n");
            blocks.push(Block::Paragraph {
                inlines: vec![Inline::Text {
                    text: lines.join(" "),
                }],
            });
        }
        return Markdown { html, blocks };
    }
    // The tree is built from the events as the HTML writer takes them: one pass, nothing held.
    let mut tree = TreeBuilder::default();
    let html = html_from_events(
        source,
        parse(source).inspect(|event| tree.event(event.clone())),
    );
    Markdown {
        html,
        blocks: tree.finish(),
    }
}

/// The lines of each paragraph of `source` when it is plain prose that Markdown leaves as it
/// is: paragraphs of plain lines, nothing to escape. Most fields are such text, and this settles
/// them without parsing (Markdown was a sixth of a large build's time).
///
/// Conservative: every line starts with a letter (so it cannot open a heading, list, quote, code
/// block or HTML), ends without a space (so no line break), and no character starts inline
/// syntax or needs escaping in HTML; paragraphs are separated by empty lines. The test
/// `plain_text_renders_as_the_parser_renders_it` checks it against the parser.
fn plain_paragraphs(source: &str) -> Option<Vec<Vec<&str>>> {
    let text = source.strip_suffix('\n').unwrap_or(source);
    let plain = !crate::text::any_byte(text.as_bytes(), |b| {
        (b < b' ' && b != b'\n')
            | matches!(
                b,
                b'\\' | b'`' | b'*' | b'_' | b'[' | b']' | b'<' | b'>' | b'&' | b'~'
            )
    });
    if !plain || has_long_word(text) {
        return None;
    }
    let mut paragraphs = Vec::new();
    let mut lines = Vec::new();
    for line in text.split('\n') {
        if line.is_empty() {
            if !lines.is_empty() {
                paragraphs.push(std::mem::take(&mut lines));
            }
            continue;
        }
        let starts_with_letter = line.chars().next().is_some_and(char::is_alphabetic);
        if !starts_with_letter || line.ends_with(' ') {
            return None;
        }
        lines.push(line);
    }
    if !lines.is_empty() {
        paragraphs.push(lines);
    }
    (!paragraphs.is_empty()).then_some(paragraphs)
}

/// Sanitised HTML. Without a `<` in the source, Markdown cannot produce raw HTML, so ammonia is
/// only run when one is present (it is by far the slowest step).
pub fn to_html(source: &str) -> String {
    html_from_events(source, parse(source))
}

/// Lists and quotes nested deeper than this are flattened into their parent: no reader needs
/// them, and hostile nesting would otherwise exhaust the stack or Typst's limits.
pub const MAX_CONTAINER_DEPTH: usize = 8;
/// Emphasis, links and the like nested deeper than this keep their text only.
pub const MAX_TAG_DEPTH: usize = 32;
/// Link addresses longer than this are shown as plain text (PDF strings have a length limit).
pub const MAX_URL_LEN: usize = 2048;
/// Words longer than this get a zero-width space every so often, so they can wrap and stay
/// within the PDF's limit on one run of text.
pub const MAX_WORD_LEN: usize = 256;

/// The Markdown events of `source`, with nesting kept within [`MAX_CONTAINER_DEPTH`] and
/// [`MAX_TAG_DEPTH`]. A list dropped for depth loses its items' markers too, so its text joins the
/// nearest list item or quote that is kept.
fn parse(source: &str) -> impl Iterator<Item = Event<'_>> {
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

/// Whether `text` has a word longer than [`MAX_WORD_LEN`] characters. A run of bytes between
/// ASCII spaces never has more characters than bytes, so most text is settled by one byte scan
/// without decoding.
pub fn has_long_word(text: &str) -> bool {
    if text.len() <= MAX_WORD_LEN {
        // Too short to hold such a word: a character is at least a byte.
        return false;
    }
    // A run of more than 256 bytes without a space covers one of the text's 128-byte blocks
    // whole, and blocks are tested with vector instructions: most text is settled here.
    const BLOCK: usize = MAX_WORD_LEN / 2;
    let solid_block = text.as_bytes().chunks_exact(BLOCK).any(|block| {
        !block
            .iter()
            .fold(false, |space, &b| space | b.is_ascii_whitespace())
    });
    if !solid_block {
        return false;
    }
    let mut run = 0;
    let long_run = text.bytes().any(|b| {
        run = if b.is_ascii_whitespace() { 0 } else { run + 1 };
        run > MAX_WORD_LEN
    });
    long_run
        && text
            .split_whitespace()
            .any(|w| w.chars().count() > MAX_WORD_LEN)
}

/// Puts a zero-width space after every [`MAX_WORD_LEN`] characters of an unbroken run.
pub fn break_long_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / MAX_WORD_LEN * 3);
    let mut run = 0;
    for c in text.chars() {
        if c.is_whitespace() {
            run = 0;
        } else {
            run += 1;
            if run > MAX_WORD_LEN {
                out.push('\u{200B}');
                run = 1;
            }
        }
        out.push(c);
    }
    out
}

fn html_from_events<'a>(source: &str, events: impl Iterator<Item = Event<'a>>) -> String {
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
        // A link with no scheme may leave the page too: `//host/x` (a network share when the pack
        // is opened from disk), `/etc/passwd`. Only in-page anchors are kept, as in Markdown.
        .url_relative(ammonia::UrlRelative::Custom(Box::new(in_page_only)))
        .link_rel(None)
        .clean(html)
        .to_string()
}

fn in_page_only(url: &str) -> Option<std::borrow::Cow<'_, str>> {
    url.starts_with('#')
        .then_some(std::borrow::Cow::Borrowed(url))
}

/// The tree for Typst. Raw HTML becomes plain text.
pub fn to_blocks(source: &str) -> Vec<Block> {
    blocks_from_events(parse(source))
}

fn blocks_from_events<'a>(events: impl IntoIterator<Item = Event<'a>>) -> Vec<Block> {
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
struct TreeBuilder {
    stack: Vec<Frame>,
}

impl TreeBuilder {
    fn event(&mut self, event: Event) {
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

    fn finish(mut self) -> Vec<Block> {
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
            assert_eq!(both.blocks, to_blocks(text), "{text:?}");
        }
    }

    /// The full parse, without the shortcut for plain lines.
    fn parsed(source: &str) -> Markdown {
        let events: Vec<Event> = parse(source).collect();
        Markdown {
            html: html_from_events(source, events.iter().cloned()),
            blocks: blocks_from_events(events),
        }
    }

    #[test]
    fn plain_text_renders_as_the_parser_renders_it() {
        // Random lines from an alphabet rich in Markdown syntax: every one the shortcut takes
        // must render exactly as the parser renders it.
        const PIECES: &[&str] = &[
            "a",
            "Z",
            "ŵ",
            "é",
            "1",
            "9.",
            "2)",
            " ",
            "  ",
            "\t",
            "\n",
            "\n\n",
            "\r",
            "-",
            "+",
            "*",
            "_",
            "#",
            ">",
            "<",
            "&",
            "&amp;",
            "\\",
            "`",
            "~",
            "~~",
            "[",
            "]",
            "(",
            ")",
            "!",
            "\"",
            "'",
            "=",
            "|",
            ":",
            "http://x.y",
            "www.x.y",
            "a@b.c",
            "%",
            "$",
            "^",
            "{",
            "}",
            "🙂",
            "\u{a0}",
            "\u{200b}",
            "word ",
            "Word ",
            "text.",
            "\nWord",
            "\n\nWord",
            "\nword ",
        ];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut taken = 0;
        for _ in 0..200_000 {
            let len = 1 + next(16);
            let mut source: String = (0..len).map(|_| PIECES[next(PIECES.len())]).collect();
            if next(3) == 0 {
                source.insert_str(0, "Word ");
            }
            if plain_paragraphs(&source).is_some() {
                taken += 1;
                assert_eq!(render(&source), parsed(&source), "{source:?}");
            }
        }
        assert!(taken > 10_000, "only {taken} texts took the shortcut");
        for source in [
            "Plain text.",
            "Plain text.\n",
            "Don't worry: 3 + 4 = 7 (really)!",
            "Two\nlines",
            "One paragraph.\n\nAnother,\nof two lines.\n\n\nA third.\n",
        ] {
            assert!(plain_paragraphs(source).is_some(), "{source:?}");
            assert_eq!(render(source), parsed(source));
        }
        for source in [
            "",
            "\n",
            "- item",
            "Trailing ",
            "a *b*",
            "1. one",
            "A\n  indented",
        ] {
            assert!(plain_paragraphs(source).is_none(), "{source:?}");
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

    #[test]
    fn the_fast_long_word_check_agrees_with_counting_characters() {
        let simple = |t: &str| {
            t.split_whitespace()
                .any(|w| w.chars().count() > MAX_WORD_LEN)
        };
        let n = MAX_WORD_LEN;
        let cases = [
            "a".repeat(n),
            "a".repeat(n + 1),
            format!("{} {}", "a".repeat(n), "b".repeat(n)),
            // 256 characters of two bytes each: long in bytes, not in characters.
            "é".repeat(n),
            "é".repeat(n + 1),
            // A non-ASCII space (U+3000) splits words.
            format!("{}\u{3000}{}", "a".repeat(200), "b".repeat(200)),
            format!("{}\u{3000}{}", "a".repeat(n + 1), "b"),
            format!("x\n{}\t", "🙂".repeat(n + 1)),
            String::new(),
        ];
        for text in &cases {
            assert_eq!(has_long_word(text), simple(text), "{text:?}");
        }
        // Long and nearly long words at every offset from the blocks' edges.
        for offset in 0..300 {
            for len in [n - 1, n, n + 1, n + 2] {
                let text = format!("{}{} end", "ab ".repeat(offset / 3), "w".repeat(len));
                assert_eq!(has_long_word(&text), simple(&text), "{offset} {len}");
            }
        }
    }

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
        let blocks = to_blocks("[click](javascript:alert(1))");
        assert_eq!(
            blocks,
            vec![Block::Paragraph {
                inlines: vec![Inline::Text {
                    text: "click".into()
                }]
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
