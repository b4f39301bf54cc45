//! Changing one key of a TOML file and keeping every other byte: comments, blank lines, key
//! order, quoting style and every untouched value (SPEC section 12, "Writing the file").
//!
//! Keys are named by the dotted paths the findings use (SPEC section 8): `decision.rationale`,
//! `risks[0].to` (indexes count from 0 in the order of the file), `capacity.consulted`.
//!
//! ```
//! use evidence_pack::authoring::edit::{FieldValue, TomlEdit};
//! let mut file = TomlEdit::parse("id = \"D-001\" # kept\n[decision]\nrationale = \"\"\n").unwrap();
//! file.set("decision.rationale", &FieldValue::Text("Her choice.".into())).unwrap();
//! assert_eq!(file.text(), "id = \"D-001\" # kept\n[decision]\nrationale = \"Her choice.\"\n");
//! ```

use std::fmt;

use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, TableLike, Value};

use crate::error::Error;
use crate::model::Date;

/// A value to write, typed as the model reads it.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    /// A string; one holding a line break (Markdown) is written as a `"""` string over lines.
    Text(String),
    /// A TOML date, such as `2026-11-01`.
    Date(Date),
    Integer(i64),
    /// A number that may have a fraction, such as a question's weight (`12.5`).
    Float(f64),
    Bool(bool),
    /// A list of strings, such as `statements = ["S4", "C3"]`.
    List(Vec<String>),
}

/// One step of a key path: a key, and for a list of tables, which entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub key: String,
    pub index: Option<usize>,
}

/// A dotted key path such as `risks[0].to`, as the findings name keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyPath(pub Vec<Step>);

impl KeyPath {
    /// Reads `decision.rationale`, `risks[0].to`, `reviews[2]`. Keys are bare TOML keys (letters,
    /// digits, `_` and `-`).
    pub fn parse(path: &str) -> Result<KeyPath, Error> {
        let bad = || {
            Error::new(format!(
                "\"{}\" is not a key this tool can change: write keys such as decision.rationale or risks[0].to.",
                crate::text::printable(path)
            ))
        };
        let mut steps = Vec::new();
        for part in path.split('.') {
            let (key, index) = match part.split_once('[') {
                None => (part, None),
                Some((key, rest)) => {
                    let number = rest.strip_suffix(']').ok_or_else(bad)?;
                    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
                        return Err(bad());
                    }
                    (key, Some(number.parse::<usize>().map_err(|_| bad())?))
                }
            };
            let bare = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
            if key.is_empty() || !key.chars().all(bare) {
                return Err(bad());
            }
            steps.push(Step {
                key: key.to_string(),
                index,
            });
        }
        Ok(KeyPath(steps))
    }
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            f.write_str(&step.key)?;
            if let Some(index) = step.index {
                write!(f, "[{index}]")?;
            }
        }
        Ok(())
    }
}

/// A TOML file being edited. Only what is changed through it changes in [`TomlEdit::text`].
#[derive(Debug, Clone)]
pub struct TomlEdit {
    doc: DocumentMut,
    /// Every line of the file ended in CR LF (as Windows editors save it): `toml_edit` writes
    /// LF, so [`TomlEdit::text`] puts the CRs back rather than change every line of the file.
    crlf: bool,
}

impl TomlEdit {
    /// The file's text, which must be valid TOML (a file `check` reports as broken is edited as
    /// text, not through this).
    pub fn parse(text: &str) -> Result<TomlEdit, Error> {
        let doc = text.parse::<DocumentMut>().map_err(|e| {
            Error::new(format!(
                "The file is not valid TOML, so it cannot be changed key by key: {}",
                e.message()
            ))
            .with_help("Fix the file as `evidence-pack check` describes, then try again.")
        })?;
        let lines = text.matches('\n').count();
        let crlf = lines > 0 && text.matches("\r\n").count() == lines;
        Ok(TomlEdit { doc, crlf })
    }

    /// The file as it now reads.
    pub fn text(&self) -> String {
        let text = self.doc.to_string();
        if self.crlf {
            text.replace("\r\n", "\n").replace('\n', "\r\n")
        } else {
            text
        }
    }

    /// Sets the key at `path` to `value`. An existing value is replaced in place, keeping the
    /// spaces and any comment around it (and left as written when it already reads as `value`); a new key goes after the last key of its table, and a
    /// missing table (such as `[capacity]`) is added at the end of the file.
    pub fn set(&mut self, path: &str, value: &FieldValue) -> Result<(), Error> {
        let path = KeyPath::parse(path)?;
        let (last, parents) = path.0.split_last().ok_or_else(|| no_key(&path))?;
        if last.index.is_some() {
            return Err(Error::new(format!(
                "{path} is an entry of a list, not a key: set one of its keys, such as {path}.on."
            )));
        }
        let new_root = self.new_root_table(&path.0, !parents.is_empty());
        let table = table_at(&mut self.doc, parents, true, &path)?;
        let mut new = to_value(value);
        match table.get_mut(&last.key) {
            // The value it already holds, however written: every byte stays.
            Some(Item::Value(old)) if same_value(old, &new) => {}
            Some(Item::Value(old)) => {
                *new.decor_mut() = old.decor().clone();
                *old = new;
            }
            Some(Item::None) | None => {
                table.insert(&last.key, Item::Value(new));
            }
            Some(_) => {
                return Err(Error::new(format!(
                    "{path} is a table, not a single value, so it cannot be set."
                )));
            }
        }
        self.notes_before(new_root);
        Ok(())
    }

    /// The key of the table at the top of the file that changing `steps` will add, if any.
    fn new_root_table(&self, steps: &[Step], makes_table: bool) -> Option<String> {
        let first = steps.first()?;
        (makes_table && self.doc.get(&first.key).is_none()).then(|| first.key.clone())
    }

    /// A table added at the end of the file goes after the notes that end it (which belong to
    /// the table before them, as in a new record's template), so that a key written there by
    /// removing its `#` stays in its own table.
    fn notes_before(&mut self, new_root: Option<String>) {
        let Some(key) = new_root else {
            return;
        };
        let notes = self.doc.trailing().as_str().unwrap_or_default().to_string();
        if notes.trim().is_empty() {
            return;
        }
        let decor = match self.doc.get_mut(&key) {
            Some(Item::Table(table)) => table.decor_mut(),
            Some(Item::ArrayOfTables(list)) => match list.get_mut(0) {
                Some(table) => table.decor_mut(),
                None => return,
            },
            _ => return,
        };
        decor.set_prefix(format!("{notes}\n"));
        self.doc.set_trailing("");
    }

    /// Removes the key (or table, or list entry) at `path`, with the comment lines just above it.
    /// `false` when there was nothing there.
    pub fn remove(&mut self, path: &str) -> Result<bool, Error> {
        let parsed = KeyPath::parse(path)?;
        let (last, parents) = parsed.0.split_last().ok_or_else(|| no_key(&parsed))?;
        let table = match table_at(&mut self.doc, parents, false, &parsed) {
            Ok(table) => table,
            Err(_) => return Ok(false),
        };
        let Some(index) = last.index else {
            return Ok(table.remove(&last.key).is_some());
        };
        let removed = match table.get_mut(&last.key) {
            Some(Item::ArrayOfTables(list)) if index < list.len() => {
                list.remove(index);
                list.is_empty()
            }
            Some(Item::Value(Value::Array(list))) if index < list.len() => {
                list.remove(index);
                list.is_empty()
            }
            _ => return Ok(false),
        };
        if removed {
            // The last entry went: the list itself goes, rather than leaving `risks = []`.
            table.remove(&last.key);
        }
        Ok(true)
    }

    /// Removes entry `index` of the list of tables at `path` (`reviews`, 0): the same as
    /// removing `reviews[0]`.
    pub fn remove_entry(&mut self, path: &str, index: usize) -> Result<bool, Error> {
        self.remove(&format!("{path}[{index}]"))
    }

    /// Adds an empty entry to the list of tables at `path` (such as `reviews`), after the last
    /// entry of that list (or at the end of the file for the first), and returns its index, ready
    /// for `set("reviews[N].on", …)`.
    pub fn append(&mut self, path: &str) -> Result<usize, Error> {
        let parsed = KeyPath::parse(path)?;
        let (last, parents) = parsed.0.split_last().ok_or_else(|| no_key(&parsed))?;
        if last.index.is_some() {
            return Err(Error::new(format!(
                "{parsed} names one entry: name the list itself, such as reviews."
            )));
        }
        let new_root = self.new_root_table(&parsed.0, true);
        let table = table_at(&mut self.doc, parents, true, &parsed)?;
        if table.get(&last.key).is_none() {
            table.insert(&last.key, Item::ArrayOfTables(ArrayOfTables::new()));
        }
        match table.get_mut(&last.key) {
            Some(Item::ArrayOfTables(list)) => {
                list.push(Table::new());
                let index = list.len() - 1;
                self.notes_before(new_root);
                Ok(index)
            }
            Some(Item::Value(Value::Array(list)))
                if list.iter().all(|v| v.as_inline_table().is_some()) =>
            {
                list.push(InlineTable::new());
                Ok(list.len() - 1)
            }
            _ => Err(Error::new(format!(
                "{parsed} is not a list of tables, so an entry cannot be added to it."
            ))),
        }
    }
}

fn no_key(path: &KeyPath) -> Error {
    Error::new(format!("\"{path}\" names no key."))
}

/// The table that `steps` lead to. With `create`, missing tables (not list entries) are added.
fn table_at<'a>(
    doc: &'a mut DocumentMut,
    steps: &[Step],
    create: bool,
    whole: &KeyPath,
) -> Result<&'a mut dyn TableLike, Error> {
    let mut table: &mut dyn TableLike = doc.as_table_mut();
    for step in steps {
        if table.get(&step.key).is_none() {
            if !create || step.index.is_some() {
                return Err(Error::new(format!(
                    "{whole} cannot be changed: the file has no {}.",
                    step.key
                )));
            }
            table.insert(&step.key, Item::Table(Table::new()));
        }
        let item = table.get_mut(&step.key).expect("present or just added");
        let next: Option<&mut dyn TableLike> = match (step.index, item) {
            (None, item) => item.as_table_like_mut(),
            (Some(i), Item::ArrayOfTables(list)) => {
                list.get_mut(i).map(|t| t as &mut dyn TableLike)
            }
            (Some(i), Item::Value(Value::Array(list))) => list
                .get_mut(i)
                .and_then(Value::as_inline_table_mut)
                .map(|t| t as &mut dyn TableLike),
            _ => None,
        };
        table = next.ok_or_else(|| {
            Error::new(format!(
                "{whole} cannot be changed: {} is not a table with that entry.",
                step.key
            ))
        })?;
    }
    Ok(table)
}

/// Whether two values read the same, however they are written (`'a'` and `"a"`, `10` and
/// `10.0`, a multi-line text with CR LF or LF line breaks).
fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => {
            x.value() == y.value()
                || x.value().replace("\r\n", "\n") == y.value().replace("\r\n", "\n")
        }
        (Value::Integer(x), Value::Integer(y)) => x.value() == y.value(),
        (Value::Float(x), Value::Float(y)) => x.value() == y.value(),
        (Value::Integer(x), Value::Float(y)) | (Value::Float(y), Value::Integer(x)) => {
            *x.value() as f64 == *y.value()
        }
        (Value::Boolean(x), Value::Boolean(y)) => x.value() == y.value(),
        (Value::Datetime(x), Value::Datetime(y)) => x.value() == y.value(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| same_value(p, q))
        }
        _ => false,
    }
}

/// The TOML value for `value`, without decoration.
fn to_value(value: &FieldValue) -> Value {
    match value {
        FieldValue::Text(text) if text.contains('\n') => multi_line(text)
            .parse::<Value>()
            .expect("a multi-line string this module wrote parses"),
        FieldValue::Text(text) => Value::from(text.as_str()),
        FieldValue::Date(date) => Value::from(
            date.iso()
                .parse::<toml_edit::Datetime>()
                .expect("an ISO date parses as a TOML date"),
        ),
        FieldValue::Integer(n) => Value::from(*n),
        FieldValue::Float(n) => Value::from(*n),
        FieldValue::Bool(b) => Value::from(*b),
        FieldValue::List(items) => {
            Value::Array(items.iter().map(String::as_str).collect::<Array>())
        }
    }
}

/// `text` as a `"""` string starting on the next line, escaped only where it must be: a
/// backslash, a quote that would make three in a row (or end the string), and control
/// characters other than tab and line break.
fn multi_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str("\"\"\"\n");
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' if matches!(chars.peek(), Some('"') | None) => out.push_str("\\\""),
            '\r' => out.push_str("\\r"),
            '\n' | '\t' => out.push(c),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push_str("\"\"\"");
    out
}

#[cfg(test)]
#[path = "edit_tests.rs"]
mod tests;
