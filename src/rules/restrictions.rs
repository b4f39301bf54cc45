//! Rules on the restrictive practices a record lists, or should list (SPEC section 4b, version 3):
//! restriction-undeclared, restriction-needs-incapacity and covert-medication-safeguards; and the
//! new texts and dates of version 3 for possible-identifier and date-order. One function per rule.

use super::RuleContext;
use super::identifiers::FieldPath::{self, Item, Key};
use crate::diagnostics::{Finding, Rule, Sink};
use crate::model::DecisionRecord;
use crate::model::restrictions::{Restriction, RestrictionKind};
use crate::source::SourceFile;

pub fn check(cx: &RuleContext, record: &DecisionRecord, source: &SourceFile) -> Vec<Finding> {
    let mut sink = Sink::new(source, Some(&record.id));
    restriction_undeclared(cx, record, &mut sink);
    for (i, restriction) in record.restrictions.iter().enumerate() {
        restriction_needs_incapacity(record, i, restriction, &mut sink);
        covert_medication_safeguards(cx, record, i, restriction, &mut sink);
    }
    date_order(cx, record, &mut sink);
    sink.findings
}

/// The texts restriction-undeclared reads, where they stand.
fn searched_texts(record: &DecisionRecord) -> Vec<(FieldPath, &str)> {
    let mut texts = vec![(Key("choice.summary"), record.choice.summary.as_str())];
    for (path, value) in [
        ("decision.rationale", &record.decision.rationale),
        (
            "decision.least_restrictive",
            &record.decision.least_restrictive,
        ),
    ] {
        if let Some(t) = value {
            texts.push((Key(path), t));
        }
    }
    for (i, p) in record.plan.iter().enumerate() {
        texts.push((Item("plan", i, "action"), &p.action));
    }
    for (i, a) in record.alternatives.iter().enumerate() {
        texts.push((Item("alternatives", i, "option"), &a.option));
    }
    for (i, r) in record.reviews.iter().enumerate() {
        texts.push((Item("reviews", i, "outcome"), &r.outcome));
    }
    texts
}

fn restriction_undeclared(cx: &RuleContext, record: &DecisionRecord, sink: &mut Sink) {
    if !record.restrictions.is_empty() {
        return;
    }
    let Some((path, phrase)) = searched_texts(record)
        .into_iter()
        .find_map(|(path, text)| cx.phrases.find(text).map(|p| (path, p)))
    else {
        return;
    };
    let path = path.to_string();
    sink.report(
        Rule::RestrictionUndeclared,
        &[path.as_str(), path.split('[').next().unwrap_or(&path)],
        format!(
            "`{path}` says \"{}\", which usually describes a restrictive practice, but the record lists no [[restrictions]]. Whatever the outcome is called, an inspector asks to see every restriction in place.",
            crate::text::printable(&phrase)
        ),
        "If it is in place, add a [[restrictions]] entry (kind, description, since) and make sure the record gives its basis. If it is not, reword the text so it is clear (for example \"no curfew\").",
    );
}

/// Covert medication needs a lack of capacity; restraint too, unless the person agrees or a named
/// power allows it (MCA 2005 s5-s6 protect acts only for a person who lacks capacity).
fn restriction_needs_incapacity(
    record: &DecisionRecord,
    i: usize,
    restriction: &Restriction,
    sink: &mut Sink,
) {
    if !record.has_capacity() {
        return;
    }
    let message = match restriction.kind {
        RestrictionKind::CovertMedication => {
            "Medicine is given covertly to a person who has capacity for this decision. A person with capacity decides about their own medicines, and may refuse them: covert medication is never lawful for them."
        }
        kind if kind.is_restraint()
            && !record.agreed_by_person()
            && !record.has_a_lawful_power() =>
        {
            "Restraint is used on a person who has capacity for this decision, who has not agreed to it, and no statutory power or court order is named. The Mental Capacity Act 2005 (s5-s6) protects restraint only of a person who lacks capacity."
        }
        _ => return,
    };
    let path = format!("restrictions[{i}].kind");
    sink.report(
        Rule::RestrictionNeedsIncapacity,
        &[path.as_str(), "restrictions"],
        message,
        "Stop and review it with the person. If their capacity for this decision is in doubt, assess it and record the assessment under [capacity]. Force used once in self-defence or to prevent a crime is an incident, not a planned restriction: record it under [[incidents]].",
    );
}

/// Words that name a prescriber, and a pharmacist, among those consulted.
const PRESCRIBERS: &[&str] = &[
    "gp",
    "doctor",
    "dr",
    "prescriber",
    "psychiatrist",
    "consultant",
];
const PHARMACISTS: &[&str] = &["pharmacist", "pharmacy"];

fn names_any(entries: &[String], words: &[&str]) -> bool {
    entries.iter().any(|entry| {
        entry
            .to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| words.contains(&w))
    })
}

fn covert_medication_safeguards(
    cx: &RuleContext,
    record: &DecisionRecord,
    i: usize,
    restriction: &Restriction,
    sink: &mut Sink,
) {
    if restriction.kind != RestrictionKind::CovertMedication {
        return;
    }
    let mut missing = Vec::new();
    if !names_any(&restriction.consulted, PRESCRIBERS) {
        missing.push(
            "the prescriber (GP, psychiatrist or other prescriber) was consulted".to_string(),
        );
    }
    if !names_any(&restriction.consulted, PHARMACISTS) {
        missing.push("a pharmacist was consulted on how the medicine may be given".to_string());
    }
    if !record.names_an_unpaid_person(false) {
        missing.push(
            "someone unpaid who knows the person (family, a friend, an attorney, deputy or advocate) was consulted"
                .to_string(),
        );
    }
    let limit = cx.pack.config.policy.covert_review_days();
    if let Some(days) = record.every_days().filter(|&d| d > limit) {
        missing.push(format!(
            "it is reviewed at least every {limit} days (the plan says every {days})"
        ));
    }
    if missing.is_empty() {
        return;
    }
    let path = format!("restrictions[{i}]");
    sink.report(
        Rule::CovertMedicationSafeguards,
        &[path.as_str(), "restrictions"],
        format!(
            "Medicine is given covertly, but the record does not show that {} (NICE SC1 and NG67).",
            super::lawful::join_and(&missing.iter().map(String::as_str).collect::<Vec<_>>())
        ),
        format!(
            "List the prescriber and pharmacist in restrictions[{i}].consulted, the person's family, friend or advocate in capacity.consulted, and set review.every_days to {limit} or fewer. Tell the DoLS supervisory body or the court that authorised the arrangements about the covert medication."
        ),
    );
}

fn date_order(cx: &RuleContext, record: &DecisionRecord, sink: &mut Sink) {
    let mut events: Vec<(String, &str, crate::model::Date)> = Vec::new();
    for (i, r) in record.restrictions.iter().enumerate() {
        events.push((format!("restrictions[{i}].since"), "A restriction", r.since));
    }
    if let Some(told) = record.decision.commissioner_told_on {
        events.push((
            "decision.commissioner_told_on".to_string(),
            "Telling the commissioner",
            told,
        ));
    }
    if let Some(applied) = record.capacity.as_ref().and_then(|c| c.court_applied_on) {
        events.push((
            "capacity.court_applied_on".to_string(),
            "The application to the Court of Protection",
            applied,
        ));
    }
    super::decision::report_future_events(cx, sink, &events);
}
