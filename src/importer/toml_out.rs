//! Values read from a sheet, put into a TOML document at a field's place: `title` at the top,
//! `risks.likelihood` in the first `[[risks]]` entry, `capacity.status` in `[capacity]`.

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table};

use super::value::Value;

/// The tables of a record that are lists of entries (`[[risks]]`, `[[plan]]`): a row fills the
/// first entry.
const ARRAYS_OF_TABLES: &[&str] = &["risks", "plan", "alternatives", "incidents", "questions"];

pub fn toml_value(value: &Value) -> toml_edit::Value {
    match value {
        Value::Text(text) => toml_edit::Value::from(text.as_str()),
        Value::Date(date) => date
            .iso()
            .parse::<toml_edit::Datetime>()
            .map(toml_edit::Value::from)
            .unwrap_or_else(|_| toml_edit::Value::from(date.iso())),
        Value::Bool(b) => toml_edit::Value::from(*b),
        Value::Int(n) => toml_edit::Value::from(*n),
        Value::Float(n) if n.fract() == 0.0 && n.abs() < 1e15 => toml_edit::Value::from(*n as i64),
        Value::Float(n) => toml_edit::Value::from(*n),
        Value::List(items) => {
            toml_edit::Value::Array(items.iter().map(String::as_str).collect())
        }
    }
}

/// Sets `key` (a field key such as `risks.likelihood`) in `doc`, creating its table (or the first
/// entry of its list of tables) when the document has none. A value already there keeps the
/// comments before it.
pub fn set(doc: &mut DocumentMut, key: &str, value: &Value) {
    match key.split_once('.') {
        None => set_in(doc.as_table_mut(), key, value),
        Some((table, inner)) => {
            let target = table_for(doc, table);
            set_in(target, inner, value);
        }
    }
}

/// Sets `table[key]`, keeping the comments around a value already there.
pub fn set_in(table: &mut Table, key: &str, value: &Value) {
    let value = toml_value(value);
    match table.get_mut(key) {
        Some(Item::Value(old)) => {
            let decor = old.decor().clone();
            *old = value;
            *old.decor_mut() = decor;
        }
        _ => {
            table.insert(key, Item::Value(value));
        }
    }
}

/// The table a dotted key's first part names, made when missing.
fn table_for<'a>(doc: &'a mut DocumentMut, name: &str) -> &'a mut Table {
    let is_array = ARRAYS_OF_TABLES.contains(&name);
    let present = doc.get(name).is_some_and(|item| {
        if is_array {
            item.as_array_of_tables().is_some_and(|a| !a.is_empty())
        } else {
            item.is_table()
        }
    });
    if !present {
        // A new table goes at the end, after the notes that end the document (which belong to
        // the table before them), so that a key uncommented there stays in its table.
        let mut table = Table::new();
        let trailing = doc.trailing().as_str().unwrap_or_default().to_string();
        if !trailing.trim().is_empty() {
            table.decor_mut().set_prefix(format!("{trailing}\n"));
            doc.set_trailing("");
        }
        let root = doc.as_table_mut();
        if is_array {
            let mut array = ArrayOfTables::new();
            array.push(table);
            root.insert(name, Item::ArrayOfTables(array));
        } else {
            root.insert(name, Item::Table(table));
        }
    }
    let item = doc.as_table_mut().get_mut(name).expect("just made");
    if is_array {
        item.as_array_of_tables_mut()
            .and_then(|a| a.get_mut(0))
            .expect("just made")
    } else {
        item.as_table_mut().expect("just made")
    }
}

/// Adds `entry` to the list of tables `key` (`[[incidents]]`), made when missing. The rest of
/// the document keeps every byte.
pub fn append(doc: &mut DocumentMut, key: &str, entry: Table) {
    match doc.get_mut(key).and_then(Item::as_array_of_tables_mut) {
        Some(list) => list.push(entry),
        None => {
            let mut list = ArrayOfTables::new();
            list.push(entry);
            doc.insert(key, Item::ArrayOfTables(list));
        }
    }
}

/// Whether `table[key]` holds `value` already.
pub fn holds(table: &Table, key: &str, value: &Value) -> bool {
    let wanted = toml_value(value);
    table
        .get(key)
        .and_then(Item::as_value)
        .is_some_and(|v| same(v, &wanted))
}

/// Two values are the same when they read the same, however they are written.
pub fn same(a: &toml_edit::Value, b: &toml_edit::Value) -> bool {
    use toml_edit::Value as V;
    match (a, b) {
        (V::String(x), V::String(y)) => x.value() == y.value(),
        (V::Integer(x), V::Integer(y)) => x.value() == y.value(),
        (V::Float(x), V::Float(y)) => x.value() == y.value(),
        (V::Integer(x), V::Float(y)) | (V::Float(y), V::Integer(x)) => {
            *x.value() as f64 == *y.value()
        }
        (V::Boolean(x), V::Boolean(y)) => x.value() == y.value(),
        (V::Datetime(x), V::Datetime(y)) => x.value() == y.value(),
        (V::Array(x), V::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| same(p, q))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

    #[test]
    fn values_go_to_their_place_and_keep_the_notes_before_them() {
        let mut doc: DocumentMut = "# the title\ntitle = \"x\" # kept\n\n[[risks]]\n# how likely\nlikelihood = \"low\"\n[review]\n# every_days = 28\n"
            .parse()
            .unwrap();
        set(&mut doc, "title", &Value::Text("Gym".into()));
        set(&mut doc, "risks.likelihood", &Value::Text("high".into()));
        set(&mut doc, "plan.action", &Value::Text("Text when home\n- and call".into()));
        set(&mut doc, "review.next_due", &Value::Date(Date::from_ymd(2026, 4, 1).unwrap()));
        set(&mut doc, "themes", &Value::List(vec!["a".into(), "b".into()]));
        let text = doc.to_string();
        assert!(text.starts_with("# the title\ntitle = \"Gym\" # kept\n"), "{text}");
        assert!(text.contains("# how likely\nlikelihood = \"high\"\n"), "{text}");
        assert!(text.contains("# every_days = 28\n\n[[plan]]\naction = \"\"\"\nText when home\n- and call\"\"\"\n"), "{text}");
        assert!(text.contains("[review]\nnext_due = 2026-04-01\n# every_days"), "{text}");
        assert!(text.contains("themes = [\"a\", \"b\"]"), "{text}");
        let back: toml::Table = toml::from_str(&text).unwrap();
        assert_eq!(back["plan"][0]["action"].as_str(), Some("Text when home\n- and call"));
        assert!(holds(doc.as_table(), "title", &Value::Text("Gym".into())));
        assert!(!holds(doc.as_table(), "title", &Value::Text("Bus".into())));
    }
}
