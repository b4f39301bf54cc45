//! Counting an answer as a portal or an evaluator counts it (SPEC section 10), on the answer's
//! plain text (see [`super::plain`]): one small function per unit.

use crate::model::tender::CountUnit;

/// Words as Word counts them: runs of characters between white space, each holding at least one
/// letter or digit. So "well-known", "don't", "1,200" and "92%" are one word each, and a dash,
/// a bullet or an emoji standing alone is none.
pub fn words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|run| run.chars().any(char::is_alphanumeric))
        .count()
}

/// Every Unicode scalar value, spaces included, with each line break ("\n") counted as
/// `line_break` characters (2 where a web form submits it as CR LF).
pub fn characters(text: &str, line_break: u32) -> usize {
    text.chars()
        .map(|c| if c == '\n' { line_break as usize } else { 1 })
        .sum()
}

/// Characters other than white space (spaces, tabs and line breaks are not counted).
pub fn characters_no_spaces(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

/// The count of `text` in `unit`.
pub fn count(text: &str, unit: CountUnit, line_break: u32) -> usize {
    match unit {
        CountUnit::Words => words(text),
        CountUnit::Characters => characters(text, line_break),
        CountUnit::CharactersNoSpaces => characters_no_spaces(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::text::plain_text;

    #[test]
    fn hyphenated_and_apostrophised_words_are_one_word() {
        assert_eq!(words("well-known person-centred"), 2);
        assert_eq!(words("don't we’ll O'Brien"), 3);
        assert_eq!(words("re-ablement, co-production; and/or"), 3);
    }

    #[test]
    fn numbers_and_figures_are_words() {
        assert_eq!(words("1,200 people, 92% of them, in 2026"), 7);
        assert_eq!(words("3.5 days"), 2);
    }

    #[test]
    fn marks_standing_alone_are_not_words() {
        assert_eq!(words("choice – and – risk"), 3);
        assert_eq!(words("- first\n- second"), 2);
        assert_eq!(words("great 🎉 news"), 2);
        assert_eq!(words(""), 0);
        assert_eq!(words("   \n\n  "), 0);
    }

    #[test]
    fn non_ascii_letters_are_letters() {
        // Welsh ŵ and ŷ, Polish ł and ż: one word each, one character each.
        assert_eq!(words("dŵr tŷ łódź żółw"), 4);
        assert_eq!(characters("dŵr", 2), 3);
        assert_eq!(characters("łódź", 2), 4);
        // A decomposed ŵ (w and a combining circumflex) is two scalar values.
        assert_eq!(characters("dw\u{302}r", 2), 4);
        assert_eq!(words("dw\u{302}r"), 1);
    }

    #[test]
    fn emoji_are_counted_as_their_scalar_values() {
        assert_eq!(characters("🎉", 2), 1);
        // A thumbs-up with a skin tone is two scalar values.
        assert_eq!(characters("👍🏽", 2), 2);
        assert_eq!(characters_no_spaces("a 🎉 b"), 3);
    }

    #[test]
    fn a_line_break_counts_as_one_or_two_characters() {
        let text = "ab\ncd";
        assert_eq!(characters(text, 1), 5);
        assert_eq!(characters(text, 2), 6);
        assert_eq!(characters("ab\n\ncd", 2), 8);
        assert_eq!(characters_no_spaces("ab\n\ncd e\tf"), 6);
    }

    #[test]
    fn spaces_count_only_as_characters() {
        assert_eq!(characters("a b", 2), 3);
        assert_eq!(characters_no_spaces("a b"), 2);
        assert_eq!(characters_no_spaces("a\u{a0}b"), 2);
    }

    #[test]
    fn emphasis_marks_and_list_syntax_are_not_counted_but_the_list_dash_is_a_character() {
        let text = plain_text("**Bold** and _soft_ words\n\n* one\n* two");
        assert_eq!(text, "Bold and soft words\n\n- one\n- two");
        assert_eq!(words(&text), 6);
        assert_eq!(characters(&text, 1), text.chars().count());
        // Bold and soft words (16) and "-one" and "-two" (4 each).
        assert_eq!(characters_no_spaces(&text), 24);
    }

    /// For each unit, an answer exactly at a limit and one over it.
    #[test]
    fn at_the_limit_and_one_over() {
        let at = "one two three";
        assert_eq!(count(at, CountUnit::Words, 2), 3);
        assert_eq!(count("one two three four", CountUnit::Words, 2), 4);
        let chars = "ab\ncd";
        assert_eq!(count(chars, CountUnit::Characters, 2), 6);
        assert_eq!(count("ab\ncde", CountUnit::Characters, 2), 7);
        assert_eq!(count("ab cd", CountUnit::CharactersNoSpaces, 2), 4);
        assert_eq!(count("ab cdé", CountUnit::CharactersNoSpaces, 2), 5);
    }
}
