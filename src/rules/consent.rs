//! Rules on who consented to a practice example's use, and for what (SPEC section 4b, version 3):
//! example-consent-capacity and example-consent-scope. One function per rule.

use super::RuleContext;
use crate::diagnostics::{Finding, Rule, Sink};
use crate::model::PracticeExample;
use crate::model::example::{Consent, ConsentGivenBy, ConsentStatus, ConsentUse};
use crate::model::pack_config::Audience;
use crate::source::SourceFile;

pub fn check(cx: &RuleContext, example: &PracticeExample, source: &SourceFile) -> Vec<Finding> {
    let mut sink = Sink::new(source, Some(&example.id));
    if let Some(consent) = example
        .consent
        .as_ref()
        .filter(|c| c.status == ConsentStatus::Given)
    {
        example_consent_capacity(cx, example, consent, &mut sink);
        example_consent_scope(cx, consent, &mut sink);
    }
    if let Some(checked) = example.consent.as_ref().and_then(|c| c.capacity_checked_on) {
        let events = [(
            "consent.capacity_checked_on".to_string(),
            "The check of the person's capacity to consent",
            checked,
        )];
        super::decision::report_future_events(cx, &mut sink, &events);
    }
    sink.findings
}

/// No relative can consent for an adult; a person who lacks capacity for a decision recorded here
/// may still be able to agree to this use of their story, but that is a decision of its own
/// (MCA 2005 s2(1)).
fn example_consent_capacity(
    cx: &RuleContext,
    example: &PracticeExample,
    consent: &Consent,
    sink: &mut Sink,
) {
    let at = ["consent.given_by", "consent"];
    match consent.given_by {
        Some(ConsentGivenBy::Family) => sink.report(
            Rule::ExampleConsentCapacity,
            &at,
            "Consent to use this story was given by the person's family. No relative can consent for an adult, unless they are the person's attorney or deputy.",
            "Ask the person. If they lack capacity to agree to this use, only a health-and-welfare attorney or a deputy whose power covers it can consent (given_by = \"attorney\" or \"deputy\"); otherwise use a composite (status = \"not-required\" with the reason) or another example.",
        ),
        Some(ConsentGivenBy::Person) if consent.capacity_checked_on.is_none() => {
            let lacking = example.decisions.iter().find(|id| {
                cx.pack
                    .decisions
                    .iter()
                    .any(|d| d.item.id.trim() == id.trim() && d.item.lacks_capacity())
            });
            if let Some(id) = lacking {
                sink.report(
                    Rule::ExampleConsentCapacity,
                    &at,
                    format!(
                        "The person gave consent, but {} records that they lack capacity for a decision, and the consent does not say when their capacity to agree to this use of their story was checked.",
                        crate::text::printable(id.trim())
                    ),
                    "Check whether the person can understand, retain and weigh up how their story will be used, and record the date as consent.capacity_checked_on. If they cannot, only their attorney or deputy can consent.",
                );
            }
        }
        _ => {}
    }
}

fn example_consent_scope(cx: &RuleContext, consent: &Consent, sink: &mut Sink) {
    let audience = cx.pack.config.pack.audience;
    let wanted = match audience {
        Audience::Tender => ConsentUse::Tender,
        Audience::Inspection => ConsentUse::Inspection,
        Audience::Commissioner => ConsentUse::Commissioner,
    };
    if consent.covers(wanted) {
        return;
    }
    let listed: Vec<&str> = consent.uses.iter().map(|u| u.as_str()).collect();
    sink.report(
        Rule::ExampleConsentScope,
        &["consent.uses", "consent"],
        format!(
            "The consent covers {}, but this pack is for {}.",
            super::lawful::join_and(&listed),
            match audience {
                Audience::Tender => "a tender",
                Audience::Inspection => "an inspection",
                Audience::Commissioner => "a commissioner",
            }
        ),
        format!(
            "Ask the person whether their story may be used for this, and add \"{}\" to consent.uses if they agree; otherwise leave the example out of this pack.",
            wanted.as_str()
        ),
    );
}
