//! The view of one decision record or practice example, as pack.json and the templates show it.

use std::collections::{BTreeMap, HashSet};

use super::lawful;
use super::pack_json::*;
use super::redact::{Redactor, heading};
use crate::model::decision::{CapacityStatus, Scale};
use crate::model::derived::CapacityForDecision;
use crate::model::review::ReviewState;
use crate::model::{Date, DecisionRecord, PracticeExample};

/// A view whose Markdown fields can drop their trees once written to pack.json.
pub(super) trait Trees {
    /// Keeps each Markdown field's HTML and drops its tree.
    fn drop_trees(&mut self);
}

impl Trees for DecisionView {
    fn drop_trees(&mut self) {
        let fields = [
            Some(&mut self.choice.summary),
            self.choice.what_matters.as_mut(),
            self.capacity
                .as_mut()
                .and_then(|c| c.best_interests.as_mut()),
            self.decision.rationale.as_mut(),
            self.decision.least_restrictive.as_mut(),
            self.safeguarding.as_mut().and_then(|s| s.outcome.as_mut()),
        ];
        for field in fields.into_iter().flatten() {
            field.drop_tree();
        }
        if let Some(wishes) = self
            .capacity
            .as_mut()
            .and_then(|c| c.best_interests_detail.wishes.as_mut())
        {
            wishes.drop_tree();
        }
        for review in &mut self.reviews {
            review.outcome.drop_tree();
        }
        if let Some(wants) = self
            .safeguarding
            .as_mut()
            .and_then(|s| s.person_wants.as_mut())
        {
            wants.drop_tree();
        }
        for incident in &mut self.incidents {
            incident.summary.drop_tree();
            if let Some(learning) = incident.learning.as_mut() {
                learning.drop_tree();
            }
        }
        for outcome in &mut self.outcomes {
            outcome.summary.drop_tree();
        }
        if let Some(law) = self.capacity.as_mut().map(|c| &mut c.law) {
            for field in [
                law.advance_decision.as_mut(),
                law.advance_decision_reason.as_mut(),
            ]
            .into_iter()
            .flatten()
            {
                field.drop_tree();
            }
        }
        for restriction in &mut self.restrictions {
            restriction.description.drop_tree();
        }
        if let Some(reasons) = self.liberty.as_mut().and_then(|l| l.reasons.as_mut()) {
            reasons.drop_tree();
        }
    }
}

impl Trees for ExampleView {
    fn drop_trees(&mut self) {
        let fields = [
            Some(&mut self.situation),
            Some(&mut self.action),
            self.outcome.as_mut(),
            self.learning.as_mut(),
        ];
        for field in fields.into_iter().flatten() {
            field.drop_tree();
        }
    }
}

pub(super) fn level_label(level: Scale) -> &'static str {
    match level {
        Scale::Low => "Low",
        Scale::Medium => "Medium",
        Scale::High => "High",
    }
}

/// The key of [`review_state`]: in-date, due-soon, overdue, no-plan or closed. A record with a
/// first due date but no `every_days` has no review plan (`missing-review-plan` says so too).
pub(super) fn review_state_key(d: &DecisionRecord, as_of: Date) -> &'static str {
    if d.is_active() && d.every_days().is_none() {
        return "no-plan";
    }
    match ReviewState::of(d, as_of) {
        ReviewState::Closed => "closed",
        ReviewState::NoPlan => "no-plan",
        ReviewState::InDate { .. } => "in-date",
        ReviewState::DueSoon { .. } => "due-soon",
        ReviewState::Overdue { .. } => "overdue",
    }
}

pub(super) fn review_state(d: &DecisionRecord, as_of: Date) -> ReviewStateView {
    let next_due = d.next_review_due();
    let state = review_state_key(d, as_of);
    let state_label = match (state, next_due) {
        ("closed", _) => "Closed: no further reviews".to_string(),
        ("overdue", Some(due)) => format!(
            "Overdue: due {} ({} ago)",
            due.long(),
            crate::diagnostics::plural(due.days_until(as_of) as usize, "day", "days")
        ),
        ("in-date" | "due-soon", Some(due)) => format!("In date: next review due {}", due.long()),
        _ => "No review plan".to_string(),
    };
    ReviewStateView {
        every_days: d.every_days(),
        next_due: next_due.map(DateView::from),
        state,
        state_label,
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) fn decision_view(
    d: &DecisionRecord,
    as_of: Date,
    policy: &crate::model::policy::Policy,
    incident_review_days: u32,
    r: &Redactor,
    statement_label: &(dyn Fn(&str) -> StatementView + Sync),
    examples: Vec<String>,
) -> DecisionView {
    let mut reviews: Vec<&crate::model::decision::Review> = d.reviews.iter().collect();
    reviews.sort_by_key(|rv| rv.on);
    let level = d.risk_level();
    DecisionView {
        id: heading(r.text(&d.id)),
        anchor: anchor("", &r.text(&d.id)),
        title: heading(r.text(&d.title)),
        person: heading(r.text(&d.person)),
        service: d.service.as_deref().map(|s| r.text(s)),
        status: if d.is_active() { "active" } else { "closed" },
        status_label: if d.is_active() { "Active" } else { "Closed" },
        opened: d.opened.into(),
        closed_on: d.closed_on.map(DateView::from),
        statements: d.statements.iter().map(|s| statement_label(s)).collect(),
        themes: d.themes.iter().map(|t| r.text(t)).collect(),
        choice: ChoiceView {
            summary: r.markdown(&d.choice.summary),
            in_their_words: d
                .choice
                .in_their_words
                .as_deref()
                .filter(|t| !t.trim().is_empty())
                .map(|t| r.text(t.trim())),
            what_matters: d.choice.what_matters.as_deref().map(|t| r.markdown(t)),
        },
        risk_level: level.as_str(),
        risk_level_label: level_label(level),
        risks: d
            .risks
            .iter()
            .map(|k| RiskView {
                description: r.text(&k.description),
                to: k.to.as_str(),
                to_label: match k.to.as_str() {
                    "self" => "The person",
                    "others" => "Other people",
                    _ => "The person and others",
                },
                likelihood: k.likelihood.as_str(),
                impact: k.impact.as_str(),
                level: k.level().as_str(),
                level_label: level_label(k.level()),
                abuse_or_neglect: k.abuse_or_neglect.map(|a| a.as_str()),
                abuse_or_neglect_label: k.abuse_or_neglect.map(|a| a.label()),
            })
            .collect(),
        capacity: d.capacity.as_ref().map(|c| CapacityView {
            status: c.status.as_str(),
            status_label: match (c.status, d.capacity_for_decision()) {
                (CapacityStatus::Presumed, _) => "Capacity presumed",
                (CapacityStatus::AssessedHas, _) => "Assessed: has capacity for this decision",
                (CapacityStatus::AssessedLacks, _) => "Assessed: lacks capacity for this decision",
                (_, CapacityForDecision::Has) => {
                    "Fluctuating capacity: has capacity for this decision"
                }
                (_, CapacityForDecision::Lacks) => {
                    "Fluctuating capacity: lacks capacity for this decision"
                }
                (_, CapacityForDecision::Unknown) => "Fluctuating capacity",
            },
            assessed_on: c.assessed_on.map(DateView::from),
            assessed_by: c.assessed_by.as_deref().map(|t| r.text(t)),
            best_interests: c.best_interests.as_deref().map(|t| r.markdown(t)),
            best_interests_detail: lawful::best_interests_view(c, r),
            law: super::restrictions::capacity_law(c, r),
        }),
        decision: DecisionOutcomeView {
            outcome: d.decision.outcome.as_str(),
            outcome_label: d.decision.outcome.label(),
            restrictive: d.is_restrictive(),
            decided_on: d.decision.decided_on.into(),
            involved: d.decision.involved.iter().map(|t| r.text(t)).collect(),
            rationale: d.decision.rationale.as_deref().map(|t| r.markdown(t)),
            least_restrictive: d
                .decision
                .least_restrictive
                .as_deref()
                .map(|t| r.markdown(t)),
            basis: lawful::basis_view(d, r),
        },
        restrictions: super::restrictions::restrictions(d, r),
        alternatives: d.alternatives.iter().map(|a| alternative(a, r)).collect(),
        plan: d
            .plan
            .iter()
            .map(|p| PlanView {
                action: r.text(&p.action),
                owner: r.text(&p.owner),
                dates: super::outcomes::plan_dates(p, as_of),
            })
            .collect(),
        safeguarding: d.safeguarding.as_ref().map(|s| SafeguardingView {
            considered: s.considered,
            outcome: s.outcome.as_deref().map(|t| r.markdown(t)),
            referral: s.referral.as_deref().map(|t| r.text(t)),
            person_wants: s
                .person_wants
                .as_deref()
                .filter(|t| !t.trim().is_empty())
                .map(|t| r.markdown(t)),
        }),
        escalation: d.escalation.as_ref().map(|e| EscalationView {
            to: e.to.as_deref().map(|t| r.text(t)),
            on: e.on.map(DateView::from),
            outcome: e.outcome.as_deref().map(|t| r.text(t)),
            signed_off_by: e.signed_off_by.as_deref().map(|t| r.text(t)),
            independent: lawful::independent(d),
            timing: d.escalation_timing().map(|t| match t {
                crate::model::oversight::EscalationTiming::Before => "before",
                crate::model::oversight::EscalationTiming::After { .. } => "after",
            }),
            urgent: e.urgent,
            reason: e
                .reason
                .as_deref()
                .filter(|t| !t.trim().is_empty())
                .map(|t| r.text(t)),
        }),
        liberty: lawful::liberty_view(d, as_of, policy, r),
        review: review_state(d, as_of),
        reviews: reviews
            .into_iter()
            .map(|rv| ReviewView {
                on: rv.on.into(),
                by: r.text(&rv.by),
                outcome: r.markdown(&rv.outcome),
                person_view: rv
                    .person_view
                    .as_deref()
                    .filter(|t| !t.trim().is_empty())
                    .map(|t| r.text(t.trim())),
            })
            .collect(),
        incidents: super::outcomes::incident_views(d, incident_review_days, as_of, r),
        outcomes: super::outcomes::outcome_views(d, r),
        example_links: examples.iter().map(|id| RecordLink::new(id)).collect(),
        findings: Vec::new(),
        examples,
    }
}

fn alternative(a: &crate::model::decision::Alternative, r: &Redactor) -> AlternativeView {
    AlternativeView {
        option: r.text(&a.option),
        why_not: r.text(&a.why_not),
    }
}

pub(super) fn example_view(
    e: &PracticeExample,
    default_limit: Option<u32>,
    r: &Redactor,
    statement_label: &(dyn Fn(&str) -> StatementView + Sync),
    in_pack: &HashSet<&str>,
    titles: &BTreeMap<&str, &str>,
    word_count_shown: bool,
) -> ExampleView {
    let word_count = e.word_count();
    let word_limit = e.word_limit.or(default_limit);
    let decisions: Vec<DecisionLink> = e
        .decisions
        .iter()
        .map(|id| DecisionLink {
            id: r.text(id.trim()),
            anchor: anchor("", &r.text(id.trim())),
            title: titles.get(id.trim()).map(|t| r.text(t)),
            in_pack: in_pack.contains(id.trim()),
        })
        .collect();
    let decisions_left_out = decisions
        .iter()
        .filter(|d| !d.in_pack)
        .map(|d| d.id.clone())
        .collect();
    ExampleView {
        id: heading(r.text(&e.id)),
        anchor: anchor("", &r.text(&e.id)),
        title: heading(r.text(&e.title)),
        descriptor: e.descriptor.as_deref().map(|t| r.text(t)),
        statements: e.statements.iter().map(|s| statement_label(s)).collect(),
        themes: e.themes.iter().map(|t| r.text(t)).collect(),
        situation: r.markdown(&e.situation),
        action: r.markdown(&e.action),
        outcome: e.outcome.as_deref().map(|t| r.markdown(t)),
        learning: e.learning.as_deref().map(|t| r.markdown(t)),
        word_count,
        word_limit,
        over_limit: word_limit.is_some_and(|l| word_count > l as usize),
        word_count_shown,
        last_reviewed: e.last_reviewed.map(DateView::from),
        consent: e.consent.as_ref().map(|c| ConsentView {
            status: c.status.as_str(),
            status_label: match c.status.as_str() {
                "given" => "Consent given",
                "withdrawn" => "Consent withdrawn",
                _ => "Consent not required",
            },
            on: c.on.map(DateView::from),
            expires: c.expires.map(DateView::from),
            scope: c.scope.as_deref().map(|t| r.text(t)),
            reason: c.reason.as_deref().map(|t| r.text(t)),
        }),
        decisions,
        decisions_left_out,
        findings: Vec::new(),
    }
}
