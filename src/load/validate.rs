//! Checks on a parsed record that the types alone cannot express, reported as `invalid-record`.

use crate::diagnostics::{Finding, Rule, Sink};
use crate::model::decision::Status;
use crate::model::{DecisionRecord, MAX_HEADING_CHARS, PracticeExample, placeholder};
use crate::source::SourceFile;
use crate::text::has_unsafe_chars;

pub fn decision(record: &DecisionRecord, source: &SourceFile) -> Vec<Finding> {
    let mut sink = Sink::new(source, Some(&record.id));
    required_text(&mut sink, "id", &record.id);
    required_text(&mut sink, "title", &record.title);
    required_text(&mut sink, "person", &record.person);
    required_text(&mut sink, "choice.summary", &record.choice.summary);
    for (i, risk) in record.risks.iter().enumerate() {
        required_text(
            &mut sink,
            format_args!("risks[{i}].description"),
            &risk.description,
        );
    }
    for (i, a) in record.alternatives.iter().enumerate() {
        required_text(
            &mut sink,
            format_args!("alternatives[{i}].option"),
            &a.option,
        );
        required_text(
            &mut sink,
            format_args!("alternatives[{i}].why_not"),
            &a.why_not,
        );
    }
    for (i, p) in record.plan.iter().enumerate() {
        required_text(&mut sink, format_args!("plan[{i}].action"), &p.action);
        required_text(&mut sink, format_args!("plan[{i}].owner"), &p.owner);
    }
    for (i, incident) in record.incidents.iter().enumerate() {
        required_text(
            &mut sink,
            format_args!("incidents[{i}].summary"),
            &incident.summary,
        );
    }
    for (i, outcome) in record.outcomes.iter().enumerate() {
        required_text(
            &mut sink,
            format_args!("outcomes[{i}].summary"),
            &outcome.summary,
        );
    }
    for (i, r) in record.reviews.iter().enumerate() {
        required_text(&mut sink, format_args!("reviews[{i}].by"), &r.by);
        required_text(&mut sink, format_args!("reviews[{i}].outcome"), &r.outcome);
    }
    let risks: Vec<(String, &str)> = record
        .risks
        .iter()
        .enumerate()
        .filter(|(_, r)| placeholder::ALL.contains(&r.description.trim()))
        .map(|(i, r)| (format!("risks[{i}].description"), r.description.as_str()))
        .collect();
    let mut fields = vec![
        ("person", record.person.as_str()),
        ("choice.summary", record.choice.summary.as_str()),
    ];
    fields.extend(risks.iter().map(|(p, v)| (p.as_str(), *v)));
    placeholders(&mut sink, record.draft, &fields);
    too_long(&mut sink, "id", &record.id);
    too_long(&mut sink, "title", &record.title);
    too_long(&mut sink, "person", &record.person);
    hidden_characters(&mut sink, "id", &record.id);
    hidden_characters(&mut sink, "title", &record.title);
    hidden_characters(&mut sink, "person", &record.person);
    if record.risks.is_empty() {
        invalid(
            &mut sink,
            "choice",
            "The record has no risks: a decision record needs at least one [[risks]] entry."
                .to_string(),
            MISSING_RISKS,
        );
    }
    if record.status == Status::Closed && record.closed_on.is_none() {
        invalid(
            &mut sink,
            "status",
            "The record is closed but has no `closed_on` date.".to_string(),
            MISSING_CLOSED_ON,
        );
    }
    soften_for_draft(record.draft, sink.findings)
}

const MISSING_CLOSED_ON: &str = "Add `closed_on = YYYY-MM-DD`, the date the record was closed.";
const MISSING_RISKS: &str = "Add [[risks]] with description, to, likelihood and impact. If the risk is small, say so with likelihood = \"low\".";
const FILL_IN: &str = "Fill it in.";

/// A draft (`draft = true`) may miss required fields: each is a warning, said to be about a
/// draft, and the draft stays out of built packs (SPEC 4b). Anything else stays an error.
fn soften_for_draft(draft: bool, mut findings: Vec<Finding>) -> Vec<Finding> {
    if draft {
        for f in &mut findings {
            if [FILL_IN, MISSING_RISKS, MISSING_CLOSED_ON].contains(&f.help.as_str()) {
                f.level = crate::diagnostics::Level::Warning;
                f.message = format!("Draft: {}", f.message);
            }
        }
    }
    findings
}

pub fn example(example: &PracticeExample, source: &SourceFile) -> Vec<Finding> {
    let mut sink = Sink::new(source, Some(&example.id));
    required_text(&mut sink, "id", &example.id);
    required_text(&mut sink, "title", &example.title);
    required_text(&mut sink, "situation", &example.situation);
    required_text(&mut sink, "action", &example.action);
    placeholders(
        &mut sink,
        example.draft,
        &[
            ("situation", example.situation.as_str()),
            ("action", example.action.as_str()),
        ],
    );
    too_long(&mut sink, "id", &example.id);
    too_long(&mut sink, "title", &example.title);
    hidden_characters(&mut sink, "id", &example.id);
    hidden_characters(&mut sink, "title", &example.title);
    soften_for_draft(example.draft, sink.findings)
}

fn invalid(sink: &mut Sink, path: &str, message: String, help: &str) {
    sink.report(Rule::InvalidRecord, &[path], message, help);
}

/// `path` is formatted only when the value is empty: most are not, and formatting every
/// list item's path for every record added up.
fn required_text(sink: &mut Sink, path: impl std::fmt::Display, value: &str) {
    if value.trim().is_empty() {
        let path = path.to_string();
        invalid(
            sink,
            &path,
            format!("`{path}` is empty, and it is required."),
            FILL_IN,
        );
    }
}

/// Reports fields that still hold the text `new` wrote. A draft (`draft = true`) is expected
/// to: it is left out of built packs.
fn placeholders(sink: &mut Sink, draft: bool, fields: &[(&str, &str)]) {
    if draft {
        return;
    }
    for (path, value) in fields {
        if !placeholder::ALL.contains(&value.trim()) {
            continue;
        }
        invalid(
            sink,
            path,
            format!(
                "`{path}` still holds the placeholder that `evidence-pack new` wrote: \"{}\"",
                value.trim()
            ),
            match *path {
                "choice.summary" => {
                    "Replace it with the choice the person wants to make: what, where and how often, in plain words."
                }
                "situation" => {
                    "Replace it with the situation before: what the person wanted and what stood in the way."
                }
                "action" => {
                    "Replace it with what you did with the person, and how the risks were managed."
                }
                _ => {
                    "Replace it with what could happen and the facts behind it, such as incidents in the last year."
                }
            },
        );
    }
}

fn too_long(sink: &mut Sink, path: &str, value: &str) {
    let chars = value.chars().count();
    if chars > MAX_HEADING_CHARS {
        invalid(
            sink,
            path,
            format!(
                "`{path}` is {chars} characters long; it heads a page, so it can be at most {MAX_HEADING_CHARS}."
            ),
            "Shorten it, and put the detail in the summary or rationale.",
        );
    }
}

fn hidden_characters(sink: &mut Sink, path: &str, value: &str) {
    if has_unsafe_chars(value) {
        invalid(
            sink,
            path,
            format!(
                "`{path}` contains hidden control or text-direction characters: it reads as \"{}\".",
                crate::text::printable(value)
            ),
            "Retype the value: hidden characters can make text display differently from how it is stored.",
        );
    }
}
