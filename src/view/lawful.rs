//! The parts of the view about the legal footing of a decision (SPEC section 4a): its basis in
//! words, the best-interests detail, the liberty authorisation and its state, and the
//! dashboard's counts of restrictions and authorisations.

use std::collections::BTreeSet;

use super::model::{BasisView, BestInterestsView, DateView, LawfulDashboard, LibertyView};
use super::redact::Redactor;
use crate::model::decision::Capacity;
use crate::model::lawful::{Basis, Deprivation, Liberty, PersonAgrees};
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

/// The state of a liberty authorisation on the as-of date: (key, words).
fn liberty_state(
    liberty: &Liberty,
    active: bool,
    as_of: Date,
    warning_days: u32,
) -> (&'static str, String) {
    match liberty.deprivation {
        None => {
            return (
                "not-recorded",
                "Not recorded whether there is a deprivation of liberty".into(),
            );
        }
        Some(Deprivation::No) => {
            return (
                "not-deprived",
                match liberty.considered_on {
                    Some(on) => {
                        format!("Not a deprivation of liberty (considered on {})", on.long())
                    }
                    None => "Not a deprivation of liberty".into(),
                },
            );
        }
        Some(_) => {}
    }
    if let (Some(_), Some(expires)) = (liberty.authorised_on, liberty.expires_on) {
        let days = as_of.days_until(expires);
        return if days < 0 && active {
            (
                "expired",
                format!("Authorisation expired on {}", expires.long()),
            )
        } else if days < 0 {
            ("ended", format!("Authorised until {}", expires.long()))
        } else if days <= i64::from(warning_days) {
            (
                "expiring",
                format!(
                    "Authorised until {}: renewal due ({})",
                    expires.long(),
                    match days {
                        0 => "expires today".to_string(),
                        1 => "expires tomorrow".to_string(),
                        d => format!("expires in {d} days"),
                    }
                ),
            )
        } else {
            ("authorised", format!("Authorised until {}", expires.long()))
        };
    }
    if liberty.authorised_on.is_some() {
        return ("authorised", "Authorised (no expiry date recorded)".into());
    }
    match liberty.applied_on {
        Some(applied) => (
            "pending",
            format!(
                "Applied for on {}: waiting for authorisation ({})",
                applied.long(),
                crate::diagnostics::plural(
                    applied.days_until(as_of).max(0) as usize,
                    "day",
                    "days"
                )
            ),
        ),
        None => ("not-applied", "Not yet applied for".into()),
    }
}

pub(super) fn liberty_view(
    d: &DecisionRecord,
    as_of: Date,
    warning_days: u32,
    r: &Redactor,
) -> Option<LibertyView> {
    let l = d.liberty.as_ref()?;
    let (state, state_label) = liberty_state(l, d.is_active(), as_of, warning_days);
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
        route: l.route.map(|x| x.as_str()),
        route_label: l.route.map(|x| x.label()),
        considered_on: l.considered_on.map(DateView::from),
        applied_on: l.applied_on.map(DateView::from),
        authorised_on: l.authorised_on.map(DateView::from),
        expires_on: l.expires_on.map(DateView::from),
        notified_on: l.notified_on.map(DateView::from),
        representative: l.representative.as_deref().map(|t| r.text(t)),
        state,
        state_label,
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
    warning_days: u32,
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
    let states: Vec<&str> = active
        .iter()
        .filter_map(|d| d.liberty.as_ref())
        .map(|l| liberty_state(l, true, as_of, warning_days).0)
        .collect();
    let count = |keys: &[&str]| states.iter().filter(|s| keys.contains(s)).count();
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
        liberty_warning_days: warning_days,
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

    #[test]
    fn liberty_states_in_words() {
        let as_of = date("2026-11-01");
        let authorised = |expires: &str| {
            liberty(&format!(
                "considered_on = 2026-04-12\ndeprivation = \"yes\"\nroute = \"dols\"\napplied_on = 2026-04-15\nauthorised_on = 2026-05-20\nexpires_on = {expires}\n"
            ))
        };
        assert_eq!(
            liberty_state(&authorised("2027-05-19"), true, as_of, 28),
            ("authorised", "Authorised until 19 May 2027".to_string())
        );
        assert_eq!(
            liberty_state(&authorised("2026-11-29"), true, as_of, 28).0,
            "expiring"
        );
        assert_eq!(
            liberty_state(&authorised("2026-11-30"), true, as_of, 28).0,
            "authorised"
        );
        assert_eq!(
            liberty_state(&authorised("2026-10-31"), true, as_of, 28),
            (
                "expired",
                "Authorisation expired on 31 October 2026".to_string()
            )
        );
        assert_eq!(
            liberty_state(&authorised("2026-10-31"), false, as_of, 28).0,
            "ended"
        );
        let pending = liberty("deprivation = \"possible\"\napplied_on = 2026-10-02\n");
        assert_eq!(
            liberty_state(&pending, true, as_of, 28),
            (
                "pending",
                "Applied for on 2 October 2026: waiting for authorisation (30 days)".to_string()
            )
        );
        assert_eq!(
            liberty_state(&liberty("deprivation = \"no\"\n"), true, as_of, 28).0,
            "not-deprived"
        );
        assert_eq!(
            liberty_state(&liberty("deprivation = \"yes\"\n"), true, as_of, 28).0,
            "not-applied"
        );
        assert_eq!(
            liberty_state(&liberty(""), true, as_of, 28).0,
            "not-recorded"
        );
    }
}
