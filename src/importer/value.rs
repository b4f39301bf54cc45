//! Reading one cell as the value its field holds: UK day-first dates and Excel dates, words
//! turned into a record's values through the map, and text pasted from Word turned into Markdown.
//! Each failure is a sentence in plain words about the value, for the row's report.

use std::collections::BTreeMap;

use super::fields::{Field, Type};
use super::sheet::{Cell, number_text};
use crate::model::Date;

/// A value read from a cell, ready to be written to a TOML file.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Date(Date),
    Bool(bool),
    Int(i64),
    Float(f64),
    List(Vec<String>),
}

/// How a date written as text with slashes is read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DateOrder {
    /// 14/03/2026 (UK).
    #[default]
    DayFirst,
    /// 03/14/2026 (US).
    MonthFirst,
}

/// A map's words for one field: the cell's text (folded) and the value it stands for.
pub type Words = BTreeMap<String, String>;

/// A word as it is looked up: lowercase, spaces tidied, curly quotes straightened.
pub fn fold_word(text: &str) -> String {
    plain_line(text).to_lowercase()
}

/// Reads `cell` for `field`. `Ok(None)` for an empty cell.
pub fn convert(
    field: &Field,
    cell: &Cell,
    words: Option<&Words>,
    order: DateOrder,
) -> Result<Option<Value>, String> {
    if cell.is_empty() {
        return Ok(None);
    }
    let mapped;
    let cell = match words.and_then(|w| w.get(&fold_word(&cell.text()))) {
        Some(word) => {
            mapped = Cell::Text(word.clone());
            &mapped
        }
        None => cell,
    };
    let value = match field.ty {
        Type::Text => Value::Text(plain_line(&cell.text())),
        Type::Markdown => Value::Text(markdown_from_word(&cell.text())),
        Type::Date => Value::Date(date(cell, order)?),
        Type::YesNo => Value::Bool(yes_no(cell)?),
        Type::WholeNumber => Value::Int(whole_number(cell)?),
        Type::Percent => Value::Float(percent(cell)?),
        Type::List => Value::List(list(&cell.text())),
        Type::Choice(_) => Value::Text(choice(field, &cell.text())?),
    };
    Ok(Some(value))
}

/// A choice: the value itself, ignoring case, with spaces for hyphens ("Supported with
/// conditions" is supported-with-conditions).
fn choice(field: &Field, text: &str) -> Result<String, String> {
    let choices = field.choices();
    let folded = fold_word(text).replace([' ', '_'], "-");
    if let Some(found) = choices.iter().find(|c| **c == folded) {
        return Ok(found.clone());
    }
    Err(format!(
        "\"{}\" is not a value the map knows for {}. In the map, add it under [values.\"{}\"] with the value it stands for: one of {}.",
        plain_line(text),
        field.key,
        field.key,
        choices.join(", ")
    ))
}

/// Yes or no, in the words sheets use.
fn yes_no(cell: &Cell) -> Result<bool, String> {
    if let Cell::Bool(b) = cell {
        return Ok(*b);
    }
    match fold_word(&cell.text()).as_str() {
        "yes" | "y" | "true" | "1" | "x" | "✓" => Ok(true),
        "no" | "n" | "false" | "0" | "none" | "n/a" => Ok(false),
        _ => Err(format!(
            "\"{}\" is not yes or no. Write Yes or No, or add the word to the map's [values] for this field.",
            plain_line(&cell.text())
        )),
    }
}

fn whole_number(cell: &Cell) -> Result<i64, String> {
    let n = match cell {
        Cell::Number(n) => *n,
        _ => first_number(&cell.text()).ok_or_else(|| {
            format!(
                "\"{}\" is not a number. Write a whole number, for example 750.",
                plain_line(&cell.text())
            )
        })?,
    };
    if n.fract() != 0.0 || !(0.0..=1e9).contains(&n) {
        return Err(format!(
            "{} is not a whole number. Write a whole number, for example 750.",
            number_text(n)
        ));
    }
    Ok(n as i64)
}

/// "10%", "10" and a spreadsheet's 10% (stored as 0.1) all read as 10.
fn percent(cell: &Cell) -> Result<f64, String> {
    match cell {
        Cell::Number(n) if *n > 0.0 && *n < 1.0 => Ok((n * 1e6).round() / 1e4),
        Cell::Number(n) => Ok(*n),
        _ => first_number(&cell.text()).ok_or_else(|| {
            format!(
                "\"{}\" is not a number. Write the weight as a percentage, for example 10%.",
                plain_line(&cell.text())
            )
        }),
    }
}

/// The first number in the text, with thousands separators: "Max 2,000 characters" is 2000.
pub fn first_number(text: &str) -> Option<f64> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let digits: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
        .filter(|c| *c != ',')
        .collect();
    digits.trim_end_matches('.').parse().ok()
}

/// The count unit a limit's cell names, if any: "2,000 characters", "500 words".
pub fn unit_hint(cell: &Cell) -> Option<&'static str> {
    let text = cell.text().to_lowercase();
    if text.contains("char") {
        let no_spaces = ["no spaces", "without spaces", "excluding spaces", "excl"]
            .iter()
            .any(|w| text.contains(w));
        Some(if no_spaces {
            "characters-no-spaces"
        } else {
            "characters"
        })
    } else if text.contains("word") {
        Some("words")
    } else {
        None
    }
}

/// Several values in one cell: one a line (bullets removed), else separated by semicolons, else
/// by commas.
pub fn list(text: &str) -> Vec<String> {
    let text = markdown_from_word(text);
    let parts: Vec<&str> = if text.contains('\n') {
        text.lines().collect()
    } else if text.contains(';') {
        text.split(';').collect()
    } else {
        text.split(',').collect()
    };
    parts
        .into_iter()
        .map(|p| p.trim().trim_start_matches("- ").trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// A date: a workbook's date, an Excel serial number, `2026-03-14`, `14/03/2026` (or `14/3/26`,
/// `14-03-2026`, `14.03.2026`), `14 March 2026` or `14-Mar-26`. Slashed dates are day first unless
/// the map says month first.
pub fn date(cell: &Cell, order: DateOrder) -> Result<Date, String> {
    match cell {
        Cell::Date(d) => Ok(*d),
        Cell::Number(serial) => excel_serial(*serial).ok_or_else(|| {
            format!(
                "{} is not a date. Write it as day/month/year, for example 14/03/2026.",
                number_text(*serial)
            )
        }),
        _ => {
            let text = plain_line(&cell.text());
            date_text(&text, order).map_err(|why| format!("\"{text}\" {why}"))
        }
    }
}

/// Excel's day numbers (1 is 1 January 1900; Excel counts a 29 February 1900 that never was).
fn excel_serial(serial: f64) -> Option<Date> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    let epoch = if days < 60 {
        Date::from_ymd(1899, 12, 31)?
    } else {
        Date::from_ymd(1899, 12, 30)?
    };
    Some(epoch.add_days(days))
}

fn date_text(text: &str, order: DateOrder) -> Result<Date, String> {
    const NOT_A_DATE: &str = "is not a date. Write it as day/month/year, for example 14/03/2026.";
    // "2026-03-14", perhaps with a time after it.
    if text.len() >= 10
        && text.as_bytes()[4] == b'-'
        && let Ok(d) = Date::parse_iso(&text[..10])
    {
        return Ok(d);
    }
    let parts: Vec<&str> = text
        .split(['/', '-', '.', ' ', ','])
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() != 3 {
        return Err(NOT_A_DATE.to_string());
    }
    let month_word = |p: &str| {
        let p = p.to_lowercase();
        MONTHS
            .iter()
            .position(|m| p.len() >= 3 && p.starts_with(m))
            .map(|i| i as u32 + 1)
    };
    let number = |p: &str| -> Option<u32> {
        (p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let (day, month, year) = if let Some(month) = month_word(parts[1]) {
        (parts[0], month, parts[2])
    } else if let Some(month) = month_word(parts[0]) {
        (parts[1], month, parts[2])
    } else if parts[0].len() == 4 {
        let m = number(parts[1]).ok_or(NOT_A_DATE)?;
        (parts[2], m, parts[0])
    } else {
        let (d, m) = match order {
            DateOrder::DayFirst => (parts[0], parts[1]),
            DateOrder::MonthFirst => (parts[1], parts[0]),
        };
        (d, number(m).ok_or(NOT_A_DATE)?, parts[2])
    };
    let day = number(day.trim_end_matches(|c: char| c.is_ascii_alphabetic())).ok_or(NOT_A_DATE)?;
    let year = number(year).ok_or(NOT_A_DATE)?;
    let year = match year {
        0..=99 => 2000 + year,
        100..=999 => return Err(NOT_A_DATE.to_string()),
        y => y,
    };
    Date::from_ymd(year as i32, month, day)
        .ok_or_else(|| "is not a real date: check the day and the month.".to_string())
}

/// Spaces and quotes as a keyboard types them: non-breaking and other spaces become plain spaces,
/// curly quotes straight ones, invisible characters go.
fn plain_chars(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{a0}' | '\u{2007}' | '\u{202f}' | '\u{2009}' | '\u{2002}' | '\u{2003}' => {
                out.push(' ')
            }
            '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{2032}' => out.push('\''),
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{2033}' => out.push('"'),
            '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{2060}' => {}
            '\r' => {}
            '\u{b}' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            c => out.push(c),
        }
    }
    out
}

/// One line of text: spaces tidied, quotes straightened, line breaks become spaces.
pub fn plain_line(text: &str) -> String {
    plain_chars(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// What Word and Excel use to start a list item.
const BULLETS: &[char] = &[
    '•', '◦', '▪', '▫', '■', '□', '●', '○', '·', '‣', '⁃', '∙', '\u{f0b7}', '\u{f0a7}', '–', '—',
    '*', '-', '➢', '➤', '✓', '✔',
];

/// Text pasted from Word becomes Markdown: each bulleted line ("•", "◦", "▪", Word's Symbol
/// bullet, a dash) becomes a `- ` list item, "1)" becomes "1.", a list is separated from the text
/// after it, curly quotes become straight and non-breaking spaces plain.
pub fn markdown_from_word(text: &str) -> String {
    let text = plain_chars(text);
    let mut lines: Vec<String> = Vec::new();
    for raw in text.split('\n') {
        let line = raw.trim();
        // Bullets run together on one line: "Intro • one • two".
        let mut pieces = line.split(" • ");
        let first = pieces.next().unwrap_or_default();
        lines.push(list_item(first));
        lines.extend(pieces.map(|p| format!("- {}", p.trim())));
    }
    let mut out = String::new();
    let mut previous_was_item = false;
    let mut blank = true;
    for line in lines {
        if line.is_empty() {
            if !blank {
                out.push('\n');
            }
            blank = true;
            previous_was_item = false;
            continue;
        }
        let is_item = line.starts_with("- ") || numbered(&line);
        if !out.is_empty() {
            out.push('\n');
            if previous_was_item && !is_item && !blank {
                // Text after a list would otherwise join its last item.
                out.push('\n');
            }
        }
        out.push_str(&line);
        previous_was_item = is_item;
        blank = false;
    }
    while out.ends_with('\n') {
        out.pop();
    }
    out.trim_start_matches('\n').to_string()
}

/// A line with its bullet made a Markdown list item, and "1)" made "1.".
fn list_item(line: &str) -> String {
    let mut chars = line.chars();
    if let Some(first) = chars.next()
        && BULLETS.contains(&first)
    {
        let rest = chars.as_str();
        if rest.starts_with(char::is_whitespace) || (first != '-' && first != '*') {
            let rest = rest.trim();
            return if rest.is_empty() {
                String::new()
            } else {
                format!("- {rest}")
            };
        }
    }
    // "o" followed by a tab: Word's second-level bullet pasted as text.
    if let Some(rest) = line.strip_prefix("o\t") {
        return format!("- {}", rest.trim());
    }
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits > 0 && digits < 4 && line[digits..].starts_with(')') {
        return format!("{}. {}", &line[..digits], line[digits + 1..].trim());
    }
    line.to_string()
}

fn numbered(line: &str) -> bool {
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    digits > 0 && line[digits..].starts_with(". ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::importer::fields::Kind;

    fn d(text: &str) -> Result<String, String> {
        date(&Cell::Text(text.to_string()), DateOrder::DayFirst).map(Date::iso)
    }

    #[test]
    fn uk_dates_are_day_first() {
        assert_eq!(d("03/04/2026").unwrap(), "2026-04-03");
        assert_eq!(d("3/4/26").unwrap(), "2026-04-03");
        assert_eq!(d("14.03.2026").unwrap(), "2026-03-14");
        assert_eq!(d("14-Mar-26").unwrap(), "2026-03-14");
        assert_eq!(d("14 March 2026").unwrap(), "2026-03-14");
        assert_eq!(d("2026-03-14").unwrap(), "2026-03-14");
        assert_eq!(d("2026-03-14 00:00:00").unwrap(), "2026-03-14");
        let us = date(&Cell::Text("03/14/2026".into()), DateOrder::MonthFirst).unwrap();
        assert_eq!(us.iso(), "2026-03-14");
    }

    #[test]
    fn a_bad_date_says_what_is_wrong_in_plain_words() {
        let err = d("31/02/2026").unwrap_err();
        assert_eq!(
            err,
            "\"31/02/2026\" is not a real date: check the day and the month."
        );
        let err = d("next week").unwrap_err();
        assert!(
            err.contains("is not a date") && err.contains("14/03/2026"),
            "{err}"
        );
        assert!(d("03/14/2026").is_err());
    }

    #[test]
    fn excel_serial_dates_are_dates() {
        let serial = date(&Cell::Number(46095.0), DateOrder::DayFirst).unwrap();
        assert_eq!(serial.iso(), "2026-03-14");
        assert_eq!(excel_serial(1.0).unwrap().iso(), "1900-01-01");
        assert!(date(&Cell::Number(-3.0), DateOrder::DayFirst).is_err());
    }

    #[test]
    fn word_bullets_quotes_and_spaces_become_markdown() {
        let pasted = "Agreed with AB:\r\n• Phone reminders at\u{a0}8am\r\n\u{f0b7}\tA \u{201c}dosette\u{201d} box\r\nWe\u{2019}ll review it.";
        assert_eq!(
            markdown_from_word(pasted),
            "Agreed with AB:\n- Phone reminders at 8am\n- A \"dosette\" box\n\nWe'll review it."
        );
        assert_eq!(
            markdown_from_word("Options • walk • bus"),
            "Options\n- walk\n- bus"
        );
        assert_eq!(
            markdown_from_word("1) first\n2) second"),
            "1. first\n2. second"
        );
        // A hyphenated word and a negative number are not list items.
        assert_eq!(markdown_from_word("-5 degrees"), "-5 degrees");
        assert_eq!(markdown_from_word("plain"), "plain");
    }

    #[test]
    fn choices_read_through_the_map_then_the_values_themselves() {
        let field = Kind::Decisions.field("decision.outcome").unwrap();
        let mut words = Words::new();
        words.insert("agreed".into(), "supported".into());
        let read = |text: &str, words: Option<&Words>| {
            convert(field, &Cell::Text(text.into()), words, DateOrder::DayFirst)
        };
        assert_eq!(
            read("Supported with conditions", None).unwrap(),
            Some(Value::Text("supported-with-conditions".into()))
        );
        assert_eq!(
            read(" Agreed ", Some(&words)).unwrap(),
            Some(Value::Text("supported".into()))
        );
        let err = read("Agreed", None).unwrap_err();
        assert!(err.contains("[values.\"decision.outcome\"]"), "{err}");
        assert_eq!(read("", None).unwrap(), None);
    }

    #[test]
    fn numbers_limits_weights_and_lists() {
        let limit = Kind::Questions.field("limit").unwrap();
        let weight = Kind::Questions.field("weight").unwrap();
        let read = |f, c: Cell| convert(f, &c, None, DateOrder::DayFirst).unwrap().unwrap();
        assert_eq!(
            read(limit, Cell::Text("Max 2,000 characters".into())),
            Value::Int(2000)
        );
        assert_eq!(read(limit, Cell::Number(750.0)), Value::Int(750));
        assert!(convert(limit, &Cell::Text("lots".into()), None, DateOrder::DayFirst).is_err());
        assert_eq!(read(weight, Cell::Number(0.15)), Value::Float(15.0));
        assert_eq!(read(weight, Cell::Text("10%".into())), Value::Float(10.0));
        assert_eq!(unit_hint(&Cell::Text("500 words".into())), Some("words"));
        assert_eq!(
            unit_hint(&Cell::Text("2000 characters excluding spaces".into())),
            Some("characters-no-spaces")
        );
        assert_eq!(
            list("• co-production\n• review"),
            vec!["co-production", "review"]
        );
        assert_eq!(list("S4; C3"), vec!["S4", "C3"]);
        assert_eq!(list("S4, C3"), vec!["S4", "C3"]);
        let police = Kind::Incidents.field("police").unwrap();
        assert_eq!(read(police, Cell::Text("Y".into())), Value::Bool(true));
        assert!(
            convert(
                police,
                &Cell::Text("maybe".into()),
                None,
                DateOrder::DayFirst
            )
            .is_err()
        );
    }
}
