//! Words too long to wrap: found quickly, and broken with zero-width spaces.

/// Words longer than this get a zero-width space every so often, so they can wrap and stay
/// within the PDF's limit on one run of text.
pub const MAX_WORD_LEN: usize = 256;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
