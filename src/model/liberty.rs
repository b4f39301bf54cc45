//! Liberty as the law stands in December 2026 (SPEC section 4b): the outcome of an application,
//! whether the person shows they are content with the arrangements, and the one derived
//! [`LibertyState`] that `check`, `reviews`, the pack and the tender figures all read.
//!
//! Whether arrangements deprive a person of liberty is, since [2026] UKSC 16 (2 June 2026), a
//! judgement on several factors together: the type, duration, effects and manner of the
//! restrictions, their purpose, and how normal they are for a person of that age and situation. A
//! person who lacks capacity can still consent to arrangements, by words or by behaviour.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::date::Date;
use super::decision::DecisionRecord;
use super::lawful::{Deprivation, Liberty, LibertyRoute};
use super::policy::Policy;

/// An application for a liberty authorisation waiting longer than this is chased.
pub const LIBERTY_PENDING_DAYS: i64 = 90;

/// The day the Supreme Court gave judgment in [2026] UKSC 16 (2 June 2026): arrangements first
/// considered before it are considered again under the new test.
pub fn test_2026_date() -> Date {
    Date::from_ymd(2026, 6, 2).expect("2 June 2026 is a date")
}

/// What became of an application for a liberty authorisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum LibertyOutcome {
    /// Applied for (or asked of the council), and no answer yet.
    Pending,
    /// The supervisory body (DoLS) or the Court of Protection authorised the deprivation.
    Authorised,
    /// The supervisory body or the court refused to authorise it.
    Refused,
    /// The application was withdrawn, for example after a fresh consideration under the 2026 test
    /// found no deprivation of liberty.
    Withdrawn,
}

impl LibertyOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            LibertyOutcome::Pending => "pending",
            LibertyOutcome::Authorised => "authorised",
            LibertyOutcome::Refused => "refused",
            LibertyOutcome::Withdrawn => "withdrawn",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            LibertyOutcome::Pending => "Waiting for a decision",
            LibertyOutcome::Authorised => "Authorised",
            LibertyOutcome::Refused => "Refused",
            LibertyOutcome::Withdrawn => "Withdrawn",
        }
    }

    /// An outcome CQC must be told of (reg 18(4A)-(4B)): granted, refused or withdrawn.
    pub fn is_notifiable(self) -> bool {
        !matches!(self, LibertyOutcome::Pending)
    }
}

/// Does the person show, by what they say or by their behaviour, that they are content with the
/// arrangements ([2026] UKSC 16)?
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PersonContent {
    Yes,
    No,
    Mixed,
}

impl PersonContent {
    pub fn as_str(self) -> &'static str {
        match self {
            PersonContent::Yes => "yes",
            PersonContent::No => "no",
            PersonContent::Mixed => "mixed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PersonContent::Yes => "The person shows they are content with the arrangements",
            PersonContent::No => "The person shows they are not content with the arrangements",
            PersonContent::Mixed => "The person is content with some of the arrangements, not all",
        }
    }
}

impl Liberty {
    /// Deprivation yes or possible: an authorisation is needed.
    pub fn needs_authorisation(&self) -> bool {
        matches!(
            self.deprivation,
            Some(Deprivation::Yes | Deprivation::Possible)
        )
    }

    /// The outcome of SPEC 4b: `outcome` when given; else authorised when `authorised_on` is set,
    /// else pending once `applied_on` or `requested_on` is set; else none (nothing applied for).
    pub fn derived_outcome(&self) -> Option<LibertyOutcome> {
        self.outcome.or(if self.authorised_on.is_some() {
            Some(LibertyOutcome::Authorised)
        } else if self.applied_on.is_some() || self.requested_on.is_some() {
            Some(LibertyOutcome::Pending)
        } else {
            None
        })
    }

    /// When the outcome came: `outcome_on`, else `authorised_on`.
    pub fn derived_outcome_on(&self) -> Option<Date> {
        self.outcome_on.or(self.authorised_on)
    }

    /// When the application was made, as `liberty-application-late` counts it: `requested_on`
    /// (on the Court of Protection route the council applies) else `applied_on`.
    pub fn application_date(&self) -> Option<Date> {
        self.requested_on.or(self.applied_on)
    }

    /// The outcome contradicts the dates (SPEC 4b): authorised without `authorised_on`, or
    /// `authorised_on` with another outcome.
    pub fn outcome_contradiction(&self) -> Option<LibertyOutcome> {
        match (self.outcome, self.authorised_on) {
            (Some(LibertyOutcome::Authorised), None) => Some(LibertyOutcome::Authorised),
            (Some(other), Some(_)) if other != LibertyOutcome::Authorised => Some(other),
            _ => None,
        }
    }

    /// Reconsidered under the 2026 test: `reconsidered_on` on or after 2 June 2026.
    pub fn reconsidered_under_2026_test(&self) -> bool {
        self.reconsidered_on.is_some_and(|d| d >= test_2026_date())
    }
}

/// How an authorisation stands against its expiry date on the as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry {
    /// Authorised, but no `expires_on` is recorded (`liberty-incomplete`).
    NotRecorded,
    /// In force, ending after the warning window.
    InForce { expires: Date, days: i64 },
    /// In force, ending within the warning window (`days` from as-of, 0 = today).
    Expiring { expires: Date, days: i64 },
    /// Ended before as-of on an active record (`days_ago` > 0).
    Expired { expires: Date, days_ago: i64 },
    /// Ended on a closed record: history, not a gap.
    Ended { expires: Date },
}

/// Where a `[liberty]` table stands on the as-of date: the one derived state every command reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LibertyStage {
    /// `deprivation` is not recorded.
    NotRecorded,
    /// The arrangements were found not to deprive the person of liberty.
    NotDeprived,
    /// Deprivation yes or possible, and nothing applied for.
    NotApplied,
    /// Waiting for the outcome since `since` (applied_on, else requested_on; none when
    /// `outcome = "pending"` is written without either).
    Pending {
        since: Option<Date>,
        days_waiting: i64,
    },
    /// Authorised; how it stands against its expiry.
    Authorised(Expiry),
    Refused,
    Withdrawn,
}

/// The derived liberty facts of a record on a date (SPEC 4b), computed once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LibertyState {
    pub stage: LibertyStage,
    /// The outcome as derived in 4b (none until something is applied for).
    pub outcome: Option<LibertyOutcome>,
    /// When the outcome came.
    pub outcome_on: Option<Date>,
    /// Days the person was (or is) deprived of liberty without an authorisation: from
    /// `considered_on` when deprivation is yes, to `authorised_on`, to `outcome_on` once refused or
    /// withdrawn, to as-of while pending or not applied for. None when deprivation is not yes.
    pub days_without_authorisation: Option<i64>,
    /// The warning window for the expiry: `[policy] court_warning_days` for the Court of
    /// Protection, `liberty_warning_days` otherwise.
    pub warning_days: u32,
}

impl LibertyState {
    /// The state of `liberty` on `as_of` for a record that is active (or not).
    pub fn of(liberty: &Liberty, active: bool, as_of: Date, policy: &Policy) -> LibertyState {
        let outcome = liberty.derived_outcome();
        let outcome_on = liberty.derived_outcome_on();
        let warning_days = match liberty.route {
            Some(LibertyRoute::CourtOfProtection) => policy.court_warning_days(),
            _ => policy.liberty_warning_days(),
        };
        let stage = match liberty.deprivation {
            None => LibertyStage::NotRecorded,
            Some(Deprivation::No) => LibertyStage::NotDeprived,
            Some(_) => match outcome {
                None => LibertyStage::NotApplied,
                Some(LibertyOutcome::Pending) => {
                    // `outcome = "pending"` may be written before any date is.
                    let since = liberty.applied_on.or(liberty.requested_on);
                    LibertyStage::Pending {
                        since,
                        days_waiting: since.map_or(0, |s| s.days_until(as_of).max(0)),
                    }
                }
                Some(LibertyOutcome::Authorised) => {
                    LibertyStage::Authorised(expiry(liberty, active, as_of, warning_days))
                }
                Some(LibertyOutcome::Refused) => LibertyStage::Refused,
                Some(LibertyOutcome::Withdrawn) => LibertyStage::Withdrawn,
            },
        };
        LibertyState {
            stage,
            outcome,
            outcome_on,
            days_without_authorisation: days_without_authorisation(liberty, outcome, as_of),
            warning_days,
        }
    }

    /// The key pack.json gives the state: not-recorded, not-deprived, not-applied, pending,
    /// authorised, expiring, expired, ended, refused or withdrawn.
    pub fn key(&self) -> &'static str {
        match self.stage {
            LibertyStage::NotRecorded => "not-recorded",
            LibertyStage::NotDeprived => "not-deprived",
            LibertyStage::NotApplied => "not-applied",
            LibertyStage::Pending { .. } => "pending",
            LibertyStage::Authorised(Expiry::NotRecorded | Expiry::InForce { .. }) => "authorised",
            LibertyStage::Authorised(Expiry::Expiring { .. }) => "expiring",
            LibertyStage::Authorised(Expiry::Expired { .. }) => "expired",
            LibertyStage::Authorised(Expiry::Ended { .. }) => "ended",
            LibertyStage::Refused => "refused",
            LibertyStage::Withdrawn => "withdrawn",
        }
    }

    /// Authorised and in force on the as-of date (expiring included).
    pub fn in_force(&self) -> bool {
        matches!(
            self.stage,
            LibertyStage::Authorised(
                Expiry::NotRecorded | Expiry::InForce { .. } | Expiry::Expiring { .. }
            )
        )
    }
}

fn expiry(liberty: &Liberty, active: bool, as_of: Date, warning_days: u32) -> Expiry {
    let Some(expires) = liberty.expires_on else {
        return Expiry::NotRecorded;
    };
    let days = as_of.days_until(expires);
    if days < 0 {
        if active {
            Expiry::Expired {
                expires,
                days_ago: -days,
            }
        } else {
            Expiry::Ended { expires }
        }
    } else if days <= i64::from(warning_days) {
        Expiry::Expiring { expires, days }
    } else {
        Expiry::InForce { expires, days }
    }
}

fn days_without_authorisation(
    liberty: &Liberty,
    outcome: Option<LibertyOutcome>,
    as_of: Date,
) -> Option<i64> {
    if liberty.deprivation != Some(Deprivation::Yes) {
        return None;
    }
    let from = liberty.considered_on?;
    let to = match outcome {
        Some(LibertyOutcome::Authorised) => liberty.authorised_on.unwrap_or(as_of),
        Some(LibertyOutcome::Refused | LibertyOutcome::Withdrawn) => {
            liberty.derived_outcome_on().unwrap_or(as_of)
        }
        Some(LibertyOutcome::Pending) | None => as_of,
    };
    Some(from.days_until(to.min(as_of)).max(0))
}

impl DecisionRecord {
    /// The record's liberty state on `as_of`, if it has a `[liberty]` table.
    pub fn liberty_state(&self, as_of: Date, policy: &Policy) -> Option<LibertyState> {
        self.liberty
            .as_ref()
            .map(|l| LibertyState::of(l, self.is_active(), as_of, policy))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn liberty(text: &str) -> Liberty {
        toml::from_str(text).unwrap_or_else(|e| panic!("{e}\n{text}"))
    }

    fn date(iso: &str) -> Date {
        Date::parse_iso(iso).unwrap()
    }

    fn state(text: &str, as_of: &str) -> LibertyState {
        LibertyState::of(&liberty(text), true, date(as_of), &Policy::default())
    }

    const APPLIED: &str = "considered_on = 2026-04-12\ndeprivation = \"yes\"\nroute = \"dols\"\napplied_on = 2026-04-15\n";

    #[test]
    fn the_outcome_is_derived_from_the_dates_unless_given() {
        assert_eq!(liberty("").derived_outcome(), None);
        assert_eq!(
            liberty("requested_on = 2026-06-14").derived_outcome(),
            Some(LibertyOutcome::Pending)
        );
        assert_eq!(
            liberty(APPLIED).derived_outcome(),
            Some(LibertyOutcome::Pending)
        );
        let authorised = format!("{APPLIED}authorised_on = 2026-05-20\n");
        assert_eq!(
            liberty(&authorised).derived_outcome(),
            Some(LibertyOutcome::Authorised)
        );
        assert_eq!(
            liberty(&authorised).derived_outcome_on(),
            Some(date("2026-05-20"))
        );
        let withdrawn = format!("{APPLIED}outcome = \"withdrawn\"\noutcome_on = 2026-07-01\n");
        assert_eq!(
            liberty(&withdrawn).derived_outcome(),
            Some(LibertyOutcome::Withdrawn)
        );
        assert_eq!(liberty(&withdrawn).outcome_contradiction(), None);
        assert_eq!(
            liberty(&format!("{APPLIED}outcome = \"authorised\"\n")).outcome_contradiction(),
            Some(LibertyOutcome::Authorised)
        );
        assert_eq!(
            liberty(&format!(
                "{APPLIED}outcome = \"refused\"\nauthorised_on = 2026-05-20\n"
            ))
            .outcome_contradiction(),
            Some(LibertyOutcome::Refused)
        );
    }

    #[test]
    fn an_expiry_date_without_an_authorisation_is_still_pending() {
        // The divergence of issue 20: an expires_on in the past and no authorised_on.
        let s = state(&format!("{APPLIED}expires_on = 2026-10-01\n"), "2026-11-01");
        assert_eq!(s.key(), "pending");
        assert_eq!(
            s.stage,
            LibertyStage::Pending {
                since: Some(date("2026-04-15")),
                days_waiting: 200
            }
        );
        assert_eq!(s.days_without_authorisation, Some(203));
    }

    #[test]
    fn expiry_warns_earlier_on_the_court_of_protection_route() {
        let authorised = |route: &str, expires: &str| {
            state(
                &format!(
                    "considered_on = 2026-04-12\ndeprivation = \"yes\"\nroute = \"{route}\"\napplied_on = 2026-04-15\nauthorised_on = 2026-05-20\nexpires_on = {expires}\n"
                ),
                "2026-11-01",
            )
        };
        assert_eq!(authorised("dols", "2026-11-29").key(), "expiring");
        assert_eq!(authorised("dols", "2026-11-30").key(), "authorised");
        assert_eq!(
            authorised("court-of-protection", "2027-01-30").key(),
            "expiring"
        );
        assert_eq!(
            authorised("court-of-protection", "2027-01-31").key(),
            "authorised"
        );
        assert_eq!(authorised("dols", "2026-10-31").key(), "expired");
        assert_eq!(
            authorised("dols", "2026-11-29").days_without_authorisation,
            Some(38)
        );
        let closed = LibertyState::of(
            &liberty(
                "deprivation = \"yes\"\nauthorised_on = 2026-05-20\nexpires_on = 2026-10-31\n",
            ),
            false,
            date("2026-11-01"),
            &Policy::default(),
        );
        assert_eq!(closed.key(), "ended");
        assert_eq!(closed.days_without_authorisation, None);
    }

    #[test]
    fn days_without_authorisation_end_with_the_outcome() {
        let refused = state(
            &format!("{APPLIED}outcome = \"refused\"\noutcome_on = 2026-05-12\n"),
            "2026-11-01",
        );
        assert_eq!(refused.key(), "refused");
        assert_eq!(refused.days_without_authorisation, Some(30));
        let not_applied = state(
            "considered_on = 2026-10-22\ndeprivation = \"yes\"\n",
            "2026-11-01",
        );
        assert_eq!(not_applied.key(), "not-applied");
        assert_eq!(not_applied.days_without_authorisation, Some(10));
        let possible = state(
            "considered_on = 2026-10-22\ndeprivation = \"possible\"\napplied_on = 2026-10-23\n",
            "2026-11-01",
        );
        assert_eq!(possible.key(), "pending");
        assert_eq!(possible.days_without_authorisation, None);
        assert_eq!(
            state("deprivation = \"no\"\n", "2026-11-01").key(),
            "not-deprived"
        );
        assert_eq!(state("", "2026-11-01").key(), "not-recorded");
    }

    #[test]
    fn reconsidered_only_on_or_after_the_judgment() {
        assert!(!liberty("reconsidered_on = 2026-06-01").reconsidered_under_2026_test());
        assert!(liberty("reconsidered_on = 2026-06-02").reconsidered_under_2026_test());
        assert!(!liberty("").reconsidered_under_2026_test());
    }
}
