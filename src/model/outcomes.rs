//! What happened after a decision and what changed for the person (SPEC section 4a): the kind of
//! abuse or neglect a risk is of, incidents, and outcomes under the Care Act's wellbeing areas.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::date::Date;

/// The kinds of abuse and neglect of the Care and support statutory guidance, para 14.17.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AbuseOrNeglect {
    PhysicalAbuse,
    DomesticAbuse,
    SexualAbuse,
    PsychologicalAbuse,
    FinancialAbuse,
    ModernSlavery,
    DiscriminatoryAbuse,
    OrganisationalAbuse,
    Neglect,
    SelfNeglect,
    /// Criminal and sexual exploitation, and "cuckooing".
    Exploitation,
}

impl AbuseOrNeglect {
    pub fn as_str(self) -> &'static str {
        match self {
            AbuseOrNeglect::PhysicalAbuse => "physical-abuse",
            AbuseOrNeglect::DomesticAbuse => "domestic-abuse",
            AbuseOrNeglect::SexualAbuse => "sexual-abuse",
            AbuseOrNeglect::PsychologicalAbuse => "psychological-abuse",
            AbuseOrNeglect::FinancialAbuse => "financial-abuse",
            AbuseOrNeglect::ModernSlavery => "modern-slavery",
            AbuseOrNeglect::DiscriminatoryAbuse => "discriminatory-abuse",
            AbuseOrNeglect::OrganisationalAbuse => "organisational-abuse",
            AbuseOrNeglect::Neglect => "neglect",
            AbuseOrNeglect::SelfNeglect => "self-neglect",
            AbuseOrNeglect::Exploitation => "exploitation",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AbuseOrNeglect::PhysicalAbuse => "Physical abuse",
            AbuseOrNeglect::DomesticAbuse => "Domestic abuse",
            AbuseOrNeglect::SexualAbuse => "Sexual abuse",
            AbuseOrNeglect::PsychologicalAbuse => "Psychological abuse",
            AbuseOrNeglect::FinancialAbuse => "Financial or material abuse",
            AbuseOrNeglect::ModernSlavery => "Modern slavery",
            AbuseOrNeglect::DiscriminatoryAbuse => "Discriminatory abuse",
            AbuseOrNeglect::OrganisationalAbuse => "Organisational abuse",
            AbuseOrNeglect::Neglect => "Neglect",
            AbuseOrNeglect::SelfNeglect => "Self-neglect",
            AbuseOrNeglect::Exploitation => "Exploitation",
        }
    }
}

/// How much harm an incident did.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Harm {
    None,
    Minor,
    Serious,
}

impl Harm {
    /// Most serious first, as the pack lists them.
    pub const ALL: [Harm; 3] = [Harm::Serious, Harm::Minor, Harm::None];

    pub fn as_str(self) -> &'static str {
        match self {
            Harm::None => "none",
            Harm::Minor => "minor",
            Harm::Serious => "serious",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Harm::None => "No harm",
            Harm::Minor => "Minor harm",
            Harm::Serious => "Serious harm",
        }
    }
}

/// Something that happened after the decision, good or bad.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Incident {
    /// When it happened.
    pub on: Date,
    /// What happened (Markdown).
    pub summary: String,
    /// none, minor or serious.
    pub harm: Harm,
    /// Whether the police were involved (default false).
    #[serde(default)]
    pub police: bool,
    /// The incident is, or is alleged to be, abuse or neglect: the same values as on a risk
    /// (Care and support statutory guidance para 14.17).
    #[serde(default)]
    pub abuse_or_neglect: Option<AbuseOrNeglect>,
    /// "none" or the council's safeguarding reference (Care Act 2014 s42).
    #[serde(default)]
    pub safeguarding_referral: Option<String>,
    /// Why no safeguarding referral was made, when safeguarding_referral = "none" (Markdown).
    #[serde(default)]
    pub safeguarding_reason: Option<String>,
    /// When CQC was notified: without delay (Care Quality Commission (Registration) Regulations
    /// 2009 reg 18).
    #[serde(default)]
    pub notified_on: Option<Date>,
    /// What was learnt and changed (Markdown).
    #[serde(default)]
    pub learning: Option<String>,
}

impl Incident {
    /// A referral was made: a reference other than "none".
    pub fn referred(&self) -> bool {
        self.safeguarding_referral
            .as_deref()
            .map(str::trim)
            .is_some_and(|r| !r.is_empty() && !r.eq_ignore_ascii_case("none"))
    }

    /// CQC must be notified: serious harm, police involvement, a safeguarding referral, or abuse
    /// or an allegation of abuse (reg 18(2), including (e), of the 2009 Registration Regulations;
    /// self-neglect alone is not abuse).
    pub fn needs_notification(&self) -> bool {
        self.harm == Harm::Serious || self.police || self.referred() || self.alleged_abuse()
    }

    /// Abuse or neglect by someone else, or an allegation of it: any kind but self-neglect.
    pub fn alleged_abuse(&self) -> bool {
        self.abuse_or_neglect
            .is_some_and(|k| k != AbuseOrNeglect::SelfNeglect)
    }

    /// The incident is a safeguarding matter to consider (SPEC 4b): abuse or neglect (alleged or
    /// not, self-neglect included), serious harm, or the police.
    pub fn needs_safeguarding(&self) -> bool {
        self.abuse_or_neglect.is_some() || self.harm == Harm::Serious || self.police
    }
}

/// The Care Act 2014 s1(2) areas of wellbeing.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Wellbeing {
    Dignity,
    Health,
    Protection,
    Control,
    Participation,
    SocialEconomic,
    Relationships,
    Accommodation,
    Contribution,
}

impl Wellbeing {
    /// In the order of the Act.
    pub const ALL: [Wellbeing; 9] = [
        Wellbeing::Dignity,
        Wellbeing::Health,
        Wellbeing::Protection,
        Wellbeing::Control,
        Wellbeing::Participation,
        Wellbeing::SocialEconomic,
        Wellbeing::Relationships,
        Wellbeing::Accommodation,
        Wellbeing::Contribution,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Wellbeing::Dignity => "dignity",
            Wellbeing::Health => "health",
            Wellbeing::Protection => "protection",
            Wellbeing::Control => "control",
            Wellbeing::Participation => "participation",
            Wellbeing::SocialEconomic => "social-economic",
            Wellbeing::Relationships => "relationships",
            Wellbeing::Accommodation => "accommodation",
            Wellbeing::Contribution => "contribution",
        }
    }

    /// The area in the words of the Care Act 2014 s1(2).
    pub fn label(self) -> &'static str {
        match self {
            Wellbeing::Dignity => "Personal dignity",
            Wellbeing::Health => "Physical and mental health and emotional wellbeing",
            Wellbeing::Protection => "Protection from abuse and neglect",
            Wellbeing::Control => "Control over day-to-day life",
            Wellbeing::Participation => "Work, education, training or recreation",
            Wellbeing::SocialEconomic => "Social and economic wellbeing",
            Wellbeing::Relationships => "Domestic, family and personal relationships",
            Wellbeing::Accommodation => "Suitability of living accommodation",
            Wellbeing::Contribution => "Contribution to society",
        }
    }
}

/// What changed for the person.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WellbeingOutcome {
    /// When it was seen.
    pub on: Date,
    /// The Care Act 2014 s1(2) area: dignity, health, protection, control, participation,
    /// social-economic, relationships, accommodation or contribution.
    pub wellbeing: Wellbeing,
    /// What changed (Markdown).
    pub summary: String,
}

/// The review that followed an incident (SPEC section 4a): the earliest review on or after the
/// incident's date, and whether it came later than `[policy] incident_review_days` after it.
#[derive(Debug, Clone, Copy)]
pub struct IncidentReview<'a> {
    pub review: &'a super::decision::Review,
    /// Days from the incident to the review.
    pub days_after: i64,
    pub late: bool,
}

pub fn incident_review<'a>(
    record: &'a super::DecisionRecord,
    incident: &Incident,
    review_days: u32,
) -> Option<IncidentReview<'a>> {
    let review = record
        .reviews
        .iter()
        .filter(|r| r.on >= incident.on)
        .min_by_key(|r| r.on)?;
    let days_after = incident.on.days_until(review.on);
    Some(IncidentReview {
        review,
        days_after,
        late: days_after > i64::from(review_days),
    })
}

/// Whether the review of an incident was in time, as of a date: `None` while it is not yet due
/// (fewer than `review_days` days have passed and no review has come).
pub fn reviewed_in_time(
    record: &super::DecisionRecord,
    incident: &Incident,
    review_days: u32,
    as_of: Date,
) -> Option<bool> {
    match incident_review(record, incident, review_days) {
        Some(r) if r.review.on <= as_of => Some(!r.late),
        _ if incident.on.days_until(as_of) > i64::from(review_days) => Some(false),
        _ => None,
    }
}
