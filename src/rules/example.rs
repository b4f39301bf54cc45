//! Rules that look at one practice example.

use super::RuleContext;
use crate::diagnostics::{Finding, Rule, Sink};
use crate::model::PracticeExample;
use crate::model::example::ConsentStatus;
use crate::source::SourceFile;
use crate::text::is_blank;

/// An example whose text was last checked longer ago than this is stale.
pub const STALE_AFTER_DAYS: i64 = 365;

pub fn check(cx: &RuleContext, example: &PracticeExample, source: &SourceFile) -> Vec<Finding> {
    let mut sink = Sink::new(source, Some(&example.id));
    example_missing_outcome(example, &mut sink);
    example_no_consent(cx, example, &mut sink);
    example_over_word_limit(cx, example, &mut sink);
    example_unlinked(example, &mut sink);
    example_stale(cx, example, &mut sink);
    date_order(cx, example, &mut sink);
    possible_identifier(cx, example, &mut sink);
    sink.findings
}

/// The word limit that applies to an example: its own, else the pack's default.
pub fn word_limit(cx: &RuleContext, example: &PracticeExample) -> Option<u32> {
    example.word_limit.or(cx.pack.config.examples.word_limit)
}

fn example_missing_outcome(example: &PracticeExample, sink: &mut Sink) {
    if is_blank(example.outcome.as_deref()) {
        sink.report_about(
            Rule::ExampleMissingOutcome,
            "outcome",
            &["action", "situation"],
            "The example has no outcome: evaluators score the measurable result.",
            "Add outcome: what changed for the person, with a measure where you can (for example \"no missed doses in six months\").",
        );
    }
}

fn example_no_consent(cx: &RuleContext, example: &PracticeExample, sink: &mut Sink) {
    let rule = Rule::ExampleNoConsent;
    let Some(consent) = &example.consent else {
        sink.report(
            rule,
            &["title", "id"],
            "The example does not record consent to use the person's story.",
            "Add a [consent] table: status = \"given\" with the date (on), or \"not-required\" with the reason.",
        );
        return;
    };
    let here = ["consent.status", "consent"];
    match consent.status {
        ConsentStatus::Withdrawn => sink.report(
            rule,
            &here,
            "Consent to use this example has been withdrawn.",
            "Remove the example from the pack, or record new consent if the person has given it again.",
        ),
        ConsentStatus::Given if consent.on.is_none() => sink.report(
            rule,
            &here,
            "Consent is recorded as given, but without the date it was given.",
            "Add consent.on, the date the person gave consent.",
        ),
        ConsentStatus::Given if consent.given_by.is_none() => sink.report(
            rule,
            &here,
            "Consent is recorded as given, but not who gave it.",
            "Add consent.given_by: \"person\", or \"attorney\" or \"deputy\" if the person lacks capacity to consent and has one whose power covers it.",
        ),
        ConsentStatus::NotRequired if is_blank(consent.reason.as_deref()) => sink.report(
            rule,
            &here,
            "Consent is recorded as not required, but the reason is missing.",
            "Add consent.reason, for example \"A composite of several people's stories; no one person can be identified.\"",
        ),
        _ => {}
    }
    if consent.status != ConsentStatus::Withdrawn
        && let Some(expires) = consent.expires
        && expires < cx.as_of
    {
        sink.report(
            rule,
            &["consent.expires", "consent"],
            format!("Consent to use this example expired on {expires}."),
            "Ask the person to renew their consent and record the new dates, or remove the example.",
        );
    }
}

fn example_over_word_limit(cx: &RuleContext, example: &PracticeExample, sink: &mut Sink) {
    let Some(limit) = word_limit(cx, example) else {
        return;
    };
    let words = example.word_count();
    if words > limit as usize {
        sink.report(
            Rule::ExampleOverWordLimit,
            &["word_limit", "situation"],
            format!("The example has {words} words, over its limit of {limit}."),
            format!(
                "Cut {} from situation, action, outcome and learning.",
                crate::diagnostics::plural(words - limit as usize, "word", "words")
            ),
        );
    }
}

fn example_unlinked(example: &PracticeExample, sink: &mut Sink) {
    if example.decisions.is_empty() {
        sink.report(
            Rule::ExampleUnlinked,
            &["title", "id"],
            "The example is not linked to any decision record, so there is no evidence behind it.",
            "Add decisions = [\"D-…\"] with the ids of the decision records the story is based on.",
        );
    }
}

fn example_stale(cx: &RuleContext, example: &PracticeExample, sink: &mut Sink) {
    match example.last_reviewed {
        None => sink.report(
            Rule::ExampleStale,
            &["title", "id"],
            "The example does not say when its text was last checked as accurate.",
            "Add last_reviewed = YYYY-MM-DD after checking the story against the records.",
        ),
        Some(date) if date.days_until(cx.as_of) > STALE_AFTER_DAYS => sink.report(
            Rule::ExampleStale,
            &["last_reviewed"],
            format!(
                "The example was last checked on {date}, more than a year before {}.",
                cx.as_of
            ),
            "Check the story is still accurate, then update last_reviewed.",
        ),
        Some(_) => {}
    }
}

fn date_order(cx: &RuleContext, example: &PracticeExample, sink: &mut Sink) {
    let mut events = Vec::new();
    if let Some(on) = example.consent.as_ref().and_then(|c| c.on) {
        events.push(("consent.on".to_string(), "The consent", on));
    }
    if let Some(on) = example.last_reviewed {
        events.push((
            "last_reviewed".to_string(),
            "The last check of the text",
            on,
        ));
    }
    super::decision::report_future_events(cx, sink, &events);
}

/// Every text of the example, whatever field it stands in, and the file's name.
fn possible_identifier(cx: &RuleContext, example: &PracticeExample, sink: &mut Sink) {
    super::identifiers::report_every_text(cx, sink, example);
    super::identifiers::report_file_name(cx, sink);
}
