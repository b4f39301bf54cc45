//! Collects one record's findings, each located at the first key of the record that it names.

use super::{Finding, Rule};
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
    pub fn report(
        &mut self,
        rule: Rule,
        paths: &[&str],
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let span = self.source.first_span(paths);
        self.findings.push(Finding::at(
            rule,
            self.source,
            span,
            self.record,
            message,
            help,
        ));
    }

    /// Reports `rule` as [`Sink::report`] does, but as a warning while pack.toml leaves the rule
    /// at its default level (for a rule that is an error in some cases and a warning in others).
    pub fn report_warning(
        &mut self,
        rule: Rule,
        paths: &[&str],
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.report(rule, paths, message, help);
        if let Some(last) = self.findings.last_mut() {
            last.level = super::Level::Warning;
        }
    }
}
