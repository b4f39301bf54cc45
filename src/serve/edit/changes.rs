//! What a form changed: the record as the page holds it (JSON) compared with the file as it was
//! loaded, key by key, as the few edits that turn one into the other. Only the keys the form
//! changed become edits; a key the form does not show is never touched.
//!
//! Entries of a list of tables carry `"__orig"`, their index in the file as loaded, so that an
//! entry removed in the form is removed from the file and a new one (no `__orig`) is appended at
//! the end of its kind.

use serde_json::{Map, Value};

use super::form::{self, Field, Kind};

/// Where a value stands in the file: `risks[0].to` is `[Key("risks"), Index(0), Key("to")]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// One change to the file.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Set a key (making the tables above it when they are missing).
    Set { path: Vec<Step>, value: Value },
    /// Remove a key, or one entry of a list of tables.
    Remove { path: Vec<Step> },
    /// Add a table at the end of a list of tables.
    Append {
        path: Vec<Step>,
        table: Map<String, Value>,
    },
}

/// The dotted key of a path, as findings name it (`risks[0].to`).
pub fn dotted(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// The marker on each entry of a list of tables: its index in the file as loaded.
pub const ORIG: &str = "__orig";

/// The edits that make `loaded` (the file as read, as JSON) into `submitted` (the form's record).
pub fn diff(
    loaded: &Map<String, Value>,
    submitted: &Map<String, Value>,
    fields: &[Field],
) -> Vec<Edit> {
    let mut edits = Vec::new();
    table(&mut Vec::new(), loaded, submitted, fields, &mut edits);
    edits
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.iter().all(|(k, v)| k == ORIG || is_empty(v)),
        _ => false,
    }
}

fn table(
    path: &mut Vec<Step>,
    loaded: &Map<String, Value>,
    submitted: &Map<String, Value>,
    fields: &[Field],
    edits: &mut Vec<Edit>,
) {
    for (key, new) in submitted {
        if key == ORIG {
            continue;
        }
        let field = fields.iter().find(|f| &f.key == key);
        path.push(Step::Key(key.clone()));
        match (loaded.get(key), new) {
            (None, new) if is_empty(new) => {}
            (Some(_), Value::Null) => edits.push(Edit::Remove { path: path.clone() }),
            (Some(Value::Object(old)), Value::Object(new)) => {
                table(path, old, new, sub_fields(field), edits)
            }
            (old, Value::Array(new)) if is_list(field, new) => {
                let empty = Vec::new();
                let old = match old {
                    Some(Value::Array(a)) => a,
                    _ => &empty,
                };
                list(path, old, new, sub_fields(field), edits);
            }
            (None, Value::Object(new)) => {
                // A table the file did not have: each of its keys set (the writer makes it).
                table(path, &Map::new(), new, sub_fields(field), edits)
            }
            (old, new) => {
                let new = typed(new, field);
                if old != Some(&new) {
                    edits.push(Edit::Set {
                        path: path.clone(),
                        value: new,
                    });
                }
            }
        }
        path.pop();
    }
}

fn is_list(field: Option<&Field>, new: &[Value]) -> bool {
    matches!(field.map(|f| &f.kind), Some(Kind::List { .. })) || new.iter().any(Value::is_object)
}

fn sub_fields(field: Option<&Field>) -> &[Field] {
    match field.map(|f| &f.kind) {
        Some(Kind::Group { fields } | Kind::List { fields, .. }) => fields,
        _ => &[],
    }
}

/// A number box's text as a number, so that the file gets `56`, not `"56"`.
fn typed(value: &Value, field: Option<&Field>) -> Value {
    match (field.map(|f| &f.kind), value) {
        (Some(Kind::Number { .. }), Value::String(s)) => s
            .trim()
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or_else(|_| value.clone()),
        _ => value.clone(),
    }
}

fn list(
    path: &mut Vec<Step>,
    loaded: &[Value],
    submitted: &[Value],
    fields: &[Field],
    edits: &mut Vec<Edit>,
) {
    let kept: Vec<usize> = submitted
        .iter()
        .filter_map(|e| e.get(ORIG).and_then(Value::as_u64))
        .map(|i| i as usize)
        .filter(|&i| i < loaded.len())
        .collect();
    let removed: Vec<usize> = (0..loaded.len()).filter(|i| !kept.contains(i)).collect();
    for &i in removed.iter().rev() {
        let mut at = path.clone();
        at.push(Step::Index(i));
        edits.push(Edit::Remove { path: at });
    }
    let empty = Map::new();
    for entry in submitted {
        let Some(new) = entry.as_object() else {
            continue;
        };
        match new.get(ORIG).and_then(Value::as_u64).map(|i| i as usize) {
            Some(i) if i < loaded.len() => {
                let index = i - removed.iter().filter(|&&r| r < i).count();
                let old = loaded[i].as_object().unwrap_or(&empty);
                path.push(Step::Index(index));
                table(path, old, new, fields, edits);
                path.pop();
            }
            _ => {
                let table: Map<String, Value> = new
                    .iter()
                    .filter(|(k, v)| *k != ORIG && !is_empty(v))
                    .map(|(k, v)| (k.clone(), typed(v, fields.iter().find(|f| &f.key == k))))
                    .collect();
                if !table.is_empty() {
                    edits.push(Edit::Append {
                        path: path.clone(),
                        table,
                    });
                }
            }
        }
    }
}

/// Whether the value at `path` is a date (written to the file as a TOML date, not a text).
pub fn is_date(fields: &[Field], path: &[Step]) -> bool {
    form::find(fields, &dotted(path)).is_some_and(|f| f.kind == Kind::Date)
}

/// A file's text as the JSON the form holds: dates as `2026-03-02`, each entry of a list of
/// tables marked with its index. `None` when the text is not TOML.
pub fn to_json(text: &str) -> Option<Map<String, Value>> {
    let table: toml::Table = toml::from_str(text).ok()?;
    match convert(toml::Value::Table(table)) {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

fn convert(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => {
            let tables = items.iter().all(toml::Value::is_table) && !items.is_empty();
            Value::Array(
                items
                    .into_iter()
                    .enumerate()
                    .map(|(i, item)| {
                        let mut v = convert(item);
                        if tables && let Value::Object(o) = &mut v {
                            o.insert(ORIG.to_string(), Value::from(i));
                        }
                        v
                    })
                    .collect(),
            )
        }
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, convert(v))).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn only_changed_keys_become_edits() {
        let loaded = obj(json!({"title": "A", "choice": {"summary": "S"}, "other": 1}));
        let submitted =
            obj(json!({"title": "B", "choice": {"summary": "S", "in_their_words": null}}));
        let edits = diff(&loaded, &submitted, &[]);
        assert_eq!(
            edits,
            vec![Edit::Set {
                path: vec![Step::Key("title".into())],
                value: json!("B")
            }]
        );
    }

    #[test]
    fn an_emptied_optional_key_is_removed() {
        let loaded = obj(json!({"service": "X"}));
        let submitted = obj(json!({"service": null}));
        assert_eq!(
            diff(&loaded, &submitted, &[]),
            vec![Edit::Remove {
                path: vec![Step::Key("service".into())]
            }]
        );
    }

    #[test]
    fn list_entries_are_removed_changed_and_appended() {
        let text =
            "[[risks]]\nto = \"self\"\n[[risks]]\nto = \"others\"\n[[risks]]\nto = \"both\"\n";
        let loaded = to_json(text).unwrap();
        assert_eq!(loaded["risks"][1][ORIG], json!(1));
        let submitted = obj(json!({"risks": [
            {"__orig": 0, "to": "self"},
            {"__orig": 2, "to": "self"},
            {"to": "others", "description": "new", "impact": null}
        ]}));
        let edits = diff(&loaded, &submitted, &[]);
        let risks = || vec![Step::Key("risks".into())];
        assert_eq!(
            edits,
            vec![
                Edit::Remove {
                    path: [risks(), vec![Step::Index(1)]].concat()
                },
                Edit::Set {
                    path: [risks(), vec![Step::Index(1), Step::Key("to".into())]].concat(),
                    value: json!("self")
                },
                Edit::Append {
                    path: risks(),
                    table: obj(json!({"to": "others", "description": "new"}))
                },
            ]
        );
        assert_eq!(
            dotted(&[
                Step::Key("risks".into()),
                Step::Index(1),
                Step::Key("to".into())
            ]),
            "risks[1].to"
        );
    }

    #[test]
    fn dates_read_as_their_iso_form() {
        let loaded = to_json("opened = 2026-02-16\n").unwrap();
        assert_eq!(loaded["opened"], json!("2026-02-16"));
        assert!(to_json("not toml = = 1").is_none());
    }
}
