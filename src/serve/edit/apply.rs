//! Applies a form's edits to the file's text through `toml_edit`: only the edited keys change;
//! comments, blank lines, key order, quoting and every untouched value keep their bytes.
//!
//! NOTE for the merge: the authoring layer (`src/authoring/`) owns the `toml_edit` writer; once it
//! is on main, these functions call it rather than editing the document themselves.

use serde_json::{Map, Value};
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table};

use super::changes::{Edit, Step, is_date};
use super::form::Field;

/// The text with `edits` applied, or why they could not be (the file is not TOML, or a key
/// stands where the form expects another kind of value).
pub fn apply(text: &str, edits: &[Edit], fields: &[Field]) -> Result<String, String> {
    if edits.is_empty() {
        return Ok(text.to_string());
    }
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|_| "the file is not valid TOML: use the Text tab to mend it".to_string())?;
    for edit in edits {
        match edit {
            Edit::Set { path, value } => {
                let (last, parents) = split(path)?;
                let table = table_at(doc.as_table_mut(), parents, true)?;
                let new = to_value(value, is_date(fields, path));
                match table.get_mut(last) {
                    Some(Item::Value(old)) => {
                        let decor = old.decor().clone();
                        *old = new;
                        *old.decor_mut() = decor;
                    }
                    _ => {
                        table.insert(last, Item::Value(new));
                    }
                }
            }
            Edit::Remove { path } => match path.last() {
                Some(Step::Index(i)) => {
                    let parents = &path[..path.len() - 1];
                    let (last, above) = split(parents)?;
                    let table = table_at(doc.as_table_mut(), above, false)?;
                    if let Some(list) = table.get_mut(last).and_then(Item::as_array_of_tables_mut)
                        && *i < list.len()
                    {
                        list.remove(*i);
                        if list.is_empty() {
                            table.remove(last);
                        }
                    }
                }
                _ => {
                    let (last, parents) = split(path)?;
                    if let Ok(table) = table_at(doc.as_table_mut(), parents, false) {
                        table.remove(last);
                    }
                }
            },
            Edit::Append { path, table: new } => {
                let (last, parents) = split(path)?;
                let parent = table_at(doc.as_table_mut(), parents, true)?;
                let mut entry = Table::new();
                let mut prefix = path.clone();
                for (key, value) in new {
                    prefix.push(Step::Key(key.clone()));
                    entry.insert(key, Item::Value(to_value(value, is_date(fields, &prefix))));
                    prefix.pop();
                }
                let list = parent
                    .entry(last)
                    .or_insert(Item::ArrayOfTables(ArrayOfTables::new()));
                let Some(list) = list.as_array_of_tables_mut() else {
                    return Err(format!("{last} is not a list of tables in the file"));
                };
                // At the end of its kind: right after the last entry.
                if let Some(position) = list.iter().filter_map(Table::position).max() {
                    entry.set_position(Some(position));
                }
                if !list.is_empty() {
                    entry.decor_mut().set_prefix("\n");
                }
                list.push(entry);
            }
        }
    }
    Ok(doc.to_string())
}

fn split(path: &[Step]) -> Result<(&str, &[Step]), String> {
    match path.split_last() {
        Some((Step::Key(k), rest)) => Ok((k, rest)),
        _ => Err("a change named no key".to_string()),
    }
}

/// The table at `path`, made (when `make`) where it is missing.
fn table_at<'a>(
    mut table: &'a mut Table,
    path: &[Step],
    make: bool,
) -> Result<&'a mut Table, String> {
    let mut i = 0;
    while i < path.len() {
        match &path[i] {
            Step::Key(key) => {
                if make && !table.contains_key(key) {
                    let mut new = Table::new();
                    new.set_implicit(false);
                    table.insert(key, Item::Table(new));
                }
                let item = table
                    .get_mut(key)
                    .ok_or_else(|| format!("{key} is not in the file"))?;
                if let Some(Step::Index(n)) = path.get(i + 1) {
                    let list = item
                        .as_array_of_tables_mut()
                        .ok_or_else(|| format!("{key} is not a list of tables in the file"))?;
                    table = list
                        .get_mut(*n)
                        .ok_or_else(|| format!("{key} has no entry {}", n + 1))?;
                    i += 2;
                    continue;
                }
                table = item
                    .as_table_mut()
                    .ok_or_else(|| format!("{key} is not a table in the file"))?;
            }
            Step::Index(_) => return Err("a list index without its key".to_string()),
        }
        i += 1;
    }
    Ok(table)
}

fn to_value(value: &Value, date: bool) -> toml_edit::Value {
    match value {
        Value::String(s) if date => match s.parse::<toml_edit::Datetime>() {
            Ok(d) if d.date.is_some() && d.time.is_none() && s.len() == 10 => {
                toml_edit::Value::from(d)
            }
            _ => toml_edit::Value::from(s.as_str()),
        },
        Value::String(s) => toml_edit::Value::from(s.as_str()),
        Value::Bool(b) => toml_edit::Value::from(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => toml_edit::Value::from(i),
            None => toml_edit::Value::from(n.as_f64().unwrap_or_default()),
        },
        Value::Array(items) => {
            let mut array = toml_edit::Array::new();
            for item in items {
                array.push(to_value(item, false));
            }
            toml_edit::Value::Array(array)
        }
        Value::Object(map) => {
            let mut inline = toml_edit::InlineTable::new();
            for (k, v) in map {
                inline.insert(k, to_value(v, false));
            }
            toml_edit::Value::InlineTable(inline)
        }
        Value::Null => toml_edit::Value::from(""),
    }
}

/// Helper for the tests and the benchmark: a table from JSON.
pub fn map(value: Value) -> Map<String, Value> {
    value.as_object().cloned().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::edit::changes::{diff, to_json};
    use serde_json::json;

    const TEXT: &str = "# My record\nid = \"D-001\"  # the id\ntitle = 'Old title'\n\n[choice]\n# what they want\nsummary = \"S\"\n\n[[risks]]\nto = \"self\"\n\n[[risks]]\nto = \"others\"\n\n[review]\nevery_days = 56\n";

    #[test]
    fn setting_one_key_keeps_every_other_byte() {
        let edits = vec![Edit::Set {
            path: vec![Step::Key("title".into())],
            value: json!("New title"),
        }];
        let out = apply(TEXT, &edits, &[]).unwrap();
        assert_eq!(out, TEXT.replace("'Old title'", "\"New title\""));
    }

    #[test]
    fn an_appended_entry_goes_after_the_last_of_its_kind() {
        let edits = vec![Edit::Append {
            path: vec![Step::Key("risks".into())],
            table: map(json!({"to": "both"})),
        }];
        let out = apply(TEXT, &edits, &[]).unwrap();
        assert!(
            out.starts_with(&TEXT[..TEXT.find("\n[review]").unwrap()]),
            "{out}"
        );
        let both = out.find("to = \"both\"").unwrap();
        assert!(both < out.find("[review]").unwrap(), "{out}");
        assert!(to_json(&out).unwrap()["risks"].as_array().unwrap().len() == 3);
    }

    #[test]
    fn a_removed_entry_and_key_leave_the_rest() {
        let loaded = to_json(TEXT).unwrap();
        let mut submitted = loaded.clone();
        submitted["risks"].as_array_mut().unwrap().remove(0);
        submitted["review"] = json!({"every_days": null});
        let out = apply(TEXT, &diff(&loaded, &submitted, &[]), &[]).unwrap();
        assert!(!out.contains("to = \"self\""), "{out}");
        assert!(out.contains("to = \"others\""), "{out}");
        assert!(!out.contains("every_days"), "{out}");
        assert!(
            out.starts_with("# My record\nid = \"D-001\"  # the id\n"),
            "{out}"
        );
    }
}
