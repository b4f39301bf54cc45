//! Rules on the legal footing of a decision (SPEC section 4a, added in version 2): the basis of a
//! restriction, best interests, deprivation of liberty and independent oversight. One function
//! per rule, named as the rule is.

use super::RuleContext;
use crate::diagnostics::{Finding, Rule, Sink, plural};
use crate::model::DecisionRecord;
use crate::model::lawful::{Basis, OversightOverlap};
use crate::source::SourceFile;
use crate::text::{is_blank, printable};

pub fn check(_cx: &RuleContext, record: &DecisionRecord, source: &SourceFile) -> Vec<Finding> {
    let mut sink = Sink::new(source, Some(&record.id));
    restriction_without_basis(record, &mut sink);
    limiting_capacitous_choice(record, &mut sink);
    best_interests_without_incapacity(record, &mut sink);
    best_interests_incomplete(record, &mut sink);
    liberty_not_considered(record, &mut sink);
    escalation_not_independent(record, &mut sink);
    restrictive_not_escalated(record, &mut sink);
    sink.findings
}

fn restriction_without_basis(record: &DecisionRecord, sink: &mut Sink) {
    if !record.is_restrictive() {
        return;
    }
    let what = restriction_in_words(record);
    match record.decision.basis {
        None => sink.report(
            Rule::RestrictionWithoutBasis,
            &["decision.outcome", "decision"],
            format!(
                "{what}, but the record does not say what allows it. A restriction needs a legal basis: the agreement of a person who has capacity, a best-interests decision for someone who lacks it (MCA 2005 s4-s6), an attorney or deputy, a court order, a statutory power or a condition of the tenancy."
            ),
            "Add decision.basis: person-agreed, best-interests, attorney-or-deputy, court-order, statutory-power or tenancy-condition.",
        ),
        Some(Basis::ServiceCannotProvide) if !record.restrictions.is_empty() => sink.report(
            Rule::RestrictionWithoutBasis,
            &["decision.basis", "restrictions", "decision"],
            format!(
                "{what}, and the basis given is that the service cannot provide something. That limits the service, not the person: it is not a legal basis for restricting anyone."
            ),
            "Give the basis that allows the restrictions listed under [[restrictions]]: person-agreed, best-interests, attorney-or-deputy, court-order, statutory-power or tenancy-condition.",
        ),
        Some(_) => {}
    }
}

/// "The outcome is "Limited"", "The record lists 2 restrictions" or "The arrangements deprive the
/// person of their liberty": why the record is restrictive, for a message.
pub(super) fn restriction_in_words(record: &DecisionRecord) -> String {
    if record.decision.outcome.is_restrictive() && !record.only_limits_the_service() {
        format!("The outcome is \"{}\"", record.decision.outcome.label())
    } else if !record.restrictions.is_empty() {
        format!(
            "The record lists {} under [[restrictions]]",
            plural(record.restrictions.len(), "restriction", "restrictions")
        )
    } else {
        "The arrangements deprive the person of their liberty (liberty.deprivation = \"yes\")"
            .to_string()
    }
}

/// A person with capacity may make an unwise choice (MCA 2005 s1(4)); a risk to others gives
/// no power to restrict them. Only their own agreement, or a court or statute that the record names,
/// can (SPEC 4b). A tenancy term is enforced by the landlord through the courts, not by care
/// staff, and no attorney decides for a person who has capacity.
fn limiting_capacitous_choice(record: &DecisionRecord, sink: &mut Sink) {
    if !record.is_restrictive() || !record.has_capacity() {
        return;
    }
    let basis = record.decision.basis;
    let exempt = match basis {
        Some(Basis::ServiceCannotProvide) => return,
        Some(Basis::PersonAgreed) => record.agreed_by_person(),
        Some(Basis::StatutoryPower | Basis::CourtOrder) => record.has_a_lawful_power(),
        _ => false,
    };
    if exempt {
        return;
    }
    let why = match basis {
        Some(Basis::PersonAgreed) => {
            " The basis is person-agreed, but the record does not show the person agrees (decision.person_agrees is not \"yes\")."
        }
        Some(Basis::StatutoryPower | Basis::CourtOrder) => {
            " The basis given does not name the power it rests on (decision.authority)."
        }
        Some(Basis::TenancyCondition) => {
            " A tenancy condition is enforced by the landlord through the courts, not by care staff."
        }
        Some(Basis::AttorneyOrDeputy) => {
            " No attorney or deputy can decide for a person who has capacity for the decision."
        }
        Some(Basis::BestInterests) => " Best interests apply only to a person who lacks capacity.",
        _ => "",
    };
    sink.report(
        Rule::LimitingCapacitousChoice,
        &["decision.basis", "decision.outcome", "restrictions", "decision"],
        format!(
            "{} for a person with capacity for this decision.{why} An unwise decision is not a lack of capacity (Mental Capacity Act 2005, section 1(4)), and a risk to other people gives no power to restrict an adult who has capacity.",
            restriction_in_words(record)
        ),
        "Check the restriction with the person. It can stand only if they agree to it (decision.person_agrees = \"yes\" with basis person-agreed) or a court order or statutory power allows it (name it in decision.authority); otherwise support the choice, and record any risk to others as a health and safety or safeguarding matter.",
    );
}

fn best_interests_without_incapacity(record: &DecisionRecord, sink: &mut Sink) {
    if record.decision.basis == Some(Basis::BestInterests) && record.has_capacity() {
        sink.report(
            Rule::BestInterestsWithoutIncapacity,
            &["decision.basis", "decision"],
            "A best-interests decision can only be made for someone who lacks capacity for this decision (MCA 2005 s4-s5), but the record says the person has capacity for it.",
            "Record the capacity assessment under [capacity], or give the real basis under decision.basis.",
        );
    }
}

fn best_interests_incomplete(record: &DecisionRecord, sink: &mut Sink) {
    let Some(capacity) = record.capacity.as_ref().filter(|_| record.lacks_capacity()) else {
        return;
    };
    let mut missing = Vec::new();
    if is_blank(capacity.decision_maker.as_deref()) {
        missing.push("who made the decision (decision_maker)");
    }
    if capacity.consulted.iter().all(|c| c.trim().is_empty()) {
        missing.push("who was consulted (consulted)");
    }
    if is_blank(capacity.wishes.as_deref()) {
        missing.push("the person's wishes and feelings (wishes)");
    }
    if missing.is_empty() {
        return;
    }
    sink.report(
        Rule::BestInterestsIncomplete,
        &["capacity.status", "capacity"],
        format!(
            "The person lacks capacity for this decision, so it must be made in their best interests (MCA 2005 s4), but the record does not say {}.",
            join_and(&missing)
        ),
        "Add under [capacity] decision_maker, consulted (the people the Act names: family, carers, an attorney or deputy) and wishes (what the person has said and felt, now and before).",
    );
}

fn liberty_not_considered(record: &DecisionRecord, sink: &mut Sink) {
    if record.is_active()
        && record.lacks_capacity()
        && record.is_restrictive()
        && record.liberty.is_none()
    {
        sink.report(
            Rule::LibertyNotConsidered,
            &["decision.outcome", "decision"],
            format!(
                "A person who lacks capacity for this decision is restricted ({}), but the record does not say whether the arrangements deprive them of their liberty.",
                first_lower(&restriction_in_words(record))
            ),
            "Add a [liberty] table with considered_on and deprivation (yes, no or possible); for yes or possible, the route (dols or court-of-protection) and applied_on.",
        );
    }
}

/// Why the sign-off is not independent, in words, if it is not.
fn oversight_overlap(record: &DecisionRecord) -> Option<&'static str> {
    Some(match record.oversight_overlap()? {
        OversightOverlap::Involved => "is, or is among, the people who made it (decision.involved)",
        OversightOverlap::CapacityAssessor => {
            "is, or is among, those who assessed the person's capacity for it (capacity.assessed_by)"
        }
    })
}

fn escalation_not_independent(record: &DecisionRecord, sink: &mut Sink) {
    let Some(why) = oversight_overlap(record) else {
        return;
    };
    let signed = record
        .escalation
        .as_ref()
        .and_then(|e| e.signed_off_by.as_deref())
        .unwrap_or("")
        .trim();
    sink.report(
        Rule::EscalationNotIndependent,
        &["escalation.signed_off_by", "escalation"],
        format!(
            "The escalation was signed off by {}, who {why}. Oversight by someone who made the decision is not independent.",
            printable(signed)
        ),
        "Ask someone senior who took no part in the decision (for example the Head of Quality or a risk enablement panel) to review it, and record them as escalation.signed_off_by.",
    );
}

fn restrictive_not_escalated(record: &DecisionRecord, sink: &mut Sink) {
    if record.is_restrictive() && record.escalation.is_none() {
        sink.report(
            Rule::RestrictiveNotEscalated,
            &["decision.outcome", "decision"],
            format!(
                "{}, but the restriction was not escalated for senior oversight.",
                restriction_in_words(record)
            ),
            "Add an [escalation] table: to whom (for example a risk enablement panel), on, outcome and signed_off_by, someone who took no part in the decision.",
        );
    }
}

/// The text with its first letter in lower case, to follow other words.
fn first_lower(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "a", "a and b", "a, b and c".
pub(super) fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(tables: &str) -> DecisionRecord {
        let text = format!(
            "id = \"D-1\"\ntitle = \"t\"\nperson = \"AB\"\nopened = 2026-01-01\n\n[choice]\nsummary = \"s\"\n\n[capacity]\nstatus = \"assessed-has\"\nassessed_on = 2026-01-02\nassessed_by = \" Social Worker\"\n\n[decision]\noutcome = \"limited\"\ndecided_on = 2026-01-03\ninvolved = [\"AB\", \"Key worker\"]\n\n{tables}"
        );
        toml::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"))
    }

    fn signed_by(who: &str) -> DecisionRecord {
        record(&format!(
            "[escalation]\nto = \"Panel\"\non = 2026-01-04\noutcome = \"Agreed.\"\nsigned_off_by = \"{who}\"\n"
        ))
    }

    #[test]
    fn oversight_is_independent_only_of_everyone_who_decided() {
        assert!(signed_by("Head of Quality").oversight_is_independent());
        assert!(!signed_by("KEY WORKER").oversight_is_independent());
        assert!(!signed_by("  key worker ").oversight_is_independent());
        assert!(!signed_by("social worker").oversight_is_independent());
        assert!(signed_by("Key worker's manager").oversight_is_independent());
        // SPEC 4b "same person": brackets and punctuation aside, one contains the other.
        assert!(!signed_by("Key worker (J. Smith)").oversight_is_independent());
        assert!(!signed_by("Senior key worker").oversight_is_independent());
        // A blank signer is escalation-incomplete's business, not a lack of independence.
        assert!(signed_by(" ").oversight_is_independent());
        assert!(record("").oversight_is_independent());
    }

    #[test]
    fn lists_read_as_english() {
        assert_eq!(join_and(&[]), "");
        assert_eq!(join_and(&["a"]), "a");
        assert_eq!(join_and(&["a", "b"]), "a and b");
        assert_eq!(join_and(&["a", "b", "c"]), "a, b and c");
    }
}
