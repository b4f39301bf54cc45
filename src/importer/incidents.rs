//! `import incidents`: each row becomes an `[[incidents]]` entry of the decision record it belongs
//! to: the record named in the row's `record` column, or else the one record of the row's person
//! that was open on the incident's date. A row that matches no record, or more than one, is
//! listed and written nowhere. An incident the record already holds (same date and summary) is
//! not added again.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::fields::{INCIDENT_PERSON, INCIDENT_RECORD, Kind};
use super::map::ReadRow;
use super::toml_out;
use super::value::Value;
use super::{Change, Planned, Write};
use crate::authoring::edit::TomlEdit;
use crate::load::Pack;
use crate::model::{Date, DecisionRecord};

/// What to add to which record, for each row.
pub fn plan(
    pack: &Pack,
    rows: &[ReadRow],
    progress: &indicatif::ProgressBar,
) -> (Vec<Planned>, Vec<Write>) {
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut by_person: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, loaded) in pack.decisions.iter().enumerate() {
        by_id.insert(loaded.item.id.trim().to_lowercase(), i);
        by_person
            .entry(loaded.item.person.trim().to_lowercase())
            .or_default()
            .push(i);
    }

    let mut planned = Vec::new();
    // The records to change, by index in pack.decisions, with their files being edited and the
    // incidents (date and summary) each holds.
    let mut files: BTreeMap<usize, (TomlEdit, HashSet<(Date, String)>)> = BTreeMap::new();
    for row in rows {
        progress.inc(1);
        let index = match find_record(pack, row, &by_id, &by_person) {
            Ok(index) => index,
            Err(change) => {
                planned.push(Planned::new(row.number, "", "", change));
                continue;
            }
        };
        let loaded = &pack.decisions[index];
        let rel = &pack.source(loaded.source).rel;
        let (file, held) = match files.entry(index) {
            std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::btree_map::Entry::Vacant(e) => {
                match TomlEdit::parse(&pack.source(loaded.source).text) {
                    Ok(file) => {
                        let held = loaded
                            .item
                            .incidents
                            .iter()
                            .map(|i| (i.on, same_text(&i.summary)))
                            .collect();
                        e.insert((file, held))
                    }
                    Err(_) => {
                        planned.push(Planned::new(
                            row.number,
                            &loaded.item.id,
                            rel,
                            Change::Unmatched(format!(
                                "{} ({rel}) could not be read, so nothing was added to it. Run `evidence-pack check` to see why.",
                                loaded.item.id
                            )),
                        ));
                        continue;
                    }
                }
            }
        };
        let values = incident_values(row);
        let key = (
            row.date("on").unwrap_or(loaded.item.opened),
            same_text(row.text("summary").unwrap_or_default()),
        );
        let change = if held.contains(&key) {
            Change::Unchanged
        } else {
            match toml_out::append(file, "incidents", &values) {
                Ok(_) => {
                    held.insert(key);
                    Change::Create
                }
                Err(e) => Change::Unmatched(format!(
                    "{} ({rel}) could not take the incident: {}",
                    loaded.item.id, e.message
                )),
            }
        };
        planned.push(Planned::new(row.number, &loaded.item.id, rel, change));
    }

    let writes = files
        .into_iter()
        .filter_map(|(index, (file, _))| {
            let source = pack.source(pack.decisions[index].source);
            let text = file.text();
            (text != source.text).then(|| Write {
                rel: source.rel.clone(),
                text,
                before: Some(source.text.clone()),
            })
        })
        .collect();
    (planned, writes)
}

/// A summary as compared with the row's: trimmed, with Unix line endings (a file saved on
/// Windows holds its multi-line texts with CR LF).
fn same_text(summary: &str) -> String {
    summary.trim().replace("\r\n", "\n")
}

/// The record a row belongs to, or why there is none.
fn find_record(
    pack: &Pack,
    row: &ReadRow,
    by_id: &HashMap<String, usize>,
    by_person: &HashMap<String, Vec<usize>>,
) -> Result<usize, Change> {
    if let Some(id) = row.text(INCIDENT_RECORD) {
        return by_id
            .get(&id.trim().to_lowercase())
            .copied()
            .ok_or_else(|| Change::Unmatched(format!("there is no decision record {id}.")));
    }
    let (Some(on), Some(person)) = (row.date("on"), row.text(INCIDENT_PERSON)) else {
        return Err(Change::Unmatched(
            "the row has neither the record's id nor the person's code and a date.".to_string(),
        ));
    };
    let open: Vec<usize> = by_person
        .get(&person.trim().to_lowercase())
        .map(|list| {
            list.iter()
                .copied()
                .filter(|i| open_on(&pack.decisions[*i].item, on))
                .collect()
        })
        .unwrap_or_default();
    match open.as_slice() {
        [one] => Ok(*one),
        [] => Err(Change::Unmatched(format!(
            "no decision record for {person} was open on {on}."
        ))),
        many => {
            let ids: Vec<&str> = many
                .iter()
                .map(|i| pack.decisions[*i].item.id.as_str())
                .collect();
            Err(Change::Ambiguous(format!(
                "{} decision records for {person} were open on {on} ({}). Add a column with the record's id, and map it to record.",
                many.len(),
                ids.join(", ")
            )))
        }
    }
}

/// Open on a day: opened on or before it, and not closed before it.
fn open_on(record: &DecisionRecord, on: Date) -> bool {
    record.opened <= on && record.closed_on.is_none_or(|closed| on <= closed)
}

/// The row's incident, in the order the specification lists its keys. A referral of "No" is
/// written as the record writes it: "none".
fn incident_values(row: &ReadRow) -> Vec<(&'static str, Value)> {
    let mut out = Vec::new();
    for field in Kind::Incidents.fields() {
        if field.key == INCIDENT_RECORD || field.key == INCIDENT_PERSON {
            continue;
        }
        let Some(value) = row.values.get(field.key) else {
            continue;
        };
        let value = match (field.key, value) {
            ("safeguarding_referral", Value::Text(t))
                if matches!(
                    t.to_lowercase().as_str(),
                    "no" | "n" | "n/a" | "na" | "-" | "none"
                ) =>
            {
                Value::Text("none".to_string())
            }
            _ => value.clone(),
        };
        out.push((field.key, value));
    }
    out
}
