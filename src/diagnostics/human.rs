//! The findings for people: rustc-style blocks with the source line, a caret and `help:`.

use std::collections::HashMap;
use std::io::Write;

use super::{Finding, Level, Summary};
use crate::privacy::IdentifierScanner;
use crate::source::SourceFile;

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
    scanner: Option<&IdentifierScanner>,
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
    let title = level
        .primary_title(message.as_str())
        .id(finding.rule.name());
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
        // An identifier wrapped over two or three lines (an NHS number in a `"""` string) is
        // not one on any line alone: the line is not shown when one reaches past it.
        if reaches_past_line(scanner, source, line_start, line_end) {
            return None;
        }
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

/// Writes findings as rustc-style blocks, each with its line from `sources`, then the summary line
/// (unless `quiet`). Where identifiers were found, the source lines shown do not repeat them.
pub fn write_human(
    out: &mut impl Write,
    sources: &[SourceFile],
    privacy_names: &[String],
    findings: &[Finding],
    summary: &Summary,
    quiet: bool,
    colour: bool,
) -> std::io::Result<()> {
    let by_rel: HashMap<&str, &SourceFile> = sources.iter().map(|s| (s.rel.as_str(), s)).collect();
    // Every source line shown is redacted, not only those with a `possible-identifier` finding: a
    // file that does not parse is shown at its broken line, identifiers and all.
    let scanner = (!findings.is_empty()).then(|| IdentifierScanner::new(privacy_names));
    for finding in findings {
        let source = by_rel.get(finding.file.as_str()).copied();
        let shown = render_human_redacting(finding, source, colour, scanner.as_ref());
        writeln!(out, "{shown}\n")?;
    }
    if !quiet {
        writeln!(out, "{}", summary.sentence())?;
    }
    Ok(())
}

/// Whether an identifier found in the lines around `line_start..line_end` (two either side)
/// starts or ends outside that line while covering part of it.
fn reaches_past_line(
    scanner: &IdentifierScanner,
    source: &SourceFile,
    line_start: usize,
    line_end: usize,
) -> bool {
    let mut from = line_start;
    let mut to = line_end;
    for _ in 0..2 {
        if from > 0 {
            from = source.line_bounds(from - 1).0;
        }
        if let Some(i) = source.text[to..].find('\n') {
            to = source.line_bounds(to + i + 1).1;
        }
    }
    scanner.find(&source.text[from..to]).into_iter().any(|r| {
        let (start, end) = (from + r.start, from + r.end);
        start < line_end && end > line_start && (start < line_start || end > line_end)
    })
}
