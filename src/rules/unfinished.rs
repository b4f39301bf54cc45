//! What is not yet the provider's own (SPEC section 7a): `sample-record` (a sample `init` wrote),
//! `placeholder-text` (the template's words, in drafts too) and `no-statements` (a record that
//! evidences nothing in the coverage matrix).

use crate::diagnostics::{Finding, Rule, Sink};
use crate::model::{DecisionRecord, PracticeExample};
use crate::source::SourceFile;

pub fn decision(record: &DecisionRecord, source: &SourceFile) -> Vec<Finding> {
    let mut sink = Sink::new(source, Some(&record.id));
    sample_record(&mut sink, record.sample, "record");
    no_statements(&mut sink, &record.statements, "record");
    sink.findings
}

pub fn example(example: &PracticeExample, source: &SourceFile) -> Vec<Finding> {
    let mut sink = Sink::new(source, Some(&example.id));
    sample_record(&mut sink, example.sample, "example");
    no_statements(&mut sink, &example.statements, "example");
    sink.findings
}

fn sample_record(sink: &mut Sink, sample: bool, what: &str) {
    if sample {
        sink.report(
            Rule::SampleRecord,
            &["sample", "id"],
            format!(
                "This {what} is a sample that `evidence-pack init` wrote to show the format: it counts in the pack's figures and is shown in the pack."
            ),
            format!(
                "Delete the file once you have {what}s of your own; or, if you have made this one your own, delete the line `sample = true`."
            ),
        );
    }
}

fn no_statements(sink: &mut Sink, statements: &[String], what: &str) {
    if statements.is_empty() {
        sink.report(
            Rule::NoStatements,
            &["statements", "id"],
            format!(
                "This {what} names no quality statements, so it is evidence for nothing in the coverage matrix."
            ),
            "Add the statements it is evidence for, for example statements = [\"S4\", \"C3\"] (the coverage matrix in the pack lists them).",
        );
    }
}

pub fn report_placeholder(sink: &mut Sink, path: &str, words: &str) {
    sink.report(
        Rule::PlaceholderText,
        &[path, path.split('[').next().unwrap_or(path)],
        format!(
            "`{path}` still holds words the template wrote, to be replaced: \"{}\".",
            words.trim_end_matches('.')
        ),
        "Replace them with your own words, or they will be read as written.",
    );
}

/// Leaves out a `placeholder-text` finding where the same line already has an `invalid-record`
/// one (a required field of a finished record that still holds its placeholder): one finding
/// for one mistake.
pub fn drop_repeats(findings: &mut Vec<Finding>) {
    let invalid: std::collections::HashSet<(String, usize)> = findings
        .iter()
        .filter(|f| f.rule == Rule::InvalidRecord)
        .map(|f| (f.file.clone(), f.line))
        .collect();
    if invalid.is_empty() {
        return;
    }
    findings.retain(|f| {
        f.rule != Rule::PlaceholderText || !invalid.contains(&(f.file.clone(), f.line))
    });
}
