//! Small text helpers shared by the loader, the rules and the renderers.

/// Shows text safely in a terminal or message: control characters and bidirectional overrides
/// (which can make text read differently from how it is stored) become visible escapes.
pub fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_unsafe_char(c) {
            out.push_str(&format!("\\u{{{:04X}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// The words of `text` with one space between each and none at the ends: line breaks, tabs and
/// runs of spaces (any Unicode white space) become one space. The same as joining
/// `split_whitespace` with spaces, in one pass and one allocation.
pub fn single_spaced(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.chars() {
        if c.is_whitespace() {
            gap = true;
        } else {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.push(c);
        }
    }
    out
}

/// Control characters (other than tab and line breaks) and the Unicode bidirectional controls.
pub fn is_unsafe_char(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

pub fn has_unsafe_chars(text: &str) -> bool {
    text.chars().any(is_unsafe_char)
}

/// Counts the words a reader sees in Markdown: syntax such as `**`, `#` and link targets is not counted.
pub fn markdown_word_count(markdown: &str) -> usize {
    markdown_words_up_to(markdown, usize::MAX)
}

/// [`markdown_word_count`], but stops reading once `limit` words are found (and then says
/// `limit`): for a rule that only needs to know whether there are enough.
pub fn markdown_words_up_to(markdown: &str, limit: usize) -> usize {
    use pulldown_cmark::{Event, Parser};
    let mut count = 0;
    let mut in_word = false;
    for event in Parser::new(markdown) {
        if count >= limit {
            return limit;
        }
        match event {
            Event::Text(t) | Event::Code(t) if t.is_ascii() => {
                // `char::is_whitespace` for ASCII, a byte at a time.
                let spaces = t
                    .bytes()
                    .map(|b| matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r'));
                count_words(spaces, &mut in_word, &mut count);
            }
            Event::Text(t) | Event::Code(t) => {
                count_words(t.chars().map(char::is_whitespace), &mut in_word, &mut count);
            }
            Event::SoftBreak | Event::HardBreak | Event::End(_) | Event::Start(_) => {
                in_word = false
            }
            _ => {}
        }
    }
    count.min(limit)
}

/// Counts the starts of words in a run of text, given for each character whether it is a
/// space; `in_word` carries over from the text before.
fn count_words(spaces: impl Iterator<Item = bool>, in_word: &mut bool, count: &mut usize) {
    for space in spaces {
        if space {
            *in_word = false;
        } else if !*in_word {
            *in_word = true;
            *count += 1;
        }
    }
}

/// Words in plain text.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

pub fn is_blank(text: Option<&str>) -> bool {
    text.is_none_or(|t| t.trim().is_empty())
}

/// The option closest to a misspelling, when it is close enough to be a likely typo.
pub fn closest(input: &str, options: &[String]) -> Option<String> {
    options
        .iter()
        .map(|o| (strsim::jaro_winkler(input, o), o))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, o)| o.clone())
}

/// 1234567 → "1,234,567".
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {

    #[test]
    fn single_spaced_is_split_whitespace_joined() {
        for text in [
            "",
            "   ",
            "one",
            "  keys\n   held \t by staff  ",
            "a\u{a0}\u{a0}b\r\nc",
            "Kitchen  knives\n\n- locked",
        ] {
            assert_eq!(
                single_spaced(text),
                text.split_whitespace().collect::<Vec<_>>().join(" "),
                "{text:?}"
            );
        }
        assert_eq!(single_spaced(" keys\n  held "), "keys held");
    }

    use super::*;

    #[test]
    fn markdown_syntax_is_not_counted() {
        assert_eq!(markdown_word_count("**Two** words"), 2);
        assert_eq!(
            markdown_word_count("# Heading\n\n- one\n- two [link](http://x.y/z)"),
            4
        );
        assert_eq!(markdown_word_count(""), 0);
    }

    #[test]
    fn counting_up_to_a_limit_stops_there_and_agrees_below_it() {
        let text = "**One** two, three\u{a0}four\u{2003}five\u{0b}six `seven`\n\n- eight [nine](http://x.y)";
        assert_eq!(markdown_word_count(text), 9);
        for limit in 0..12 {
            assert_eq!(markdown_words_up_to(text, limit), limit.min(9), "{limit}");
        }
        assert_eq!(markdown_word_count("ŵ ŷ\tá"), 3);
    }

    #[test]
    fn bidi_overrides_are_made_visible() {
        assert_eq!(printable("D-\u{202E}001"), "D-\\u{202E}001");
        assert_eq!(printable("plain"), "plain");
    }
}
