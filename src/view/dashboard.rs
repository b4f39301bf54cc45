//! The dashboard at the top of the pack: counts by outcome, risk and review state.

use std::collections::BTreeSet;

use super::ViewInput;
use super::pack_json::{Count, CoverageFramework, CoverageRow, Dashboard};
use super::record::{level_label, review_state_key};
use crate::model::DecisionRecord;
use crate::model::decision::{Outcome, Scale};

/// The dashboard alone, without the rest of the view: the figures a tender answer quotes.
pub fn dashboard_only(input: &ViewInput) -> Dashboard {
    dashboard(input, &super::coverage::coverage(input))
}

pub(super) fn dashboard(input: &ViewInput, coverage: &[CoverageFramework]) -> Dashboard {
    let decisions = &input.decisions;
    let total = decisions.len();
    let active: Vec<&&DecisionRecord> = decisions.iter().filter(|d| d.is_active()).collect();
    let by_outcome: Vec<Count> = Outcome::ALL
        .iter()
        .map(|o| {
            let count = decisions
                .iter()
                .filter(|d| d.decision.outcome == *o)
                .count();
            Count {
                key: o.as_str(),
                label: o.label(),
                count,
                percent: percent(count, total),
            }
        })
        .collect();
    let restrictive = decisions.iter().filter(|d| d.is_restrictive()).count();
    // A supported choice with a restriction listed is both supported and restrictive.
    let supported = decisions
        .iter()
        .filter(|d| {
            matches!(
                d.decision.outcome,
                Outcome::Supported | Outcome::SupportedWithConditions
            )
        })
        .count();
    let by_risk: Vec<Count> = [Scale::High, Scale::Medium, Scale::Low]
        .iter()
        .map(|level| {
            let count = decisions
                .iter()
                .filter(|d| d.risk_level() == *level)
                .count();
            Count {
                key: level.as_str(),
                label: level_label(*level),
                count,
                percent: percent(count, total),
            }
        })
        .collect();
    let states: Vec<&str> = decisions
        .iter()
        .map(|d| review_state_key(d, input.as_of))
        .collect();
    let in_date = states
        .iter()
        .filter(|s| matches!(**s, "in-date" | "due-soon"))
        .count();
    let overdue = states.iter().filter(|s| **s == "overdue").count();
    let people: BTreeSet<&str> = decisions.iter().map(|d| d.person.trim()).collect();
    let required: Vec<&CoverageRow> = coverage
        .iter()
        .flat_map(|f| &f.groups)
        .flat_map(|g| &g.statements)
        .filter(|s| s.required)
        .collect();
    let required_gaps = required.iter().filter(|s| s.gap).count();
    Dashboard {
        decisions: total,
        active: active.len(),
        closed: total - active.len(),
        people: people.len(),
        examples: input.examples.len(),
        by_outcome,
        supported,
        supported_percent: percent(supported, total),
        restrictive,
        restrictive_percent: percent(restrictive, total),
        by_risk,
        reviews_in_date: in_date,
        reviews_in_date_percent: percent(in_date, active.len()),
        reviews_overdue: overdue,
        escalated: decisions.iter().filter(|d| d.escalation.is_some()).count(),
        high_risk: decisions
            .iter()
            .filter(|d| d.risk_level() == Scale::High)
            .count(),
        lacking_capacity: decisions.iter().filter(|d| d.lacks_capacity()).count(),
        required_statements: required.len(),
        required_evidenced: required.len() - required_gaps,
        required_gaps,
        lawful: super::lawful::dashboard(decisions, input.as_of, &input.pack.config.policy),
        outcomes: super::outcomes::dashboard(
            decisions,
            input.as_of,
            input.pack.config.policy.incident_review_days(),
            input.pack.config.pack.people_supported,
        ),
    }
}

pub(super) fn percent(part: usize, whole: usize) -> u32 {
    if whole == 0 {
        0
    } else {
        ((part as f64 * 100.0 / whole as f64).round()) as u32
    }
}
