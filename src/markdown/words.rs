//! Words too long to wrap: found quickly, and broken with zero-width spaces.

/// Words longer than this get a zero-width space every so often, so they can wrap and stay
/// within the PDF's limit on one run of text.
pub const MAX_WORD_LEN: usize = 256;

/// Whether `text` has a word longer than [`MAX_WORD_LEN`] characters. A character is at least a
/// byte, so only words longer than that in bytes need their characters counted.
pub fn has_long_word(text: &str) -> bool {
    text.len() > MAX_WORD_LEN
        && text
            .split_whitespace()
            .any(|w| w.len() > MAX_WORD_LEN && w.chars().count() > MAX_WORD_LEN)
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
