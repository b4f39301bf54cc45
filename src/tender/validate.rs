//! Checks on a parsed tender or answer that the types alone cannot express, reported as
//! `invalid-record` as the records' are.

use crate::diagnostics::Sink;
use crate::diagnostics::{Finding, Rule};
use crate::model::tender::{Answer, AnswerStatus, TenderFile};
use crate::source::SourceFile;
use crate::text::has_unsafe_chars;

/// What `evidence-pack new answer` writes in the body, to be replaced.
pub use crate::model::placeholder::ANSWER_BODY as BODY_PLACEHOLDER;

pub fn tender(file: &TenderFile, source: &SourceFile) -> Vec<Finding> {
    let mut sink = Sink::new(source, None);
    required(&mut sink, "tender.title", &file.tender.title);
    required(&mut sink, "tender.buyer", &file.tender.buyer);
    for (i, q) in file.questions.iter().enumerate() {
        required(&mut sink, &format!("questions[{i}].id"), &q.id);
        required(&mut sink, &format!("questions[{i}].text"), &q.text);
        hidden(&mut sink, &format!("questions[{i}].id"), &q.id);
        if q.limit == 0 {
            invalid(
                &mut sink,
                &format!("questions[{i}].limit"),
                "The limit is 0, so no answer could meet it.".to_string(),
                "Copy the limit from the tender documents, such as limit = 750.",
            );
        }
    }
    sink.findings
}

pub fn answer(answer: &Answer, source: &SourceFile) -> Vec<Finding> {
    let mut sink = Sink::new(source, None);
    required(&mut sink, "question", &answer.question);
    hidden(&mut sink, "question", &answer.question);
    required(&mut sink, "body", &answer.body);
    if answer.status == AnswerStatus::Ready && answer.body.trim() == BODY_PLACEHOLDER {
        invalid(
            &mut sink,
            "body",
            format!(
                "`body` still holds the placeholder that `evidence-pack new answer` wrote: \"{BODY_PLACEHOLDER}\""
            ),
            "Write the answer, or set status = \"draft\" until it is written.",
        );
    }
    sink.findings
}

fn invalid(sink: &mut Sink, path: &str, message: String, help: &str) {
    sink.report(Rule::InvalidRecord, &[path], message, help);
}

fn required(sink: &mut Sink, path: &str, value: &str) {
    if value.trim().is_empty() {
        invalid(
            sink,
            path,
            format!("`{path}` is empty, and it is required."),
            "Fill it in.",
        );
    }
}

fn hidden(sink: &mut Sink, path: &str, value: &str) {
    if has_unsafe_chars(value) {
        invalid(
            sink,
            path,
            format!(
                "`{path}` holds a hidden control character: {}.",
                crate::text::printable(value)
            ),
            "Retype it: hidden characters can make an id read differently from how it is stored.",
        );
    }
}
