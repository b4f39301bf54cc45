//! Every unknown key, misplaced key, wrong type and missing field of a file that parses, in one
//! run (SPEC section 7a): the parsed document is walked against the JSON Schema of its kind of
//! file (the one `evidence-pack schema` prints, generated from the same types), where the
//! record types' own reader stops at the first problem.
//!
//! A key that belongs in another table names the table it is in (from which line) and the one it
//! belongs under, and is never to be removed: it holds the writer's words.

use std::collections::BTreeMap;
use std::ops::Range;

use schemars::JsonSchema;
use serde_json::Value;
use serde_spanned::Spanned;
use toml::de::{DeTable, DeValue};

use super::toml_errors::date_in_words;
use crate::model::date::Date;

/// A problem found by the walk: where, what, what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub at: Range<usize>,
    pub message: String,
    pub help: String,
    /// A required key that is absent (a draft may miss them: SPEC 4b).
    pub missing: bool,
}

/// The shape of one kind of file: its schema, and for each key name the tables it belongs to.
pub struct Shape {
    root: Value,
    homes: BTreeMap<String, Vec<String>>,
}

const TOP: &str = "the top of the file";

/// What a value must be.
enum Kind<'a> {
    Table(&'a Value),
    List(&'a Value),
    Map(&'a Value),
    Words(Vec<&'a str>),
    Date,
    Text,
    WholeNumber,
    Number,
    TrueFalse,
    Any,
}

fn label(path: &str, list: bool) -> String {
    match (path.is_empty(), list) {
        (true, _) => TOP.to_string(),
        (false, true) => format!("[[{path}]]"),
        (false, false) => format!("[{path}]"),
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn found(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "text",
        DeValue::Integer(_) => "a whole number",
        DeValue::Float(_) => "a decimal number",
        DeValue::Boolean(_) => "true or false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

impl Shape {
    pub fn of<T: JsonSchema>() -> Shape {
        let root = schemars::schema_for!(T).to_value();
        let mut homes = BTreeMap::new();
        let shape = Shape {
            root,
            homes: BTreeMap::new(),
        };
        shape.collect_homes(&shape.root, "", false, 0, &mut homes);
        Shape { homes, ..shape }
    }

    /// The keys written `[[key]]`, one table per item.
    pub fn lists_of_tables(&self) -> Vec<String> {
        let Some(props) = self.root.get("properties").and_then(Value::as_object) else {
            return Vec::new();
        };
        props
            .iter()
            .filter(|(_, p)| match self.kind(p) {
                Kind::List(items) => matches!(self.kind(items), Kind::Table(_)),
                _ => false,
            })
            .map(|(k, _)| k.clone())
            .collect()
    }

    fn collect_homes(
        &self,
        schema: &Value,
        path: &str,
        list: bool,
        depth: usize,
        homes: &mut BTreeMap<String, Vec<String>>,
    ) {
        let Some(props) = self
            .resolve(schema)
            .get("properties")
            .and_then(Value::as_object)
        else {
            return;
        };
        if depth > 4 {
            return;
        }
        let here = label(path, list);
        for (key, prop) in props {
            homes.entry(key.clone()).or_default().push(here.clone());
            match self.kind(prop) {
                Kind::Table(t) => self.collect_homes(t, &join(path, key), false, depth + 1, homes),
                Kind::List(items) => {
                    if let Kind::Table(t) = self.kind(items) {
                        self.collect_homes(t, &join(path, key), true, depth + 1, homes);
                    }
                }
                _ => {}
            }
        }
    }

    /// Follows `$ref`, and takes the one branch of an `Option` that is not null.
    fn resolve<'a>(&'a self, mut schema: &'a Value) -> &'a Value {
        for _ in 0..8 {
            if let Some(name) = schema
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.rsplit('/').next())
            {
                match self.root.get("$defs").and_then(|d| d.get(name)) {
                    Some(def) => {
                        schema = def;
                        continue;
                    }
                    None => return schema,
                }
            }
            if let Some(any) = schema.get("anyOf").and_then(Value::as_array) {
                let not_null: Vec<&Value> = any
                    .iter()
                    .filter(|b| b.get("type").and_then(Value::as_str) != Some("null"))
                    .collect();
                if let [one] = not_null[..] {
                    schema = one;
                    continue;
                }
            }
            return schema;
        }
        schema
    }

    /// The allowed words of a fixed set of values, when `schema` is one.
    fn words<'a>(&'a self, schema: &'a Value) -> Option<Vec<&'a str>> {
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            return values.iter().map(Value::as_str).collect();
        }
        if let Some(c) = schema.get("const").and_then(Value::as_str) {
            return Some(vec![c]);
        }
        let branches = schema
            .get("oneOf")
            .or_else(|| schema.get("anyOf"))
            .and_then(Value::as_array)?;
        let mut all = Vec::new();
        for branch in branches {
            all.extend(self.words(self.resolve(branch))?);
        }
        Some(all)
    }

    fn kind<'a>(&'a self, schema: &'a Value) -> Kind<'a> {
        let schema = self.resolve(schema);
        if schema.get("properties").is_some() {
            return Kind::Table(schema);
        }
        if let Some(words) = self.words(schema) {
            return Kind::Words(words);
        }
        if schema.get("format").and_then(Value::as_str) == Some("date") {
            return Kind::Date;
        }
        let ty = match schema.get("type") {
            Some(Value::String(t)) => t.as_str(),
            Some(Value::Array(types)) => types
                .iter()
                .filter_map(Value::as_str)
                .find(|t| *t != "null")
                .unwrap_or(""),
            _ => "",
        };
        match ty {
            "array" => schema.get("items").map_or(Kind::Any, Kind::List),
            "object" => schema
                .get("additionalProperties")
                .filter(|a| a.is_object())
                .map_or(Kind::Any, Kind::Map),
            "string" => Kind::Text,
            "integer" => Kind::WholeNumber,
            "number" => Kind::Number,
            "boolean" => Kind::TrueFalse,
            _ => Kind::Any,
        }
    }

    /// Every problem in a parsed document. With `missing`, required keys that are absent too
    /// (not after a syntax error, where a left-out line may have held them).
    pub fn check(&self, root: &Spanned<DeTable<'_>>, text: &str, missing: bool) -> Vec<Problem> {
        let mut walk = Walk {
            shape: self,
            text,
            missing,
            out: Vec::new(),
        };
        walk.table(&self.root, root.get_ref(), "", false, None);
        walk.out.sort_by_key(|p| p.at.start);
        walk.out
    }
}

struct Walk<'s> {
    shape: &'s Shape,
    text: &'s str,
    missing: bool,
    out: Vec<Problem>,
}

impl Walk<'_> {
    fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        self.text.as_bytes()[..offset]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1
    }

    fn line_start(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        self.text.as_bytes()[..offset]
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |p| p + 1)
    }

    fn problem(&mut self, at: Range<usize>, message: String, help: String) {
        self.out.push(Problem {
            at,
            message,
            help,
            missing: false,
        });
    }

    fn table(
        &mut self,
        schema: &Value,
        table: &DeTable<'_>,
        path: &str,
        list: bool,
        header: Option<Range<usize>>,
    ) {
        let schema = self.shape.resolve(schema);
        let props = schema.get("properties").and_then(Value::as_object);
        let closed = schema.get("additionalProperties") == Some(&Value::Bool(false));
        let mut unknown: Vec<String> = Vec::new();
        for (key, value) in table.iter() {
            let name: &str = key.get_ref();
            match props.and_then(|p| p.get(name)) {
                Some(prop) => self.value(name, prop, value, &join(path, name), key.span()),
                None if closed => {
                    unknown.push(name.to_string());
                    let options: Vec<String> = props
                        .map(|p| p.keys().cloned().collect())
                        .unwrap_or_default();
                    self.unknown(name, key.span(), path, list, header.clone(), &options);
                }
                None => {}
            }
        }
        if !self.missing || table.is_empty() {
            return;
        }
        let required = schema.get("required").and_then(Value::as_array);
        for field in required.into_iter().flatten().filter_map(Value::as_str) {
            if table.iter().any(|(k, _)| {
                let k: &str = k.get_ref();
                k == field
            }) {
                continue;
            }
            // `[choise]` is one mistake, reported as a misspelling: not also a missing [choice].
            if unknown
                .iter()
                .any(|k| crate::text::closest(k, &[field.to_string()]).is_some())
            {
                continue;
            }
            let at = header.as_ref().map_or(0..1, |h| {
                let start = self.line_start(h.start);
                start..start + 1
            });
            let here = label(path, list);
            let under = if path.is_empty() {
                "near the top of the file".to_string()
            } else {
                format!("below {here}")
            };
            self.out.push(Problem {
                at,
                message: format!("`{field}` is missing, and it is required here."),
                help: format!(
                    "Add `{field} = …` {under} (see the record format in the README, or run `evidence-pack new` for a complete template)."
                ),
                missing: true,
            });
        }
    }

    fn unknown(
        &mut self,
        key: &str,
        at: Range<usize>,
        path: &str,
        list: bool,
        header: Option<Range<usize>>,
        options: &[String],
    ) {
        let here = label(path, list);
        let homes: Vec<&String> = self
            .shape
            .homes
            .get(key)
            .map(|h| h.iter().filter(|h| **h != here).collect())
            .unwrap_or_default();
        let inside = match &header {
            Some(h) if !path.is_empty() => {
                format!("inside {here} (from line {})", self.line_of(h.start))
            }
            _ => "at the top of the file, above the first heading in square brackets".to_string(),
        };
        if let Some(home) = homes.first() {
            let all = homes
                .iter()
                .map(|h| h.as_str())
                .collect::<Vec<_>>()
                .join(" or ");
            let (message, help) = if home.as_str() == TOP {
                (
                    format!("`{key}` belongs at the top of the file, but this line is {inside}."),
                    "Move the line up, above the first heading in square brackets.".to_string(),
                )
            } else {
                (
                    format!("`{key}` belongs under {all}, but this line is {inside}."),
                    format!(
                        "Move it below a {home} heading (add the heading if the file has none)."
                    ),
                )
            };
            self.problem(at, message, help);
            return;
        }
        let message = if path.is_empty() {
            format!("`{key}` is not one of the keys at the top of this file.")
        } else {
            format!("`{key}` is not one of the keys of {here}.")
        };
        let help = match crate::text::closest(key, options) {
            Some(best) => format!("Did you mean `{best}`? Correct the spelling of the key."),
            None => format!(
                "Check the spelling: the keys that can go here are {}. To keep it as a note, start the line with # (a comment).",
                options.join(", ")
            ),
        };
        self.problem(at, message, help);
    }

    fn wrong(
        &mut self,
        at: Range<usize>,
        key: &str,
        value: &DeValue<'_>,
        needs: &str,
        help: String,
    ) {
        self.problem(
            at,
            format!("`{key}` needs {needs}, but this is {}.", found(value)),
            help,
        );
    }

    fn value(
        &mut self,
        key: &str,
        schema: &Value,
        value: &Spanned<DeValue<'_>>,
        path: &str,
        key_span: Range<usize>,
    ) {
        let at = value.span();
        let v = value.get_ref();
        match (self.shape.kind(schema), v) {
            (Kind::Table(s), DeValue::Table(t)) => self.table(s, t, path, false, Some(key_span)),
            (Kind::Table(_), _) => self.wrong(
                at,
                key,
                v,
                "a table",
                format!("Write [{path}] on a line of its own, with its keys below it."),
            ),
            (Kind::List(items), DeValue::Array(list)) => {
                for item in list.iter() {
                    match (self.shape.kind(items), item.get_ref()) {
                        (Kind::Table(s), DeValue::Table(t)) => {
                            self.table(s, t, path, true, Some(item.span()))
                        }
                        _ => self.value(key, items, item, path, item.span()),
                    }
                }
            }
            (Kind::List(items), DeValue::Table(_))
                if matches!(self.shape.kind(items), Kind::Table(_)) =>
            {
                let (message, help) = super::syntax::single_brackets(path);
                let start = self.line_start(key_span.start);
                self.problem(start..key_span.end, message, help);
            }
            (Kind::List(_), DeValue::String(s)) => self.wrong(
                at,
                key,
                v,
                "a list in [ ]",
                format!(
                    "Put it in square brackets, for example {key} = [\"{}\"], with a comma between items.",
                    crate::text::printable(s)
                ),
            ),
            (Kind::List(_), _) => self.wrong(
                at,
                key,
                v,
                "a list in [ ]",
                format!("Write a list in square brackets, for example {key} = [\"…\", \"…\"]."),
            ),
            (Kind::Map(values), DeValue::Table(t)) => {
                for (k, item) in t.iter() {
                    let name: &str = k.get_ref();
                    self.value(name, values, item, &join(path, name), k.span());
                }
            }
            (Kind::Words(words), DeValue::String(s)) => {
                if words.contains(&s.as_ref()) {
                    return;
                }
                let options: Vec<String> = words.iter().map(|w| w.to_string()).collect();
                let list = words.join(", ");
                let help = match crate::text::closest(s, &options) {
                    Some(best) => format!("Did you mean \"{best}\"? Use one of: {list}."),
                    None => format!("Use one of: {list}."),
                };
                self.problem(
                    at,
                    format!(
                        "\"{}\" is not one of the allowed values of `{key}`.",
                        crate::text::printable(s)
                    ),
                    help,
                );
            }
            (Kind::Words(words), _) => {
                let list = words.join(", ");
                self.problem(
                    at,
                    format!(
                        "`{key}` needs one of its words, in quotes, but this is not text: it is {}.",
                        found(v)
                    ),
                    format!("Write one of these in double quotes: {list}."),
                );
            }
            (Kind::Date, DeValue::Datetime(_)) => {}
            (Kind::Date, DeValue::String(s)) => {
                let Err(why) = Date::parse_iso(s) else {
                    return;
                };
                let (message, help) = date_in_words(s)
                    .unwrap_or_else(|| super::toml_errors::explain_toml_error(&why, None));
                self.problem(at, message, help);
            }
            (Kind::Date, _) => self.wrong(
                at,
                key,
                v,
                "a date",
                format!("Write the date as year-month-day with no quotes, for example {key} = 2026-03-02."),
            ),
            (Kind::Text, DeValue::String(_)) => {}
            (Kind::Text, _) => self.wrong(
                at,
                key,
                v,
                "text in quotes",
                format!("Put the text in double quotes: {key} = \"…\"."),
            ),
            (Kind::WholeNumber, DeValue::Integer(_)) => {}
            (Kind::WholeNumber, DeValue::String(s)) if s.trim().parse::<u64>().is_ok() => self
                .wrong(
                    at,
                    key,
                    v,
                    "a whole number",
                    format!("Write the number without quotes: {key} = {}.", s.trim()),
                ),
            (Kind::WholeNumber, _) => self.wrong(
                at,
                key,
                v,
                "a whole number",
                format!("Write a whole number without quotes, for example {key} = 28."),
            ),
            (Kind::Number, DeValue::Integer(_) | DeValue::Float(_)) => {}
            (Kind::Number, _) => self.wrong(
                at,
                key,
                v,
                "a number",
                format!("Write a number without quotes, for example {key} = 1.5."),
            ),
            (Kind::TrueFalse, DeValue::Boolean(_)) => {}
            (Kind::TrueFalse, _) => self.wrong(
                at,
                key,
                v,
                "true or false",
                format!("Write {key} = true or {key} = false, without quotes."),
            ),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DecisionRecord;

    fn problems(text: &str) -> Vec<Problem> {
        let table = DeTable::parse(text).expect("valid TOML");
        Shape::of::<DecisionRecord>().check(&table, text, false)
    }

    #[test]
    fn every_unknown_key_and_wrong_type_in_one_run() {
        let text = "id = \"D-1\"\ntitel = \"x\"\n[capacity]\nstatus = \"presumd\"\n[[risks]]\nassessed_by = \"RM\"\nto = 3\n[safeguarding]\nconsidered = \"yes\"\n[review]\nevery_days = \"28\"\n";
        let found = problems(text);
        let messages: Vec<&str> = found.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(found.len(), 6, "{messages:#?}");
        assert!(messages[0].contains("`titel`"), "{messages:?}");
        assert!(found[0].help.contains("Did you mean `title`?"));
        assert!(messages[1].contains("\"presumd\""));
        assert_eq!(
            messages[2],
            "`assessed_by` belongs under [capacity], but this line is inside [[risks]] (from line 5)."
        );
        assert!(!found[2].help.to_lowercase().contains("remove"));
        assert!(found[2].help.contains("below a [capacity] heading"));
        assert!(messages[3].contains("not text"), "{messages:?}");
        assert!(messages[4].contains("true or false"), "{messages:?}");
        assert!(found[4].help.contains("considered = true"));
        assert!(found[5].help.contains("every_days = 28"), "{:?}", found[5]);
    }

    #[test]
    fn a_good_record_has_no_problems() {
        let text = "id = \"D-1\"\ntitle = \"x\"\nopened = 2026-01-02\n[capacity]\nstatus = \"presumed\"\n[[risks]]\nto = \"self\"\n[[alternatives]]\noption = \"x\"\n";
        assert_eq!(problems(text), vec![]);
    }

    #[test]
    fn single_brackets_and_misplaced_top_keys() {
        let text = "[decision]\nstatements = [\"S4\"]\n[alternatives]\noption = \"x\"\n";
        let found = problems(text);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found[0].message.contains("belongs at the top of the file"));
        assert!(found[0].message.contains("inside [decision] (from line 1)"));
        assert!(found[1].message.contains("write [[alternatives]]"));
    }

    #[test]
    fn dates_written_as_people_write_them() {
        let found = problems("opened = \"28/11/2026\"\n");
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("2026-11-28"), "{found:?}");
    }
}
