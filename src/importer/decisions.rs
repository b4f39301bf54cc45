//! `import decisions`: one draft decision record per row, written from the record template with
//! the row's values in their places and `source = { file, sheet, row, sha256 }`.
//!
//! A second import of the same sheet finds the drafts it made by their source (file, sheet and
//! row). A draft still exactly as import wrote it (its text matches `sha256`) is brought up to
//! date with the row, or left alone when nothing changed; a record that was edited, or is no
//! longer a draft, is left as it is and reported. Nothing is ever duplicated.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use toml_edit::{DocumentMut, InlineTable, Item};

use super::map::ReadRow;
use super::toml_out;
use super::{Change, Origin, Planned, Tools, Write};
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
    tools: &Tools,
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
    let (decision_ids, example_ids) = (tools.existing_ids)(pack);
    let first = (tools.next_id)(&decision_ids, &example_ids);
    let taken: HashSet<String> = decision_ids
        .iter()
        .chain(&example_ids)
        .map(|id| id.trim().to_lowercase())
        .collect();
    let new_ids: HashMap<usize, String> = fresh
        .into_iter()
        .zip(successive_ids(&first, &taken))
        .collect();

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
    let templates: HashMap<Date, DocumentMut> = dates
        .into_par_iter()
        .map(|date| {
            let doc = (tools.template)("ID", "TITLE", date)
                .parse()
                .expect("the record template is valid TOML");
            (date, doc)
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
                        (tools.file_name)(id, &title_for_file_name(title, scanner))
                    );
                    let text = record_text(templates[&date_of(row)].clone(), id, row, origin);
                    (
                        Planned::new(row.number, id, &rel, Change::Create),
                        Some(Write {
                            rel,
                            text,
                            new: true,
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

/// `first` (the next free id), then the ids after it with the same prefix and width, skipping
/// any that are taken.
fn successive_ids<'a>(first: &str, taken: &'a HashSet<String>) -> impl Iterator<Item = String> + 'a {
    let digits = first.len() - first.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let (prefix, number) = first.split_at(first.len() - digits);
    let start: u64 = number.parse().unwrap_or(1);
    let prefix = prefix.to_string();
    (start..)
        .map(move |n| format!("{prefix}{n:0digits$}"))
        .filter(move |id| !taken.contains(&id.to_lowercase()))
}

/// A row that an earlier import made a record from.
fn again(
    old: &Earlier,
    row: &ReadRow,
    origin: &Origin,
    template: &DocumentMut,
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
            new: false,
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

const SOURCE_NOTE: &str = "# Where `evidence-pack import` read this draft from. A later import of the same sheet\n# updates the draft while it is unchanged; once you edit it, import leaves it alone.\n";

/// The record's text: the template with the row's values, sealed with the SHA-256 of that text.
fn record_text(mut doc: DocumentMut, id: &str, row: &ReadRow, origin: &Origin) -> String {
    toml_out::set(&mut doc, "id", &super::value::Value::Text(id.to_string()));
    for (key, value) in &row.values {
        toml_out::set(&mut doc, key, value);
    }
    complete_plan(&mut doc);
    let mut source = InlineTable::new();
    source.insert("file", origin.file.as_str().into());
    if let Some(sheet) = &origin.sheet {
        source.insert("sheet", sheet.as_str().into());
    }
    source.insert("row", (row.number as i64).into());
    source.insert("sha256", "".into());
    doc.insert("source", Item::Value(source.into()));
    if let Some(mut key) = doc.as_table_mut().key_mut("source") {
        key.leaf_decor_mut().set_prefix(format!("\n{SOURCE_NOTE}"));
    }
    seal(&doc.to_string())
}

/// A `[[plan]]` entry needs both an action and an owner: the one the sheet lacks is left empty
/// for `check` to point out.
fn complete_plan(doc: &mut DocumentMut) {
    if let Some(plan) = doc
        .get_mut("plan")
        .and_then(Item::as_array_of_tables_mut)
        .and_then(|a| a.get_mut(0))
    {
        for key in ["action", "owner"] {
            if !plan.contains_key(key) {
                plan.insert(key, toml_edit::value(""));
            }
        }
    }
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
    fn ids_follow_the_first_free_one() {
        let taken: HashSet<String> = ["d-017".to_string()].into();
        let ids: Vec<String> = successive_ids("D-016", &taken).take(3).collect();
        assert_eq!(ids, vec!["D-016", "D-018", "D-019"]);
        let ids: Vec<String> = successive_ids("D-999", &taken).take(2).collect();
        assert_eq!(ids, vec!["D-999", "D-1000"]);
    }

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
