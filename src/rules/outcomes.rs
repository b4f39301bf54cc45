//! Rules on what happened after a decision (SPEC section 4a, added in version 2): safeguarding
//! the adult at risk, incidents and their review, notification and learning, and the plan's
//! one-off actions. One function per rule, named as the rule is.

use super::RuleContext;
use crate::diagnostics::{Finding, Rule, Sink, plural};
use crate::model::DecisionRecord;
use crate::model::outcomes::{Harm, Incident, incident_review};
use crate::source::SourceFile;
use crate::text::is_blank;

pub fn check(cx: &RuleContext, record: &DecisionRecord, source: &SourceFile) -> Vec<Finding> {
    let mut sink = Sink::new(source, Some(&record.id));
    safeguarding_without_person(record, &mut sink);
    let review_days = cx.pack.config.policy.incident_review_days();
    for (i, incident) in record.incidents.iter().enumerate() {
        incident_not_reviewed(cx, record, i, incident, review_days, &mut sink);
        incident_not_notified(i, incident, &mut sink);
        incident_without_learning(i, incident, &mut sink);
    }
    plan_action_overdue(cx, record, &mut sink);
    date_order(cx, record, &mut sink);
    sink.findings
}

/// The first risk of abuse or neglect of the person, with its index.
pub(super) fn abuse_or_neglect_risk(
    record: &DecisionRecord,
) -> Option<(usize, crate::model::outcomes::AbuseOrNeglect)> {
    record
        .risks
        .iter()
        .enumerate()
        .find_map(|(i, r)| r.abuse_or_neglect.map(|k| (i, k)))
}

fn safeguarding_without_person(record: &DecisionRecord, sink: &mut Sink) {
    let Some((i, kind)) = abuse_or_neglect_risk(record) else {
        return;
    };
    let wants = record
        .safeguarding
        .as_ref()
        .and_then(|s| s.person_wants.as_deref());
    if is_blank(wants) {
        sink.report(
            Rule::SafeguardingWithoutPerson,
            &[
                "safeguarding",
                &format!("risks[{i}].abuse_or_neglect"),
                "risks",
            ],
            format!(
                "A risk of {} is recorded, but not the outcome the person wants from safeguarding.",
                kind.label().to_lowercase()
            ),
            "Ask the person what they want to happen and add it as safeguarding.person_wants, in their words where you can (Making Safeguarding Personal).",
        );
    }
}

fn incident_not_reviewed(
    cx: &RuleContext,
    record: &DecisionRecord,
    i: usize,
    incident: &Incident,
    review_days: u32,
    sink: &mut Sink,
) {
    if !record.is_active() {
        return;
    }
    let within = plural(review_days as usize, "day", "days");
    let here = [format!("incidents[{i}].on"), format!("incidents[{i}]")];
    let here: Vec<&str> = here.iter().map(String::as_str).collect();
    match incident_review(record, incident, review_days) {
        Some(review) if review.late => sink.report(
            Rule::IncidentNotReviewed,
            &here,
            format!(
                "The incident on {} was reviewed on {}, {} later: the review should follow within {within}.",
                incident.on,
                review.review.on,
                plural(review.days_after as usize, "day", "days"),
            ),
            format!(
                "Review decisions within {within} of an incident, with the person. If an earlier review took place, record it under [[reviews]]."
            ),
        ),
        Some(_) => {}
        None if incident.on.days_until(cx.as_of) > i64::from(review_days) => sink.report(
            Rule::IncidentNotReviewed,
            &here,
            format!(
                "The incident on {} has not been followed by a review, and {} have passed (the review should follow within {within}).",
                incident.on,
                plural(incident.on.days_until(cx.as_of) as usize, "day", "days"),
            ),
            "Review the decision with the person in the light of the incident, and record it under [[reviews]].",
        ),
        None => {}
    }
}

fn incident_not_notified(i: usize, incident: &Incident, sink: &mut Sink) {
    if !incident.needs_notification() || incident.notified_on.is_some() {
        return;
    }
    let mut why = Vec::new();
    if incident.harm == Harm::Serious {
        why.push("serious harm");
    }
    if incident.police {
        why.push("the police were involved");
    }
    if incident.referred() {
        why.push("a safeguarding referral was made");
    }
    let abuse = incident
        .abuse_or_neglect
        .filter(|_| incident.alleged_abuse());
    let abuse_words = abuse.map(|k| {
        format!(
            "it is abuse or neglect, or alleged to be ({})",
            k.label().to_lowercase()
        )
    });
    if let Some(words) = &abuse_words {
        why.push(words);
    }
    sink.report(
        Rule::IncidentNotNotified,
        &[&format!("incidents[{i}].harm"), &format!("incidents[{i}]")],
        format!(
            "The incident on {} must be notified to CQC ({}), but no notification is recorded.",
            incident.on,
            why.join("; ")
        ),
        "Notify CQC without delay (Care Quality Commission (Registration) Regulations 2009, regulation 18) and add the date as notified_on.",
    );
}

fn incident_without_learning(i: usize, incident: &Incident, sink: &mut Sink) {
    if incident.harm == Harm::None || !is_blank(incident.learning.as_deref()) {
        return;
    }
    sink.report(
        Rule::IncidentWithoutLearning,
        &[&format!("incidents[{i}].harm"), &format!("incidents[{i}]")],
        format!(
            "The incident on {} caused {}, but the record does not say what was learnt.",
            incident.on,
            incident.harm.label().to_lowercase()
        ),
        "Add learning: what changed because of the incident (for example an updated plan or new support), agreed with the person.",
    );
}

fn plan_action_overdue(cx: &RuleContext, record: &DecisionRecord, sink: &mut Sink) {
    if !record.is_active() {
        return;
    }
    for (i, action) in record.plan.iter().enumerate() {
        let Some(due) = action.due else { continue };
        if due >= cx.as_of || action.done_on.is_some() {
            continue;
        }
        sink.report(
            Rule::PlanActionOverdue,
            &[&format!("plan[{i}].due"), &format!("plan[{i}]")],
            format!(
                "The plan's action \"{}\" was due on {due} and is not recorded as done ({} overdue).",
                crate::text::printable(action.action.trim()),
                plural(due.days_until(cx.as_of) as usize, "day", "days"),
            ),
            "Add done_on with the date it was done, or agree a new due date with the person and its owner.",
        );
    }
}

fn date_order(cx: &RuleContext, record: &DecisionRecord, sink: &mut Sink) {
    let mut events: Vec<(String, &str, crate::model::Date)> = Vec::new();
    for (i, incident) in record.incidents.iter().enumerate() {
        events.push((format!("incidents[{i}].on"), "An incident", incident.on));
        if let Some(on) = incident.notified_on {
            events.push((
                format!("incidents[{i}].notified_on"),
                "A notification to CQC",
                on,
            ));
        }
    }
    for (i, outcome) in record.outcomes.iter().enumerate() {
        events.push((format!("outcomes[{i}].on"), "An outcome", outcome.on));
    }
    for (i, action) in record.plan.iter().enumerate() {
        if let Some(on) = action.done_on {
            events.push((
                format!("plan[{i}].done_on"),
                "A plan action's completion",
                on,
            ));
        }
    }
    super::decision::report_future_events(cx, sink, &events);
    for (i, incident) in record.incidents.iter().enumerate() {
        if let Some(on) = incident.notified_on.filter(|&on| on < incident.on) {
            sink.report(
                Rule::DateOrder,
                &[&format!("incidents[{i}].notified_on")],
                format!(
                    "CQC is recorded as notified on {on}, before the incident on {}.",
                    incident.on
                ),
                "Check both dates: a notification comes after the incident.",
            );
        }
    }
}
