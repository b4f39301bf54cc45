//! Rules on safeguarding and CQC notifications as SPEC version 3 has them (section 4b): abuse and
//! neglect, serious or police incidents and risks to other adults at risk or children are
//! safeguarding matters (Care Act 2014 s42); a risk to staff or the public is health and safety.
//! One function per rule, named as the rule is.

use super::RuleContext;
use crate::diagnostics::{Finding, Rule, Sink, plural};
use crate::model::DecisionRecord;
use crate::model::outcomes::{Harm, Incident};
use crate::source::SourceFile;
use crate::text::is_blank;

pub fn check(cx: &RuleContext, record: &DecisionRecord, source: &SourceFile) -> Vec<Finding> {
    let mut sink = Sink::new(source, Some(&record.id));
    safeguarding_not_considered(record, &mut sink);
    let notification_days = cx.pack.config.policy.notification_days();
    for (i, incident) in record.incidents.iter().enumerate() {
        incident_safeguarding_not_considered(i, incident, &mut sink);
        incident_notified_late(i, incident, notification_days, &mut sink);
    }
    sink.findings
}

/// Why the record is a safeguarding matter: the key the finding points at (the risks, or the
/// incident) and the reason in words.
fn safeguarding_matter(record: &DecisionRecord) -> Option<(String, String)> {
    if let Some((_, kind)) = super::outcomes::abuse_or_neglect_risk(record) {
        return Some((
            "risks".to_string(),
            format!(
                "A risk of {} of the person is recorded",
                kind.label().to_lowercase()
            ),
        ));
    }
    for risk in &record.risks {
        if !risk.to.affects_others() {
            continue;
        }
        if let Some(who) = risk.others.iter().find(|o| o.is_safeguarding()) {
            return Some((
                "risks".to_string(),
                format!(
                    "A risk to {} is recorded",
                    match who.as_str() {
                        "children" => "children",
                        _ => "other people the service supports",
                    }
                ),
            ));
        }
    }
    for (i, incident) in record.incidents.iter().enumerate() {
        if incident.needs_safeguarding() {
            return Some((
                format!("incidents[{i}]"),
                format!("The incident on {} {}", incident.on, incident_why(incident)),
            ));
        }
    }
    None
}

/// "was alleged abuse or neglect (physical abuse)", "caused serious harm", "involved the police".
fn incident_why(incident: &Incident) -> String {
    let mut why = Vec::new();
    if let Some(kind) = incident.abuse_or_neglect {
        why.push(format!(
            "is, or is alleged to be, {}",
            kind.label().to_lowercase()
        ));
    }
    if incident.harm == Harm::Serious {
        why.push("caused serious harm".to_string());
    }
    if incident.police {
        why.push("involved the police".to_string());
    }
    match why.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn safeguarding_not_considered(record: &DecisionRecord, sink: &mut Sink) {
    let considered = record
        .safeguarding
        .as_ref()
        .is_some_and(|s| s.considered && !is_blank(s.outcome.as_deref()));
    if considered {
        return;
    }
    let Some((key, why)) = safeguarding_matter(record) else {
        return;
    };
    sink.report(
        Rule::SafeguardingNotConsidered,
        &["safeguarding", &key, "risks"],
        format!(
            "{why}, but the record does not show that safeguarding was considered (Care Act 2014 section 42: abuse or neglect of an adult at risk, self-neglect included)."
        ),
        "Add a [safeguarding] table with considered = true and the outcome (and the referral, or \"none\"). A risk only to staff or the public is health and safety, not safeguarding: record who under the risk's others.",
    );
}

fn incident_safeguarding_not_considered(i: usize, incident: &Incident, sink: &mut Sink) {
    if !incident.needs_safeguarding() {
        return;
    }
    let referral = incident.safeguarding_referral.as_deref().map(str::trim);
    let message = match referral {
        None | Some("") => format!(
            "The incident on {} {}, but the record does not say whether it was referred to the council's safeguarding team.",
            incident.on,
            incident_why(incident)
        ),
        Some(r)
            if r.eq_ignore_ascii_case("none")
                && is_blank(incident.safeguarding_reason.as_deref()) =>
        {
            format!(
                "The incident on {} {}, and no safeguarding referral was made, but the record does not say why.",
                incident.on,
                incident_why(incident)
            )
        }
        Some(_) => return,
    };
    sink.report(
        Rule::IncidentSafeguardingNotConsidered,
        &[
            &format!("incidents[{i}].safeguarding_referral"),
            &format!("incidents[{i}]"),
        ],
        message,
        "Consider a safeguarding referral to the council (Care Act 2014 s42) and record its reference as safeguarding_referral; if none is made, write \"none\" and say why in safeguarding_reason.",
    );
}

fn incident_notified_late(i: usize, incident: &Incident, allowed: u32, sink: &mut Sink) {
    let Some(told) = incident.notified_on else {
        return;
    };
    let days = incident.on.days_until(told);
    if days <= i64::from(allowed) {
        return;
    }
    sink.report(
        Rule::IncidentNotifiedLate,
        &[
            &format!("incidents[{i}].notified_on"),
            &format!("incidents[{i}]"),
        ],
        format!(
            "The incident on {} was notified to CQC on {told}, {} later. CQC must be told without delay (Care Quality Commission (Registration) Regulations 2009, reg 18); the provider's policy allows {}.",
            incident.on,
            plural(days as usize, "day", "days"),
            plural(allowed as usize, "day", "days"),
        ),
        "Notify CQC as soon as an incident that must be notified happens, and record why this one was late under the incident's learning.",
    );
}
