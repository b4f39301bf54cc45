//! Rules on senior oversight that SPEC version 3 adds (section 4b): oversight that comes after the
//! decision it oversees. One function per rule, named as the rule is.

use super::RuleContext;
use crate::diagnostics::{Finding, Rule, Sink, plural};
use crate::model::DecisionRecord;
use crate::model::decision::Scale;
use crate::model::oversight::{EscalationTiming, restrictive_for_now};
use crate::source::SourceFile;

pub fn check(_cx: &RuleContext, record: &DecisionRecord, source: &SourceFile) -> Vec<Finding> {
    let mut sink = Sink::new(source, Some(&record.id));
    escalation_after_decision(record, &mut sink);
    sink.findings
}

fn escalation_after_decision(record: &DecisionRecord, sink: &mut Sink) {
    if record.risk_level() != Scale::High && !restrictive_for_now(record) {
        return;
    }
    let Some(EscalationTiming::After {
        days,
        explained: false,
    }) = record.escalation_timing()
    else {
        return;
    };
    let on = record.escalation.as_ref().and_then(|e| e.on);
    sink.report(
        Rule::EscalationAfterDecision,
        &["escalation.on", "escalation"],
        format!(
            "The decision of {} was escalated for senior oversight on {}, {} after it was made. Oversight of a {} decision comes before it is put into effect.",
            record.decision.decided_on,
            on.map_or(String::new(), |d| d.long()),
            plural(days as usize, "day", "days"),
            if record.risk_level() == Scale::High { "high-risk" } else { "restrictive" },
        ),
        "Escalate before deciding. If the decision could not wait for the panel, set escalation.urgent = true and say why in escalation.reason.",
    );
}
