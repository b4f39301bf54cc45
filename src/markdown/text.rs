//! Markdown as plain text, as a portal's text box receives a tender's answer (SPEC section 10):
//! the Markdown flattened, emphasis marks dropped, a list item as "- " (or "1. ") and its text,
//! one block from the next by a blank line. A tender's counts, its `.txt` files and every count
//! shown are made from this one text.

use super::{Block, Inline, to_blocks};

/// The plain text of a Markdown answer.
pub fn plain_text(markdown: &str) -> String {
    flatten(&to_blocks(markdown))
}

/// The plain text of blocks already parsed.
pub fn flatten(blocks: &[Block]) -> String {
    let parts: Vec<String> = blocks
        .iter()
        .map(block_text)
        .filter(|t| !t.trim().is_empty())
        .collect();
    parts.join("\n\n").trim().to_string()
}

fn block_text(block: &Block) -> String {
    match block {
        Block::Paragraph { inlines } | Block::Heading { inlines, .. } => {
            inline_text(inlines).trim().to_string()
        }
        Block::List {
            ordered,
            start,
            items,
        } => items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let marker = if *ordered {
                    format!("{}. ", *start + i as u64)
                } else {
                    "- ".to_string()
                };
                let text: Vec<String> = item
                    .iter()
                    .map(block_text)
                    .filter(|t| !t.is_empty())
                    .collect();
                format!("{marker}{}", text.join("\n"))
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Block::Quote { blocks } => flatten(blocks),
        Block::Code { text } => text.trim_end().to_string(),
        Block::Rule => String::new(),
    }
}

/// The text of inlines: emphasis and links keep their words only; a hard break is a line break.
pub fn inline_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for inline in inlines {
        match inline {
            Inline::Text { text } | Inline::Code { text } => out.push_str(text),
            Inline::Emph { inlines }
            | Inline::Strong { inlines }
            | Inline::Link { inlines, .. } => out.push_str(&inline_text(inlines)),
            Inline::Break => out.push('\n'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_are_one_paragraph_and_paragraphs_are_apart() {
        assert_eq!(
            plain_text("We start\nfrom yes.\n\nSecond   paragraph.\n"),
            "We start from yes.\n\nSecond   paragraph."
        );
    }

    #[test]
    fn lists_headings_quotes_and_links_keep_their_words() {
        let md = "## A heading\n\n1. first\n2. *second*\n\n> a quote\n\nSee [our policy](https://example.org).";
        assert_eq!(
            plain_text(md),
            "A heading\n\n1. first\n2. second\n\na quote\n\nSee our policy."
        );
    }

    #[test]
    fn raw_html_is_text_and_a_hard_break_is_a_line_break() {
        assert_eq!(plain_text("a<b>c</b>"), "a<b>c</b>");
        assert_eq!(plain_text("line one  \nline two"), "line one\nline two");
    }
}
