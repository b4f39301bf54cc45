//! Findings and how they are shown: rustc-style blocks for people, JSON for programs.

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
    pub rule: &'static str,
    pub level: Level,
    /// Path relative to the pack root, with `/`.
    pub file: String,
    /// Byte range in the file's text, when the finding points at something in it.
    pub span: Option<Range<usize>>,
    pub line: usize,
    pub column: usize,
    pub record: Option<String>,
    pub message: String,
    pub help: String,
}

impl Finding {
    /// A finding located at `span` in `source` (line 1, column 1 when there is no span).
    pub fn at(
        rule: &'static str,
        level: Level,
        source: &SourceFile,
        span: Option<Range<usize>>,
        record: Option<&str>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Finding {
        let (line, column) = span
            .as_ref()
            .map(|s| source.line_col(s.start))
            .unwrap_or((1, 1));
        Finding {
            rule,
            level,
            file: source.rel.clone(),
            span,
            line,
            column,
            record: record.map(crate::text::printable),
            message: message.into(),
            help: help.into(),
        }
    }

    /// A finding about a file that could not be read as text, so has no source line to show.
    pub fn in_file(
        rule: &'static str,
        level: Level,
        file: &str,
        line: usize,
        column: usize,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Finding {
        Finding {
            rule,
            level,
            file: file.to_string(),
            span: None,
            line,
            column,
            record: None,
            message: message.into(),
            help: help.into(),
        }
    }

    fn sort_key(&self) -> (&str, usize, usize, &str, &str) {
        (&self.file, self.line, self.column, self.rule, &self.message)
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

/// The JSON document of `check --format json` (SPEC section 8).
#[derive(Debug, Serialize)]
pub struct JsonReport<'a> {
    pub as_of: String,
    pub summary: Summary,
    pub findings: Vec<JsonFinding<'a>>,
}

#[derive(Debug, Serialize)]
pub struct JsonFinding<'a> {
    pub rule: &'a str,
    pub level: Level,
    pub file: &'a str,
    pub line: usize,
    pub column: usize,
    pub record: Option<&'a str>,
    pub message: &'a str,
    pub help: &'a str,
}

impl<'a> From<&'a Finding> for JsonFinding<'a> {
    fn from(f: &'a Finding) -> Self {
        JsonFinding {
            rule: f.rule,
            level: f.level,
            file: &f.file,
            line: f.line,
            column: f.column,
            record: f.record.as_deref(),
            message: &f.message,
            help: &f.help,
        }
    }
}

/// Renders one finding as a rustc-style block: `error[rule]: message`, `--> file:line:col`, the
/// source line with a caret, and `help:`.
pub fn render_human(finding: &Finding, source: Option<&SourceFile>, colour: bool) -> String {
    render_human_redacting(finding, source, colour, None)
}

/// As [`render_human`], with identifiers that `scanner` finds taken out of the source line shown
/// under the finding (the line is not shown when the caret would fall in what was taken out).
pub fn render_human_redacting(
    finding: &Finding,
    source: Option<&SourceFile>,
    colour: bool,
    scanner: Option<&crate::rules::identifiers::IdentifierScanner>,
) -> String {
    use annotate_snippets::renderer::DecorStyle;
    use annotate_snippets::{AnnotationKind, Group, Level as AsLevel, Renderer, Snippet};

    let level = match finding.level {
        Level::Error => AsLevel::ERROR,
        Level::Warning => AsLevel::WARNING,
    };
    let message = crate::text::printable(&finding.message);
    let help = crate::text::printable(&finding.help);
    let file = crate::text::printable(&finding.file);
    let title = level.primary_title(message.as_str()).id(finding.rule);
    let renderer = if colour {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .decor_style(DecorStyle::Ascii);

    let located = source.zip(finding.span.clone()).and_then(|(source, span)| {
        let (line_start, line_end) = source.line_bounds(span.start);
        let line_text = &source.text[line_start..line_end];
        // A very long line (a generated or hostile file) is not shown: showing it under each of
        // its findings would cost the whole line every time.
        if line_text.len() > crate::source::LONG_LINE || crate::text::has_unsafe_chars(line_text) {
            return None;
        }
        let start = span.start - line_start;
        let end = span.end.clamp(span.start + 1, line_end.max(span.start + 1)) - line_start;
        let end = end.min(line_text.len()).max(start.min(line_text.len()));
        // The caret covers whole characters: a span of one byte at `—` would otherwise end inside
        // the character, and annotate-snippets panics on that (found by fuzzing).
        let mut start = start.min(line_text.len());
        while !line_text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = end;
        while !line_text.is_char_boundary(end) {
            end += 1;
        }
        let Some(scanner) = scanner else {
            return Some((
                std::borrow::Cow::Borrowed(line_text),
                finding.line,
                start..end,
            ));
        };
        let redacted = scanner.redact(line_text);
        let unchanged = line_text
            .bytes()
            .zip(redacted.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        if redacted == line_text {
            Some((
                std::borrow::Cow::Borrowed(line_text),
                finding.line,
                start..end,
            ))
        } else if end <= unchanged && redacted.is_char_boundary(end) {
            Some((std::borrow::Cow::Owned(redacted), finding.line, start..end))
        } else {
            None
        }
    });

    let report = match &located {
        Some((line_text, line_no, range)) => {
            let (line_no, range) = (*line_no, range.clone());
            let snippet = Snippet::source(line_text.as_ref())
                .line_start(line_no)
                .path(file.as_str())
                .annotation(AnnotationKind::Primary.span(range));
            vec![
                title.element(snippet),
                Group::with_title(AsLevel::HELP.secondary_title(help.as_str())),
            ]
        }
        None => {
            let origin = annotate_snippets::Origin::path(file.as_str())
                .line(finding.line)
                .char_column(finding.column);
            vec![
                title.element(origin),
                Group::with_title(AsLevel::HELP.secondary_title(help.as_str())),
            ]
        }
    };
    renderer.render(&report)
}
