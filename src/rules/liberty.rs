//! Rules on deprivation of liberty as the law stands in December 2026 (SPEC sections 4a and 4b):
//! the test of [2026] UKSC 16, the application, its outcome and CQC's notification of it, and the
//! authorisation's expiry. Each reads the one derived [`LibertyState`]. One function per rule,
//! named as the rule is.

use super::RuleContext;
use crate::diagnostics::{Finding, Rule, Sink, plural};
use crate::model::lawful::{Deprivation, Liberty, LibertyRoute, PersonAgrees};
use crate::model::liberty::{
    Expiry, LIBERTY_PENDING_DAYS, LibertyOutcome, LibertyStage, LibertyState, PersonContent,
    test_2026_date,
};
use crate::model::{Date, DecisionRecord};
use crate::source::SourceFile;
use crate::text::is_blank;

/// What the help of the liberty rules says about ending an application or an authorisation.
const PENDING_WAY_OUT: &str = "If a fresh consideration under the test of [2026] UKSC 16 finds the arrangements no longer deprive the person of liberty, record the reasons, set deprivation = \"no\", withdraw the application (outcome = \"withdrawn\" and outcome_on) and tell CQC of the withdrawal (notified_on).";
const IN_FORCE_WAY_OUT: &str = "An authorisation in force is never just withdrawn: if a fresh consideration under the test of [2026] UKSC 16 finds no deprivation of liberty, ask the supervisory body to review it (DoLS) or the court to discharge it (Court of Protection).";

pub fn check(cx: &RuleContext, record: &DecisionRecord, source: &SourceFile) -> Vec<Finding> {
    let Some(liberty) = &record.liberty else {
        return Vec::new();
    };
    let mut sink = Sink::new(source, Some(&record.id));
    let policy = &cx.pack.config.policy;
    let state = LibertyState::of(liberty, record.is_active(), cx.as_of, policy);
    liberty_incomplete(liberty, &mut sink);
    if record.is_active() {
        liberty_expired(&state, &mut sink);
        liberty_expiring(liberty, &state, &mut sink);
        liberty_pending(&state, &mut sink);
        liberty_reconsider(cx, liberty, &mut sink);
    }
    liberty_outcome_not_notified(liberty, &state, &mut sink);
    liberty_reasons_missing(liberty, &mut sink);
    liberty_objection(record, liberty, &mut sink);
    liberty_application_late(cx, liberty, &mut sink);
    liberty_route_invalid(cx, record, liberty, &mut sink);
    date_order(cx, liberty, &mut sink);
    sink.findings
}

fn liberty_incomplete(liberty: &Liberty, sink: &mut Sink) {
    let mut missing = Vec::new();
    if liberty.considered_on.is_none() {
        missing.push("considered_on");
    }
    if liberty.deprivation.is_none() {
        missing.push("deprivation");
    }
    if liberty.needs_authorisation() {
        if liberty.route.is_none() {
            missing.push("route");
        }
        // On the Court of Protection route the council applies: the provider's request to it
        // (requested_on) stands for the application until the council applies.
        let requested = liberty.route == Some(LibertyRoute::CourtOfProtection)
            && liberty.requested_on.is_some();
        if liberty.applied_on.is_none() && !requested {
            missing.push("applied_on");
        }
    }
    if liberty.authorised_on.is_some() && liberty.expires_on.is_none() {
        missing.push("expires_on");
    }
    if !missing.is_empty() {
        sink.report(
            Rule::LibertyIncomplete,
            &["liberty"],
            format!(
                "The [liberty] table does not record {}.",
                super::lawful::join_and(&missing)
            ),
            "Complete [liberty]: when it was considered (considered_on) and whether there is a deprivation (yes, no or possible); for yes or possible, the route (dols in a care home or hospital, court-of-protection elsewhere) and applied_on; once authorised, authorised_on and expires_on.",
        );
    }
    match liberty.outcome_contradiction() {
        Some(LibertyOutcome::Authorised) => sink.report(
            Rule::LibertyIncomplete,
            &["liberty.outcome", "liberty"],
            "The liberty outcome is \"authorised\", but the record does not say when it was authorised.",
            "Add liberty.authorised_on (and expires_on), or correct the outcome.",
        ),
        Some(other) => sink.report(
            Rule::LibertyIncomplete,
            &["liberty.outcome", "liberty"],
            format!(
                "The liberty outcome is \"{}\", but the record also gives a date of authorisation (authorised_on).",
                other.as_str()
            ),
            "Correct liberty.outcome to \"authorised\", or remove authorised_on if the deprivation was not authorised.",
        ),
        None => {}
    }
}

fn liberty_expired(state: &LibertyState, sink: &mut Sink) {
    let LibertyStage::Authorised(Expiry::Expired { expires, days_ago }) = state.stage else {
        return;
    };
    sink.report(
        Rule::LibertyExpired,
        &["liberty.expires_on", "liberty"],
        format!(
            "The liberty authorisation expired on {expires}, {} ago. While the arrangements still deprive the person of liberty, they are not authorised.",
            plural(days_ago as usize, "day", "days")
        ),
        "Apply for a new authorisation now and record it under [liberty] (applied_on, then authorised_on and expires_on); or, if a fresh consideration under the test of [2026] UKSC 16 finds no deprivation of liberty, record the reasons, set deprivation = \"no\" and reconsidered_on.",
    );
}

fn liberty_expiring(liberty: &Liberty, state: &LibertyState, sink: &mut Sink) {
    let LibertyStage::Authorised(Expiry::Expiring { expires, days }) = state.stage else {
        return;
    };
    let renew = match liberty.route {
        Some(LibertyRoute::CourtOfProtection) => {
            "Ask the council to apply to the Court of Protection for its renewal in good time (the court needs months)"
        }
        _ => "Ask the supervisory body for its renewal (a new authorisation) in good time",
    };
    sink.report(
        Rule::LibertyExpiring,
        &["liberty.expires_on", "liberty"],
        format!(
            "The liberty authorisation expires on {expires}, {}.",
            match days {
                0 => "today".to_string(),
                1 => "tomorrow".to_string(),
                d => format!("in {d} days"),
            }
        ),
        format!("{renew}, and record the new dates under [liberty]. {IN_FORCE_WAY_OUT}"),
    );
}

fn liberty_pending(state: &LibertyState, sink: &mut Sink) {
    let LibertyStage::Pending {
        since: Some(since),
        days_waiting,
    } = state.stage
    else {
        return;
    };
    if days_waiting <= LIBERTY_PENDING_DAYS {
        return;
    }
    sink.report(
        Rule::LibertyPending,
        &["liberty.applied_on", "liberty.requested_on", "liberty"],
        format!(
            "The liberty authorisation was applied for on {since}, {} ago, and no outcome is recorded.",
            plural(days_waiting as usize, "day", "days")
        ),
        format!(
            "Chase the supervisory body (DoLS) or the council and the Court of Protection, and record the outcome when it comes. {PENDING_WAY_OUT}"
        ),
    );
}

fn liberty_outcome_not_notified(liberty: &Liberty, state: &LibertyState, sink: &mut Sink) {
    let Some(outcome) = state.outcome.filter(|o| o.is_notifiable()) else {
        return;
    };
    let notified = match (liberty.notified_on, state.outcome_on) {
        (Some(told), Some(came)) => told >= came,
        (told, None) => told.is_some(),
        (None, Some(_)) => false,
    };
    if notified {
        return;
    }
    let what = match outcome {
        LibertyOutcome::Authorised => "was authorised",
        LibertyOutcome::Refused => "was refused",
        _ => "was withdrawn",
    };
    let when = state
        .outcome_on
        .map_or(String::new(), |on| format!(" on {on}"));
    let message = match liberty.notified_on {
        Some(told) => format!(
            "The liberty application {what}{when}, but CQC is recorded as told on {told}, before the outcome. CQC must be told of the application together with its outcome (Care Quality Commission (Registration) Regulations 2009, reg 18(4A)-(4B))."
        ),
        None => format!(
            "The liberty application {what}{when}, but the record does not say when CQC was told. CQC must be told of the application together with its outcome: granted, refused or withdrawn (Care Quality Commission (Registration) Regulations 2009, reg 18(4A)-(4B))."
        ),
    };
    sink.report(
        Rule::LibertyOutcomeNotNotified,
        &["liberty.notified_on", "liberty.outcome", "liberty.authorised_on", "liberty"],
        message,
        "Notify CQC of the outcome now and add the date as liberty.notified_on. (A pending application is not notified.)",
    );
}

fn liberty_reasons_missing(liberty: &Liberty, sink: &mut Sink) {
    let Some(deprivation) = liberty.deprivation else {
        return;
    };
    if !is_blank(liberty.reasons.as_deref()) {
        return;
    }
    let message = format!(
        "The record says the arrangements {}, but not why.",
        match deprivation {
            Deprivation::Yes => "deprive the person of their liberty",
            Deprivation::No => "do not deprive the person of their liberty",
            Deprivation::Possible => "may deprive the person of their liberty",
        }
    );
    let help = "Add liberty.reasons: weigh the type, duration, effects and manner of the restrictions, their purpose, how normal they are for a person of that age and situation, and whether the person shows by words or behaviour that they are content with them ([2026] UKSC 16).";
    let paths = ["liberty.deprivation", "liberty"];
    if deprivation == Deprivation::Yes {
        sink.warn(Rule::LibertyReasonsMissing, &paths, message, help);
    } else {
        sink.report(Rule::LibertyReasonsMissing, &paths, message, help);
    }
}

fn liberty_reconsider(cx: &RuleContext, liberty: &Liberty, sink: &mut Sink) {
    let judgment = test_2026_date();
    if cx.as_of < judgment || !liberty.needs_authorisation() {
        return;
    }
    let Some(considered) = liberty.considered_on.filter(|&c| c < judgment) else {
        return;
    };
    if liberty.reconsidered_under_2026_test() {
        return;
    }
    sink.report(
        Rule::LibertyReconsider,
        &["liberty.considered_on", "liberty"],
        format!(
            "The arrangements were considered on {considered}, before the Supreme Court changed the test of a deprivation of liberty on {judgment} ([2026] UKSC 16), and have not been considered again since."
        ),
        "Consider the arrangements again under the new test: weigh the type, duration, effects and manner of the restrictions, their purpose and how normal they are, and whether the person shows they are content with them. Record the reasons under liberty.reasons and the date as liberty.reconsidered_on.",
    );
}

fn liberty_objection(record: &DecisionRecord, liberty: &Liberty, sink: &mut Sink) {
    if liberty.deprivation != Some(Deprivation::No) {
        return;
    }
    let (paths, who): (&[&str], &str) = if liberty.person_content == Some(PersonContent::No) {
        (
            &["liberty.person_content", "liberty"],
            "shows they are not content with the arrangements (liberty.person_content)",
        )
    } else if record.decision.person_agrees == Some(PersonAgrees::No) {
        (
            &["decision.person_agrees", "liberty.deprivation"],
            "does not agree with the outcome (decision.person_agrees)",
        )
    } else {
        return;
    };
    sink.report(
        Rule::LibertyObjection,
        paths,
        format!(
            "The record says the arrangements do not deprive the person of their liberty, but the person {who}. An objection weighs heavily towards a deprivation of liberty, and consent cannot be read from behaviour that objects ([2026] UKSC 16)."
        ),
        "Consider the arrangements again with the person's objection in the balance, and record the reasons under liberty.reasons. If they do deprive the person of liberty, set deprivation = \"yes\" and apply for an authorisation.",
    );
}

fn liberty_application_late(cx: &RuleContext, liberty: &Liberty, sink: &mut Sink) {
    if liberty.deprivation != Some(Deprivation::Yes) {
        return;
    }
    let Some(considered) = liberty.considered_on else {
        return;
    };
    let allowed = cx.pack.config.policy.liberty_application_days();
    let applied = liberty.application_date();
    let days = considered.days_until(applied.unwrap_or(cx.as_of).min(cx.as_of));
    if days <= i64::from(allowed) {
        return;
    }
    let deprived = plural(days as usize, "day", "days");
    let message = match applied {
        Some(on) => format!(
            "The deprivation of liberty was found on {considered}, but the application was made on {on}: the person was deprived of liberty for {deprived} without an application (the provider's policy allows {}).",
            plural(allowed as usize, "day", "days")
        ),
        None => format!(
            "The deprivation of liberty was found on {considered}, and {deprived} later no application is recorded (the provider's policy allows {}).",
            plural(allowed as usize, "day", "days")
        ),
    };
    sink.report(
        Rule::LibertyApplicationLate,
        &["liberty.applied_on", "liberty.requested_on", "liberty.considered_on", "liberty"],
        message,
        "Apply as soon as a deprivation of liberty is found: in a care home or hospital, to the supervisory body (the council) for a DoLS authorisation (with an urgent authorisation of up to 7 days meanwhile); elsewhere, ask the council to apply to the Court of Protection (record that date as requested_on). Record the dates under [liberty].",
    );
}

fn liberty_route_invalid(
    cx: &RuleContext,
    record: &DecisionRecord,
    liberty: &Liberty,
    sink: &mut Sink,
) {
    if liberty.route != Some(LibertyRoute::Dols) {
        return;
    }
    if let Some(setting) = cx.pack.config.setting_of(record.service.as_deref())
        && !setting.dols_applies()
    {
        sink.report(
            Rule::LibertyRouteInvalid,
            &["liberty.route", "liberty"],
            format!(
                "The route is DoLS, but the record's service is {} (pack.toml's [services]). The Deprivation of Liberty Safeguards cover only care homes and hospitals (Mental Capacity Act 2005, Schedule A1).",
                setting.label()
            ),
            "Outside a care home or hospital only the Court of Protection can authorise a deprivation of liberty: set route = \"court-of-protection\", ask the council to apply (requested_on), and record the outcome.",
        );
    }
    if let (Some(authorised), Some(expires)) = (liberty.authorised_on, liberty.expires_on)
        && expires > one_year_after(authorised)
    {
        sink.report(
            Rule::LibertyRouteInvalid,
            &["liberty.expires_on", "liberty"],
            format!(
                "The DoLS authorisation granted on {authorised} is recorded as lasting until {expires}, more than 12 months. A DoLS authorisation lasts 12 months at most (Mental Capacity Act 2005, Schedule A1, para 51)."
            ),
            "Check liberty.expires_on against the authorisation, and ask the supervisory body for a new one before it ends.",
        );
    }
}

/// The first anniversary of a date (28 February for 29 February).
fn one_year_after(date: Date) -> Date {
    date.0
        .checked_add_months(chrono::Months::new(12))
        .map_or(date.add_days(365), Date)
}

fn date_order(cx: &RuleContext, liberty: &Liberty, sink: &mut Sink) {
    if let (Some(considered), Some(applied)) = (liberty.considered_on, liberty.applied_on)
        && applied < considered
    {
        sink.report(
            Rule::DateOrder,
            &["liberty.applied_on"],
            format!("The liberty authorisation was applied for on {applied}, before it was considered on {considered}."),
            "Check liberty.considered_on and applied_on: the arrangements are considered before an application.",
        );
    }
    if let (Some(applied), Some(authorised)) = (liberty.applied_on, liberty.authorised_on)
        && authorised < applied
    {
        sink.report(
            Rule::DateOrder,
            &["liberty.authorised_on"],
            format!("The liberty authorisation is dated {authorised}, before it was applied for on {applied}."),
            "Check liberty.applied_on and authorised_on.",
        );
    }
    let events: Vec<(String, &str, Date)> = [
        (
            "liberty.considered_on",
            "The liberty consideration",
            liberty.considered_on,
        ),
        (
            "liberty.reconsidered_on",
            "The liberty reconsideration",
            liberty.reconsidered_on,
        ),
        (
            "liberty.requested_on",
            "The request to the council",
            liberty.requested_on,
        ),
        (
            "liberty.applied_on",
            "The liberty application",
            liberty.applied_on,
        ),
        (
            "liberty.authorised_on",
            "The liberty authorisation",
            liberty.authorised_on,
        ),
        (
            "liberty.outcome_on",
            "The liberty outcome",
            liberty.outcome_on,
        ),
        (
            "liberty.notified_on",
            "The notification to CQC",
            liberty.notified_on,
        ),
    ]
    .into_iter()
    .filter_map(|(path, what, date)| date.map(|d| (path.to_string(), what, d)))
    .collect();
    super::decision::report_future_events(cx, sink, &events);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_after_is_the_first_anniversary() {
        let d = |iso: &str| Date::parse_iso(iso).unwrap();
        assert_eq!(one_year_after(d("2026-05-20")), d("2027-05-20"));
        assert_eq!(one_year_after(d("2028-02-29")), d("2029-02-28"));
    }
}
