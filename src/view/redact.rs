//! Text as the pack shows it: identifiers hidden in flagged packs, hidden characters made
//! visible, over-long words and headings tamed.

use crate::diagnostics::{Finding, Rule};
use crate::load::Pack;
use crate::markdown::{self, Markdown};
use crate::privacy::IdentifierScanner;
use crate::text::{has_unsafe_chars, printable};

/// Hides identifiers from rendered text in records that `possible-identifier` flagged, so that even
/// a draft never shows an NHS number, postcode, phone number, e-mail address or registered name.
pub(super) struct Redactor<'a> {
    scanner: Option<&'a IdentifierScanner>,
}

impl<'a> Redactor<'a> {
    pub(super) fn new(pack: &'a Pack, findings: &[Finding]) -> Redactor<'a> {
        let flagged = findings.iter().any(|f| f.rule == Rule::PossibleIdentifier);
        Redactor {
            scanner: flagged.then_some(&pack.identifiers),
        }
    }

    pub(super) fn text(&self, text: &str) -> String {
        match self.scanner {
            Some(s) => shown(&s.redact(text)),
            None => shown(text),
        }
    }

    pub(super) fn markdown(&self, text: &str) -> Markdown {
        match self.scanner {
            Some(s) => markdown::render(&shown(&s.redact(text))),
            None if needs_escapes(text) => markdown::render(&printable(text)),
            None => markdown::render(text),
        }
    }
}

/// Text as the pack shows it: control characters and bidirectional overrides (which can make a
/// title read differently from how it is stored, `check` reports them in ids and titles) become
/// visible escapes such as `\u{202E}`, in the HTML, the PDF and pack.json alike.
/// Text that stands in headings, bookmarks and the contents: a title longer than
/// [`crate::model::MAX_HEADING_CHARS`] (already an `invalid-record` error) is cut short, so a
/// draft still builds.
pub(super) fn heading(text: String) -> String {
    let max = crate::model::MAX_HEADING_CHARS;
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text
        .chars()
        .filter(|c| *c != '\u{200B}')
        .take(max)
        .collect();
    cut + "…"
}

/// Whether `text` holds a control or text-direction character. Most text is printable ASCII,
/// which a byte scan settles without decoding characters.
fn needs_escapes(text: &str) -> bool {
    let unusual = text
        .bytes()
        .any(|b| !((b' '..0x7F).contains(&b) | matches!(b, b'\n' | b'\r' | b'\t')));
    unusual && has_unsafe_chars(text)
}

/// Plain text as the pack shows it: hidden control characters made visible, and words too long
/// to wrap broken up (see [`markdown::break_long_words`]).
pub(super) fn shown(text: &str) -> String {
    let text = if needs_escapes(text) {
        printable(text)
    } else {
        text.to_string()
    };
    if markdown::has_long_word(&text) {
        markdown::break_long_words(&text)
    } else {
        text
    }
}
