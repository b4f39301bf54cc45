//! The registers an inspector asks for first (SPEC section 9a): every decision, every
//! restriction and every deprivation of liberty, one row each, each row linking to its record.
//! The cells are the record's own derived facts (review state, basis, liberty state), built by
//! the same functions as the record's view, so a register never disagrees with its record.

use schemars::JsonSchema;
use serde::Serialize;

use super::lawful::{basis_view, liberty_view};
use super::pack_json::{BasisView, DateView, LibertyView, ReviewStateView, anchor};
use super::record::{level_label, review_state};
use super::redact::{Redactor, heading};
use crate::model::decision::{CapacityStatus, Outcome};
use crate::model::policy::Policy;
use crate::model::{Date, DecisionRecord};

/// The three registers of a commissioner or inspection pack. A tender pack has none: its
/// decisions register is the tender summary (`headline.tender`), which says nothing of the person.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Registers {
    pub decisions: Vec<DecisionRegisterRow>,
    pub restrictions: Vec<RestrictionRegisterRow>,
    pub liberty: Vec<LibertyRegisterRow>,
}

/// Which record a row is about, and where it is in the HTML pack.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RegisterRecord {
    pub id: String,
    pub anchor: String,
    pub person: String,
}

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct DecisionRegisterRow {
    #[serde(flatten)]
    pub record: RegisterRecord,
    pub title: String,
    pub outcome: &'static str,
    pub outcome_label: &'static str,
    pub risk_level: &'static str,
    pub risk_level_label: &'static str,
    /// The basis in words, or null when the record gives none.
    pub basis_label: Option<String>,
    /// What the Basis cell says when the record gives none: "Not needed" for a record that
    /// restricts nothing (a supported choice needs no legal basis), else "Not recorded".
    pub basis_absent: &'static str,
    /// "Presumed", "Has capacity", "Lacks capacity", "Fluctuating" or "Not recorded".
    pub capacity_label: &'static str,
    pub review: ReviewStateView,
    /// "1 November 2026", "Overdue by 5 days", "Closed" or "No review plan".
    pub next_review: String,
    /// The liberty state key and words, or null when the record has no `[liberty]`.
    pub liberty_state: Option<&'static str>,
    pub liberty_state_label: Option<String>,
}

/// One restriction: a restrictive record's outcome, or one of its `[[restrictions]]` entries.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RestrictionRegisterRow {
    #[serde(flatten)]
    pub record: RegisterRecord,
    /// The kind of restriction in words: "Outcome: Limited" for the outcome, else the entry's kind.
    pub kind_label: String,
    /// What is restricted.
    pub what: String,
    pub since: DateView,
    /// basis, basis_label, person_agrees and person_agrees_label.
    #[serde(flatten)]
    pub basis: BasisView,
    /// "Before the decision", "After the decision" or null when not escalated (or undated).
    pub escalated_label: Option<&'static str>,
    pub next_review: String,
}

/// One `[liberty]`, whatever its state.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct LibertyRegisterRow {
    #[serde(flatten)]
    pub record: RegisterRecord,
    pub liberty: LibertyView,
}

/// The registers of the records in the pack, in the pack's order.
pub(super) fn registers(
    decisions: &[&DecisionRecord],
    as_of: Date,
    policy: &Policy,
    r: &Redactor,
) -> Registers {
    let record = |d: &DecisionRecord| RegisterRecord {
        id: heading(r.text(&d.id)),
        anchor: anchor("", &r.text(&d.id)),
        person: heading(r.text(&d.person)),
    };
    let mut out = Registers {
        decisions: Vec::with_capacity(decisions.len()),
        restrictions: Vec::new(),
        liberty: Vec::new(),
    };
    for d in decisions {
        let review = review_state(d, as_of);
        let next = next_review(d, review.state, as_of);
        let mut liberty = liberty_view(d, as_of, policy, r);
        // The record holds the reasons' tree; the register's row needs only their HTML.
        if let Some(reasons) = liberty.as_mut().and_then(|l| l.reasons.as_mut()) {
            reasons.drop_tree();
        }
        let level = d.risk_level();
        out.decisions.push(DecisionRegisterRow {
            record: record(d),
            title: heading(r.text(&d.title)),
            outcome: d.decision.outcome.as_str(),
            outcome_label: d.decision.outcome.label(),
            risk_level: level.as_str(),
            risk_level_label: level_label(level),
            basis_label: basis_view(d, r).basis_label,
            basis_absent: if d.is_restrictive() {
                "Not recorded"
            } else {
                "Not needed"
            },
            capacity_label: capacity_label(d),
            review,
            next_review: next.clone(),
            liberty_state: liberty.as_ref().map(|l| l.state),
            liberty_state_label: liberty.as_ref().map(|l| l.state_label.clone()),
        });
        // A restrictive outcome is a row; so is each `[[restrictions]]` entry (SPEC 9a).
        let outcome_restricts = match d.decision.outcome {
            Outcome::Limited => true,
            Outcome::NotSupported => !d.only_limits_the_service(),
            Outcome::Supported | Outcome::SupportedWithConditions => false,
        };
        if outcome_restricts {
            out.restrictions.push(RestrictionRegisterRow {
                record: record(d),
                kind_label: format!("Outcome: {}", d.decision.outcome.label()),
                what: heading(r.text(&d.title)),
                since: d.decision.decided_on.into(),
                basis: basis_view(d, r),
                escalated_label: escalated_label(d),
                next_review: next.clone(),
            });
        }
        for x in &d.restrictions {
            out.restrictions.push(RestrictionRegisterRow {
                record: record(d),
                kind_label: x.kind.label().to_string(),
                what: heading(r.text(&x.description)),
                since: x.since.into(),
                basis: basis_view(d, r),
                escalated_label: escalated_label(d),
                next_review: next.clone(),
            });
        }
        if let Some(liberty) = liberty {
            out.liberty.push(LibertyRegisterRow {
                record: record(d),
                liberty,
            });
        }
    }
    out
}

/// The next review as a register's cell.
fn next_review(d: &DecisionRecord, state: &str, as_of: Date) -> String {
    match (state, d.next_review_due()) {
        ("closed", _) => "Closed".to_string(),
        ("overdue", Some(due)) => format!(
            "Overdue by {}",
            crate::diagnostics::plural(due.days_until(as_of).max(0) as usize, "day", "days")
        ),
        ("in-date" | "due-soon", Some(due)) => due.long(),
        _ => "No review plan".to_string(),
    }
}

fn capacity_label(d: &DecisionRecord) -> &'static str {
    match d.capacity.as_ref().map(|c| c.status) {
        Some(CapacityStatus::Presumed) => "Presumed",
        Some(CapacityStatus::AssessedHas) => "Has capacity",
        Some(CapacityStatus::AssessedLacks) => "Lacks capacity",
        Some(CapacityStatus::Fluctuating) => "Fluctuating",
        None => "Not recorded",
    }
}

/// Whether senior oversight came before the decision (on or before the day it was made) or after.
fn escalated_label(d: &DecisionRecord) -> Option<&'static str> {
    let on = d.escalation.as_ref()?.on?;
    Some(if on <= d.decision.decided_on {
        "Before the decision"
    } else {
        "After the decision"
    })
}
