//! The parts of a record's view that version 3 adds (SPEC section 4b): its `[[restrictions]]`,
//! what its basis rests on, whether the person agrees as the SPEC derives it, and who else may
//! decide for the person (an attorney or deputy, an advance decision).

use super::pack_json::{CapacityLawView, DateView, RestrictionView};
use super::redact::Redactor;
use crate::model::DecisionRecord;
use crate::model::decision::Capacity;
use crate::model::restrictions::{AttorneyView, ForThisDecision};

pub(super) fn restrictions(d: &DecisionRecord, r: &Redactor) -> Vec<RestrictionView> {
    d.restrictions
        .iter()
        .map(|x| RestrictionView {
            kind: x.kind.as_str(),
            kind_label: x.kind.label(),
            description: r.markdown(&x.description),
            since: x.since.into(),
            until: x.until.map(DateView::from),
            consulted: x.consulted.iter().map(|t| r.text(t)).collect(),
        })
        .collect()
}

pub(super) fn capacity_law(c: &Capacity, r: &Redactor) -> CapacityLawView {
    let text = |t: &Option<String>| {
        t.as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| r.text(t))
    };
    CapacityLawView {
        for_this_decision: c.for_this_decision.map(|f| match f {
            ForThisDecision::Has => "has",
            ForThisDecision::Lacks => "lacks",
        }),
        attorney: text(&c.attorney),
        attorney_view: c.attorney_view.map(|v| match v {
            AttorneyView::Agrees => "agrees",
            AttorneyView::Disagrees => "disagrees",
            AttorneyView::NotAsked => "not-asked",
        }),
        attorney_view_label: c.attorney_view.map(|v| match v {
            AttorneyView::Agrees => "The attorney or deputy agrees",
            AttorneyView::Disagrees => "The attorney or deputy disagrees",
            AttorneyView::NotAsked => "The attorney or deputy was not asked",
        }),
        attorney_covers: c.attorney_covers,
        court_applied_on: c.court_applied_on.map(DateView::from),
        advance_decision: c
            .advance_decision
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .map(|t| r.markdown(t)),
        advance_decision_followed: c.advance_decision_followed,
        advance_decision_reason: c
            .advance_decision_reason
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .map(|t| r.markdown(t)),
    }
}
