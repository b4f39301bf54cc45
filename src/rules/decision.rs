//! Rules that look at one decision record.

use super::RuleContext;
use crate::diagnostics::{Finding, Rule, Sink};
use crate::model::decision::{CapacityStatus, Scale};
use crate::model::review::ReviewState;
use crate::model::{Date, DecisionRecord};
use crate::source::SourceFile;
use crate::text::{is_blank, markdown_words_up_to};

pub const MIN_RATIONALE_WORDS: usize = 15;

pub fn check(cx: &RuleContext, record: &DecisionRecord, source: &SourceFile) -> Vec<Finding> {
    let mut sink = Sink::new(source, Some(&record.id));
    missing_rationale(record, &mut sink);
    missing_review_plan(record, &mut sink);
    no_review_evidence(cx, record, &mut sink);
    review_overdue(cx, record, &mut sink);
    review_without_person(record, &mut sink);
    missing_person_voice(record, &mut sink);
    person_not_involved(record, &mut sink);
    missing_alternatives(record, &mut sink);
    restrictive_without_justification(record, &mut sink);
    capacity_not_recorded(record, &mut sink);
    high_risk_not_escalated(record, &mut sink);
    escalation_incomplete(record, &mut sink);
    date_order(cx, record, &mut sink);
    possible_identifier(cx, record, &mut sink);
    sink.findings
}

fn missing_rationale(record: &DecisionRecord, sink: &mut Sink) {
    let rationale = record.decision.rationale.as_deref();
    let words = rationale.map_or(0, |r| markdown_words_up_to(r, MIN_RATIONALE_WORDS));
    if words >= MIN_RATIONALE_WORDS {
        return;
    }
    let message = if is_blank(rationale) {
        "The decision has no rationale: the pack cannot say why the choice was supported or limited.".to_string()
    } else {
        format!(
            "The rationale has only {}; an inspector needs at least {MIN_RATIONALE_WORDS} to see why the decision is proportionate.",
            crate::diagnostics::plural(words, "word", "words")
        )
    };
    sink.report(
        Rule::MissingRationale,
        &["decision.rationale", "decision"],
        message,
        "Explain under [decision] rationale why the choice was supported or limited, and why that is proportionate to the risk.",
    );
}

fn missing_review_plan(record: &DecisionRecord, sink: &mut Sink) {
    let zero = record.review.as_ref().and_then(|r| r.every_days) == Some(0);
    if record.is_active() && zero {
        sink.report(
            Rule::MissingReviewPlan,
            &["review.every_days", "review"],
            "The review plan says every 0 days, so no review date can be set.",
            "Set review.every_days to how many days apart reviews happen, for example every_days = 28.",
        );
    } else if let Some(days) = record
        .review
        .as_ref()
        .and_then(|r| r.every_days)
        .filter(|&d| d > crate::model::decision::MAX_EVERY_DAYS)
    {
        sink.report(
            Rule::InvalidRecord,
            &["review.every_days", "review"],
            format!(
                "The review plan says every {days} days. A review plan of more than 5 years is probably a typing slip, so no review date is set."
            ),
            "Set review.every_days to how many days apart reviews happen, for example every_days = 28 (at most 1826, five years).",
        );
    } else if record.is_active() && record.every_days().is_none() {
        sink.report_about(
            Rule::MissingReviewPlan,
            "review.every_days",
            &["review", "decision"],
            "The record has no review plan, so nobody knows when the decision will be looked at again.",
            "Add a [review] table with every_days, for example every_days = 28.",
        );
    }
}

fn no_review_evidence(cx: &RuleContext, record: &DecisionRecord, sink: &mut Sink) {
    if !record.reviews.is_empty() {
        return;
    }
    if let ReviewState::Overdue { due, days } = ReviewState::of(record, cx.as_of) {
        sink.report_about(
            Rule::NoReviewEvidence,
            "reviews",
            &["review", "decision"],
            format!(
                "No review has been recorded. The first review was due on {due} and is {} overdue.",
                crate::diagnostics::plural(days as usize, "day", "days")
            ),
            "Record the review under [[reviews]] with on, by, outcome and the person's own view (person_view).",
        );
    }
}

fn review_overdue(cx: &RuleContext, record: &DecisionRecord, sink: &mut Sink) {
    if record.reviews.is_empty() {
        return;
    }
    if let ReviewState::Overdue { due, days } = ReviewState::of(record, cx.as_of) {
        let latest = latest_review_index(record);
        sink.report(
            Rule::ReviewOverdue,
            &[&format!("reviews[{latest}]"), "review"],
            format!(
                "The review was due on {due} and is {} overdue.",
                crate::diagnostics::plural(days as usize, "day", "days")
            ),
            "Record the review under [[reviews]], with the person's own view.",
        );
    }
}

fn latest_review_index(record: &DecisionRecord) -> usize {
    record
        .reviews
        .iter()
        .enumerate()
        .max_by_key(|(i, r)| (r.on, *i))
        .map_or(0, |(i, _)| i)
}

fn review_without_person(record: &DecisionRecord, sink: &mut Sink) {
    if !record.is_active() {
        return;
    }
    for (i, review) in record.reviews.iter().enumerate() {
        if is_blank(review.person_view.as_deref()) {
            sink.report(
                Rule::ReviewWithoutPerson,
                &[&format!("reviews[{i}]")],
                format!("The review on {} does not record the person's view.", review.on),
                "Add person_view with what the person said about how it is going, in their own words. Reviews are done with the person.",
            );
        }
    }
}

fn missing_person_voice(record: &DecisionRecord, sink: &mut Sink) {
    if is_blank(record.choice.in_their_words.as_deref()) {
        sink.report(
            Rule::MissingPersonVoice,
            &["choice.in_their_words", "choice"],
            "The person's own words are missing from the choice.",
            "Add choice.in_their_words: what the person said they want, quoted as they said it.",
        );
    }
}

fn person_not_involved(record: &DecisionRecord, sink: &mut Sink) {
    let person = record.person.trim();
    let involved = record
        .decision
        .involved
        .iter()
        .any(|who| who.trim().eq_ignore_ascii_case(person));
    if !involved {
        sink.report(
            Rule::PersonNotInvolved,
            &["decision.involved", "decision"],
            format!(
                "{} is not listed among the people involved in the decision.",
                crate::text::printable(person)
            ),
            format!(
                "Add \"{}\" first in decision.involved, or explain in the rationale why the person could not take part.",
                crate::text::printable(person)
            ),
        );
    }
}

fn missing_alternatives(record: &DecisionRecord, sink: &mut Sink) {
    let restrictive = record.is_restrictive();
    let high = record.risk_level() == Scale::High;
    if record.alternatives.is_empty() && (restrictive || high) {
        let why = if restrictive && record.decision.outcome.is_restrictive() {
            "The choice was limited".to_string()
        } else if restrictive {
            super::lawful::restriction_in_words(record)
        } else {
            "The risk is high".to_string()
        };
        sink.report(
            Rule::MissingAlternatives,
            &["decision.outcome", "decision"],
            format!("{why}, but no alternatives are recorded."),
            "Add [[alternatives]] with each option considered (option) and why it was not chosen (why_not).",
        );
    }
}

fn restrictive_without_justification(record: &DecisionRecord, sink: &mut Sink) {
    if record.is_restrictive() && is_blank(record.decision.least_restrictive.as_deref()) {
        sink.report(
            Rule::RestrictiveWithoutJustification,
            &["decision.outcome", "decision"],
            format!(
                "{}, but the record does not say why this is the least restrictive option (MCA 2005 s1(6)).",
                super::lawful::restriction_in_words(record)
            ),
            "Add decision.least_restrictive: why no less restrictive option would meet the risk.",
        );
    }
}

fn capacity_not_recorded(record: &DecisionRecord, sink: &mut Sink) {
    let Some(capacity) = &record.capacity else {
        sink.report(
            Rule::CapacityNotRecorded,
            &["decision", "choice"],
            "The record does not say whether the person has capacity for this decision.",
            "Add a [capacity] table with status = \"presumed\", or the assessment (status, assessed_on, assessed_by).",
        );
        return;
    };
    if capacity.status != CapacityStatus::Presumed {
        let mut missing = Vec::new();
        if capacity.assessed_on.is_none() {
            missing.push("assessed_on");
        }
        if is_blank(capacity.assessed_by.as_deref()) {
            missing.push("assessed_by");
        }
        if !missing.is_empty() {
            sink.report(
                Rule::CapacityNotRecorded,
                &["capacity.status", "capacity"],
                format!(
                    "Capacity is recorded as \"{}\" but the assessment has no {}.",
                    capacity.status.as_str(),
                    missing.join(" or ")
                ),
                "Add when the capacity assessment was done (assessed_on) and who did it (assessed_by).",
            );
        }
    }
    if capacity.status == CapacityStatus::Fluctuating && capacity.for_this_decision.is_none() {
        sink.report(
            Rule::CapacityNotRecorded,
            &["capacity.status", "capacity"],
            "Capacity is recorded as \"fluctuating\", but the record does not say whether the person had capacity for this decision when it was made. Capacity is decision- and time-specific (MCA 2005 s2(1)).",
            "Add capacity.for_this_decision = \"has\" or \"lacks\", from the assessment made at the time of this decision.",
        );
    }
    if record.lacks_capacity() && is_blank(capacity.best_interests.as_deref()) {
        sink.report(
            Rule::CapacityNotRecorded,
            &["capacity.status", "capacity"],
            "The person lacks capacity for this decision, but no best-interests decision is recorded.",
            "Add capacity.best_interests: who was consulted, the person's wishes and feelings, and why the decision is in their best interests.",
        );
    }
}

fn high_risk_not_escalated(record: &DecisionRecord, sink: &mut Sink) {
    if record.risk_level() == Scale::High && record.escalation.is_none() {
        sink.report(
            Rule::HighRiskNotEscalated,
            &["risks", "decision"],
            "The risk level is high, but the decision was not escalated for senior oversight.",
            "Add an [escalation] table: to whom (for example a risk enablement panel), on, outcome and signed_off_by.",
        );
    }
}

fn escalation_incomplete(record: &DecisionRecord, sink: &mut Sink) {
    let Some(escalation) = &record.escalation else {
        return;
    };
    let mut missing = Vec::new();
    if is_blank(escalation.to.as_deref()) {
        missing.push("to");
    }
    if escalation.on.is_none() {
        missing.push("on");
    }
    if is_blank(escalation.outcome.as_deref()) {
        missing.push("outcome");
    }
    if is_blank(escalation.signed_off_by.as_deref()) {
        missing.push("signed_off_by");
    }
    if !missing.is_empty() {
        sink.report(
            Rule::EscalationIncomplete,
            &["escalation"],
            format!("The escalation does not record {}.", missing.join(", ")),
            "Complete [escalation] with to, on, outcome and signed_off_by, so the senior oversight can be shown.",
        );
    }
}

fn date_order(cx: &RuleContext, record: &DecisionRecord, sink: &mut Sink) {
    let opened = record.opened;
    let decided = record.decision.decided_on;
    if decided < opened {
        sink.report(
            Rule::DateOrder,
            &["decision.decided_on"],
            format!("The decision is dated {decided}, before the record was opened on {opened}."),
            "Check both dates: a decision is made after the record is opened.",
        );
    }
    for (i, review) in record.reviews.iter().enumerate() {
        if review.on < decided {
            sink.report(
                Rule::DateOrder,
                &[&format!("reviews[{i}].on"), &format!("reviews[{i}]")],
                format!(
                    "A review is dated {}, before the decision on {decided}.",
                    review.on
                ),
                "Check the review date: a review comes after the decision it reviews.",
            );
        }
    }
    if let Some(closed) = record.closed_on
        && closed < opened
    {
        sink.report(
            Rule::DateOrder,
            &["closed_on"],
            format!("The record was closed on {closed}, before it was opened on {opened}."),
            "Check closed_on and opened.",
        );
    }
    let mut events: Vec<(String, &str, Date)> = vec![
        ("opened".into(), "The record's opening", opened),
        ("decision.decided_on".into(), "The decision", decided),
    ];
    if let Some(on) = record.capacity.as_ref().and_then(|c| c.assessed_on) {
        events.push(("capacity.assessed_on".into(), "The capacity assessment", on));
    }
    if let Some(on) = record.escalation.as_ref().and_then(|e| e.on) {
        events.push(("escalation.on".into(), "The escalation", on));
    }
    for (i, review) in record.reviews.iter().enumerate() {
        events.push((format!("reviews[{i}].on"), "A review", review.on));
    }
    if let Some(closed) = record.closed_on {
        events.push(("closed_on".into(), "The closure", closed));
    }
    report_future_events(cx, sink, &events);
}

pub(super) fn report_future_events(
    cx: &RuleContext,
    sink: &mut Sink,
    events: &[(String, &str, Date)],
) {
    for (path, what, date) in events {
        if *date > cx.as_of {
            sink.report(
                Rule::DateOrder,
                &[path.as_str()],
                format!("{what} is dated {date}, after the as-of date, {}.", cx.as_of),
                "Check the date. Events cannot be recorded before they happen; if the pack is for a later date, use --as-of.",
            );
        }
    }
}

/// Every text of the record, whatever field it stands in, and the file's name.
fn possible_identifier(cx: &RuleContext, record: &DecisionRecord, sink: &mut Sink) {
    super::identifiers::report_every_text(cx, sink, record);
    super::identifiers::report_file_name(cx, sink);
}
