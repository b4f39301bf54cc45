//! Values read from a sheet, written through the authoring layer's writer (which keeps every
//! other byte of the file) at a field's place: `title` at the top, `risks.likelihood` in the
//! first `[[risks]]` entry, `plan.action` in the first `[[plan]]` entry (added when the file has
//! none), `capacity.status` in `[capacity]`.

use super::value::Value;
use crate::authoring::edit::{FieldValue, TomlEdit};
use crate::error::Error;

/// The tables of a record that are lists of entries: a row fills the first entry.
const LISTS: &[&str] = &["risks", "plan", "alternatives"];

/// The value as the authoring layer writes it (a whole number is written without a fraction).
pub fn field_value(value: &Value) -> FieldValue {
    match value {
        Value::Text(text) => FieldValue::Text(text.clone()),
        Value::Date(date) => FieldValue::Date(*date),
        Value::Bool(b) => FieldValue::Bool(*b),
        Value::Int(n) => FieldValue::Integer(*n),
        Value::Float(n) if n.fract() == 0.0 && n.abs() < 1e15 => FieldValue::Integer(*n as i64),
        Value::Float(n) => FieldValue::Float(*n),
        Value::List(items) => FieldValue::List(items.clone()),
    }
}

/// Sets a field (`risks.likelihood`) of a record, adding the first entry of its list when the
/// file has none.
pub fn set(file: &mut TomlEdit, key: &str, value: &Value) -> Result<(), Error> {
    let value = field_value(value);
    match key.split_once('.') {
        Some((list, inner)) if LISTS.contains(&list) => {
            let path = format!("{list}[0].{inner}");
            if file.set(&path, &value).is_err() {
                file.append(list)?;
                file.set(&path, &value)?;
            }
            Ok(())
        }
        _ => file.set(key, &value),
    }
}

/// Adds an entry to the list of tables `list` (`incidents`, `questions`) with `values`, after
/// the list's last entry.
pub fn append(file: &mut TomlEdit, list: &str, values: &[(&str, Value)]) -> Result<usize, Error> {
    let index = file.append(list)?;
    set_entry(file, list, index, values)?;
    Ok(index)
}

/// Sets `values` in entry `index` of the list of tables `list`.
pub fn set_entry(
    file: &mut TomlEdit,
    list: &str,
    index: usize,
    values: &[(&str, Value)],
) -> Result<(), Error> {
    for (key, value) in values {
        file.set(&format!("{list}[{index}].{key}"), &field_value(value))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

    #[test]
    fn values_go_to_their_place_and_keep_the_notes_before_them() {
        let mut file = TomlEdit::parse(
            "# the title\ntitle = \"x\" # kept\n\n[[risks]]\n# how likely\nlikelihood = \"low\"\n[review]\n# every_days = 28\n",
        )
        .unwrap();
        set(&mut file, "title", &Value::Text("Gym".into())).unwrap();
        set(&mut file, "risks.likelihood", &Value::Text("high".into())).unwrap();
        set(
            &mut file,
            "plan.action",
            &Value::Text("Text when home\n- and call".into()),
        )
        .unwrap();
        set(&mut file, "plan.owner", &Value::Text("AB".into())).unwrap();
        set(
            &mut file,
            "review.next_due",
            &Value::Date(Date::from_ymd(2026, 4, 1).unwrap()),
        )
        .unwrap();
        set(
            &mut file,
            "themes",
            &Value::List(vec!["a".into(), "b".into()]),
        )
        .unwrap();
        let text = file.text();
        assert!(
            text.starts_with("# the title\ntitle = \"Gym\" # kept\n"),
            "{text}"
        );
        assert!(
            text.contains("# how likely\nlikelihood = \"high\"\n"),
            "{text}"
        );
        assert!(
            text.contains("# every_days = 28\n\n[[plan]]\naction = \"\"\"\nText when home\n- and call\"\"\"\nowner = \"AB\"\n"),
            "{text}"
        );
        assert!(
            text.contains("[review]\nnext_due = 2026-04-01\n# every_days"),
            "{text}"
        );
        assert!(text.contains("themes = [\"a\", \"b\"]"), "{text}");
        assert_eq!(text.matches("[[plan]]").count(), 1, "{text}");
        let back: toml::Table = toml::from_str(&text).unwrap();
        assert_eq!(
            back["plan"][0]["action"].as_str(),
            Some("Text when home\n- and call")
        );
        assert_eq!(field_value(&Value::Float(10.0)), FieldValue::Integer(10));
        assert_eq!(field_value(&Value::Float(12.5)), FieldValue::Float(12.5));
    }
}
