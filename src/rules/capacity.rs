//! Rules on who decides for a person who lacks capacity (SPEC section 4b, version 3): the
//! attorney or deputy, an advance decision, advocacy, and how old the capacity assessment is.
//! One function per rule, named as the rule is.

use super::RuleContext;
use crate::diagnostics::{Finding, Rule, Sink, plural};
use crate::model::DecisionRecord;
use crate::model::decision::Capacity;
use crate::model::lawful::Basis;
use crate::model::restrictions::AttorneyView;
use crate::source::SourceFile;
use crate::text::is_blank;

pub fn check(cx: &RuleContext, record: &DecisionRecord, source: &SourceFile) -> Vec<Finding> {
    let mut sink = Sink::new(source, Some(&record.id));
    if let Some(capacity) = &record.capacity {
        attorney_bypassed(record, capacity, &mut sink);
        advance_decision_not_followed(capacity, &mut sink);
        capacity_assessment_stale(cx, record, capacity, &mut sink);
    }
    advocacy_not_considered(record, &mut sink);
    sink.findings
}

/// The attorney or deputy decides within their power; a dispute goes to the Court of Protection
/// (MCA 2005 s6(6)-(7), s9, s11, s16).
fn attorney_bypassed(record: &DecisionRecord, capacity: &Capacity, sink: &mut Sink) {
    if !record.lacks_capacity()
        || is_blank(capacity.attorney.as_deref())
        || record.decision.basis != Some(Basis::BestInterests)
        || capacity.attorney_view == Some(AttorneyView::Agrees)
        || capacity.court_applied_on.is_some()
    {
        return;
    }
    let view = match capacity.attorney_view {
        Some(AttorneyView::Disagrees) => "disagrees with it",
        Some(AttorneyView::NotAsked) => "was not asked",
        _ => "is not recorded as agreeing (capacity.attorney_view)",
    };
    match capacity.attorney_covers {
        Some(true) => sink.report(
            Rule::AttorneyBypassed,
            &["capacity.attorney_view", "capacity.attorney", "capacity"],
            format!(
                "The person has an attorney or deputy whose power covers this decision, who {view}, yet the decision was made in the person's best interests by others. Within their power the attorney or deputy decides (MCA 2005 s9, s16), and a dispute goes to the Court of Protection."
            ),
            "Ask the attorney or deputy and record their view (capacity.attorney_view). If they disagree and the disagreement cannot be resolved, apply to the Court of Protection and record capacity.court_applied_on; only action to prevent a serious deterioration may be taken meanwhile (MCA 2005 s6(6)-(7)).",
        ),
        Some(false) => {}
        None => sink.warn(
            Rule::AttorneyBypassed,
            &["capacity.attorney", "capacity"],
            format!(
                "The person has an attorney or deputy, who {view}, and the record does not say whether their power covers this decision."
            ),
            "Check the registered power or the court order and record capacity.attorney_covers = true or false. A property and financial affairs LPA does not cover care; life-sustaining treatment needs express authority (MCA 2005 s11(7)-(8)).",
        ),
    }
}

/// A valid and applicable advance decision has the effect of the person's own refusal (MCA 2005
/// s24-s26).
fn advance_decision_not_followed(capacity: &Capacity, sink: &mut Sink) {
    if is_blank(capacity.advance_decision.as_deref()) {
        return;
    }
    match capacity.advance_decision_followed {
        Some(false) if is_blank(capacity.advance_decision_reason.as_deref()) => sink.report(
            Rule::AdvanceDecisionNotFollowed,
            &["capacity.advance_decision_followed", "capacity.advance_decision"],
            "The person's advance decision to refuse treatment is not followed, and the record does not say why. A valid advance decision that applies to the treatment has the effect of the person's own refusal (MCA 2005 s26).",
            "Record in capacity.advance_decision_reason why it is not valid or does not apply to this treatment (MCA 2005 s25), or follow it. In doubt, the Court of Protection can decide (s26(4)).",
        ),
        None => sink.warn(
            Rule::AdvanceDecisionNotFollowed,
            &["capacity.advance_decision", "capacity"],
            "The person made an advance decision to refuse treatment, but the record does not say whether it is followed.",
            "Add capacity.advance_decision_followed = true, or false with capacity.advance_decision_reason (why it is not valid or not applicable, MCA 2005 s25).",
        ),
        _ => {}
    }
}

fn advocacy_not_considered(record: &DecisionRecord, sink: &mut Sink) {
    if !record.lacks_capacity()
        || !record.is_restrictive()
        || record.names_an_unpaid_person(true)
        || !is_blank(record.capacity.as_ref().and_then(|c| c.advocate.as_deref()))
    {
        return;
    }
    sink.report(
        Rule::AdvocacyNotConsidered,
        &["capacity.consulted", "capacity", "decision.involved"],
        "The person lacks capacity for this decision and is restricted, but the record names no advocate and nobody unpaid (family or friends) who was consulted: everyone named is paid to be there.",
        "Instruct an independent advocate (an IMCA, MCA 2005 s37-s40, or a Care Act 2014 s67 advocate) and record them as capacity.advocate, or add the family member or friend consulted to capacity.consulted.",
    );
}

/// Capacity is decision- and time-specific (MCA 2005 s2(1)).
fn capacity_assessment_stale(
    cx: &RuleContext,
    record: &DecisionRecord,
    capacity: &Capacity,
    sink: &mut Sink,
) {
    let Some(assessed) = capacity.assessed_on else {
        return;
    };
    let limit = i64::from(cx.pack.config.policy.capacity_assessment_days());
    let decided = record.decision.decided_on;
    let latest_review = record
        .latest_review()
        .map(|r| r.on)
        .filter(|_| record.is_restrictive() && record.is_active());
    let (when, date) = if assessed.days_until(decided) > limit {
        ("the decision was made", decided)
    } else if let Some(on) = latest_review.filter(|on| assessed.days_until(*on) > limit) {
        ("the latest review was held", on)
    } else {
        return;
    };
    sink.report(
        Rule::CapacityAssessmentStale,
        &["capacity.assessed_on", "capacity"],
        format!(
            "The capacity assessment of {assessed} was {} old when {when} ({date}). Capacity is specific to a decision and a time (MCA 2005 s2(1)).",
            plural(assessed.days_until(date) as usize, "day", "days")
        ),
        format!(
            "Assess the person's capacity for this decision again, and record the new assessed_on and assessed_by (the pack's limit is {limit} days, [policy] capacity_assessment_days)."
        ),
    );
}
