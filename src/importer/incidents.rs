//! `import incidents`: each row becomes an `[[incidents]]` entry of the decision record it belongs
//! to: the record named in the row's `record` column, or else the one record of the row's person
//! that was open on the incident's date. A row that matches no record, or more than one, is
//! listed and written nowhere. An incident the record already holds (same date and summary) is
//! not added again.

use std::collections::{BTreeMap, HashMap};

use toml_edit::{DocumentMut, Item, Table};

use super::fields::{INCIDENT_PERSON, INCIDENT_RECORD, Kind};
use super::map::ReadRow;
use super::toml_out;
use super::{Change, Planned, Write};
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
    // The records to change, by index in pack.decisions, with their documents.
    let mut docs: BTreeMap<usize, DocumentMut> = BTreeMap::new();
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
        let doc = match docs.entry(index) {
            std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::btree_map::Entry::Vacant(e) => {
                match pack.source(loaded.source).text.parse::<DocumentMut>() {
                    Ok(doc) => e.insert(doc),
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
        let entry = incident_table(row);
        let change = if holds_already(doc, &entry) {
            Change::Unchanged
        } else {
            toml_out::append(doc, "incidents", entry);
            Change::Create
        };
        planned.push(Planned::new(row.number, &loaded.item.id, rel, change));
    }

    let writes = docs
        .into_iter()
        .filter_map(|(index, doc)| {
            let file = pack.source(pack.decisions[index].source);
            let text = doc.to_string();
            (text != file.text).then(|| Write {
                rel: file.rel.clone(),
                text,
                new: false,
            })
        })
        .collect();
    (planned, writes)
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

/// The row's incident as a table, in the order the specification lists its keys.
fn incident_table(row: &ReadRow) -> Table {
    let mut table = Table::new();
    for field in Kind::Incidents.fields() {
        if field.key == INCIDENT_RECORD || field.key == INCIDENT_PERSON {
            continue;
        }
        if let Some(value) = row.values.get(field.key) {
            let value = match (field.key, value) {
                ("safeguarding_referral", super::value::Value::Text(t))
                    if matches!(
                        t.to_lowercase().as_str(),
                        "no" | "n" | "n/a" | "na" | "-" | "none"
                    ) =>
                {
                    super::value::Value::Text("none".to_string())
                }
                _ => value.clone(),
            };
            toml_out::set_in(&mut table, field.key, &value);
        }
    }
    table
}

/// The record already has this incident: one with the same date and summary.
fn holds_already(doc: &DocumentMut, entry: &Table) -> bool {
    let Some(list) = doc.get("incidents").and_then(Item::as_array_of_tables) else {
        return false;
    };
    let same = |a: &Table, key: &str| match (a.get(key), entry.get(key)) {
        (Some(Item::Value(x)), Some(Item::Value(y))) => toml_out::same(x, y),
        _ => false,
    };
    list.iter().any(|t| same(t, "on") && same(t, "summary"))
}

