//! The map (MAP.toml): which column holds each field, the words a sheet uses for a record's
//! values, how dates are written, and fixed values for fields the sheet lacks.
//!
//! ```toml
//! kind = "decisions"              # decisions | incidents | questions
//! sheet = "Risk register"         # optional: the workbook's sheet (default: the first)
//! dates = "day-first"             # day-first (UK, 14/03/2026; the default) | month-first
//!
//! [columns]                       # field = "the column's header"
//! title = "Risk"
//! "risks.likelihood" = "Likelihood"
//!
//! [values."risks.likelihood"]     # the sheet's word = the record's value
//! "Med" = "medium"
//!
//! [fixed]                         # the same value for every row
//! service = "Riverside supported living"
//! ```

use std::collections::BTreeMap;

use super::fields::{Field, INCIDENT_PERSON, INCIDENT_RECORD, Kind};
use super::sheet::{Cell, Row, Sheet};
use super::value::{self, DateOrder, Value, Words};
use crate::error::Error;
use crate::model::Date;

#[derive(Debug, Clone)]
pub struct Map {
    pub kind: Kind,
    pub sheet: Option<String>,
    pub dates: DateOrder,
    /// Field key and the header of the column that holds it.
    pub columns: Vec<(&'static Field, String)>,
    /// Field key and its words.
    pub values: BTreeMap<&'static str, Words>,
    /// Field and the value every row gets when its column is missing or empty.
    pub fixed: Vec<(&'static Field, Cell)>,
}

fn map_error(message: String) -> Error {
    Error::new(message).with_help(
        "Open the map in a text editor and correct it. `evidence-pack import map KIND FILE` writes a starting map from the sheet's header row.",
    )
}

/// Reads a map for imports of `kind`.
pub fn parse(text: &str, kind: Kind) -> Result<Map, Error> {
    let table: toml::Table = toml::from_str(text)
        .map_err(|e| map_error(format!("The map is not valid TOML: {}", e.message())))?;
    let mut map = Map {
        kind,
        sheet: None,
        dates: DateOrder::DayFirst,
        columns: Vec::new(),
        values: BTreeMap::new(),
        fixed: Vec::new(),
    };
    for (key, item) in &table {
        match (key.as_str(), item) {
            ("kind", toml::Value::String(k)) => match Kind::parse(k) {
                Some(k) if k == kind => {}
                _ => {
                    return Err(map_error(format!(
                        "The map is for importing {k}, not {}.",
                        kind.as_str()
                    )));
                }
            },
            ("sheet", toml::Value::String(s)) => map.sheet = Some(s.clone()),
            ("dates", toml::Value::String(d)) => {
                map.dates = match d.as_str() {
                    "day-first" => DateOrder::DayFirst,
                    "month-first" => DateOrder::MonthFirst,
                    _ => {
                        return Err(map_error(format!(
                            "dates = \"{d}\" in the map: write \"day-first\" (14/03/2026, the UK way) or \"month-first\" (03/14/2026)."
                        )));
                    }
                }
            }
            ("columns", toml::Value::Table(t)) => {
                for (field, header) in flatten(t) {
                    let field = known_field(kind, &field)?;
                    let toml::Value::String(header) = header else {
                        return Err(map_error(format!(
                            "In the map's [columns], {} should be a column's header in quotes.",
                            field.key
                        )));
                    };
                    map.columns.push((field, header));
                }
            }
            ("values", toml::Value::Table(t)) => {
                for (field, words) in t {
                    let field = known_field(kind, field)?;
                    map.values.insert(field.key, words_of(field, words)?);
                }
            }
            ("fixed", toml::Value::Table(t)) => {
                for (field, fixed) in flatten(t) {
                    let field = known_field(kind, &field)?;
                    map.fixed.push((field, cell_of(&fixed)));
                }
            }
            _ => {
                return Err(map_error(format!(
                    "The map has \"{key}\", which is not one of its parts: kind, sheet, dates, [columns], [values] and [fixed]."
                )));
            }
        }
    }
    for field in kind.fields().iter().filter(|f| f.required) {
        if !map.gives(field.key) {
            return Err(map_error(format!(
                "The map gives no column (in [columns]) or fixed value (in [fixed]) for {}, which every {} needs.",
                field.key,
                kind.noun()
            )));
        }
    }
    if kind == Kind::Incidents && !map.gives(INCIDENT_RECORD) && !map.gives(INCIDENT_PERSON) {
        return Err(map_error(
            "The map gives no column for record (the decision record's id) or for person (the person's code), so no incident could be matched to its record.".to_string(),
        ));
    }
    Ok(map)
}

impl Map {
    pub fn gives(&self, key: &str) -> bool {
        self.columns.iter().any(|(f, _)| f.key == key)
            || self.fixed.iter().any(|(f, _)| f.key == key)
    }
}

/// `risks.likelihood = "…"` written without quotes is a nested table: read it as the dotted key.
fn flatten(table: &toml::Table) -> Vec<(String, toml::Value)> {
    let mut out = Vec::new();
    for (key, value) in table {
        match value {
            toml::Value::Table(inner) => out.extend(
                flatten(inner)
                    .into_iter()
                    .map(|(k, v)| (format!("{key}.{k}"), v)),
            ),
            other => out.push((key.clone(), other.clone())),
        }
    }
    out
}

fn known_field(kind: Kind, key: &str) -> Result<&'static Field, Error> {
    kind.field(key).ok_or_else(|| {
        let keys: Vec<String> = kind.fields().iter().map(|f| f.key.to_string()).collect();
        let hint = crate::text::closest(key, &keys)
            .map(|k| format!(" Did you mean \"{k}\"?"))
            .unwrap_or_default();
        map_error(format!(
            "The map names \"{key}\", which is not a field an import of {} fills.{hint} The fields are: {}.",
            kind.as_str(),
            keys.join(", ")
        ))
    })
}

fn words_of(field: &'static Field, words: &toml::Value) -> Result<Words, Error> {
    let toml::Value::Table(words) = words else {
        return Err(map_error(format!(
            "In the map, [values.\"{}\"] should list words, each as \"word in the sheet\" = \"value\".",
            field.key
        )));
    };
    let choices = field.choices();
    let mut out = Words::new();
    for (word, meant) in words {
        let meant = match meant {
            toml::Value::String(s) => s.clone(),
            toml::Value::Boolean(b) => if *b { "yes" } else { "no" }.to_string(),
            other => other.to_string(),
        };
        if !choices.is_empty() && !choices.contains(&meant) {
            return Err(map_error(format!(
                "In the map's [values.\"{}\"], \"{word}\" = \"{meant}\": \"{meant}\" is not one of {}.",
                field.key,
                choices.join(", ")
            )));
        }
        out.insert(value::fold_word(word), meant);
    }
    Ok(out)
}

fn cell_of(value: &toml::Value) -> Cell {
    match value {
        toml::Value::String(s) => Cell::Text(s.clone()),
        toml::Value::Integer(n) => Cell::Number(*n as f64),
        toml::Value::Float(n) => Cell::Number(*n),
        toml::Value::Boolean(b) => Cell::Bool(*b),
        toml::Value::Datetime(dt) => dt
            .date
            .and_then(|d| Date::from_ymd(i32::from(d.year), u32::from(d.month), u32::from(d.day)))
            .map_or_else(|| Cell::Text(dt.to_string()), Cell::Date),
        toml::Value::Array(items) => Cell::Text(
            items
                .iter()
                .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        toml::Value::Table(_) => Cell::Text(value.to_string()),
    }
}

/// A map joined to a sheet: each mapped field's column.
#[derive(Debug)]
pub struct Bound<'a> {
    pub map: &'a Map,
    pub columns: Vec<(&'static Field, usize)>,
    pub headers: &'a [String],
}

impl Map {
    /// Finds each mapped column in the sheet's header row.
    pub fn bind<'a>(&'a self, sheet: &'a Sheet) -> Result<Bound<'a>, Error> {
        let mut columns = Vec::new();
        let mut missing = Vec::new();
        for (field, header) in &self.columns {
            match sheet.column(header) {
                Some(i) => columns.push((*field, i)),
                None => missing.push(format!("\"{header}\" (for {})", field.key)),
            }
        }
        if !missing.is_empty() {
            let headers: Vec<String> = sheet.headers.iter().map(|h| format!("\"{h}\"")).collect();
            return Err(Error::new(format!(
                "The sheet has no column {}.",
                missing.join(", no column ")
            ))
            .with_help(format!(
                "Its header row is: {}. Correct the header in the map's [columns], or in the sheet.",
                headers.join(", ")
            )));
        }
        Ok(Bound {
            map: self,
            columns,
            headers: &sheet.headers,
        })
    }
}

/// One row read through the map.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadRow {
    pub number: usize,
    pub values: BTreeMap<&'static str, Value>,
    /// The count unit the limit's cell names ("500 words"), for questions.
    pub unit_hint: Option<&'static str>,
}

impl ReadRow {
    pub fn text(&self, key: &str) -> Option<&str> {
        match self.values.get(key) {
            Some(Value::Text(t)) => Some(t),
            _ => None,
        }
    }

    pub fn date(&self, key: &str) -> Option<Date> {
        match self.values.get(key) {
            Some(Value::Date(d)) => Some(*d),
            _ => None,
        }
    }
}

/// Why a row was not imported: its number, the column's header (when one cell is at fault) and
/// what is wrong, in plain words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub row: usize,
    pub column: Option<String>,
    pub message: String,
}

impl Problem {
    /// `Row 7, column "Date identified": "31/02/2026" is not a real date: …`
    pub fn line(&self) -> String {
        match &self.column {
            Some(column) => format!("Row {}, column \"{column}\": {}", self.row, self.message),
            None => format!("Row {}: {}", self.row, self.message),
        }
    }
}

impl Bound<'_> {
    /// Reads one row: its values, or every problem in it.
    pub fn read(&self, row: &Row) -> Result<ReadRow, Vec<Problem>> {
        let map = self.map;
        let mut values = BTreeMap::new();
        let mut problems = Vec::new();
        let mut unit_hint = None;
        let mut failed: Vec<&str> = Vec::new();
        for (field, column) in &self.columns {
            let cell = row.cell(*column);
            let header = self.headers.get(*column).cloned().unwrap_or_default();
            match value::convert(field, cell, map.values.get(field.key), map.dates) {
                Ok(Some(v)) => {
                    values.insert(field.key, v);
                    if field.key == "limit" {
                        unit_hint = value::unit_hint(cell);
                    }
                }
                Ok(None) => {}
                Err(message) => {
                    failed.push(field.key);
                    problems.push(Problem {
                        row: row.number,
                        column: Some(header),
                        message,
                    });
                }
            }
        }
        for (field, cell) in &map.fixed {
            if values.contains_key(field.key) || failed.contains(&field.key) {
                continue;
            }
            match value::convert(field, cell, map.values.get(field.key), map.dates) {
                Ok(Some(v)) => {
                    values.insert(field.key, v);
                }
                Ok(None) => {}
                Err(message) => {
                    failed.push(field.key);
                    problems.push(Problem {
                        row: row.number,
                        column: None,
                        message: format!("the map's fixed value for {}: {message}", field.key),
                    });
                }
            }
        }
        for field in map.kind.fields().iter().filter(|f| f.required) {
            if values.contains_key(field.key) || failed.contains(&field.key) {
                continue;
            }
            problems.push(Problem {
                row: row.number,
                column: self.header_of(field.key).map(str::to_string),
                message: format!(
                    "it is empty, and every {} needs its {}.",
                    map.kind.noun(),
                    field.key.replace('_', " ")
                ),
            });
        }
        if problems.is_empty() {
            Ok(ReadRow {
                number: row.number,
                values,
                unit_hint,
            })
        } else {
            Err(problems)
        }
    }

    fn header_of(&self, key: &str) -> Option<&str> {
        self.columns
            .iter()
            .find(|(f, _)| f.key == key)
            .and_then(|(_, i)| self.headers.get(*i))
            .map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::importer::sheet::read_csv;

    const MAP: &str = r#"
kind = "decisions"
[columns]
title = "Risk"
opened = "Date identified"
risks.likelihood = "Likelihood"
[values."risks.likelihood"]
"Med" = "medium"
[fixed]
service = "Riverside supported living"
"#;

    #[test]
    fn a_map_reads_columns_words_and_fixed_values() {
        let map = parse(MAP, Kind::Decisions).unwrap();
        assert!(map.gives("risks.likelihood") && map.gives("service"));
        let sheet = read_csv(
            b"Risk,Date identified,Likelihood\nGym,14/03/2026,Med\nBus,31/02/2026,Often\n,1/1/2026,Low\n",
        )
        .unwrap();
        let bound = map.bind(&sheet).unwrap();
        let first = bound.read(&sheet.rows[0]).unwrap();
        assert_eq!(first.text("risks.likelihood"), Some("medium"));
        assert_eq!(first.text("service"), Some("Riverside supported living"));
        assert_eq!(first.date("opened").unwrap().iso(), "2026-03-14");
        let problems = bound.read(&sheet.rows[1]).unwrap_err();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(
            problems[0].line(),
            "Row 3, column \"Date identified\": \"31/02/2026\" is not a real date: check the day and the month."
        );
        assert!(
            problems[1]
                .line()
                .starts_with("Row 3, column \"Likelihood\": \"Often\"")
        );
        let empty = bound.read(&sheet.rows[2]).unwrap_err();
        assert_eq!(
            empty[0].line(),
            "Row 4, column \"Risk\": it is empty, and every decision record needs its title."
        );
    }

    #[test]
    fn mistakes_in_the_map_are_named() {
        let err = parse(
            "[columns]\nrisk.likelihood = \"L\"\ntitle = \"T\"",
            Kind::Decisions,
        )
        .unwrap_err();
        assert!(
            err.message.contains("Did you mean \"risks.likelihood\""),
            "{}",
            err.message
        );
        let err = parse(
            "kind = \"questions\"\n[columns]\ntitle = \"T\"",
            Kind::Decisions,
        )
        .unwrap_err();
        assert!(
            err.message.contains("for importing questions"),
            "{}",
            err.message
        );
        let err = parse("[columns]\nservice = \"S\"", Kind::Decisions).unwrap_err();
        assert!(err.message.contains("for title"), "{}", err.message);
        let err = parse(
            "[columns]\ntitle = \"T\"\n[values.\"risks.impact\"]\nBig = \"huge\"",
            Kind::Decisions,
        )
        .unwrap_err();
        assert!(err.message.contains("low, medium, high"), "{}", err.message);
        let err = parse(
            "[columns]\non = \"D\"\nsummary = \"S\"\nharm = \"H\"",
            Kind::Incidents,
        )
        .unwrap_err();
        assert!(
            err.message.contains("no column for record"),
            "{}",
            err.message
        );
        let map = parse(MAP, Kind::Decisions).unwrap();
        let sheet = read_csv(b"Risk,Date\nGym,1/1/2026\n").unwrap();
        let err = map.bind(&sheet).unwrap_err();
        assert!(
            err.message.contains("\"Date identified\" (for opened)"),
            "{}",
            err.message
        );
        assert!(err.help.unwrap().contains("\"Risk\", \"Date\""));
    }
}
