//! Turns the TOML reader's error messages into plain English with a `help:` line.

use crate::model::date::Date;
use crate::source::SourceFile;

/// A date written as people write it (`5 November 2026`, `28/11/2026`) where TOML needs
/// `2026-11-28`: (message, help) naming the ISO form of that date, when `value` (the text from
/// where the reader stopped, or a text value) starts with one.
pub fn date_in_words(value: &str) -> Option<(String, String)> {
    let value = value.lines().next().unwrap_or("").trim();
    let value = value.split('#').next().unwrap_or("").trim();
    let value = value.trim_matches('"');
    let starts_with_digit = value.starts_with(|c: char| c.is_ascii_digit());
    let lower = value.to_ascii_lowercase();
    let words = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| w.len() >= 3 && month(w).is_some());
    let numeric = value.len() <= 10
        && value
            .chars()
            .all(|c| c.is_ascii_digit() || c == '/' || c == '.')
        && value.matches(['/', '.']).count() == 2;
    if !(starts_with_digit && (words || numeric)) {
        return None;
    }
    let shown = crate::text::printable(value);
    Some(match written_date(value) {
        Some(date) => (
            format!(
                "\"{shown}\" cannot be read as a date: write it as {}, year-month-day, with no quotes.",
                date.iso()
            ),
            format!(
                "Dates are written year-month-day with dashes: {} for {}.",
                date.iso(),
                date.long()
            ),
        ),
        None => (
            format!("\"{shown}\" cannot be read as a date, and is not a day of the calendar."),
            "Write dates as year-month-day with dashes and no quotes, for example 2026-11-05 for 5 November 2026.".to_string(),
        ),
    })
}

/// The month a word names (`nov`, `November`), 1 to 12.
fn month(word: &str) -> Option<u32> {
    const MONTHS: &[&str] = &[
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let word = word.to_ascii_lowercase();
    (word.len() >= 3)
        .then(|| MONTHS.iter().position(|m| word.starts_with(m)))
        .flatten()
        .map(|i| i as u32 + 1)
}

/// A date as people in the UK write it, day first: `28/11/2026`, `28.11.26`, `5 November 2026`,
/// `1st Nov 2026`.
pub fn written_date(value: &str) -> Option<Date> {
    let parts: Vec<&str> = value
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() != 3 {
        return None;
    }
    let number = |p: &str| -> Option<u32> {
        p.trim_end_matches(|c: char| c.is_ascii_alphabetic())
            .parse()
            .ok()
    };
    let year = |y: u32| if y < 100 { 2000 + y } else { y } as i32;
    if parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit())) {
        let [a, b, c] = [number(parts[0])?, number(parts[1])?, number(parts[2])?];
        return if parts[0].len() == 4 {
            Date::from_ymd(a as i32, b, c)
        } else {
            Date::from_ymd(year(c), b, a)
        };
    }
    let month_at = parts.iter().position(|p| month(p).is_some())?;
    let m = month(parts[month_at])?;
    let rest: Vec<&str> = parts
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != month_at)
        .map(|(_, p)| *p)
        .collect();
    let (day, y) = if rest[0].len() == 4 {
        (rest[1], rest[0])
    } else {
        (rest[0], rest[1])
    };
    Date::from_ymd(year(number(y)?), m, number(day)?)
}

/// (message, help) for an error the TOML reader or the record types gave.
pub fn explain_toml_error(raw: &str, source: Option<&SourceFile>) -> (String, String) {
    let raw = raw.trim();
    let _ = source;
    if raw.contains("max recursion depth") {
        // The TOML reader refuses arrays and inline tables nested too deeply, so that hostile
        // input cannot exhaust the stack.
        return (
            "Lists or tables here are nested too deeply: brackets or braces inside one another, many levels deep.".to_string(),
            "Records never need deep nesting: check the brackets and braces on this line.".to_string(),
        );
    }
    if raw.contains("recursion limit") {
        return (
            "Keys or tables here are nested too deeply to read (a key with hundreds of dots, or brackets inside brackets).".to_string(),
            "Records never need deep nesting: check the dots in the key names and the brackets in this file.".to_string(),
        );
    }
    if let Some(field) = between(raw, "missing field `", "`") {
        return (
            format!("`{field}` is missing, and it is required here."),
            format!(
                "Add `{field} = …` (see the record format in the README, or run `evidence-pack new` for a complete template)."
            ),
        );
    }
    if let Some(rest) = raw.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let options = backticked(expected);
        let message = format!("`{field}` is not a field that belongs here.");
        let help = match crate::text::closest(field, &options) {
            Some(best) => format!("Did you mean `{best}`? Correct the spelling of the key."),
            None if options.is_empty() => {
                "Check the spelling; to keep it as a note, start the line with # (a comment)."
                    .to_string()
            }
            None => format!(
                "Check the spelling: the keys that can go here are {}. To keep it as a note, start the line with # (a comment).",
                options.join(", ")
            ),
        };
        return (message, help);
    }
    if let Some(rest) = raw.strip_prefix("unknown variant `") {
        let (value, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let options = backticked(expected);
        let message = format!(
            "\"{}\" is not one of the allowed values.",
            crate::text::printable(value)
        );
        let help = match crate::text::closest(value, &options) {
            Some(best) => format!(
                "Did you mean \"{best}\"? Use one of: {}.",
                options.join(", ")
            ),
            None => format!("Use one of: {}.", options.join(", ")),
        };
        return (message, help);
    }
    if let Some(rest) = raw.strip_prefix("invalid type: ") {
        let (found, expected) = rest
            .split_once(", expected ")
            .unwrap_or((rest, "another type"));
        return (
            format!(
                "This value is {}, but {} is needed here.",
                describe_type(found),
                describe_type(expected)
            ),
            "Change the value to the right kind: text in quotes, a whole number, a date such as 2026-03-02, true or false, or a list in [ ].".to_string(),
        );
    }
    if let Some(rest) = raw.strip_prefix("invalid value: ") {
        let (found, expected) = rest
            .split_once(", expected ")
            .unwrap_or((rest, "another value"));
        return (
            format!(
                "This value ({}) is not allowed: {} is needed.",
                describe_type(found),
                describe_type(expected)
            ),
            "Change the value.".to_string(),
        );
    }
    if raw.contains("is not a real date")
        || raw.contains("not a date in the form")
        || raw.contains("give the date only")
    {
        return (
            capitalise(raw) + ".",
            "Write dates as YYYY-MM-DD, for example 2026-03-02.".to_string(),
        );
    }
    if raw.starts_with("wanted string or table") {
        // A number, true/false, a date or a list where one of a set of words is needed.
        return (
            "This value is not text: one of the allowed words, in quotes, is needed here."
                .to_string(),
            "Write one of the allowed values in double quotes, for example likelihood = \"medium\" (the record format in the README lists them).".to_string(),
        );
    }
    let first_line = raw.lines().next().unwrap_or(raw);
    if first_line.contains("date") || first_line.contains("time") {
        return (
            format!("This date is not valid: {}.", first_line.trim_end_matches('.')),
            "Write dates as YYYY-MM-DD, for example 2026-03-02, and check the day exists in that month.".to_string(),
        );
    }
    (
        format!("This is not valid TOML: {}.", first_line.trim_end_matches('.')),
        "Check the quotes, brackets and `=` signs on this line. Text goes in double quotes; long text in triple quotes \"\"\"…\"\"\".".to_string(),
    )
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let rest = text.strip_prefix(start)?;
    rest.split_once(end).map(|(inner, _)| inner)
}

fn backticked(text: &str) -> Vec<String> {
    text.split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, s)| s.to_string())
        .collect()
}

fn describe_type(serde: &str) -> String {
    let serde = serde.trim();
    let word = serde.split_whitespace().next().unwrap_or(serde);
    match word {
        "string" => "text".to_string(),
        "a" if serde.starts_with("a string") => "text in quotes".to_string(),
        "u32" | "u64" | "usize" | "i64" => "a whole number".to_string(),
        "integer" => "a whole number".to_string(),
        "float" | "floating" => "a decimal number".to_string(),
        "boolean" | "bool" => "true or false".to_string(),
        "sequence" => "a list".to_string(),
        "map" => "a table".to_string(),
        "struct" => "a table".to_string(),
        _ if serde.starts_with("a sequence") => "a list in [ ]".to_string(),
        _ if serde.starts_with("a date") => "a date such as 2026-03-02".to_string(),
        _ if serde.starts_with("struct ") => "a table".to_string(),
        _ => serde.trim_matches('`').to_string(),
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspelt_key_gets_a_suggestion() {
        let (message, help) = explain_toml_error(
            "unknown field `rationle`, expected one of `outcome`, `decided_on`, `rationale`",
            None,
        );
        assert!(message.contains("`rationle`"));
        assert!(help.contains("Did you mean `rationale`?"), "{help}");
    }

    #[test]
    fn dates_in_words_or_with_slashes_are_explained() {
        for value in [
            "5 November 2026",
            "05/11/2026",
            "5.11.2026",
            "5th Nov 2026 # the panel",
        ] {
            let (message, help) = date_in_words(value).expect(value);
            assert!(message.contains("cannot be read as a date"), "{message}");
            assert!(message.contains("2026-11-05"), "{message}");
            assert!(help.contains("5 November 2026"), "{help}");
        }
        let (message, _) = date_in_words("28/11/2026").expect("a date");
        assert!(message.contains("write it as 2026-11-28"), "{message}");
        let (message, _) = date_in_words("31/02/2026").expect("not a day");
        assert!(message.contains("not a day of the calendar"), "{message}");
        for value in ["yes please", "\"text\"", "2026-11-05", "12 apples", "3/4"] {
            assert_eq!(date_in_words(value), None, "{value}");
        }
    }

    #[test]
    fn wrong_type_is_plain() {
        let (message, _) = explain_toml_error("invalid type: string \"x\", expected u32", None);
        assert_eq!(
            message,
            "This value is text, but a whole number is needed here."
        );
    }
}
