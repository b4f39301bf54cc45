//! TOML syntax mistakes explained in the writer's terms, at the line where the mistake is rather
//! than where the parser gave up (SPEC section 7a): curly quotes pasted from Word, a `"` inside a
//! text, a text running onto the next line, a `"""` never closed, `[alternatives]` where
//! `[[alternatives]]` is meant, a date written 28/11/2026.
//!
//! Each mistake also names the lines to leave out so that the rest of the file can still be read
//! ([`blank`]): the parser then reads what remains, and every further mistake is reported in the
//! same run.

use std::ops::Range;

use super::toml_errors::date_in_words;

/// One mistake: where it is, what to leave out to read on, and what to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mistake {
    /// The bytes the finding points at.
    pub at: Range<usize>,
    /// Whole lines to leave out so that the parser can read the rest (may be empty).
    pub blank: Range<usize>,
    pub message: String,
    pub help: String,
}

const CURLY: &[char] = &['\u{201C}', '\u{201D}', '\u{2018}', '\u{2019}', '\u{201E}'];

struct Line<'a> {
    /// Byte offset of the line's first byte.
    start: usize,
    /// The line without its line break.
    text: &'a str,
    /// 1-based.
    number: usize,
}

impl Line<'_> {
    fn end(&self) -> usize {
        self.start + self.text.len()
    }
}

fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        out.push(Line {
            start,
            text: line,
            number: i + 1,
        });
        start += raw.len() + 1;
    }
    out
}

/// The key of a `key = value` line and the byte offset of its value in the line, when the line
/// starts with a bare (possibly dotted) key.
fn key_and_value(line: &str) -> Option<(&str, usize)> {
    let indent = line.len() - line.trim_start().len();
    let rest = &line[indent..];
    let key_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
        .unwrap_or(rest.len());
    if key_len == 0 {
        return None;
    }
    let after_key = &rest[key_len..];
    let spaces = after_key.len() - after_key.trim_start().len();
    let after = after_key.trim_start().strip_prefix('=')?;
    let value_at = indent + key_len + spaces + 1 + (after.len() - after.trim_start().len());
    Some((&rest[..key_len], value_at))
}

/// A line that starts a new key or table: where a text that was never closed must have ended.
fn starts_key_or_table(line: &str) -> bool {
    let t = line.trim();
    if t.starts_with("[[") || (t.starts_with('[') && t.ends_with(']')) {
        return t
            .trim_start_matches('[')
            .starts_with(|c: char| c.is_ascii_alphabetic());
    }
    key_and_value(line).is_some_and(|(_, at)| {
        let value = &line[at..];
        value.starts_with(['"', '\'', '[', '{'])
            || value.starts_with(|c: char| c.is_ascii_digit())
            || value.starts_with("true")
            || value.starts_with("false")
    })
}

/// The `"` that closes a one-line text starting at `value[0]`, skipping `\"` escapes.
fn closing_quote(value: &str, quote: u8) -> Option<usize> {
    let bytes = value.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b if b == quote => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// What one item of a list of tables is called, for "once for each …".
fn one_of(list: &str) -> String {
    match list {
        "plan" => "plan action".to_string(),
        "answers" | "questions" | "risks" | "reviews" | "alternatives" | "incidents"
        | "outcomes" | "restrictions" => list.trim_end_matches('s').to_string(),
        _ => format!("entry of {list}"),
    }
}

/// `[alternatives]` where a list of tables is meant: (message, help).
pub fn single_brackets(list: &str) -> (String, String) {
    (
        format!(
            "The heading [{list}] needs double brackets: write [[{list}]], with double brackets, once for each {}.",
            one_of(list)
        ),
        format!(
            "Change the heading to [[{list}]]. Each [[{list}]] heading starts one more {}, with its own keys below it.",
            one_of(list)
        ),
    )
}

/// The mistakes in `text` that the line scanner recognises. `lists_of_tables` are the keys
/// written as `[[key]]` in this kind of file.
pub fn find(text: &str, lists_of_tables: &[String]) -> Vec<Mistake> {
    let lines = lines(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        let trimmed = line.text.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            i += 1;
            continue;
        }
        if trimmed.starts_with('[') && !trimmed.starts_with("[[") {
            let name = trimmed
                .trim_start_matches('[')
                .split(']')
                .next()
                .unwrap_or("")
                .trim();
            if lists_of_tables.iter().any(|l| l == name) {
                let (message, help) = single_brackets(name);
                let indent = line.text.len() - line.text.trim_start().len();
                out.push(Mistake {
                    at: line.start + indent..line.start + indent + 1,
                    blank: 0..0,
                    message,
                    help,
                });
            }
            i += 1;
            continue;
        }
        let Some((key, value_at)) = key_and_value(line.text) else {
            i += 1;
            continue;
        };
        let value = &line.text[value_at..];
        let at = line.start + value_at;
        let whole_line = line.start..line.end();
        if let Some(curly) = value.chars().next().filter(|c| CURLY.contains(c)) {
            out.push(Mistake {
                at: at..at + curly.len_utf8(),
                blank: whole_line,
                message: format!(
                    "This text starts with a curly quote ({curly}); use straight quotes \" \"."
                ),
                help: format!(
                    "Retype the quotes around the text as straight quotes: {key} = \"…\". Word and Outlook make quotes curly; inside the text they are fine."
                ),
            });
            i += 1;
            continue;
        }
        if let Some(delim) = ["\"\"\"", "'''"].into_iter().find(|d| value.starts_with(d)) {
            if value[3..].contains(delim) {
                i += 1;
                continue;
            }
            // Where it closes; a `"""` that opens the next key's text does not close this one.
            let closes = (i + 1..lines.len()).find(|&j| lines[j].text.contains(delim));
            let closed_by_itself = closes.filter(|&j| {
                key_and_value(lines[j].text)
                    .is_none_or(|(_, v)| !lines[j].text[v..].starts_with(delim))
            });
            if let Some(j) = closed_by_itself {
                i = j + 1;
                continue;
            }
            let next = (i + 1..lines.len())
                .find(|&j| starts_key_or_table(lines[j].text))
                .unwrap_or(lines.len());
            let last = (i..next)
                .rev()
                .find(|&k| !lines[k].text.trim().is_empty())
                .unwrap_or(i);
            out.push(Mistake {
                at: at..at + 3,
                blank: line.start..lines[next - 1].end(),
                message: format!(
                    "The text that starts on line {} is never closed: it needs {delim} at its end.",
                    line.number
                ),
                help: format!(
                    "Put {delim} at the end of the text, at the end of line {}.",
                    lines[last].number
                ),
            });
            i = next;
            continue;
        }
        if let Some(quote) = value.bytes().next().filter(|b| *b == b'"' || *b == b'\'') {
            match closing_quote(value, quote) {
                None => {
                    let next = (i + 1..lines.len())
                        .find(|&j| {
                            lines[j].text.trim().is_empty() || starts_key_or_table(lines[j].text)
                        })
                        .unwrap_or(lines.len());
                    let (message, help) = if let Some(curly) =
                        value.chars().find(|c| CURLY.contains(c))
                    {
                        (
                            format!(
                                "This text ends with a curly quote ({curly}); use straight quotes \" \"."
                            ),
                            format!(
                                "Retype the quote at the end of the text as a straight quote: {key} = \"…\"."
                            ),
                        )
                    } else if next > i + 1 {
                        (
                            "This text runs onto the next line: put it between triple quotes \"\"\" … \"\"\".".to_string(),
                            format!("Write {key} = \"\"\" where the text starts and \"\"\" where it ends, so that it can take several lines."),
                        )
                    } else {
                        (
                            "This text has no closing quote.".to_string(),
                            format!("End the text with a straight quote: {key} = \"…\"."),
                        )
                    };
                    out.push(Mistake {
                        at: at..at + 1,
                        blank: line.start..lines[next - 1].end(),
                        message,
                        help,
                    });
                    i = next;
                    continue;
                }
                Some(end) => {
                    let after = value[end + 1..].trim_start();
                    if !after.is_empty() && !after.starts_with('#') {
                        let q = quote as char;
                        let other = if q == '"' { '\'' } else { '"' };
                        out.push(Mistake {
                            at: at + end..at + end + 1,
                            blank: whole_line,
                            message: format!(
                                "A {q} ends the text here, before the words after it: use {other} inside it, or write the text between triple quotes \"\"\" … \"\"\"."
                            ),
                            help: format!(
                                "For example {key} = \"She said 'no'\", or {key} = \"\"\"She said \"no\"\"\"\"."
                            ),
                        });
                    }
                }
            }
            i += 1;
            continue;
        }
        let word = value.split('#').next().unwrap_or("").trim_end();
        if matches!(
            word.to_lowercase().as_str(),
            "yes" | "no" | "y" | "n" | "true" | "false"
        ) && word != "true"
            && word != "false"
        {
            let answer = if matches!(word.to_lowercase().as_str(), "no" | "n" | "false") {
                "false"
            } else {
                "true"
            };
            out.push(Mistake {
                at: at..at + word.len(),
                blank: whole_line,
                message: format!(
                    "`{key}` is a yes-or-no answer: write true or false, in small letters and without quotes."
                ),
                help: format!("Write {key} = {answer}."),
            });
            i += 1;
            continue;
        }
        if let Some((message, help)) = date_in_words(value) {
            let len = value.split('#').next().unwrap_or("").trim_end().len();
            out.push(Mistake {
                at: at..at + len.max(1),
                blank: whole_line,
                message,
                help,
            });
        }
        i += 1;
    }
    out
}

/// `text` with the bytes of each range turned into spaces (line breaks kept), so that every
/// offset in it is still an offset in `text`.
pub fn blank(text: &str, ranges: impl Iterator<Item = Range<usize>>) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for range in ranges {
        let end = range.end.min(bytes.len());
        for b in &mut bytes[range.start.min(end)..end] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }
    // Only whole characters were replaced by ASCII spaces (ranges are whole lines, or empty).
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Mistake {
        let found = find(text, &["alternatives".to_string()]);
        assert_eq!(found.len(), 1, "{found:#?}");
        found.into_iter().next().expect("one")
    }

    fn line_of(text: &str, offset: usize) -> usize {
        text[..offset].matches('\n').count() + 1
    }

    #[test]
    fn curly_quotes_from_word() {
        let text = "id = \"D-1\"\ntitle = \u{201C}Going out\u{201D}\n";
        let m = one(text);
        assert_eq!(line_of(text, m.at.start), 2);
        assert!(m.message.contains("curly quote"), "{}", m.message);
    }

    #[test]
    fn a_quote_inside_a_text() {
        let text = "summary = \"AB said \"no\" today.\"\n";
        let m = one(text);
        assert!(m.message.contains("ends the text"), "{}", m.message);
        assert_eq!(m.at.start, text.find("\"no").expect("quote"));
    }

    #[test]
    fn a_text_running_onto_the_next_line() {
        let text = "id = \"D-1\"\ntitle = \"Driving to\nmy allotment\"\nperson = \"AB\"\n";
        let m = one(text);
        assert_eq!(line_of(text, m.at.start), 2);
        assert!(
            m.message.contains("runs onto the next line"),
            "{}",
            m.message
        );
        let blanked = blank(text, std::iter::once(m.blank));
        assert!(toml::de::DeTable::parse(&blanked).is_ok(), "{blanked}");
        assert_eq!(blanked.len(), text.len());
    }

    #[test]
    fn a_triple_quoted_text_never_closed() {
        let text = "[decision]\nrationale = \"\"\"Because\nit matters.\nleast_restrictive = \"\"\"Less.\"\"\"\n";
        let m = one(text);
        assert_eq!(line_of(text, m.at.start), 2);
        assert!(
            m.message.contains("starts on line 2 is never closed"),
            "{}",
            m.message
        );
        assert!(m.help.contains("end of line 3"), "{}", m.help);
        let blanked = blank(text, std::iter::once(m.blank));
        assert!(toml::de::DeTable::parse(&blanked).is_ok(), "{blanked}");
    }

    #[test]
    fn closed_texts_and_good_lines_are_not_mistakes() {
        let text = "a = \"\"\"one\nb = 2 inside the text\n\"\"\"\nc = \"it's\" # note\nd = 2026-11-28\ne = [\"x\"]\n[[alternatives]]\n";
        assert_eq!(find(text, &["alternatives".to_string()]), vec![]);
    }

    #[test]
    fn single_brackets_for_a_list_of_tables() {
        let m = one("[alternatives]\noption = \"x\"\n");
        assert!(
            m.message.contains("write [[alternatives]]"),
            "{}",
            m.message
        );
        assert!(
            m.message.contains("once for each alternative"),
            "{}",
            m.message
        );
    }

    #[test]
    fn yes_or_no_for_true_or_false() {
        let text = "[safeguarding]\nconsidered = yes\nreferral = \"none\"\n";
        let m = one(text);
        assert!(m.message.contains("true or false"), "{}", m.message);
        assert_eq!(m.help, "Write considered = true.");
        assert_eq!(line_of(text, m.at.start), 2);
        assert_eq!(
            one("police = No # said the manager\n").help,
            "Write police = false."
        );
        assert_eq!(one("police = True\n").help, "Write police = true.");
        assert!(find("police = false\nconsidered = true\n", &[]).is_empty());
        assert!(find("person = \"no\"\n", &[]).is_empty());
    }

    #[test]
    fn a_date_as_people_write_it() {
        let m = one("opened = 28/11/2026\n");
        assert!(m.message.contains("2026-11-28"), "{}", m.message);
    }
}
