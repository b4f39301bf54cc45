//! The `possible-identifier` rule: every text that will be rendered, scanned by the privacy
//! scanner, a finding for each identifier found.

use super::Context;
use crate::diagnostics::{Rule, Sink};
use crate::privacy::IdentifierKind;

/// Where a text stands in its file, as a finding names it: `title`, `themes[2]` or
/// `risks[0].description`. Written out only for a finding: most texts have none, and formatting
/// every path of every record added up.
#[derive(Debug, Clone, Copy)]
pub enum FieldPath {
    Key(&'static str),
    /// A list, the item's index, and the key within the item ("" for the item itself).
    Item(&'static str, usize, &'static str),
}

impl std::fmt::Display for FieldPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            FieldPath::Key(key) => f.write_str(key),
            FieldPath::Item(list, i, "") => write!(f, "{list}[{i}]"),
            FieldPath::Item(list, i, key) => write!(f, "{list}[{i}].{key}"),
        }
    }
}

pub fn report_all(cx: &Context, sink: &mut Sink, texts: &[(FieldPath, &str)]) {
    // The same texts are the ones the PDF shows.
    if cx.runs(Rule::UnsupportedCharacter) {
        super::characters::report_all(sink, texts);
    }
    if cx.runs(Rule::PlaceholderText) {
        super::unfinished::placeholder_text(sink, texts);
    }
    if !cx.runs(Rule::PossibleIdentifier) {
        return;
    }
    for (path, text) in texts {
        for kind in cx.identifiers.scan(text) {
            let path = path.to_string();
            sink.report(
                Rule::PossibleIdentifier,
                &[path.as_str(), path.split('[').next().unwrap_or(&path)],
                format!("`{path}` contains what looks like {}.", kind.describe()),
                match kind {
                    IdentifierKind::RegisteredName | IdentifierKind::NhsNumber => {
                        "Remove it or replace it with the person's pseudonymous reference (initials or a code): packs are shared outside the service."
                    }
                    _ => {
                        "Remove it, or say what it is in general terms (such as \"her daughter's phone number\"): packs are shared outside the service."
                    }
                },
            );
        }
    }
}
