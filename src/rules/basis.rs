//! Rules that check a decision's basis against the rest of the record (SPEC section 4b, version
//! 3): a label alone never clears a rule. One function per rule, named as the rule is.

use crate::diagnostics::{Finding, Rule, Sink};
use crate::model::DecisionRecord;
use crate::model::derived::NotAPower;
use crate::model::lawful::{Basis, PersonAgrees};
use crate::source::SourceFile;
use crate::text::{is_blank, printable};

pub fn check(record: &DecisionRecord, source: &SourceFile) -> Vec<Finding> {
    let mut sink = Sink::new(source, Some(&record.id));
    basis_contradicts_record(record, &mut sink);
    basis_unspecified(record, &mut sink);
    basis_not_a_power(record, &mut sink);
    service_limit_not_raised(record, &mut sink);
    sink.findings
}

fn basis_contradicts_record(record: &DecisionRecord, sink: &mut Sink) {
    match record.decision.basis {
        Some(Basis::PersonAgreed) if !record.agreed_by_person() => {
            let (message, help) = if record.lacks_capacity() {
                (
                    "The basis is that the person agreed, but the record says they lack capacity for this decision. Their agreement matters (under the 2026 test it can count as consent to the arrangements, recorded in liberty.person_content), but it is not the legal basis, and no relative can agree on their behalf.".to_string(),
                    "Make the decision in the person's best interests (basis = \"best-interests\", MCA 2005 s4) or, if a health-and-welfare attorney or deputy decided, basis = \"attorney-or-deputy\".",
                )
            } else {
                let said = match record.decision.person_agrees {
                    Some(PersonAgrees::No) => "says the person does not agree",
                    Some(PersonAgrees::Partly) => "says the person agrees only in part",
                    _ => "does not say that the person agrees (decision.person_agrees)",
                };
                (
                    format!(
                        "The basis is that the person agreed, but the record {said}. Agreement in part, or a label, is not agreement."
                    ),
                    "Record decision.person_agrees = \"yes\" only if the person agrees with the whole outcome. If they do not, this basis does not stand: support the choice, or record what else allows the restriction.",
                )
            };
            sink.report(
                Rule::BasisContradictsRecord,
                &["decision.person_agrees", "decision.basis", "decision"],
                message,
                help,
            );
        }
        Some(Basis::AttorneyOrDeputy) => {
            let no_attorney =
                is_blank(record.capacity.as_ref().and_then(|c| c.attorney.as_deref()));
            let message = if !record.lacks_capacity() {
                "The basis is that an attorney or deputy decided, but the record does not say the person lacks capacity for this decision. No attorney or deputy can decide for a person who has capacity (MCA 2005 s9(1), s16, s20(1))."
            } else if no_attorney {
                "The basis is that an attorney or deputy decided, but the record does not name one (capacity.attorney)."
            } else {
                return;
            };
            sink.report(
                Rule::BasisContradictsRecord,
                &["decision.basis", "decision"],
                message,
                "Record the capacity assessment under [capacity], and the attorney or deputy as capacity.attorney (who, and the registration or court order); otherwise give the real basis.",
            );
        }
        _ => {}
    }
}

fn basis_unspecified(record: &DecisionRecord, sink: &mut Sink) {
    let Some(basis) = record.decision.basis else {
        return;
    };
    let what = match basis {
        Basis::StatutoryPower => {
            "the Act and section (for example \"Mental Health Act 1983 s7 (guardianship), Kent County Council, 3 March 2026\")"
        }
        Basis::CourtOrder => "the court, the order and its date",
        Basis::TenancyCondition => "the clause of the tenancy",
        Basis::AttorneyOrDeputy => {
            "who the attorney or deputy is, and the registration of the power or the court order"
        }
        _ => return,
    };
    if record.authority().is_some() {
        return;
    }
    sink.report(
        Rule::BasisUnspecified,
        &["decision.basis", "decision"],
        format!(
            "The basis is \"{}\", but the record does not say what it rests on.",
            basis.as_str()
        ),
        format!("Add decision.authority with {what}."),
    );
}

fn basis_not_a_power(record: &DecisionRecord, sink: &mut Sink) {
    let Some(why) = record.authority_not_a_power() else {
        return;
    };
    let authority = printable(record.authority().unwrap_or(""));
    let message = match why {
        NotAPower::NamesADuty(duty) => format!(
            "The authority given, \"{authority}\", is {duty}{}. A duty of care gives no power to restrict anyone.",
            if duty == "best interest" {
                "s: best interests apply only to a person who lacks capacity, and need basis = \"best-interests\""
            } else {
                ""
            }
        ),
        NotAPower::NamesNoAct => format!(
            "The basis is a statutory power, but the authority given, \"{authority}\", names no Act and year and no section."
        ),
    };
    sink.report(
        Rule::BasisNotAPower,
        &["decision.authority", "decision.basis", "decision"],
        message,
        "Name the power in decision.authority: for a statutory power the Act, year and section (for example \"Mental Health Act 1983 s17 (leave conditions)\"); for a court order the court, order and date. If there is no such power, the restriction needs the person's agreement or, if they lack capacity, a best-interests decision.",
    );
}

fn service_limit_not_raised(record: &DecisionRecord, sink: &mut Sink) {
    if record.decision.basis == Some(Basis::ServiceCannotProvide)
        && record.decision.commissioner_told_on.is_none()
    {
        sink.report(
            Rule::ServiceLimitNotRaised,
            &["decision.basis", "decision"],
            "The service cannot provide what the person asks for, but the record does not say when the commissioner was told. A need the service cannot meet is the commissioner's to review (Care Act 2014 s27).",
            "Tell the commissioner what the service cannot meet, and add decision.commissioner_told_on with the date.",
        );
    }
}
