//! The findings as data: the JSON document of `check --format json` (SPEC section 8).

use serde::Serialize;

use super::{Finding, Level, Summary};

/// The JSON document of `check --format json` (SPEC section 8).
#[derive(Debug, Serialize)]
pub struct JsonReport<'a> {
    pub as_of: String,
    pub summary: Summary,
    pub findings: Vec<JsonFinding<'a>>,
}

#[derive(Debug, Serialize)]
pub struct JsonFinding<'a> {
    pub rule: &'static str,
    pub level: Level,
    pub file: &'a str,
    pub line: usize,
    pub column: usize,
    pub record: Option<&'a str>,
    /// The dotted key path the finding is about (`null`: the whole file).
    pub key: Option<&'a str>,
    pub message: &'a str,
    pub help: &'a str,
}

impl<'a> From<&'a Finding> for JsonFinding<'a> {
    fn from(f: &'a Finding) -> Self {
        JsonFinding {
            rule: f.rule.name(),
            level: f.level,
            file: &f.file,
            line: f.line,
            column: f.column,
            record: f.record.as_deref(),
            key: f.key.as_deref(),
            message: &f.message,
            help: &f.help,
        }
    }
}
