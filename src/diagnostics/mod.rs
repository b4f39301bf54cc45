//! Findings: what a check reports, located in a file, and how they are shown (rustc-style blocks
//! for people, JSON for programs). The rule registry is here too, below everything that reports.

mod human;
mod json;
mod rule;
mod sink;

pub use human::{render_human, render_human_redacting, write_human};
pub use json::{JsonFinding, JsonReport};
pub use rule::{Rule, RuleGroup, rules_help};
pub use sink::Sink;

use std::ops::Range;

use serde::Serialize;

use crate::source::SourceFile;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
        }
    }
}

/// One thing an inspector or evaluator would find, located in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: Rule,
    pub level: Level,
    /// Path relative to the pack root, with `/`.
    pub file: String,
    /// Byte range in the file's text, when the finding points at something in it.
    pub span: Option<Range<usize>>,
    pub line: usize,
    pub column: usize,
    pub record: Option<String>,
    /// The dotted path of the key the finding is about, as the user would write it
    /// (`decision.rationale`, `risks[0].to`, counting from 0 in file order); `None` for a
    /// finding about a whole file (SPEC section 8, version 3).
    pub key: Option<String>,
    pub message: String,
    pub help: String,
}

impl Finding {
    /// A finding located at `span` in `source` (line 1, column 1 when there is no span), about
    /// the key at `span` or whose value holds it.
    pub fn at(
        rule: Rule,
        source: &SourceFile,
        span: Option<Range<usize>>,
        record: Option<&str>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Finding {
        let key = span
            .as_ref()
            .and_then(|s| source.keys().key_at(s))
            .map(str::to_string);
        Finding::located(rule, source, span, record, key, message, help)
    }

    /// A finding located as [`Finding::at`] places it, about `key` (looking the key up reads
    /// every key of the file: a caller that knows it gives it).
    pub(crate) fn located(
        rule: Rule,
        source: &SourceFile,
        span: Option<Range<usize>>,
        record: Option<&str>,
        key: Option<String>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Finding {
        let (line, column) = span
            .as_ref()
            .map(|s| source.line_col(s.start))
            .unwrap_or((1, 1));
        Finding {
            rule,
            level: rule.default_level(),
            file: source.rel.clone(),
            span,
            line,
            column,
            record: record.map(crate::text::printable),
            key,
            message: message.into(),
            help: help.into(),
        }
    }

    /// A finding about a file that could not be read as text, so has no source line to show.
    pub fn in_file(
        rule: Rule,
        file: &str,
        line: usize,
        column: usize,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Finding {
        Finding {
            rule,
            level: rule.default_level(),
            file: file.to_string(),
            span: None,
            line,
            column,
            record: None,
            key: None,
            message: message.into(),
            help: help.into(),
        }
    }

    /// This finding, about `key` (a dotted path as the user would write it).
    pub fn with_key(mut self, key: impl Into<String>) -> Finding {
        self.key = Some(key.into());
        self
    }

    fn sort_key(&self) -> (&str, usize, usize, &str, &str) {
        (
            &self.file,
            self.line,
            self.column,
            self.rule.name(),
            &self.message,
        )
    }
}

/// Sorts findings by file, line and column so every run prints them in the same order.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub decisions: usize,
    pub examples: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl Summary {
    pub fn count(decisions: usize, examples: usize, findings: &[Finding]) -> Summary {
        Summary {
            decisions,
            examples,
            errors: findings.iter().filter(|f| f.level == Level::Error).count(),
            warnings: findings
                .iter()
                .filter(|f| f.level == Level::Warning)
                .count(),
        }
    }

    /// The closing line of `check`, in plain English.
    pub fn sentence(&self) -> String {
        let things = format!(
            "{} and {}",
            plural(self.decisions, "decision record", "decision records"),
            plural(self.examples, "practice example", "practice examples")
        );
        if self.errors == 0 && self.warnings == 0 {
            return format!("Checked {things}: no problems found.");
        }
        format!(
            "Checked {things}: {} and {}.",
            plural(self.errors, "error", "errors"),
            plural(self.warnings, "warning", "warnings")
        )
    }
}

pub fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}
