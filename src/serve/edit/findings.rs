//! The findings of a record as the form holds it: the whole pack checked with the unsaved text
//! in place of its file (the checked pack's [`Overlay`]), each finding named by the dotted key it
//! is about (`Finding.key`) so that the page puts it on its field.

use std::path::Path;

use serde::Serialize;

use super::Kind;
use crate::checked::{CheckOptions, Checked, Overlay};
use crate::diagnostics::Level;
use crate::load::{Parsed, RecordCache, parse_text};
use crate::model::{Date, PackConfig};

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
    let found = match kind {
        // A broken pack.toml is not read as the pack's settings: its own findings are shown.
        Kind::Pack => match parse_text::<PackConfig>(rel, text.to_string()) {
            Parsed::Invalid(_, findings) => findings,
            Parsed::Ok(..) => overlaid(root, cache, rel, text, as_of),
        },
        // Tender answers are not read through the overlay: the unsaved text is only parsed, so
        // that no finding about the saved file is shown against the form.
        Kind::Answer => match parse_text::<crate::model::tender::Answer>(rel, text.to_string()) {
            Parsed::Invalid(_, findings) => findings,
            Parsed::Ok(..) => Vec::new(),
        },
        Kind::Decision | Kind::Example => overlaid(root, cache, rel, text, as_of),
    };
    let mut out: Vec<FieldFinding> = found
        .iter()
        .filter(|f| f.file == rel)
        .map(|f| FieldFinding {
            rule: f.rule.name(),
            level: match f.level {
                Level::Error => "error",
                Level::Warning => "warning",
            },
            key: f.key.clone().unwrap_or_default(),
            line: f.line,
            message: f.message.clone(),
            help: f.help.clone(),
        })
        .collect();
    out.sort_by_key(|f| (f.level != "error", f.line));
    out
}

fn overlaid(
    root: &Path,
    cache: &RecordCache,
    rel: &str,
    text: &str,
    as_of: Option<Date>,
) -> Vec<crate::diagnostics::Finding> {
    let overlay = Overlay::new().with(rel, text);
    let options = CheckOptions {
        as_of,
        cache: Some(cache),
        overlay: Some(&overlay),
        about: Some(rel),
        ..CheckOptions::default()
    };
    match Checked::run(root, &options) {
        Ok(checked) => checked.all_findings(),
        Err(_) => Vec::new(),
    }
}
