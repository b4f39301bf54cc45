//! Checks on a parsed record that the types alone cannot express, reported as `invalid-record`.

use crate::diagnostics::{Finding, Level};
use crate::load::INVALID_RECORD;
use crate::model::decision::Status;
use crate::model::{DecisionRecord, PracticeExample};
use crate::source::SourceFile;
use crate::text::has_unsafe_chars;

/// Titles, ids and person references longer than this are refused: they head pages, bookmarks and
/// the contents.
pub const MAX_HEADING_CHARS: usize = 300;

pub fn decision(record: &DecisionRecord, source: &SourceFile) -> Vec<Finding> {
    let mut findings = Vec::new();
    let id = Some(record.id.as_str());
    let mut invalid = |path: &str, message: String, help: &str| {
        findings.push(Finding::at(
            INVALID_RECORD,
            Level::Error,
            source,
            source.span(path),
            id,
            message,
            help,
        ))
    };
    required_text(&mut invalid, "id", &record.id);
    required_text(&mut invalid, "title", &record.title);
    required_text(&mut invalid, "person", &record.person);
    required_text(&mut invalid, "choice.summary", &record.choice.summary);
    for (i, risk) in record.risks.iter().enumerate() {
        required_text(
            &mut invalid,
            &format!("risks[{i}].description"),
            &risk.description,
        );
    }
    for (i, a) in record.alternatives.iter().enumerate() {
        required_text(
            &mut invalid,
            &format!("alternatives[{i}].option"),
            &a.option,
        );
        required_text(
            &mut invalid,
            &format!("alternatives[{i}].why_not"),
            &a.why_not,
        );
    }
    for (i, p) in record.plan.iter().enumerate() {
        required_text(&mut invalid, &format!("plan[{i}].action"), &p.action);
        required_text(&mut invalid, &format!("plan[{i}].owner"), &p.owner);
    }
    for (i, r) in record.reviews.iter().enumerate() {
        required_text(&mut invalid, &format!("reviews[{i}].by"), &r.by);
        required_text(&mut invalid, &format!("reviews[{i}].outcome"), &r.outcome);
    }
    too_long(&mut invalid, "id", &record.id);
    too_long(&mut invalid, "title", &record.title);
    too_long(&mut invalid, "person", &record.person);
    hidden_characters(&mut invalid, "id", &record.id);
    hidden_characters(&mut invalid, "title", &record.title);
    hidden_characters(&mut invalid, "person", &record.person);
    if record.risks.is_empty() {
        invalid(
            "choice",
            "The record has no risks: a decision record needs at least one [[risks]] entry."
                .to_string(),
            "Add [[risks]] with description, to, likelihood and impact. If the risk is small, say so with likelihood = \"low\".",
        );
    }
    if record.status == Status::Closed && record.closed_on.is_none() {
        invalid(
            "status",
            "The record is closed but has no `closed_on` date.".to_string(),
            "Add `closed_on = YYYY-MM-DD`, the date the record was closed.",
        );
    }
    findings
}

pub fn example(example: &PracticeExample, source: &SourceFile) -> Vec<Finding> {
    let mut findings = Vec::new();
    let id = Some(example.id.as_str());
    let mut invalid = |path: &str, message: String, help: &str| {
        findings.push(Finding::at(
            INVALID_RECORD,
            Level::Error,
            source,
            source.span(path),
            id,
            message,
            help,
        ))
    };
    required_text(&mut invalid, "id", &example.id);
    required_text(&mut invalid, "title", &example.title);
    required_text(&mut invalid, "situation", &example.situation);
    required_text(&mut invalid, "action", &example.action);
    too_long(&mut invalid, "id", &example.id);
    too_long(&mut invalid, "title", &example.title);
    hidden_characters(&mut invalid, "id", &example.id);
    hidden_characters(&mut invalid, "title", &example.title);
    findings
}

fn required_text(invalid: &mut impl FnMut(&str, String, &str), path: &str, value: &str) {
    if value.trim().is_empty() {
        invalid(
            path,
            format!("`{path}` is empty, and it is required."),
            "Fill it in.",
        );
    }
}

fn too_long(invalid: &mut impl FnMut(&str, String, &str), path: &str, value: &str) {
    let chars = value.chars().count();
    if chars > MAX_HEADING_CHARS {
        invalid(
            path,
            format!(
                "`{path}` is {chars} characters long; it heads a page, so it can be at most {MAX_HEADING_CHARS}."
            ),
            "Shorten it, and put the detail in the summary or rationale.",
        );
    }
}

fn hidden_characters(invalid: &mut impl FnMut(&str, String, &str), path: &str, value: &str) {
    if has_unsafe_chars(value) {
        invalid(
            path,
            format!(
                "`{path}` contains hidden control or text-direction characters: it reads as \"{}\".",
                crate::text::printable(value)
            ),
            "Retype the value: hidden characters can make text display differently from how it is stored.",
        );
    }
}
