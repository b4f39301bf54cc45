//! The findings for people: rustc-style blocks with the source line, a caret and `help:`.

use std::collections::HashMap;
use std::io::Write;

use super::{Finding, Level, Summary};
use crate::privacy::{IdentifierKind, IdentifierScanner};
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
    identifiers: Option<&[Found]>,
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
        let mut on_line: Vec<&Found> = identifiers
            .unwrap_or_default()
            .iter()
            .filter(|(r, _)| r.start < line_end && r.end > line_start)
            .collect();
        if on_line.is_empty() {
            return Some((
                std::borrow::Cow::Borrowed(line_text),
                finding.line,
                start..end,
            ));
        }
        // An identifier wrapped over lines (an NHS number in a `"""` string) is on no line
        // alone: such a line is not shown at all.
        if on_line
            .iter()
            .any(|(r, _)| r.start < line_start || r.end > line_end)
        {
            return None;
        }
        on_line.sort_by_key(|(r, _)| r.start);
        let mut redacted = String::with_capacity(line_text.len());
        let mut pos = 0;
        for (range, kind) in on_line {
            let (from, to) = (range.start - line_start, range.end - line_start);
            if from >= pos {
                redacted.push_str(&line_text[pos..from]);
                redacted.push_str(kind.removed_note());
            }
            pos = pos.max(to);
        }
        redacted.push_str(&line_text[pos..]);
        let unchanged = line_text
            .bytes()
            .zip(redacted.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        // The caret stays where it was only when it comes before the first removal.
        if end <= unchanged && redacted.is_char_boundary(end) {
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
    sources: &[std::sync::Arc<SourceFile>],
    identifiers: &IdentifierScanner,
    findings: &[Finding],
    summary: &Summary,
    quiet: bool,
    colour: bool,
) -> std::io::Result<()> {
    let by_rel: HashMap<&str, &SourceFile> =
        sources.iter().map(|s| (s.rel.as_str(), &**s)).collect();
    // Every source line shown is redacted, not only those with a `possible-identifier` finding: a
    // file that does not parse is shown at its broken line, identifiers and all. Each file's
    // identifiers are found once, in the whole file as its values read.
    let mut found_in: HashMap<&str, Vec<Found>> = HashMap::new();
    for finding in findings {
        let source = by_rel.get(finding.file.as_str()).copied();
        let found = source.map(|source| {
            found_in
                .entry(source.rel.as_str())
                .or_insert_with(|| identifiers_in(identifiers, &source.text))
                .as_slice()
        });
        let shown = render_human_redacting(finding, source, colour, found);
        writeln!(out, "{shown}\n")?;
    }
    if !quiet {
        writeln!(out, "{}", summary.sentence())?;
    }
    Ok(())
}

/// An identifier in a file: where it is, and what it is.
pub type Found = (std::ops::Range<usize>, IdentifierKind);

/// The identifiers in a file's text, found as its values read: a TOML escape for white space
/// (`\t`, `\n`, `\u0020`…) counts as the white space it stands for (the escapes are turned into
/// as many spaces, so that every place found is a place in the text).
fn identifiers_in(scanner: &IdentifierScanner, text: &str) -> Vec<Found> {
    scanner.find(&escapes_as_spaces(text))
}

fn escapes_as_spaces(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('\\') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let escape = &rest[at..];
        let length = match escape.as_bytes().get(1) {
            Some(b't' | b'n' | b'r' | b'f' | b'b') => 2,
            Some(b'u') => white_space_escape(escape, 4),
            Some(b'U') => white_space_escape(escape, 8),
            _ => 0,
        };
        if length > 0 {
            out.extend(std::iter::repeat_n(' ', length));
            rest = &escape[length..];
        } else {
            // Not white space: the backslash and the character after it stay as they are.
            let keep = escape[1..].chars().next().map_or(1, |c| 1 + c.len_utf8());
            out.push_str(&escape[..keep]);
            rest = &escape[keep..];
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// The length of a `\u` (4 digits) or `\U` (8 digits) escape at the start of `escape` when it
/// stands for white space, else 0.
fn white_space_escape(escape: &str, digits: usize) -> usize {
    escape
        .get(2..2 + digits)
        .and_then(|hex| u32::from_str_radix(hex, 16).ok())
        .and_then(char::from_u32)
        .filter(|c| c.is_whitespace())
        .map_or(0, |_| 2 + digits)
}

#[cfg(test)]
mod tests {
    use super::escapes_as_spaces;

    #[test]
    fn white_space_escapes_become_as_many_spaces_and_nothing_else_changes() {
        for (text, read) in [
            (r"a\tb", "a  b"),
            (r"a\u0020b\U000000A0c", "a      b          c"),
            (r"a\\tb", r"a\\tb"),
            (r"Zo\u00EB \n", r"Zo\u00EB   "),
            (r"ends with \", r"ends with \"),
            ("no escapes — ŵ", "no escapes — ŵ"),
            (r"\u12", r"\u12"),
        ] {
            let got = escapes_as_spaces(text);
            assert_eq!(got, read, "{text}");
            assert_eq!(got.len(), text.len(), "{text}");
        }
    }
}
