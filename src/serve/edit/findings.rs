//! The findings of a record as the form holds it: the whole pack checked with the unsaved text
//! in place of its file, each finding named by the dotted key it is about so that the page puts
//! it on its field.
//!
//! NOTE for the merge: the pipeline's checked-pack function with an overlay, and the `key` its
//! findings carry, replace [`overlay`] and [`key_of_line`] here.

use std::path::Path;

use serde::Serialize;

use super::Kind;
use crate::diagnostics::{Finding, Level};
use crate::load::{Loaded, Parsed, RecordCache, load_cached, parse_text, validate};
use crate::model::{Date, DecisionRecord, PackConfig, PracticeExample};

/// One finding as the form shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FieldFinding {
    pub rule: &'static str,
    /// `error` or `warning`.
    pub level: &'static str,
    /// The dotted key (`risks[0].to`); empty for the whole record.
    pub key: String,
    pub line: usize,
    pub message: String,
    pub help: String,
}

/// The findings of `rel` with `text` in place of the file.
pub fn check(
    root: &Path,
    cache: &RecordCache,
    kind: Kind,
    rel: &str,
    text: &str,
    as_of: Option<Date>,
) -> Vec<FieldFinding> {
    let findings = overlay(root, cache, kind, rel, text, as_of);
    let mut out: Vec<FieldFinding> = findings
        .iter()
        .filter(|f| f.file == rel)
        .map(|f| FieldFinding {
            rule: f.rule.name(),
            level: match f.level {
                Level::Error => "error",
                Level::Warning => "warning",
            },
            key: key_of_line(text, f.line),
            line: f.line,
            message: f.message.clone(),
            help: f.help.clone(),
        })
        .collect();
    out.sort_by_key(|f| (f.level != "error", f.line));
    out
}

fn overlay(
    root: &Path,
    cache: &RecordCache,
    kind: Kind,
    rel: &str,
    text: &str,
    as_of: Option<Date>,
) -> Vec<Finding> {
    let parsed_alone = |findings: Vec<Finding>| findings;
    match kind {
        Kind::Decision | Kind::Example => {
            let Ok(mut pack) = load_cached(root, cache) else {
                return Vec::new();
            };
            let as_of = as_of.or(pack.config.pack.as_of).unwrap_or_else(Date::today);
            pack.findings.retain(|f| f.file != rel);
            let index = pack.sources.iter().position(|s| s.rel == rel);
            if let Some(i) = index {
                pack.decisions.retain(|d| d.source != i);
                pack.examples.retain(|d| d.source != i);
            }
            let at = index.unwrap_or(pack.sources.len());
            let mut put = |source: Option<crate::source::SourceFile>| {
                if let Some(source) = source {
                    if at < pack.sources.len() {
                        pack.sources[at] = source;
                    } else {
                        pack.sources.push(source);
                    }
                }
            };
            if kind == Kind::Decision {
                match parse_text::<DecisionRecord>(rel, text.to_string()) {
                    Parsed::Ok(source, item) => {
                        let found = validate::decision(&item, &source);
                        put(Some(source));
                        pack.findings.extend(found);
                        pack.decisions.push(Loaded { item, source: at });
                    }
                    Parsed::Invalid(source, finding) => {
                        put(source);
                        pack.findings.push(finding);
                    }
                }
            } else {
                match parse_text::<PracticeExample>(rel, text.to_string()) {
                    Parsed::Ok(source, item) => {
                        let found = validate::example(&item, &source);
                        put(Some(source));
                        pack.findings.extend(found);
                        pack.examples.push(Loaded { item, source: at });
                    }
                    Parsed::Invalid(source, finding) => {
                        put(source);
                        pack.findings.push(finding);
                    }
                }
            }
            crate::rules::check(&pack, as_of)
        }
        Kind::Answer => match parse_text::<crate::model::tender::Answer>(rel, text.to_string()) {
            Parsed::Ok(..) => Vec::new(),
            Parsed::Invalid(_, finding) => parsed_alone(vec![finding]),
        },
        Kind::Pack => match parse_text::<PackConfig>(rel, text.to_string()) {
            Parsed::Ok(..) => Vec::new(),
            Parsed::Invalid(_, finding) => parsed_alone(vec![finding]),
        },
    }
}

/// The dotted key written on line `line` of `text` (`risks[1].to`), or the table a header line
/// opens (`decision`, `risks[1]`); empty before the first key.
pub fn key_of_line(text: &str, line: usize) -> String {
    use std::collections::HashMap;
    let mut table = String::new();
    let mut counts: HashMap<String, usize> = HashMap::new();
    // The key of a multi-line text being read, with its closing quotes.
    let mut open: Option<(String, &str)> = None;
    for (n, raw) in text.lines().enumerate() {
        let here = n + 1;
        let trimmed = raw.trim();
        if let Some((key, quotes)) = &open {
            if here == line {
                return table_key(&table, key);
            }
            if trimmed.contains(quotes) {
                open = None;
            }
            continue;
        }
        if let Some(name) = trimmed
            .strip_prefix("[[")
            .and_then(|t| t.split("]]").next())
        {
            let name = name.trim().to_string();
            let count = counts.entry(name.clone()).or_insert(0);
            table = format!("{name}[{count}]");
            *count += 1;
        } else if let Some(name) = trimmed.strip_prefix('[').and_then(|t| t.split(']').next()) {
            table = name.trim().to_string();
        } else if let Some((key, value)) = trimmed.split_once('=')
            && !trimmed.starts_with('#')
        {
            let key = key.trim().trim_matches('"').to_string();
            let value = value.trim();
            if here == line {
                return table_key(&table, &key);
            }
            for quotes in ["\"\"\"", "'''"] {
                if value.starts_with(quotes) && value.matches(quotes).count() == 1 {
                    open = Some((key.clone(), quotes));
                }
            }
            continue;
        }
        if here == line {
            return table_key(&table, "");
        }
    }
    String::new()
}

fn table_key(table: &str, key: &str) -> String {
    match (table.is_empty(), key.is_empty()) {
        (true, _) => key.to_string(),
        (false, true) => table.to_string(),
        (false, false) => format!("{table}.{key}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_named_by_its_dotted_key() {
        let text = "id = \"D-1\"\n[decision]\nrationale = \"\"\"\nline\n\"\"\"\noutcome = \"limited\"\n[[risks]]\nto = \"self\"\n[[risks]]\nto = \"x\"\n";
        assert_eq!(key_of_line(text, 1), "id");
        assert_eq!(key_of_line(text, 2), "decision");
        assert_eq!(key_of_line(text, 3), "decision.rationale");
        assert_eq!(key_of_line(text, 4), "decision.rationale");
        assert_eq!(key_of_line(text, 6), "decision.outcome");
        assert_eq!(key_of_line(text, 8), "risks[0].to");
        assert_eq!(key_of_line(text, 10), "risks[1].to");
        assert_eq!(key_of_line(text, 99), "");
    }
}
