//! The shortcut for plain prose: text that Markdown leaves as it is, rendered without parsing.

use super::{Block, Inline, Markdown, has_long_word};

/// `source` rendered as the parser renders it, when it is plain prose (see [`plain_paragraphs`]).
pub(super) fn render(source: &str) -> Option<Markdown> {
    let paragraphs = plain_paragraphs(source)?;
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
    Some(Markdown {
        html,
        blocks: Some(blocks),
    })
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
    let plain = !text.bytes().any(|b| {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{blocks, html, parse, render as rendered};

    /// The full parse, without the shortcut for plain lines.
    fn parsed(source: &str) -> Markdown {
        let events: Vec<pulldown_cmark::Event> = parse(source).collect();
        Markdown {
            html: html::from_events(source, events.iter().cloned()),
            blocks: Some(blocks::from_events(events)),
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
                assert_eq!(rendered(&source), parsed(&source), "{source:?}");
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
            assert_eq!(rendered(source), parsed(source));
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
}
