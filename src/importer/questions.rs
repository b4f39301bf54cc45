//! `import questions`: each row becomes a `[[questions]]` entry of the tender's `tender.toml`
//! (id, text, limit, count unit, weight, criteria), so a bid writer starts from the buyer's own
//! questionnaire. The file keeps every other byte, its comments included. A question already
//! there (by id) is brought up to date key by key, or left alone when nothing changed.

use std::collections::HashMap;

use super::fields::Kind;
use super::map::ReadRow;
use super::toml_out;
use super::value::Value;
use super::{Change, Planned, Write};
use crate::authoring::edit::TomlEdit;
use crate::error::Error;

/// What to change in the tender's file (`rel`, holding `text`), for each row.
pub fn plan(
    rel: &str,
    text: &str,
    rows: &[ReadRow],
    progress: &indicatif::ProgressBar,
) -> Result<(Vec<Planned>, Vec<Write>), Error> {
    let broken = |message: String| {
        Error::new(format!(
            "{rel} is not valid TOML, so no questions were added to it: {message}"
        ))
        .with_help("Run `evidence-pack check` to see where, correct it, then import again.")
    };
    let mut file = TomlEdit::parse(text).map_err(|e| broken(e.message))?;
    // The questions already there: id -> their index among [[questions]].
    let table: toml::Table = toml::from_str(text).map_err(|e| broken(e.message().to_string()))?;
    let mut index_of: HashMap<String, usize> = table
        .get("questions")
        .and_then(toml::Value::as_array)
        .map(|list| {
            list.iter()
                .enumerate()
                .filter_map(|(i, q)| Some((q.get("id")?.as_str()?.trim().to_string(), i)))
                .collect()
        })
        .unwrap_or_default();
    let mut planned = Vec::new();
    for row in rows {
        progress.inc(1);
        let id = row.text("id").unwrap_or_default().trim().to_string();
        let values = question_values(row);
        let change = match index_of.get(&id) {
            Some(&index) => {
                let before = file.text();
                toml_out::set_entry(&mut file, "questions", index, &values)?;
                if file.text() == before {
                    Change::Unchanged
                } else {
                    Change::Update
                }
            }
            None => {
                let index = toml_out::append(&mut file, "questions", &values)?;
                index_of.insert(id.clone(), index);
                Change::Create
            }
        };
        planned.push(Planned::new(row.number, &id, rel, change));
    }
    let new_text = file.text();
    let writes = if new_text == text {
        Vec::new()
    } else {
        vec![Write {
            rel: rel.to_string(),
            text: new_text,
            before: Some(text.to_string()),
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
