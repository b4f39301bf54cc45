//! A co-produced decision record (SPEC section 4).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::date::Date;
use super::lawful::{Basis, Liberty, PersonAgrees};
use super::outcomes::{AbuseOrNeglect, Incident, WellbeingOutcome};
use super::restrictions::{AttorneyView, ForThisDecision, RecordSource, Restriction};

/// The longest review plan taken as meant: five years (a longer one is an `invalid-record` finding).
pub const MAX_EVERY_DAYS: u32 = 1826;

/// One specific choice made by one person, and how the provider supported or limited it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionRecord {
    /// Unique across the pack, for example "D-014".
    pub id: String,
    /// A short title in the person's terms, for example "Managing my own medication".
    pub title: String,
    /// Work in progress: `check` reports this file's gaps as warnings, and `build` leaves it out of
    /// the pack. Remove the line (or set it to false) when it is complete.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
    /// A sample written by `evidence-pack init` (rule sample-record): delete the sample once you
    /// have your own records.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sample: bool,
    /// Where `evidence-pack import` read this record from: file, sheet, row and the SHA-256 of
    /// the record as import wrote it. Written by import; leave it as it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<RecordSource>,
    /// A pseudonymous reference (initials or a code), never a real name.
    pub person: String,
    /// The service the person uses.
    #[serde(default)]
    pub service: Option<String>,
    /// active or closed (default active).
    #[serde(default)]
    pub status: Status,
    /// When the record was opened.
    pub opened: Date,
    /// When the record was closed; required when status is "closed".
    #[serde(default)]
    pub closed_on: Option<Date>,
    /// Framework statement ids, for example ["S4", "C3"]; "fw:ID" for another framework.
    #[serde(default)]
    pub statements: Vec<String>,
    /// Free tags, for example ["medication"].
    #[serde(default)]
    pub themes: Vec<String>,
    pub choice: Choice,
    /// At least one risk.
    #[serde(default)]
    pub risks: Vec<Risk>,
    #[serde(default)]
    pub capacity: Option<Capacity>,
    pub decision: Decision,
    /// Every restrictive practice in place, whatever the outcome's label: restraint, covert
    /// medication, locked doors, surveillance, money or items held, contact limited, routines or
    /// blanket rules (MCA 2005 s5-s6; Human Rights Act 1998, Article 5 and 8).
    #[serde(default)]
    pub restrictions: Vec<Restriction>,
    #[serde(default)]
    pub alternatives: Vec<Alternative>,
    /// The co-produced measures.
    #[serde(default)]
    pub plan: Vec<PlanAction>,
    #[serde(default)]
    pub safeguarding: Option<Safeguarding>,
    /// Who gave senior oversight.
    #[serde(default)]
    pub escalation: Option<Escalation>,
    /// Whether the arrangements deprive the person of their liberty, and the authorisation.
    #[serde(default)]
    pub liberty: Option<Liberty>,
    #[serde(default)]
    pub review: Option<ReviewPlan>,
    /// The review evidence.
    #[serde(default)]
    pub reviews: Vec<Review>,
    /// What happened after the decision, good or bad.
    #[serde(default)]
    pub incidents: Vec<Incident>,
    /// What changed for the person.
    #[serde(default)]
    pub outcomes: Vec<WellbeingOutcome>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    #[default]
    Active,
    Closed,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// What the person wants (Markdown).
    pub summary: String,
    /// The person's own words, quoted as they said them.
    #[serde(default)]
    pub in_their_words: Option<String>,
    /// What matters to the person (Markdown).
    #[serde(default)]
    pub what_matters: Option<String>,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Scale {
    Low,
    Medium,
    High,
}

impl Scale {
    pub fn as_str(self) -> &'static str {
        match self {
            Scale::Low => "low",
            Scale::Medium => "medium",
            Scale::High => "high",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RiskTo {
    #[serde(rename = "self")]
    OneSelf,
    Others,
    Both,
}

impl RiskTo {
    pub fn affects_others(self) -> bool {
        matches!(self, RiskTo::Others | RiskTo::Both)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RiskTo::OneSelf => "self",
            RiskTo::Others => "others",
            RiskTo::Both => "both",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Risk {
    pub description: String,
    /// self, others or both.
    pub to: RiskTo,
    pub likelihood: Scale,
    pub impact: Scale,
    /// Only when the risk is of abuse or neglect of the person (statutory guidance para 14.17).
    #[serde(default)]
    pub abuse_or_neglect: Option<AbuseOrNeglect>,
    /// For a risk to others or both, who: people-we-support, children, staff or public. A risk to
    /// other adults at risk or to children is a safeguarding matter (Care Act 2014 s42; Children
    /// Act 1989 s47); a risk to staff or the public is health and safety.
    #[serde(default)]
    pub others: Vec<OthersAtRisk>,
}

/// Who else a risk is to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum OthersAtRisk {
    /// Other people the service supports (adults who may be at risk).
    PeopleWeSupport,
    Children,
    Staff,
    Public,
}

impl OthersAtRisk {
    /// A risk to them is a safeguarding matter, not only health and safety.
    pub fn is_safeguarding(self) -> bool {
        matches!(self, OthersAtRisk::PeopleWeSupport | OthersAtRisk::Children)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            OthersAtRisk::PeopleWeSupport => "people-we-support",
            OthersAtRisk::Children => "children",
            OthersAtRisk::Staff => "staff",
            OthersAtRisk::Public => "public",
        }
    }
}

impl Risk {
    /// The risk level matrix of SPEC section 4.
    pub fn level(&self) -> Scale {
        risk_level(self.likelihood, self.impact)
    }
}

pub fn risk_level(likelihood: Scale, impact: Scale) -> Scale {
    use Scale::*;
    match (likelihood, impact) {
        (High, High) | (High, Medium) | (Medium, High) => High,
        (Low, Low) | (Low, Medium) | (Medium, Low) => Low,
        _ => Medium,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CapacityStatus {
    Presumed,
    AssessedHas,
    AssessedLacks,
    Fluctuating,
}

impl CapacityStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CapacityStatus::Presumed => "presumed",
            CapacityStatus::AssessedHas => "assessed-has",
            CapacityStatus::AssessedLacks => "assessed-lacks",
            CapacityStatus::Fluctuating => "fluctuating",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Capacity {
    /// presumed, assessed-has, assessed-lacks or fluctuating.
    pub status: CapacityStatus,
    #[serde(default)]
    pub assessed_on: Option<Date>,
    #[serde(default)]
    pub assessed_by: Option<String>,
    /// Required when the person lacks capacity for this decision (Markdown).
    #[serde(default)]
    pub best_interests: Option<String>,
    /// Who made the best-interests decision (MCA 2005 s4).
    #[serde(default)]
    pub decision_maker: Option<String>,
    /// Who was consulted about the person's best interests (s4(7)).
    #[serde(default)]
    pub consulted: Vec<String>,
    /// The person's past and present wishes and feelings (s4(6)) (Markdown).
    #[serde(default)]
    pub wishes: Option<String>,
    /// The independent advocate, where one was instructed (an IMCA, MCA 2005 s35-s41, or a
    /// Care Act 2014 s67 advocate).
    #[serde(default)]
    pub advocate: Option<String>,
    /// Required when status is "fluctuating": has or lacks. Does the person have capacity for this
    /// decision at the time it is made? Capacity is decision- and time-specific (MCA 2005 s2(1)).
    #[serde(default)]
    pub for_this_decision: Option<ForThisDecision>,
    /// A health-and-welfare attorney (lasting power of attorney, MCA 2005 s9) or a deputy appointed
    /// by the Court of Protection (s16), if the person has one: who, and the registration or order.
    #[serde(default)]
    pub attorney: Option<String>,
    /// agrees, disagrees or not-asked: what the attorney or deputy thinks of the decision (required
    /// when attorney is set).
    #[serde(default)]
    pub attorney_view: Option<AttorneyView>,
    /// Does the attorney's or deputy's power cover this decision? A property and financial affairs
    /// LPA does not cover care; life-sustaining treatment needs express authority (MCA 2005 s11(7)-(8)).
    #[serde(default)]
    pub attorney_covers: Option<bool>,
    /// When a dispute with the attorney or deputy, or about best interests, went to the Court of
    /// Protection (MCA 2005 s6(6)-(7), s15-s16).
    #[serde(default)]
    pub court_applied_on: Option<Date>,
    /// An advance decision to refuse treatment, if the person made one (MCA 2005 s24-s26) (Markdown).
    #[serde(default)]
    pub advance_decision: Option<String>,
    /// Required when advance_decision is set: is it followed? A valid and applicable advance
    /// decision has the effect of the person's own refusal (MCA 2005 s26).
    #[serde(default)]
    pub advance_decision_followed: Option<bool>,
    /// When the advance decision is not followed: why it is not valid or not applicable to this
    /// treatment (MCA 2005 s25) (Markdown).
    #[serde(default)]
    pub advance_decision_reason: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    Supported,
    SupportedWithConditions,
    Limited,
    NotSupported,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [
        Outcome::Supported,
        Outcome::SupportedWithConditions,
        Outcome::Limited,
        Outcome::NotSupported,
    ];

    /// `limited` and `not-supported` restrict the person's choice.
    pub fn is_restrictive(self) -> bool {
        matches!(self, Outcome::Limited | Outcome::NotSupported)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Supported => "supported",
            Outcome::SupportedWithConditions => "supported-with-conditions",
            Outcome::Limited => "limited",
            Outcome::NotSupported => "not-supported",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Outcome::Supported => "Supported",
            Outcome::SupportedWithConditions => "Supported with conditions",
            Outcome::Limited => "Limited",
            Outcome::NotSupported => "Not supported",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// supported, supported-with-conditions, limited or not-supported.
    pub outcome: Outcome,
    pub decided_on: Date,
    /// Who took part, the person first.
    #[serde(default)]
    pub involved: Vec<String>,
    /// Why the choice was supported or limited, and why that is proportionate (Markdown).
    #[serde(default)]
    pub rationale: Option<String>,
    /// Why this is the least restrictive option that meets the risk (Markdown).
    #[serde(default)]
    pub least_restrictive: Option<String>,
    /// What allows a restrictive outcome: person-agreed (the person, with capacity, agrees),
    /// best-interests (the person lacks capacity: MCA 2005 s4-s6), court-order, statutory-power,
    /// tenancy-condition, attorney-or-deputy (MCA 2005 s9, s16) or service-cannot-provide (the
    /// service cannot meet the need: not a legal basis for restricting anyone).
    #[serde(default)]
    pub basis: Option<Basis>,
    /// What the basis rests on: for statutory-power the Act and section (for example "Mental Health
    /// Act 1983 s7 (guardianship)"), for court-order the court, order and date, for
    /// tenancy-condition the clause, for attorney-or-deputy who, and the registration or order.
    /// A duty of care is not a power to restrict anyone.
    #[serde(default)]
    pub authority: Option<String>,
    /// For basis service-cannot-provide: when the commissioner was told of what the service cannot
    /// meet (Care Act 2014 s27, review of the care and support plan).
    #[serde(default)]
    pub commissioner_told_on: Option<Date>,
    /// Does the person agree with the outcome: yes, partly or no.
    #[serde(default)]
    pub person_agrees: Option<PersonAgrees>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Alternative {
    pub option: String,
    pub why_not: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanAction {
    pub action: String,
    pub owner: String,
    /// For a one-off action, when it should be done.
    #[serde(default)]
    pub due: Option<Date>,
    /// When it was done.
    #[serde(default)]
    pub done_on: Option<Date>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Safeguarding {
    #[serde(default)]
    pub considered: bool,
    /// (Markdown)
    #[serde(default)]
    pub outcome: Option<String>,
    /// "none" or a referral reference.
    #[serde(default)]
    pub referral: Option<String>,
    /// The outcome the person wants (Making Safeguarding Personal) (Markdown).
    #[serde(default)]
    pub person_wants: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Escalation {
    /// Who gave senior oversight, for example "Risk enablement panel".
    #[serde(default)]
    pub to: Option<String>,
    #[serde(default)]
    pub on: Option<Date>,
    #[serde(default)]
    pub outcome: Option<String>,
    #[serde(default)]
    pub signed_off_by: Option<String>,
    /// The decision could not wait for the panel, so oversight came after it (then give the reason).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub urgent: bool,
    /// Why the decision could not wait for oversight (Markdown).
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewPlan {
    /// How often the decision is reviewed, in days.
    #[serde(default)]
    pub every_days: Option<u32>,
    /// The first due date; default decided_on + every_days.
    #[serde(default)]
    pub next_due: Option<Date>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Review {
    pub on: Date,
    pub by: String,
    /// (Markdown)
    pub outcome: String,
    /// The person's own view of how it is going.
    #[serde(default)]
    pub person_view: Option<String>,
}

impl DecisionRecord {
    pub fn is_active(&self) -> bool {
        self.status == Status::Active
    }

    /// The highest level of the record's risks (low when it has none).
    pub fn risk_level(&self) -> Scale {
        self.risks
            .iter()
            .map(Risk::level)
            .max()
            .unwrap_or(Scale::Low)
    }

    pub fn risk_to_others(&self) -> bool {
        self.risks.iter().any(|r| r.to.affects_others())
    }

    /// Days between reviews; `every_days = 0` is no plan at all.
    pub fn every_days(&self) -> Option<u32> {
        self.review
            .as_ref()
            .and_then(|r| r.every_days)
            .filter(|&d| (1..=MAX_EVERY_DAYS).contains(&d))
    }

    /// The review with the latest date, if any.
    pub fn latest_review(&self) -> Option<&Review> {
        self.reviews.iter().max_by_key(|r| r.on)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Scale::*;

    #[test]
    fn risk_matrix_matches_the_spec() {
        let expected = [
            (Low, Low, Low),
            (Low, Medium, Low),
            (Low, High, Medium),
            (Medium, Low, Low),
            (Medium, Medium, Medium),
            (Medium, High, High),
            (High, Low, Medium),
            (High, Medium, High),
            (High, High, High),
        ];
        for (likelihood, impact, level) in expected {
            assert_eq!(
                risk_level(likelihood, impact),
                level,
                "{likelihood:?} x {impact:?}"
            );
        }
    }
}
