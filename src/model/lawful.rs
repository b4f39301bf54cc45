//! The legal footing of a decision (SPEC section 4a): the basis of a restriction, the person's
//! agreement, and whether the arrangements deprive a person who lacks capacity of their liberty.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::date::Date;
use super::decision::DecisionRecord;
use super::liberty::{LibertyOutcome, PersonContent};

/// Who signed off an escalation that is not independent oversight (SPEC 4a): someone who also made
/// the decision, or who assessed the person's capacity for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OversightOverlap {
    Involved,
    CapacityAssessor,
}

impl DecisionRecord {
    /// SPEC 4a "independent oversight": the one who signs off did not also make the decision.
    pub fn oversight_is_independent(&self) -> bool {
        self.oversight_overlap().is_none()
    }

    /// How the escalation's `signed_off_by` repeats an entry of `decision.involved` or
    /// `capacity.assessed_by` (compared without case or surrounding spaces), if it does.
    pub fn oversight_overlap(&self) -> Option<OversightOverlap> {
        let signed = self.escalation.as_ref()?.signed_off_by.as_deref()?.trim();
        if signed.is_empty() {
            return None;
        }
        let same = |who: &str| super::oversight::same_person(who, signed);
        if self.decision.involved.iter().any(|w| same(w)) {
            return Some(OversightOverlap::Involved);
        }
        if self
            .capacity
            .as_ref()
            .and_then(|c| c.assessed_by.as_deref())
            .is_some_and(same)
        {
            return Some(OversightOverlap::CapacityAssessor);
        }
        None
    }
}

/// What allows the provider to limit the choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    /// The person agreed to the limit.
    PersonAgreed,
    /// A best-interests decision for a person who lacks capacity for it (MCA 2005 s4).
    BestInterests,
    /// A court order (for example of the Court of Protection).
    CourtOrder,
    /// A power given by an Act (for example the Mental Health Act 1983).
    StatutoryPower,
    /// A condition of the person's tenancy.
    TenancyCondition,
    /// The service cannot provide what the person asks for. This limits the service, not the
    /// person: it is not a legal basis for restricting anyone.
    ServiceCannotProvide,
    /// A health-and-welfare attorney or a deputy decided, within their power (MCA 2005 s9, s16).
    AttorneyOrDeputy,
}

impl Basis {
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::PersonAgreed => "person-agreed",
            Basis::BestInterests => "best-interests",
            Basis::CourtOrder => "court-order",
            Basis::StatutoryPower => "statutory-power",
            Basis::TenancyCondition => "tenancy-condition",
            Basis::ServiceCannotProvide => "service-cannot-provide",
            Basis::AttorneyOrDeputy => "attorney-or-deputy",
        }
    }
}

/// Whether the person agrees with the outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PersonAgrees {
    Yes,
    Partly,
    No,
}

impl PersonAgrees {
    pub fn as_str(self) -> &'static str {
        match self {
            PersonAgrees::Yes => "yes",
            PersonAgrees::Partly => "partly",
            PersonAgrees::No => "no",
        }
    }
}

/// Whether the arrangements amount to a deprivation of liberty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Deprivation {
    Yes,
    No,
    Possible,
}

impl Deprivation {
    pub fn as_str(self) -> &'static str {
        match self {
            Deprivation::Yes => "yes",
            Deprivation::No => "no",
            Deprivation::Possible => "possible",
        }
    }
}

/// Who authorises a deprivation of liberty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum LibertyRoute {
    /// The Deprivation of Liberty Safeguards: care homes and hospitals.
    Dols,
    /// The Court of Protection: supported living and people's own homes.
    CourtOfProtection,
}

impl LibertyRoute {
    pub fn as_str(self) -> &'static str {
        match self {
            LibertyRoute::Dols => "dols",
            LibertyRoute::CourtOfProtection => "court-of-protection",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            LibertyRoute::Dols => "Deprivation of Liberty Safeguards (DoLS)",
            LibertyRoute::CourtOfProtection => "Court of Protection",
        }
    }
}

/// Whether the arrangements deprive a person who lacks capacity of their liberty, and the
/// authorisation. Every field is optional to read; rule liberty-incomplete says which are needed.
/// Since [2026] UKSC 16 (2 June 2026) this is a judgement on several factors together (SPEC 4b).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Liberty {
    /// When the arrangements were considered.
    #[serde(default)]
    pub considered_on: Option<Date>,
    /// Do the arrangements deprive the person of their liberty: yes, no or possible. Weigh the
    /// type, duration, effects and manner of the restrictions, their purpose, and how normal they
    /// are for a person of that age and situation ([2026] UKSC 16).
    #[serde(default)]
    pub deprivation: Option<Deprivation>,
    /// Why the arrangements are or are not a deprivation of liberty, weighing their type,
    /// duration, effects, manner, purpose and normality, and whether the person consents by
    /// words or behaviour ([2026] UKSC 16) (Markdown).
    #[serde(default)]
    pub reasons: Option<String>,
    /// Does the person show, by what they say or by their behaviour, that they are content with
    /// the arrangements: yes, no or mixed ([2026] UKSC 16: a person who lacks capacity can still
    /// consent to them).
    #[serde(default)]
    pub person_content: Option<PersonContent>,
    /// When arrangements first considered before 2 June 2026 were considered again under the
    /// test of [2026] UKSC 16.
    #[serde(default)]
    pub reconsidered_on: Option<Date>,
    /// dols (a care home or hospital) or court-of-protection (anywhere else, for example
    /// supported living: Mental Capacity Act 2005 s16 and Schedule A1); needed when deprivation
    /// is yes or possible.
    #[serde(default)]
    pub route: Option<LibertyRoute>,
    /// Court of Protection route: when the provider asked the council to apply to the court.
    #[serde(default)]
    pub requested_on: Option<Date>,
    /// When the authorisation was applied for; needed when deprivation is yes or possible.
    #[serde(default)]
    pub applied_on: Option<Date>,
    /// What became of the application: pending, authorised, refused or withdrawn (default
    /// pending once applied_on is set; authorised when authorised_on is set).
    #[serde(default)]
    pub outcome: Option<LibertyOutcome>,
    /// When the outcome came (default: authorised_on).
    #[serde(default)]
    pub outcome_on: Option<Date>,
    /// When the authorisation was granted.
    #[serde(default)]
    pub authorised_on: Option<Date>,
    /// When the authorisation ends; needed once authorised (a DoLS authorisation lasts 12 months
    /// at most: Mental Capacity Act 2005 Schedule A1 para 51).
    #[serde(default)]
    pub expires_on: Option<Date>,
    /// When CQC was told of the application's outcome: granted, refused or withdrawn, never
    /// while it is pending (Care Quality Commission (Registration) Regulations 2009 reg 18(4A)-(4B)).
    #[serde(default)]
    pub notified_on: Option<Date>,
    /// The relevant person's representative, for example "Daughter".
    #[serde(default)]
    pub representative: Option<String>,
}
