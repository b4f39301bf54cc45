//! Collects one record's findings, each located at the first key of the record that it names.

use super::{Finding, Level, Rule};
use crate::source::SourceFile;

/// Collects one record's findings, located in its file.
pub struct Sink<'a> {
    pub source: &'a SourceFile,
    pub record: Option<&'a str>,
    pub findings: Vec<Finding>,
}

impl<'a> Sink<'a> {
    pub fn new(source: &'a SourceFile, record: Option<&'a str>) -> Sink<'a> {
        Sink {
            source,
            record,
            findings: Vec::new(),
        }
    }

    /// Reports `rule` at the first of `paths` that exists in the file (line 1 when none does).
    /// The finding is about the first of `paths`: the key its line points at when it is there,
    /// else a missing key, named as it would be written (SPEC section 8, version 3). So give
    /// the key the finding is about first, then the keys to point at when it is missing.
    pub fn report(
        &mut self,
        rule: Rule,
        paths: &[&str],
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let span = self.source.first_span(paths);
        let key = paths.first().map(|p| p.to_string());
        self.findings.push(Finding::located(
            rule,
            self.source,
            span,
            self.record,
            key,
            message,
            help,
        ));
    }

    /// Reports `rule` as [`Sink::report`] does, about `key` (a key that is missing, or not the
    /// first of `paths`).
    pub fn report_about(
        &mut self,
        rule: Rule,
        key: &str,
        paths: &[&str],
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.report(rule, paths, message, help);
        if let Some(finding) = self.findings.last_mut() {
            finding.key = Some(key.to_string());
        }
    }

    /// Reports `rule` as [`Sink::report`] does, as a warning while pack.toml leaves the rule at
    /// its default level (for the weaker case of a rule that is an error in others, such as a
    /// value not recorded rather than wrong).
    pub fn warn(
        &mut self,
        rule: Rule,
        paths: &[&str],
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.report(rule, paths, message, help);
        if let Some(last) = self.findings.last_mut() {
            last.level = Level::Warning;
        }
    }
}
