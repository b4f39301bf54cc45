//! The `possible-identifier` rule: every text that will be rendered, scanned by the privacy
//! scanner, a finding for each identifier found.
//!
//! Records, examples, pack.toml, the frameworks and the tenders are scanned whole
//! ([`report_every_text`]): every string serde writes from them, whatever field it is in, so a
//! field added to a file is scanned without anyone listing it (see the schema-walk test in
//! `tests/integration/privacy_walk.rs`).

use serde::Serialize;

use super::RuleContext;
use crate::diagnostics::{Rule, Sink};
use crate::privacy::IdentifierKind;
use crate::privacy::walk::{KeyPath, each_text};

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

/// Texts that are not a file's own values (an answer's body with its figures filled in).
pub fn report_all(cx: &RuleContext, sink: &mut Sink, texts: &[(FieldPath, &str)]) {
    for (path, text) in texts {
        let path = path.to_string();
        let locate = [path.as_str(), path.split('[').next().unwrap_or(&path)];
        report_text(cx, sink, &path, &locate, text);
    }
}

/// Whether any scan of [`report_text`] would report something in `text`.
fn worth_reporting(cx: &RuleContext, text: &str) -> bool {
    (cx.runs(Rule::UnsupportedCharacter) && !text.is_ascii())
        || (cx.runs(Rule::PlaceholderText) && crate::model::placeholder::held_by(text).is_some())
        || (cx.runs(Rule::PossibleIdentifier) && !cx.identifiers.scan(text).is_empty())
}

/// The scans of one text that is shown: characters the PDF cannot show, words a template wrote
/// and identifiers, each when its rule runs.
fn report_text(cx: &RuleContext, sink: &mut Sink, shown: &str, locate: &[&str], text: &str) {
    if cx.runs(Rule::UnsupportedCharacter) && !text.is_ascii() {
        super::characters::report(sink, shown, locate, text);
    }
    if cx.runs(Rule::PlaceholderText)
        && let Some(words) = crate::model::placeholder::held_by(text)
    {
        super::unfinished::report_placeholder(sink, shown, words);
    }
    if cx.runs(Rule::PossibleIdentifier) {
        report_identifiers(cx, sink, &format!("`{shown}`"), locate, text);
    }
}

/// Every text of a value read from a file (a record, an example, pack.toml, a framework, a
/// tender or an answer), each scanned for identifiers and for characters the PDF cannot show.
pub fn report_every_text<T: Serialize + ?Sized>(cx: &RuleContext, sink: &mut Sink, value: &T) {
    report_texts_where(cx, sink, value, |_| true);
}

/// [`report_every_text`], for the texts whose path `keep` accepts (an answer's `body` is
/// scanned as it is filled in, a text that holds it).
pub fn report_texts_where<T: Serialize + ?Sized>(
    cx: &RuleContext,
    sink: &mut Sink,
    value: &T,
    keep: impl Fn(&KeyPath) -> bool,
) {
    each_text(value, |path, text| {
        if text.is_empty() || !keep(path) || !worth_reporting(cx, text) {
            // Most texts: nothing to report, and no path written out.
            return;
        }
        let (shown, located, top) = paths(path);
        let locate = [located.as_str(), shown.as_str(), top.as_str()];
        report_text(cx, sink, &shown, &locate, text);
    });
}

/// A file's name reaches the manifest and a draft's list of files: it is scanned as its text is.
pub fn report_file_name(cx: &RuleContext, sink: &mut Sink) {
    if !cx.runs(Rule::PossibleIdentifier) {
        return;
    }
    let name = sink.source.rel.clone();
    report_identifiers(cx, sink, "This file's name", &[], &name);
}

/// The path a message names (never a user's table key, which may itself be the identifier),
/// the full path the finding is placed at, and the first key.
fn paths(path: &KeyPath) -> (String, String, String) {
    (
        path.without_names().to_string(),
        path.to_string(),
        path.top(),
    )
}

/// `subject` is what the message says holds the identifier: a quoted key, or the file's name.
fn report_identifiers(
    cx: &RuleContext,
    sink: &mut Sink,
    subject: &str,
    locate: &[&str],
    text: &str,
) {
    for kind in cx.identifiers.scan(text) {
        sink.report(
            Rule::PossibleIdentifier,
            locate,
            format!("{subject} contains what looks like {}.", kind.describe()),
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
