//! `import decisions`: one draft decision record per row, written from the record template with
//! the row's values in their places and `source = { file, sheet, row, sha256 }`.
//!
//! A second import of the same sheet finds the drafts it made by their source (file, sheet and
//! row). A draft still exactly as import wrote it (its text matches `sha256`) is brought up to
//! date with the row, or left alone when nothing changed; a record that was edited, or is no
//! longer a draft, is left as it is and reported. Nothing is ever duplicated.

use std::collections::HashMap;

use rayon::prelude::*;

use super::map::ReadRow;
use super::toml_out;
use super::value::Value;
use super::{Change, Origin, Planned, Write};
use crate::authoring::edit::TomlEdit;
use crate::authoring::ids::{RecordKind, existing_ids, file_name, next_ids};
use crate::authoring::template::decision_template;
use crate::load::{DECISIONS_DIR, Pack};
use crate::model::Date;
use crate::privacy::IdentifierScanner;

/// A record an earlier import made from this sheet.
struct Earlier<'a> {
    id: &'a str,
    rel: &'a str,
    text: &'a str,
    draft: bool,
    opened: Date,
    sha256: &'a str,
}

/// What to write for each row.
pub fn plan(
    pack: &Pack,
    origin: &Origin,
    rows: &[ReadRow],
    as_of: Date,
    progress: &indicatif::ProgressBar,
) -> (Vec<Planned>, Vec<Write>) {
    let mut earlier: HashMap<u32, Earlier> = HashMap::new();
    for loaded in &pack.decisions {
        let record = &loaded.item;
        let Some(source) = &record.source else {
            continue;
        };
        if source.file != origin.file || source.sheet != origin.sheet {
            continue;
        }
        let file = pack.source(loaded.source);
        earlier.insert(
            source.row,
            Earlier {
                id: &record.id,
                rel: &file.rel,
                text: &file.text,
                draft: record.draft,
                opened: record.opened,
                sha256: &source.sha256,
            },
        );
    }

    // New ids for the rows that have no record yet, in row order.
    let fresh: Vec<usize> = rows
        .iter()
        .map(|r| r.number)
        .filter(|n| !earlier.contains_key(&(*n as u32)))
        .collect();
    let (decision_ids, example_ids) = existing_ids(pack);
    let ids = next_ids(
        RecordKind::Decision,
        &decision_ids,
        &example_ids,
        fresh.len(),
    );
    let new_ids: HashMap<usize, String> = fresh.into_iter().zip(ids).collect();

    // The template is dated with the row's `opened` when it has one, else the day of the first
    // import (an earlier record keeps its own), so that importing again on a later day changes
    // nothing. It is parsed once for each date.
    let date_of = |row: &ReadRow| {
        row.date("opened").unwrap_or_else(|| {
            earlier
                .get(&(row.number as u32))
                .map_or(as_of, |old| old.opened)
        })
    };
    let mut dates: Vec<Date> = rows.iter().map(date_of).collect();
    dates.sort();
    dates.dedup();
    let templates: HashMap<Date, TomlEdit> = dates
        .into_par_iter()
        .map(|date| {
            let file = TomlEdit::parse(&decision_template("ID", "TITLE", date))
                .expect("the record template is valid TOML");
            (date, file)
        })
        .collect();
    let scanner = &pack.identifiers;

    let results: Vec<(Planned, Option<Write>)> = rows
        .par_iter()
        .map(|row| {
            let result = match earlier.get(&(row.number as u32)) {
                None => {
                    let id = &new_ids[&row.number];
                    let title = row.text("title").unwrap_or_default();
                    let rel = format!(
                        "{DECISIONS_DIR}/{}",
                        file_name(id, title_for_file_name(title, scanner))
                    );
                    let text = record_text(templates[&date_of(row)].clone(), id, row, origin);
                    (
                        Planned::new(row.number, id, &rel, Change::Create),
                        Some(Write {
                            rel,
                            text,
                            before: None,
                        }),
                    )
                }
                Some(old) => again(old, row, origin, &templates[&date_of(row)]),
            };
            progress.inc(1);
            result
        })
        .collect();
    let mut planned = Vec::with_capacity(results.len());
    let mut writes = Vec::new();
    for (p, w) in results {
        planned.push(p);
        writes.extend(w);
    }
    (planned, writes)
}

/// A row that an earlier import made a record from.
fn again(
    old: &Earlier,
    row: &ReadRow,
    origin: &Origin,
    template: &TomlEdit,
) -> (Planned, Option<Write>) {
    let planned = |change| Planned::new(row.number, old.id, old.rel, change);
    if !old.draft {
        return (planned(Change::LeftNotDraft), None);
    }
    if !unedited(old.text, old.sha256) {
        return (planned(Change::LeftEdited), None);
    }
    let text = record_text(template.clone(), old.id, row, origin);
    if text == old.text {
        return (planned(Change::Unchanged), None);
    }
    (
        planned(Change::Update),
        Some(Write {
            rel: old.rel.to_string(),
            text,
            before: Some(old.text.to_string()),
        }),
    )
}

/// The words of a title that may go into a file name: none when it holds an identifier (the file
/// is then named by its id alone).
fn title_for_file_name<'a>(title: &'a str, scanner: &IdentifierScanner) -> &'a str {
    if scanner.scan(title).is_empty() {
        title
    } else {
        ""
    }
}

/// The record's text: the template with the row's values, and where it came from (a `[source]`
/// table at the end), sealed with the SHA-256 of that text.
fn record_text(mut file: TomlEdit, id: &str, row: &ReadRow, origin: &Origin) -> String {
    let mut values: Vec<(&str, Value)> = vec![("id", Value::Text(id.to_string()))];
    values.extend(row.values.iter().map(|(k, v)| (*k, v.clone())));
    // A [[plan]] entry needs both an action and an owner: the one the sheet lacks is left
    // empty, for `check` to point out.
    for (given, other) in [("plan.action", "plan.owner"), ("plan.owner", "plan.action")] {
        if row.values.contains_key(given) && !row.values.contains_key(other) {
            values.push((other, Value::Text(String::new())));
        }
    }
    values.push(("source.file", Value::Text(origin.file.clone())));
    if let Some(sheet) = &origin.sheet {
        values.push(("source.sheet", Value::Text(sheet.clone())));
    }
    values.push(("source.row", Value::Int(row.number as i64)));
    values.push(("source.sha256", Value::Text(String::new())));
    for (key, value) in &values {
        toml_out::set(&mut file, key, value)
            .expect("the template has every table a mapped field goes in, or it is added");
    }
    seal(&file.text())
}

const EMPTY_SEAL: &str = "sha256 = \"\"";

/// Puts the SHA-256 of `text` (which holds `sha256 = ""` once) in place of the empty value.
fn seal(text: &str) -> String {
    let digest = crate::hash::sha256_hex(text.as_bytes());
    text.replacen(EMPTY_SEAL, &format!("sha256 = \"{digest}\""), 1)
}

/// Whether a record's text is still exactly as import wrote it.
fn unedited(text: &str, sha256: &str) -> bool {
    let written = format!("sha256 = \"{sha256}\"");
    if sha256.len() != 64 || text.matches(&written).count() != 1 {
        return false;
    }
    crate::hash::sha256_hex(text.replacen(&written, EMPTY_SEAL, 1).as_bytes()) == sha256
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_text_is_unedited_until_a_byte_changes() {
        let text = seal("id = \"D-001\"\nsource = { file = \"a.csv\", row = 2, sha256 = \"\" }\n");
        let digest = text.split('"').nth(5).unwrap().to_string();
        assert_eq!(digest.len(), 64, "{text}");
        assert!(unedited(&text, &digest));
        assert!(!unedited(&text.replace("D-001", "D-002"), &digest));
        assert!(!unedited(&text, &"0".repeat(64)));
        assert!(!unedited(&text, ""));
    }
}
