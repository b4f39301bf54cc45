//! `import map KIND FILE`: a starting map written from the sheet's header row, with the best
//! guess of the column for each field and of the value each word in a choice column stands for,
//! every line commented for the user to check.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::fields::{Field, INCIDENT_PERSON, INCIDENT_RECORD, Kind, Type};
use super::sheet::{Sheet, fold_header};
use super::value::fold_word;

/// At most this many different words of a choice column are listed in the map.
const MAX_WORDS: usize = 40;

/// The map's text.
pub fn starting_map(kind: Kind, sheet: &Sheet, file_name: &str) -> String {
    let chosen = assign(kind, &sheet.headers);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# A map for importing {} from {file_name}, written from its header row.\n\
         # Check every line before you import: each field (on the left) is read from the column whose\n\
         # header is on the right. Lines starting with # are notes or unused fields: to use one,\n\
         # remove the # and write the column's header between the quotes.\n\
         # Then: evidence-pack import {} {file_name} --map THIS-FILE --dry-run",
        kind.as_str(),
        kind.as_str()
    );
    let _ = writeln!(out, "kind = \"{}\"", kind.as_str());
    if let Some(name) = &sheet.name {
        let _ = writeln!(
            out,
            "# The workbook's sheet to read.\nsheet = {}",
            quoted(name)
        );
    }
    let _ = writeln!(
        out,
        "# How dates written as text are read: \"day-first\" (14/03/2026, the UK way) or \"month-first\".\n\
         # Dates the spreadsheet itself stores as dates are read as they are.\n\
         dates = \"day-first\"\n"
    );
    if kind == Kind::Incidents {
        let _ = writeln!(
            out,
            "# An incident goes to the decision record named in the record column or, without one,\n\
             # to the one record of the same person that was open on the incident's date. Rows that\n\
             # match no record, or more than one, are listed and not written."
        );
    }
    let _ = writeln!(out, "[columns]");
    for field in kind.fields() {
        let key = quoted_key(field.key);
        let note = describe(field);
        match chosen.iter().find(|(f, _)| f.key == field.key) {
            Some((_, column)) => {
                let _ = writeln!(
                    out,
                    "{key} = {}   # {note}",
                    quoted(&sheet.headers[*column])
                );
            }
            None if field.required => {
                let _ = writeln!(
                    out,
                    "# {key} = \"\"   # NEEDED: no column looked like it; name one, or give a value under [fixed]. {note}"
                );
            }
            None => {
                let _ = writeln!(out, "# {key} = \"\"   # {note}");
            }
        }
    }
    let unused: Vec<String> = sheet
        .headers
        .iter()
        .enumerate()
        .filter(|(i, h)| !h.is_empty() && !chosen.iter().any(|(_, c)| c == i))
        .map(|(_, h)| quoted(h))
        .collect();
    if !unused.is_empty() {
        let _ = writeln!(
            out,
            "# Columns not used (they are not imported): {}",
            unused.join(", ")
        );
    }

    for (field, column) in &chosen {
        let choices = field.choices();
        if choices.is_empty() && !matches!(field.ty, Type::YesNo) {
            continue;
        }
        let words = distinct_words(sheet, *column);
        let unclear: Vec<&String> = words
            .iter()
            .filter(|w| {
                !choices
                    .iter()
                    .any(|c| *c == w.to_lowercase().replace(' ', "-"))
            })
            .collect();
        if unclear.is_empty() || matches!(field.ty, Type::YesNo) {
            continue;
        }
        let _ = writeln!(
            out,
            "\n# The words in the column {} and the value each stands for: {}.\n[values.{}]",
            quoted(&sheet.headers[*column]),
            choices.join(", "),
            quoted(field.key)
        );
        for word in unclear {
            match guess_choice(word, &choices) {
                Some(value) => {
                    let _ = writeln!(out, "{} = \"{value}\"   # a guess: check it", quoted(word));
                }
                None => {
                    let _ = writeln!(
                        out,
                        "# {} = \"\"   # NEEDED: which value is this? One of {}",
                        quoted(word),
                        choices.join(", ")
                    );
                }
            }
        }
    }

    let _ = writeln!(
        out,
        "\n# Values every row gets, for fields the sheet has no column for (a column, when it has a\n\
         # value, comes first). For example:\n[fixed]"
    );
    let example = match kind {
        Kind::Decisions => "# service = \"Riverside supported living\"\n# \"risks.to\" = \"self\"",
        Kind::Incidents => "# police = false",
        Kind::Questions => "# count = \"words\"",
    };
    let _ = writeln!(out, "{example}");
    out
}

/// Each field's column: the best-scoring pairs first, each column used once.
fn assign(kind: Kind, headers: &[String]) -> Vec<(&'static Field, usize)> {
    let mut scored = Vec::new();
    for (f, field) in kind.fields().iter().enumerate() {
        for (c, header) in headers.iter().enumerate() {
            if let Some(score) = score(field, header) {
                scored.push((score, f, c));
            }
        }
    }
    // Highest score first; ties go to the earlier field, then the earlier column.
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut fields_done = BTreeSet::new();
    let mut columns_done = BTreeSet::new();
    let mut chosen = Vec::new();
    for (_, f, c) in scored {
        if fields_done.contains(&f) || columns_done.contains(&c) {
            continue;
        }
        fields_done.insert(f);
        columns_done.insert(c);
        chosen.push((&kind.fields()[f], c));
    }
    chosen.sort_by_key(|(field, _)| kind.fields().iter().position(|f| f.key == field.key));
    chosen
}

/// How well a header suggests a field: an exact match beats whole words inside it; earlier
/// header words of the field beat later ones.
fn score(field: &Field, header: &str) -> Option<u32> {
    let header = words_of(header);
    if header.is_empty() {
        return None;
    }
    let last = field
        .key
        .rsplit('.')
        .next()
        .unwrap_or(field.key)
        .replace('_', " ");
    let candidates = field.headers.iter().copied().chain([last.as_str()]);
    let mut best = None;
    for (rank, guess) in candidates.enumerate() {
        let guess = words_of(guess);
        let rank = rank as u32;
        let score = if header == guess {
            200 - rank
        } else if contains_words(&header, &guess) {
            100 - rank
        } else {
            continue;
        };
        best = best.max(Some(score));
    }
    // The id of a record and a person's code are easily confused with other columns.
    if matches!(field.key, INCIDENT_RECORD | INCIDENT_PERSON) {
        best = best.filter(|s| *s >= 100);
    }
    best
}

fn words_of(text: &str) -> String {
    fold_header(text)
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '\'' {
                c
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn contains_words(haystack: &str, needle: &str) -> bool {
    format!(" {haystack} ").contains(&format!(" {needle} "))
}

/// The different values in a column, as first written, in order of first appearance.
fn distinct_words(sheet: &Sheet, column: usize) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for row in &sheet.rows {
        let text = row.cell(column).text();
        let text = text.trim();
        if text.is_empty() || !seen.insert(fold_word(text)) {
            continue;
        }
        out.push(text.to_string());
        if out.len() == MAX_WORDS {
            break;
        }
    }
    out
}

/// A choice for a word: the one it starts (abbreviations such as "Med", "H"), or a common synonym.
fn guess_choice(word: &str, choices: &[String]) -> Option<String> {
    let word = fold_word(word);
    const SYNONYMS: &[(&str, &str)] = &[
        ("moderate", "medium"),
        ("very high", "high"),
        ("very low", "low"),
        ("severe", "serious"),
        ("major", "serious"),
        ("no harm", "none"),
        ("nil", "none"),
        ("open", "active"),
        ("agreed", "supported"),
        ("declined", "not-supported"),
        ("restricted", "limited"),
        ("has capacity", "assessed-has"),
        ("lacks capacity", "assessed-lacks"),
    ];
    if let Some((_, value)) = SYNONYMS
        .iter()
        .find(|(w, v)| *w == word && choices.iter().any(|c| c == v))
    {
        return Some(value.to_string());
    }
    let starting: Vec<&String> = choices.iter().filter(|c| c.starts_with(&word)).collect();
    match starting.as_slice() {
        [one] => Some(one.to_string()),
        _ => None,
    }
}

fn describe(field: &Field) -> String {
    match field.ty {
        Type::Text => "text".to_string(),
        Type::Markdown => "text; Word's bullets and quotes are tidied".to_string(),
        Type::Date => "a date".to_string(),
        Type::YesNo => "yes or no".to_string(),
        Type::WholeNumber => "a whole number".to_string(),
        Type::Percent => "a percentage".to_string(),
        Type::List => "a list: one a line, or separated by ; or ,".to_string(),
        Type::Choice(_) => format!("one of: {}", field.choices().join(", ")),
    }
}

fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

fn quoted_key(key: &str) -> String {
    if key.contains('.') {
        quoted(key)
    } else {
        key.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::importer::map;
    use crate::importer::sheet::read_csv;

    #[test]
    fn the_starting_map_guesses_columns_and_words_and_reads_back() {
        let sheet = read_csv(
            b"Ref,Person code,Risk,Hazard,Likelihood,Severity,Date identified,Manager notes\n\
              1,AB,Gym,Falls,Med,H,14/03/2026,x\n2,CD,Bus,Lost,Low,Moderate,15/03/2026,y\n",
        )
        .unwrap();
        let text = starting_map(Kind::Decisions, &sheet, "register.csv");
        assert!(text.contains("\ntitle = \"Risk\""), "{text}");
        assert!(text.contains("\nperson = \"Person code\""), "{text}");
        assert!(
            text.contains("\n\"risks.description\" = \"Hazard\""),
            "{text}"
        );
        assert!(text.contains("\n\"risks.impact\" = \"Severity\""), "{text}");
        assert!(text.contains("\nopened = \"Date identified\""), "{text}");
        assert!(text.contains("\"Med\" = \"medium\"   # a guess"), "{text}");
        assert!(text.contains("\"H\" = \"high\""), "{text}");
        assert!(text.contains("\"Moderate\" = \"medium\""), "{text}");
        assert!(
            text.contains("not used (they are not imported): \"Ref\", \"Manager notes\""),
            "{text}"
        );
        // As written, the map reads and every row of the sheet imports.
        let parsed = map::parse(&text, Kind::Decisions).unwrap();
        let bound = parsed.bind(&sheet).unwrap();
        let row = bound.read(&sheet.rows[0]).unwrap();
        assert_eq!(row.text("risks.impact"), Some("high"));
    }

    #[test]
    fn a_questionnaire_and_an_incident_log_are_guessed() {
        let sheet = read_csv(
            b"Question No.,Question,Word limit,Weighting,Evaluation criteria\nQ1,Why?,500 words,10%,x\n",
        )
        .unwrap();
        let text = starting_map(Kind::Questions, &sheet, "q.xlsx");
        for line in [
            "\nid = \"Question No.\"",
            "\ntext = \"Question\"",
            "\nlimit = \"Word limit\"",
            "\nweight = \"Weighting\"",
            "\ncriteria = \"Evaluation criteria\"",
        ] {
            assert!(text.contains(line), "{line} in {text}");
        }
        let log =
            read_csv(b"Date of incident,Person,What happened,Injury,Police involved\n").unwrap();
        let text = starting_map(Kind::Incidents, &log, "log.csv");
        assert!(text.contains("\nharm = \"Injury\""), "{text}");
        assert!(text.contains("\npolice = \"Police involved\""), "{text}");
        assert!(text.contains("\nperson = \"Person\""), "{text}");
        assert!(text.contains("# record = \"\""), "{text}");
        assert!(map::parse(&text, Kind::Incidents).is_ok());
    }
}
