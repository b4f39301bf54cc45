//! The parts of the view about the legal footing of a decision (SPEC section 4a): its basis in
//! words, the best-interests detail, the liberty authorisation and its state, and the
//! dashboard's counts of restrictions and authorisations.

use std::collections::BTreeSet;

use super::pack_json::{BasisView, BestInterestsView, DateView, LawfulDashboard, LibertyView};
use super::redact::Redactor;
use crate::model::decision::Capacity;
use crate::model::lawful::{Basis, Deprivation, Liberty, PersonAgrees};
use crate::model::liberty::{
    Expiry, LibertyOutcome, LibertyStage, LibertyState, PersonContent, test_2026_date,
};
use crate::model::oversight::{EscalationTiming, lacks_capacity_for_now, restrictive_for_now};
use crate::model::policy::Policy;
use crate::model::{Date, DecisionRecord};

pub(super) fn basis_view(d: &DecisionRecord, r: &Redactor) -> BasisView {
    let decision_maker = d
        .capacity
        .as_ref()
        .and_then(|c| c.decision_maker.as_deref())
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| r.text(t));
    BasisView {
        basis: d.decision.basis.map(Basis::as_str),
        basis_label: d
            .decision
            .basis
            .map(|b| basis_label(b, decision_maker.as_deref())),
        person_agrees: d.decision.person_agrees.map(PersonAgrees::as_str),
        person_agrees_label: d.decision.person_agrees.map(|p| match p {
            PersonAgrees::Yes => "The person agrees with the outcome",
            PersonAgrees::Partly => "The person agrees with the outcome in part",
            PersonAgrees::No => "The person does not agree with the outcome",
        }),
        authority: d.authority().map(|t| r.text(t)),
        commissioner_told_on: d.decision.commissioner_told_on.map(DateView::from),
        agreed_by_person: d.agreed_by_person(),
    }
}

fn basis_label(basis: Basis, decision_maker: Option<&str>) -> String {
    match basis {
        Basis::PersonAgreed => "Agreed with the person".to_string(),
        Basis::BestInterests => match decision_maker {
            Some(who) => format!("Best-interests decision by {}", as_object(who)),
            None => "Best-interests decision".to_string(),
        },
        Basis::CourtOrder => "A court order".to_string(),
        Basis::StatutoryPower => "A statutory power".to_string(),
        Basis::TenancyCondition => "A condition of the tenancy".to_string(),
        Basis::ServiceCannotProvide => "The service cannot provide this".to_string(),
        Basis::AttorneyOrDeputy => "A decision of the person's attorney or deputy".to_string(),
    }
}

/// A role written as a record heads it ("Registered manager") as it reads after "by": "the
/// registered manager". Anything that is not a known role (a name, an initial, "NR's daughter")
/// is left as written.
fn as_object(who: &str) -> String {
    const ROLES: &[&str] = &[
        "registered",
        "deputy",
        "service",
        "team",
        "head",
        "care",
        "support",
        "senior",
        "key",
        "social",
        "area",
        "operations",
        "clinical",
        "council",
        "community",
        "night",
    ];
    let first = who.split_whitespace().next().unwrap_or("");
    if ROLES.contains(&first.to_lowercase().as_str())
        && first.chars().skip(1).all(char::is_lowercase)
    {
        let mut chars = who.chars();
        let head: String = chars
            .next()
            .map(|c| c.to_lowercase().collect())
            .unwrap_or_default();
        format!("the {head}{}", chars.as_str())
    } else {
        who.to_string()
    }
}

pub(super) fn best_interests_view(c: &Capacity, r: &Redactor) -> BestInterestsView {
    BestInterestsView {
        decision_maker: c.decision_maker.as_deref().map(|t| r.text(t)),
        consulted: c
            .consulted
            .iter()
            .filter(|t| !t.trim().is_empty())
            .map(|t| r.text(t.trim()))
            .collect(),
        wishes: c
            .wishes
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .map(|t| r.markdown(t)),
        advocate: c.advocate.as_deref().map(|t| r.text(t)),
    }
}

/// The state of a liberty authorisation on the as-of date in words (its key is
/// [`LibertyState::key`]).
fn state_label(liberty: &Liberty, state: &LibertyState) -> String {
    let on = |d: Option<Date>| d.map_or(String::new(), |d| format!(" on {}", d.long()));
    match state.stage {
        LibertyStage::NotRecorded => {
            "Not recorded whether there is a deprivation of liberty".into()
        }
        LibertyStage::NotDeprived => match liberty.reconsidered_on.or(liberty.considered_on) {
            Some(when) => format!(
                "Not a deprivation of liberty (considered on {})",
                when.long()
            ),
            None => "Not a deprivation of liberty".into(),
        },
        LibertyStage::NotApplied => "Not yet applied for".into(),
        LibertyStage::Pending {
            since,
            days_waiting,
        } => match since {
            Some(since) => format!(
                "{} {}: waiting for authorisation ({})",
                if liberty.applied_on.is_some() {
                    "Applied for on"
                } else {
                    "Council asked to apply on"
                },
                since.long(),
                crate::diagnostics::plural(days_waiting as usize, "day", "days")
            ),
            None => "Waiting for authorisation".into(),
        },
        LibertyStage::Authorised(expiry) => match expiry {
            Expiry::NotRecorded => "Authorised (no expiry date recorded)".into(),
            Expiry::InForce { expires, .. } | Expiry::Ended { expires } => {
                format!("Authorised until {}", expires.long())
            }
            Expiry::Expired { expires, .. } => {
                format!("Authorisation expired on {}", expires.long())
            }
            Expiry::Expiring { expires, days } => format!(
                "Authorised until {}: renewal due ({})",
                expires.long(),
                match days {
                    0 => "expires today".to_string(),
                    1 => "expires tomorrow".to_string(),
                    d => format!("expires in {d} days"),
                }
            ),
        },
        LibertyStage::Refused => format!("Authorisation refused{}", on(state.outcome_on)),
        LibertyStage::Withdrawn => format!("Application withdrawn{}", on(state.outcome_on)),
    }
}

pub(super) fn liberty_view(
    d: &DecisionRecord,
    as_of: Date,
    policy: &Policy,
    r: &Redactor,
) -> Option<LibertyView> {
    let l = d.liberty.as_ref()?;
    let state = LibertyState::of(l, d.is_active(), as_of, policy);
    Some(LibertyView {
        deprivation: l.deprivation.map(Deprivation::as_str),
        deprivation_label: match l.deprivation {
            Some(Deprivation::Yes) => "The arrangements deprive the person of their liberty",
            Some(Deprivation::Possible) => {
                "The arrangements may deprive the person of their liberty"
            }
            Some(Deprivation::No) => "The arrangements do not deprive the person of their liberty",
            None => "Not recorded",
        },
        reasons: l
            .reasons
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .map(|t| r.markdown(t)),
        person_content: l.person_content.map(PersonContent::as_str),
        person_content_label: l.person_content.map(PersonContent::label),
        route: l.route.map(|x| x.as_str()),
        route_label: l.route.map(|x| x.label()),
        considered_on: l.considered_on.map(DateView::from),
        considered_before_2026_test: l.considered_on.is_some_and(|c| c < test_2026_date()),
        reconsidered_on: l.reconsidered_on.map(DateView::from),
        requested_on: l.requested_on.map(DateView::from),
        applied_on: l.applied_on.map(DateView::from),
        outcome: state.outcome.map(LibertyOutcome::as_str),
        outcome_label: state.outcome.map(LibertyOutcome::label),
        outcome_on: state.outcome_on.map(DateView::from),
        authorised_on: l.authorised_on.map(DateView::from),
        expires_on: l.expires_on.map(DateView::from),
        notified_on: l.notified_on.map(DateView::from),
        notification_due: state.outcome.is_some_and(LibertyOutcome::is_notifiable),
        representative: l.representative.as_deref().map(|t| r.text(t)),
        days_without_authorisation: state.days_without_authorisation,
        state: state.key(),
        state_label: state_label(l, &state),
    })
}

/// Whether the record's escalation was signed off by someone who took no part in the decision
/// (SPEC 4a "independent oversight"); false without an escalation.
pub(super) fn independent(d: &DecisionRecord) -> bool {
    d.escalation.is_some() && d.oversight_is_independent()
}

pub(super) fn dashboard(
    decisions: &[&DecisionRecord],
    as_of: Date,
    policy: &Policy,
) -> LawfulDashboard {
    let active: Vec<&&DecisionRecord> = decisions.iter().filter(|d| d.is_active()).collect();
    let restrictive: Vec<&&&DecisionRecord> =
        active.iter().filter(|d| d.is_restrictive()).collect();
    // Only agreement as SPEC 4b derives it: a "yes" from a person who does not lack capacity,
    // never the label person-agreed.
    let agreed = restrictive.iter().filter(|d| d.agreed_by_person()).count();
    let lacking: BTreeSet<&str> = decisions
        .iter()
        .filter(|d| d.lacks_capacity())
        .map(|d| d.person.trim())
        .collect();
    let states: Vec<LibertyState> = active
        .iter()
        .filter_map(|d| d.liberty_state(as_of, policy))
        .collect();
    let count = |keys: &[&str]| states.iter().filter(|s| keys.contains(&s.key())).count();
    let timings: Vec<EscalationTiming> = decisions
        .iter()
        .filter_map(|d| d.escalation_timing())
        .collect();
    let before = timings
        .iter()
        .filter(|t| **t == EscalationTiming::Before)
        .count();
    let need_advocate: Vec<&&&DecisionRecord> = active
        .iter()
        .filter(|d| restrictive_for_now(d) && lacks_capacity_for_now(d))
        .collect();
    let with_advocate = need_advocate
        .iter()
        .filter(|d| {
            d.capacity
                .as_ref()
                .is_some_and(|c| !crate::text::is_blank(c.advocate.as_deref()))
        })
        .count();
    LawfulDashboard {
        restrictions_in_place: restrictive.len(),
        restrictions: restrictive.len(),
        restrictions_agreed: agreed,
        restrictions_agreed_percent: super::dashboard::percent(agreed, restrictive.len()),
        people_lacking_capacity: lacking.len(),
        liberty_authorised: count(&["authorised", "expiring"]),
        liberty_pending: count(&["pending"]),
        liberty_expiring: count(&["expiring"]),
        liberty_expired: count(&["expired"]),
        liberty_warning_days: policy.liberty_warning_days(),
        escalations_dated: timings.len(),
        escalated_before_decision: before,
        escalated_before_decision_percent: percent(before, timings.len()),
        liberty_days_without_authorisation: states
            .iter()
            .filter_map(|s| s.days_without_authorisation)
            .map(|d| d.max(0) as u64)
            .sum(),
        advocate_needed: need_advocate.len(),
        advocate_instructed: with_advocate,
        advocate_percent: percent(with_advocate, need_advocate.len()),
    }
}

fn percent(part: usize, whole: usize) -> u32 {
    if whole == 0 {
        0
    } else {
        ((part as f64 * 100.0 / whole as f64).round()) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_read_as_objects_and_names_stay_as_written() {
        assert_eq!(as_object("Registered manager"), "the registered manager");
        assert_eq!(as_object("Head of Quality"), "the head of Quality");
        assert_eq!(as_object("NR's daughter"), "NR's daughter");
        assert_eq!(as_object("Dr Okafor"), "Dr Okafor");
        assert_eq!(as_object("REGISTERED MANAGER"), "REGISTERED MANAGER");
    }

    fn liberty(text: &str) -> Liberty {
        toml::from_str(text).expect("a [liberty] table")
    }

    fn date(iso: &str) -> Date {
        Date::parse_iso(iso).unwrap()
    }

    fn words(text: &str, active: bool) -> (&'static str, String) {
        let l = liberty(text);
        let state = LibertyState::of(&l, active, date("2026-11-01"), &Policy::default());
        (state.key(), state_label(&l, &state))
    }

    #[test]
    fn liberty_states_in_words() {
        let authorised = |expires: &str| {
            format!(
                "considered_on = 2026-04-12\ndeprivation = \"yes\"\nroute = \"dols\"\napplied_on = 2026-04-15\nauthorised_on = 2026-05-20\nexpires_on = {expires}\n"
            )
        };
        assert_eq!(
            words(&authorised("2027-05-19"), true),
            ("authorised", "Authorised until 19 May 2027".to_string())
        );
        assert_eq!(
            words(&authorised("2026-11-29"), true),
            (
                "expiring",
                "Authorised until 29 November 2026: renewal due (expires in 28 days)".to_string()
            )
        );
        assert_eq!(
            words(&authorised("2026-10-31"), true),
            (
                "expired",
                "Authorisation expired on 31 October 2026".to_string()
            )
        );
        assert_eq!(words(&authorised("2026-10-31"), false).0, "ended");
        assert_eq!(
            words(
                "deprivation = \"possible\"\napplied_on = 2026-10-02\n",
                true
            ),
            (
                "pending",
                "Applied for on 2 October 2026: waiting for authorisation (30 days)".to_string()
            )
        );
        assert_eq!(
            words(
                "deprivation = \"yes\"\nroute = \"court-of-protection\"\nrequested_on = 2026-10-02\n",
                true
            )
            .1,
            "Council asked to apply on 2 October 2026: waiting for authorisation (30 days)"
        );
        assert_eq!(
            words(
                "deprivation = \"no\"\nconsidered_on = 2026-04-12\nreconsidered_on = 2026-06-20\napplied_on = 2026-04-15\noutcome = \"withdrawn\"\noutcome_on = 2026-06-21\n",
                true
            ),
            (
                "not-deprived",
                "Not a deprivation of liberty (considered on 20 June 2026)".to_string()
            )
        );
        assert_eq!(
            words(
                "deprivation = \"yes\"\napplied_on = 2026-04-15\noutcome = \"refused\"\noutcome_on = 2026-06-21\n",
                true
            ),
            (
                "refused",
                "Authorisation refused on 21 June 2026".to_string()
            )
        );
        assert_eq!(words("deprivation = \"yes\"\n", true).0, "not-applied");
        assert_eq!(words("", true).0, "not-recorded");
    }
}
