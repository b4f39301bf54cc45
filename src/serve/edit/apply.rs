//! Applies a form's edits to the file's text through the authoring layer's `toml_edit` writer
//! ([`crate::authoring::edit::TomlEdit`]): only the edited keys change; comments, blank lines,
//! key order, quoting and every untouched value keep their bytes. A new entry of a list of
//! tables goes after the last entry of its kind.

use serde_json::{Map, Value};

use super::changes::{Edit, Step, dotted, is_date};
use super::form::Field;
use crate::authoring::edit::{FieldValue, TomlEdit};
use crate::model::Date;

/// The text with `edits` applied, or why they could not be (the file is not TOML, or a key
/// stands where the form expects another kind of value).
pub fn apply(text: &str, edits: &[Edit], fields: &[Field]) -> Result<String, String> {
    if edits.is_empty() {
        return Ok(text.to_string());
    }
    let mut file = TomlEdit::parse(text).map_err(|e| e.message)?;
    for edit in edits {
        match edit {
            Edit::Set { path, value } => {
                let value = field_value(value, is_date(fields, path))?;
                file.set(&dotted(path), &value).map_err(|e| e.message)?;
            }
            Edit::Remove { path } => {
                file.remove(&dotted(path)).map_err(|e| e.message)?;
            }
            Edit::Append { path, table } => {
                let list = dotted(path);
                let index = file.append(&list).map_err(|e| e.message)?;
                let mut at = path.clone();
                at.push(Step::Index(index));
                for (key, value) in table {
                    at.push(Step::Key(key.clone()));
                    let value = field_value(value, is_date(fields, &at))?;
                    file.set(&dotted(&at), &value).map_err(|e| e.message)?;
                    at.pop();
                }
            }
        }
    }
    Ok(file.text())
}

/// A form's value as the writer takes it: a date field's ISO text as a TOML date.
fn field_value(value: &Value, date: bool) -> Result<FieldValue, String> {
    Ok(match value {
        Value::String(s) if date => match Date::parse_iso(s) {
            Ok(d) => FieldValue::Date(d),
            // Not a date yet (half typed): written as text, which `check` then explains.
            Err(_) => FieldValue::Text(s.clone()),
        },
        Value::String(s) => FieldValue::Text(s.clone()),
        Value::Bool(b) => FieldValue::Bool(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => FieldValue::Integer(i),
            None => FieldValue::Text(n.to_string()),
        },
        Value::Array(items) => FieldValue::List(
            items
                .iter()
                .map(|v| match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect(),
        ),
        Value::Null => FieldValue::Text(String::new()),
        Value::Object(_) => {
            return Err("a table cannot be written where the form expects a value".to_string());
        }
    })
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
