//! Rules that look across the whole pack: ids, references, statements and coverage.

use std::collections::{BTreeMap, HashSet};

use super::RuleContext;
use crate::diagnostics::{Finding, Rule, Sink};
use crate::load::Pack;
use crate::model::framework::StatementRef;
use crate::model::{DecisionRecord, PracticeExample};
use crate::source::SourceFile;

pub fn check(cx: &RuleContext) -> Vec<Finding> {
    let mut findings = Vec::new();
    duplicate_id(cx, &mut findings);
    unknown_statement(cx, &mut findings);
    unknown_reference(cx, &mut findings);
    coverage_gap(cx, &mut findings);
    pack_settings(cx, &mut findings);
    possible_identifier(cx, &mut findings);
    findings
}

/// Every id with the files that use it, records first, in load (path) order.
fn duplicate_id(cx: &RuleContext, findings: &mut Vec<Finding>) {
    let pack = cx.pack;
    let mut seen: BTreeMap<&str, Vec<&SourceFile>> = BTreeMap::new();
    for d in &pack.decisions {
        seen.entry(d.item.id.trim())
            .or_default()
            .push(pack.source(d.source));
    }
    for e in &pack.examples {
        seen.entry(e.item.id.trim())
            .or_default()
            .push(pack.source(e.source));
    }
    for (id, files) in seen {
        if id.is_empty() || files.len() < 2 {
            continue;
        }
        let first = files[0];
        for other in &files[1..] {
            let mut sink = Sink::new(other, Some(id));
            sink.report(
                Rule::DuplicateId,
                &["id"],
                format!(
                    "The id {} is used by both {} and {}.",
                    crate::text::printable(id),
                    first.rel,
                    other.rel
                ),
                "Give each record and example its own id (`evidence-pack new` picks the next free one).",
            );
            findings.extend(sink.findings);
        }
    }
}

fn unknown_statement(cx: &RuleContext, findings: &mut Vec<Finding>) {
    let pack = cx.pack;
    let mut check_list = |source: &SourceFile, record: Option<&str>, key: &str, ids: &[String]| {
        let mut sink = Sink::new(source, record);
        for (i, id) in ids.iter().enumerate() {
            if cx.pack.frameworks.lookup(id).is_none() {
                let r = cx.pack.frameworks.resolve(id);
                let why = if cx.pack.frameworks.get(&r.framework).is_none() {
                    format!(
                        "no framework called \"{}\" is loaded",
                        crate::text::printable(&r.framework)
                    )
                } else {
                    format!(
                        "the {} framework has no statement {}",
                        r.framework,
                        crate::text::printable(&r.id)
                    )
                };
                // "s4" or " S4 ": the statement written in another case or with spaces.
                let tidy = id.trim().to_uppercase();
                let help = match cx.pack.frameworks.lookup(&tidy) {
                    Some(_) if tidy != *id => format!("Did you mean \"{tidy}\"? Statement ids are written in capitals."),
                    _ => "Use a statement id such as \"S4\" (CQC statements are S1–S8, E1–E6, C1–C5, R1–R7, W1–W8), or \"fw:ID\" for a framework in frameworks/.".to_string(),
                };
                sink.report(
                    Rule::UnknownStatement,
                    &[&format!("{key}[{i}]"), key],
                    format!(
                        "\"{}\" is not a known quality statement: {why}.",
                        crate::text::printable(id)
                    ),
                    help,
                );
            }
        }
        findings.extend(sink.findings);
    };
    if let Some(source) = pack.config_file() {
        check_list(
            source,
            None,
            "pack.required_statements",
            &pack.config.pack.required_statements,
        );
    }
    for d in &pack.decisions {
        check_list(
            pack.source(d.source),
            Some(&d.item.id),
            "statements",
            &d.item.statements,
        );
    }
    for e in &pack.examples {
        check_list(
            pack.source(e.source),
            Some(&e.item.id),
            "statements",
            &e.item.statements,
        );
    }
}

fn unknown_reference(cx: &RuleContext, findings: &mut Vec<Finding>) {
    let pack = cx.pack;
    let mut decision_ids: HashSet<&str> = pack.decisions.iter().map(|d| d.item.id.trim()).collect();
    // A record that exists but could not be read is reported as invalid-record, not unknown.
    decision_ids.extend(
        pack.findings
            .iter()
            .filter(|f| f.rule == Rule::InvalidRecord)
            .filter(|f| f.file.starts_with(crate::load::DECISIONS_DIR))
            .filter_map(|f| f.record.as_deref().map(str::trim)),
    );
    for e in &pack.examples {
        let mut sink = Sink::new(pack.source(e.source), Some(&e.item.id));
        for (i, id) in e.item.decisions.iter().enumerate() {
            if !decision_ids.contains(id.trim()) {
                sink.report(
                    Rule::UnknownReference,
                    &[&format!("decisions[{i}]"), "decisions"],
                    format!("The example cites decision {}, but no decision record has that id.", crate::text::printable(id)),
                    "Check the id against the files in content/decisions, or remove it from decisions.",
                );
            }
        }
        findings.extend(sink.findings);
    }
}

/// The statements that records and examples evidence, resolved to their framework. Drafts are
/// not evidence yet.
pub fn evidenced_statements<'a>(
    pack: &Pack,
    decisions: impl Iterator<Item = &'a DecisionRecord>,
    examples: impl Iterator<Item = &'a PracticeExample>,
) -> HashSet<StatementRef> {
    let decisions = decisions
        .filter(|d| !d.draft)
        .flat_map(|d| d.statements.iter());
    let examples = examples
        .filter(|e| !e.draft)
        .flat_map(|e| e.statements.iter());
    decisions
        .chain(examples)
        .map(|s| pack.frameworks.resolve(s))
        .collect()
}

fn coverage_gap(cx: &RuleContext, findings: &mut Vec<Finding>) {
    let pack = cx.pack;
    let evidenced = evidenced_statements(
        pack,
        pack.decisions.iter().map(|d| &*d.item),
        pack.examples.iter().map(|e| &*e.item),
    );
    findings.extend(coverage_gaps(
        pack,
        &evidenced,
        "No decision record or practice example",
    ));
}

/// A `coverage-gap` finding for each required statement missing from `evidenced`; `who` starts
/// the message ("No decision record or practice example …").
pub fn coverage_gaps(pack: &Pack, evidenced: &HashSet<StatementRef>, who: &str) -> Vec<Finding> {
    let Some(source) = pack.config_file() else {
        return Vec::new();
    };
    let mut sink = Sink::new(source, None);
    for (i, id) in pack.config.pack.required_statements.iter().enumerate() {
        let Some((framework, statement)) = pack.frameworks.lookup(id) else {
            continue;
        };
        if !evidenced.contains(&pack.frameworks.resolve(id)) {
            sink.report(
                Rule::CoverageGap,
                &[&format!("pack.required_statements[{i}]"), "pack.required_statements"],
                format!(
                    "{who} evidences {} \"{}\" ({}), which this pack must cover.",
                    statement.id, statement.name, framework.name
                ),
                format!(
                    "Add \"{}\" to the statements of the records or examples that show it, or write a practice example for it.",
                    id.trim()
                ),
            );
        }
    }
    sink.findings
}

/// Settings in pack.toml that name things that do not exist.
fn pack_settings(cx: &RuleContext, findings: &mut Vec<Finding>) {
    let pack = cx.pack;
    let Some(source) = pack.config_file() else {
        return;
    };
    let mut sink = Sink::new(source, None);
    if pack.frameworks.primary().is_none() {
        let known: Vec<String> = pack.frameworks.all.iter().map(|f| f.id.clone()).collect();
        sink.report(
            Rule::InvalidRecord,
            &["pack.framework", "pack"],
            format!(
                "pack.framework is \"{}\", but no framework has that id.",
                crate::text::printable(&pack.frameworks.primary)
            ),
            format!(
                "Use one of: {} (the built-in CQC framework is cqc-saf), or add frameworks/<id>.toml.",
                known.join(", ")
            ),
        );
    }
    if let Some(select) = &pack.config.select {
        for (i, status) in select.status.iter().enumerate() {
            let s = status.trim().to_lowercase();
            if s != "active" && s != "closed" {
                sink.report(
                    Rule::InvalidRecord,
                    &[&format!("select.status[{i}]"), "select.status"],
                    format!(
                        "\"{}\" is not a record status, so [select] would match nothing by it.",
                        crate::text::printable(status)
                    ),
                    "Use \"active\" or \"closed\".",
                );
            }
        }
    }
    findings.extend(sink.findings);
}

/// Every text of pack.toml (the cover, `[select]`'s values, `[rules]`' names...) and of each of
/// the pack's own frameworks, whatever key it stands at.
fn possible_identifier(cx: &RuleContext, findings: &mut Vec<Finding>) {
    let pack = cx.pack;
    if let Some(source) = pack.config_file() {
        let mut sink = Sink::new(source, None);
        super::identifiers::report_every_text(cx, &mut sink, &pack.config);
        findings.extend(sink.findings);
    }
    for fw in &pack.frameworks.all {
        let Some(source) = fw.file.as_deref().and_then(|f| pack.source_by_rel(f)) else {
            continue;
        };
        let mut sink = Sink::new(source, None);
        super::identifiers::report_every_text(cx, &mut sink, fw);
        super::identifiers::report_file_name(cx, &mut sink);
        findings.extend(sink.findings);
    }
}
