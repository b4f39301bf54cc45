//! `import questions`: each row becomes a `[[questions]]` entry of the tender's `tender.toml`
//! (id, text, limit, count unit, weight, criteria), so a bid writer starts from the buyer's own
//! questionnaire. The file keeps every other byte, its comments included. A question already
//! there (by id) is brought up to date key by key, or left alone when nothing changed.

use toml_edit::{DocumentMut, Item, Table};

use super::fields::Kind;
use super::map::ReadRow;
use super::toml_out;
use super::value::Value;
use super::{Change, Planned, Write};
use crate::error::Error;

/// What to change in the tender's file (`rel`, holding `text`), for each row.
pub fn plan(
    rel: &str,
    text: &str,
    rows: &[ReadRow],
    progress: &indicatif::ProgressBar,
) -> Result<(Vec<Planned>, Vec<Write>), Error> {
    let mut doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        Error::new(format!(
            "{rel} is not valid TOML, so no questions were added to it: {}",
            e.message()
        ))
        .with_help("Run `evidence-pack check` to see where, correct it, then import again.")
    })?;
    let mut planned = Vec::new();
    for row in rows {
        progress.inc(1);
        let id = row.text("id").unwrap_or_default().to_string();
        let values = question_values(row);
        let change = match find(&mut doc, &id) {
            Some(existing) => {
                let mut changed = false;
                for (key, value) in &values {
                    if !toml_out::holds(existing, key, value) {
                        toml_out::set_in(existing, key, value);
                        changed = true;
                    }
                }
                if changed {
                    Change::Update
                } else {
                    Change::Unchanged
                }
            }
            None => {
                let mut table = Table::new();
                for (key, value) in &values {
                    toml_out::set_in(&mut table, key, value);
                }
                toml_out::append(&mut doc, "questions", table);
                Change::Create
            }
        };
        planned.push(Planned::new(row.number, &id, rel, change));
    }
    let new_text = doc.to_string();
    let writes = if new_text == text {
        Vec::new()
    } else {
        vec![Write {
            rel: rel.to_string(),
            text: new_text,
            new: false,
        }]
    };
    Ok((planned, writes))
}

/// The row's keys in the order the specification lists them; the count unit from its own column,
/// else from the limit's cell ("2,000 characters").
fn question_values(row: &ReadRow) -> Vec<(&'static str, Value)> {
    let mut out = Vec::new();
    for field in Kind::Questions.fields() {
        let value = match (field.key, row.values.get(field.key)) {
            (_, Some(value)) => value.clone(),
            ("count", None) => match row.unit_hint {
                Some(unit) => Value::Text(unit.to_string()),
                None => continue,
            },
            _ => continue,
        };
        out.push((field.key, value));
    }
    out
}

fn find<'a>(doc: &'a mut DocumentMut, id: &str) -> Option<&'a mut Table> {
    doc.get_mut("questions")
        .and_then(Item::as_array_of_tables_mut)?
        .iter_mut()
        .find(|t| t.get("id").and_then(Item::as_str).map(str::trim) == Some(id.trim()))
}

