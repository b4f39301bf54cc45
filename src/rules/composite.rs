//! Rule example-composite-traceable (SPEC section 4a): a practice example that needs no consent
//! because it is a composite of several people's stories, but that cites decision records the
//! same pack shows in full, so that a reader can trace the story back to a person.

use super::RuleContext;
use crate::diagnostics::{Finding, Rule, Sink};
use crate::model::example::ConsentStatus;
use crate::model::pack_config::Audience;

pub fn check(cx: &RuleContext) -> Vec<Finding> {
    let pack = cx.pack;
    // A tender pack shows its records only as a summary table: nothing in full to trace.
    if pack.config.pack.audience == Audience::Tender {
        return Vec::new();
    }
    let selected = crate::select::select(pack);
    let in_full: Vec<&str> = selected
        .decisions
        .iter()
        .map(|&i| pack.decisions[i].item.id.trim())
        .collect();
    let mut findings = Vec::new();
    for &i in &selected.examples {
        let example = &pack.examples[i];
        let composite = example
            .item
            .consent
            .as_ref()
            .is_some_and(|c| c.status == ConsentStatus::NotRequired);
        if !composite {
            continue;
        }
        let traced: Vec<&str> = example
            .item
            .decisions
            .iter()
            .map(|d| d.trim())
            .filter(|d| in_full.contains(d))
            .collect();
        if traced.is_empty() {
            continue;
        }
        let mut sink = Sink::new(pack.source(example.source), Some(&example.item.id));
        let ids = crate::text::printable(&join_and(&traced));
        let people = if traced.len() == 1 {
            "the person in that record"
        } else {
            "the people in those records"
        };
        sink.report(
            Rule::ExampleCompositeTraceable,
            &["consent.status", "decisions", "consent"],
            format!(
                "This example needs no consent because it is not one person's story, but it cites {ids}, which this pack shows in full: a reader could trace the story back to {people}."
            ),
            "Take the record out of this example's decisions, leave the record out of this pack with [select], or ask the person for consent and record it (status = \"given\").",
        );
        findings.extend(sink.findings);
    }
    findings
}

/// "a", "a and b", "a, b and c".
fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
