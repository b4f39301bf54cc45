//! Markdown to the JSON tree of blocks and inlines that the Typst template walks, from arbitrary
//! text. It must not panic, must serialise, must keep only http, https and mailto links, and the
//! one-parse `render` must give the same tree as `to_blocks`. The word count runs too.

#![no_main]

use evidence_pack::markdown::{Block, Inline, is_safe_url, render, to_blocks};
use libfuzzer_sys::fuzz_target;

fn check_inlines(inlines: &[Inline]) {
    for inline in inlines {
        match inline {
            Inline::Link { url, inlines } => {
                assert!(is_safe_url(url), "unsafe link {url:?} in the tree");
                check_inlines(inlines);
            }
            Inline::Emph { inlines } | Inline::Strong { inlines } => check_inlines(inlines),
            _ => {}
        }
    }
}

fn check_blocks(blocks: &[Block]) {
    for block in blocks {
        match block {
            Block::Paragraph { inlines } | Block::Heading { inlines, .. } => check_inlines(inlines),
            Block::List { items, .. } => items.iter().for_each(|item| check_blocks(item)),
            Block::Quote { blocks } => check_blocks(blocks),
            _ => {}
        }
    }
}

fuzz_target!(|text: &str| {
    let blocks = to_blocks(text);
    check_blocks(&blocks);
    let json = serde_json::to_string(&blocks).expect("the tree serialises");
    assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok());
    assert_eq!(render(text).blocks, Some(blocks));
    let _ = evidence_pack::text::markdown_word_count(text);
});
