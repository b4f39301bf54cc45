//! Reading one file and parsing it: the value with its source text, or an `invalid-record`
//! finding located at the broken line (a file too large, not UTF-8, not TOML, of the wrong shape).

use std::fs;
use std::path::Path;

use serde::de::DeserializeOwned;
use toml::de::DeTable;

use schemars::JsonSchema;

use super::shape::Shape;
use super::syntax;
use super::toml_errors::explain_toml_error;
use crate::diagnostics::{Finding, Rule};
use crate::source::{Digest, SourceFile};

/// Files larger than this are refused rather than read (a 10 MB text field still fits).
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

pub(super) fn io_reason(err: Option<&std::io::Error>) -> String {
    match err.map(|e| e.kind()) {
        Some(std::io::ErrorKind::PermissionDenied) => "permission denied".to_string(),
        Some(std::io::ErrorKind::NotFound) => "it disappeared while being read".to_string(),
        Some(_) => err.map(|e| e.to_string()).unwrap_or_default(),
        None => "unknown error".to_string(),
    }
}

/// The result of reading one file: the value, or an `invalid-record` finding (with the text, when
/// the file could be read as text, so the finding can show its line).
pub enum Parsed<T> {
    Ok(SourceFile, T),
    /// Every problem found in the file (at least one), in the order of the file.
    Invalid(Option<SourceFile>, Vec<Finding>),
}

/// Reads and parses a file, hashing it for the manifest.
pub fn parse_file<T: DeserializeOwned + JsonSchema>(path: &Path, rel: &str) -> Parsed<T> {
    read_and_parse(path, rel, true)
}

/// Reads and parses a file, and with `hash`, keeps its SHA-256 for the manifest.
pub(super) fn read_and_parse<T: DeserializeOwned + JsonSchema>(
    path: &Path,
    rel: &str,
    hash: bool,
) -> Parsed<T> {
    let invalid = |message: String, help: &str| {
        Parsed::Invalid(
            None,
            vec![Finding::in_file(
                Rule::InvalidRecord,
                rel,
                1,
                1,
                message,
                help,
            )],
        )
    };
    match fs::metadata(path) {
        // Replaced by a folder, a pipe or a device since the walk: reading could block forever.
        Ok(meta) if !meta.is_file() => {
            return invalid(
                format!("{rel} could not be read: it is not an ordinary file."),
                "Save the record as an ordinary .toml file.",
            );
        }
        Ok(meta) if meta.len() > MAX_FILE_BYTES => {
            return invalid(
                format!(
                    "{rel} is {} MB, larger than the {} MB a record may be.",
                    meta.len() / (1024 * 1024),
                    MAX_FILE_BYTES / (1024 * 1024)
                ),
                "Split the text, or move attachments out of the record.",
            );
        }
        Ok(_) => {}
        Err(err) => {
            return invalid(
                format!("{rel} could not be read: {}.", io_reason(Some(&err))),
                "Check that the file exists and that you have permission to read it.",
            );
        }
    }
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(err) => {
            return invalid(
                format!("{rel} could not be read: {}.", io_reason(Some(&err))),
                "Check that the file exists and that you have permission to read it.",
            );
        }
    };
    // Hashed here, for the manifest, so that it names exactly the bytes the pack was built from
    // and no file is read twice.
    let digest = hash.then(|| Digest::of(&bytes));
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(err) => {
            let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
            let prefix = String::from_utf8_lossy(valid).into_owned();
            let probe = SourceFile::new(rel.to_string(), prefix);
            let (line, column) = probe.line_col(valid.len());
            return Parsed::Invalid(
                None,
                vec![Finding::in_file(
                    Rule::InvalidRecord,
                    rel,
                    line,
                    column,
                    format!(
                        "{rel} is not UTF-8 text: it has a character that cannot be read at line {line}, column {column}."
                    ),
                    "Save the file as UTF-8 (in most editors: Save As, then choose the UTF-8 encoding).",
                )],
            );
        }
    };
    let text = match text.strip_prefix('\u{FEFF}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    let mut parsed = parse_text(rel, text);
    if let Parsed::Ok(source, _) | Parsed::Invalid(Some(source), _) = &mut parsed {
        source.digest = digest;
    }
    parsed
}

/// Reads and parses the file at `rel` as [`read_and_parse`] does, or, when `overlay` holds
/// unsaved text for it, that text instead of the file's bytes.
pub(super) fn read_or_overlay<T: DeserializeOwned + JsonSchema>(
    path: &Path,
    rel: &str,
    hash: bool,
    overlay: &super::Overlay,
) -> Parsed<T> {
    let Some(text) = overlay.get(rel) else {
        return read_and_parse(path, rel, hash);
    };
    let digest = hash.then(|| Digest::of(text.as_bytes()));
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text).to_string();
    let mut parsed = parse_text(rel, text);
    if let Parsed::Ok(source, _) | Parsed::Invalid(Some(source), _) = &mut parsed {
        source.digest = digest;
    }
    parsed
}

/// Parses TOML text into `T`, keeping the source and its key index.
pub fn parse_text<T: DeserializeOwned + JsonSchema>(rel: &str, text: String) -> Parsed<T> {
    let source = SourceFile::new(rel.to_string(), text);
    if source.text.trim().is_empty() {
        let finding = Finding::at(
            Rule::InvalidRecord,
            &source,
            None,
            None,
            format!("{rel} is empty."),
            if rel == "pack.toml" {
                "Add a [pack] table with title and provider (see the README), or start a new pack with `evidence-pack init`."
            } else {
                "Fill it in (`evidence-pack new` writes a complete template), or delete the file."
            },
        );
        return Parsed::Invalid(Some(source), vec![finding]);
    }
    let parsed = match DeTable::parse(&source.text) {
        Ok(table) => table,
        Err(err) => {
            let findings = syntax_errors::<T>(&source, &err);
            return Parsed::Invalid(Some(source), findings);
        }
    };
    let record_id = parsed
        .get_ref()
        .get("id")
        .and_then(|v| v.get_ref().as_str())
        .map(str::to_string);
    let draft = parsed
        .get_ref()
        .get("draft")
        .and_then(|v| v.get_ref().as_bool())
        == Some(true);
    let result = T::deserialize(toml::de::Deserializer::from(parsed));
    match result {
        Ok(item) => Parsed::Ok(source, item),
        Err(err) => {
            // The reader stops at the first problem: the walk finds them all.
            let problems = match DeTable::parse(&source.text) {
                Ok(table) => Shape::of::<T>().check(&table, &source.text, true),
                Err(_) => Vec::new(),
            };
            let findings = if problems.is_empty() {
                let (message, help) = explain_toml_error(err.message(), Some(&source));
                let span = err.span().map(|s| narrow_to_key(&source, s));
                let missing = err.message().starts_with("missing field");
                vec![draft_finding(
                    draft && missing,
                    Finding::at(
                        Rule::InvalidRecord,
                        &source,
                        span,
                        record_id.as_deref(),
                        message,
                        help,
                    ),
                )]
            } else {
                problems
                    .into_iter()
                    .map(|p| {
                        draft_finding(
                            draft && p.missing,
                            Finding::at(
                                Rule::InvalidRecord,
                                &source,
                                Some(p.at),
                                record_id.as_deref(),
                                p.message,
                                p.help,
                            ),
                        )
                    })
                    .collect()
            };
            Parsed::Invalid(Some(source), findings)
        }
    }
}

/// A work in progress (`draft = true`) may miss required fields: that is a warning, and the file
/// stays out of the pack until it is complete (SPEC 4b). A file broken in any other way is still
/// an error.
fn draft_finding(missing_in_draft: bool, mut finding: Finding) -> Finding {
    if missing_in_draft {
        finding.message = format!(
            "Draft: {} The draft is left out of the pack until it is complete.",
            finding.message
        );
        finding.level = crate::diagnostics::Level::Warning;
    }
    finding
}

/// The most findings one broken file gives: past a few, the rest are echoes of the first.
const MAX_FINDINGS_PER_FILE: usize = 20;

/// The findings for a file that is not valid TOML: each mistake the line scanner recognises, in
/// the writer's terms at its own line; then, with those lines left out, whatever else the parser
/// still finds, and every unknown key and wrong type in what it could read.
fn syntax_errors<T: JsonSchema>(source: &SourceFile, first: &toml::de::Error) -> Vec<Finding> {
    let shape = Shape::of::<T>();
    let text = &source.text;
    let mistakes = syntax::find(text, &shape.lists_of_tables());
    let blanked = syntax::blank(text, mistakes.iter().map(|m| m.blank.clone()));
    let (table, errors) = DeTable::parse_recoverable(&blanked);
    let explain = |err: &toml::de::Error| {
        let span = err.span();
        let at = span.as_ref().map(|s| &text[s.start.min(text.len())..]);
        let (message, help) = match at.and_then(super::toml_errors::date_in_words) {
            Some(explained) => explained,
            None => explain_toml_error(err.message(), None),
        };
        (span.unwrap_or(0..0), message, help)
    };
    let mut found: Vec<(std::ops::Range<usize>, String, String)> = mistakes
        .into_iter()
        .map(|m| (m.at, m.message, m.help))
        .collect();
    // What the scanner did not recognise: the parser's first complaint (the rest are often
    // echoes of it).
    match (found.is_empty(), errors.first()) {
        (true, _) => found.push(explain(first)),
        (false, Some(err)) => found.push(explain(err)),
        (false, None) => {}
    }
    let record = id_in_broken_file(text).or_else(|| {
        table
            .get_ref()
            .get("id")
            .and_then(|v| v.get_ref().as_str())
            .map(str::to_string)
    });
    // Once every syntax mistake is left out, the rest of the file is checked as any other.
    if errors.is_empty() {
        found.extend(
            shape
                .check(&table, &blanked, false)
                .into_iter()
                .map(|p| (p.at, p.message, p.help)),
        );
    }
    let mut findings: Vec<Finding> = Vec::new();
    for (span, message, help) in found {
        let finding = Finding::at(
            Rule::InvalidRecord,
            source,
            Some(span),
            record.as_deref(),
            message,
            help,
        );
        // One finding a line: the first, which is the scanner's when it recognised the mistake.
        if findings.iter().all(|f| f.line != finding.line) {
            findings.push(finding);
        }
    }
    findings.sort_by_key(|f| (f.line, f.column));
    findings.truncate(MAX_FINDINGS_PER_FILE);
    findings
}

/// Serde reports a missing field at the whole table; point at the table's first line instead.
fn narrow_to_key(source: &SourceFile, span: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let (_, line_end) = source.line_bounds(span.start);
    span.start..span.end.min(line_end.max(span.start + 1))
}

/// The `id = "…"` of a file that is not valid TOML, read line by line before the first table, so
/// that an example citing it is not also told the record does not exist.
fn id_in_broken_file(text: &str) -> Option<String> {
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            return None;
        }
        let Some(rest) = line.strip_prefix("id") else {
            continue;
        };
        let Some(value) = rest.trim_start().strip_prefix('=') else {
            continue;
        };
        let value = value.trim();
        let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let inner = &value[1..];
        return inner.find(quote).map(|end| inner[..end].to_string());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DecisionRecord;

    #[test]
    fn the_id_of_a_broken_file_is_still_read() {
        assert_eq!(
            id_in_broken_file("# note\nid = \"D-001\"\ntitle = \"unterminated\n"),
            Some("D-001".to_string())
        );
        assert_eq!(
            id_in_broken_file("ident = 1\nid='PX-2'\n"),
            Some("PX-2".to_string())
        );
        assert_eq!(id_in_broken_file("[choice]\nid = \"D-001\"\n"), None);
        assert_eq!(id_in_broken_file("id = 5\n"), None);
    }

    /// A file replaced by a folder or a named pipe between the walk and the read is reported, and
    /// never read (reading a pipe with no writer would wait for ever).
    #[test]
    fn a_file_that_is_no_longer_a_file_is_not_read() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let folder = dir.path().join("d-001.toml");
        fs::create_dir(&folder).expect("folder");
        let mut targets = vec![folder];
        #[cfg(unix)]
        {
            let fifo = dir.path().join("d-002.toml");
            let made = std::process::Command::new("mkfifo").arg(&fifo).status();
            if made.is_ok_and(|s| s.success()) {
                targets.push(fifo);
            }
        }
        for path in targets {
            match parse_file::<DecisionRecord>(&path, "content/decisions/x.toml") {
                Parsed::Invalid(None, findings) => {
                    let finding = &findings[0];
                    assert_eq!(finding.rule, Rule::InvalidRecord);
                    assert!(
                        finding.message.contains("not an ordinary file"),
                        "{finding:?}"
                    );
                }
                _ => panic!("{} should not be read", path.display()),
            }
        }
    }
}
