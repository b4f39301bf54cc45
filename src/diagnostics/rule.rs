//! The rule registry: every rule as a variant of [`Rule`], with its name (as pack.toml's `[rules]`,
//! the findings and the README call it), its default level and when it fires. `check --help`, the
//! README's rule table and the tests are checked against this one list.

use serde::Serialize;

use super::Level;

macro_rules! rules {
    ($($variant:ident = $name:literal, $level:ident, $fires_when:literal;)*) => {
        /// A rule of SPEC section 7 (and section 10 for tenders).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule {
            $($variant,)*
        }

        impl Rule {
            /// Every rule, in the order of the SPEC's tables.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// The rule's name: `missing-rationale`.
            pub const fn name(self) -> &'static str {
                match self {
                    $(Rule::$variant => $name,)*
                }
            }

            /// The level the rule reports at unless pack.toml's `[rules]` changes it.
            pub const fn default_level(self) -> Level {
                match self {
                    $(Rule::$variant => Level::$level,)*
                }
            }

            /// When the rule fires, in a line (for `check --help`).
            pub const fn fires_when(self) -> &'static str {
                match self {
                    $(Rule::$variant => $fires_when,)*
                }
            }
        }
    };
}

rules! {
    InvalidRecord = "invalid-record", Error,
        "unreadable file, not UTF-8, TOML syntax error, missing required field, wrong type, unknown key";
    DuplicateId = "duplicate-id", Error,
        "two records or examples share an id";
    UnknownStatement = "unknown-statement", Error,
        "a statement id that no loaded framework defines";
    UnknownReference = "unknown-reference", Error,
        "an example's decisions names an id that does not exist";
    MissingRationale = "missing-rationale", Error,
        "decision.rationale is missing, blank, or under 15 words";
    MissingReviewPlan = "missing-review-plan", Error,
        "an active record has no review.every_days";
    NoReviewEvidence = "no-review-evidence", Error,
        "an active record has no [[reviews]] and its first review was due before the as-of date";
    ReviewOverdue = "review-overdue", Error,
        "an active record's next review was due before the as-of date";
    ReviewWithoutPerson = "review-without-person", Warning,
        "a review has no person_view";
    MissingPersonVoice = "missing-person-voice", Warning,
        "choice.in_their_words is missing or blank";
    PersonNotInvolved = "person-not-involved", Warning,
        "decision.involved does not include the record's person";
    MissingAlternatives = "missing-alternatives", Error,
        "no [[alternatives]] while the record is restrictive or the risk level is high";
    RestrictiveWithoutJustification = "restrictive-without-justification", Error,
        "a restrictive record (outcome limited or not-supported, [[restrictions]] listed, or a deprivation of liberty) without least_restrictive";
    LimitingCapacitousChoice = "limiting-capacitous-choice", Warning,
        "a restrictive record for a person with capacity for the decision, unless the person agrees, or a court order or statutory power named in decision.authority allows it (MCA 2005 s1(4))";
    CapacityNotRecorded = "capacity-not-recorded", Error,
        "no [capacity], an assessment without date or assessor, lacking capacity without a best-interests record, or fluctuating without for_this_decision";
    HighRiskNotEscalated = "high-risk-not-escalated", Error,
        "risk level high and no [escalation]";
    EscalationIncomplete = "escalation-incomplete", Error,
        "[escalation] without to, on, outcome or signed_off_by";
    SafeguardingNotConsidered = "safeguarding-not-considered", Error,
        "a risk of abuse or neglect (risks.abuse_or_neglect), a risk to other people we support or to children (risks.others), or an incident of abuse or neglect, serious harm or the police, with no safeguarding consideration and outcome (Care Act 2014 s42)";
    DateOrder = "date-order", Error,
        "dates out of order, or an event dated after the as-of date";
    PossibleIdentifier = "possible-identifier", Error,
        "rendered text contains an NHS number, postcode, phone number, e-mail address or a registered name";
    ExampleMissingOutcome = "example-missing-outcome", Error,
        "a practice example has no outcome";
    ExampleNoConsent = "example-no-consent", Error,
        "consent missing, withdrawn, expired, given without a date or without given_by, or not-required without a reason";
    ExampleOverWordLimit = "example-over-word-limit", Error,
        "an example's word count is above its limit";
    ExampleUnlinked = "example-unlinked", Warning,
        "an example with no decisions behind it";
    ExampleStale = "example-stale", Warning,
        "an example's last_reviewed is missing or more than 365 days old";
    CoverageGap = "coverage-gap", Error,
        "a required statement that no record or example evidences";
    InvalidFramework = "invalid-framework", Error,
        "a pack framework with the built-in framework's id, an id another framework file has, or a statement id used twice";
    UnsupportedCharacter = "unsupported-character", Warning,
        "rendered text holds a character that none of the PDF's fonts has (the PDF shows U+FFFD in its place)";
    SkippedFile = "skipped-file", Warning,
        "a hidden file, a link leaving the pack folder, a misnamed record file, or a folder in content/ other than decisions/ and examples/, was not read";
    RestrictionWithoutBasis = "restriction-without-basis", Error,
        "a restrictive record and no decision.basis, or service-cannot-provide as the basis of listed [[restrictions]]";
    BestInterestsWithoutIncapacity = "best-interests-without-incapacity", Error,
        "basis = \"best-interests\" while the person has capacity for the decision (MCA 2005 s4-s5)";
    BestInterestsIncomplete = "best-interests-incomplete", Error,
        "a person who lacks capacity for the decision, without decision_maker, consulted or wishes";
    LibertyNotConsidered = "liberty-not-considered", Error,
        "an active restrictive record about a person who lacks capacity for the decision, and no [liberty]";
    LibertyIncomplete = "liberty-incomplete", Error,
        "[liberty] without considered_on or deprivation; yes/possible without route or applied_on; authorised_on without expires_on";
    LibertyExpired = "liberty-expired", Error,
        "an active record whose liberty authorisation (outcome authorised) expired before the as-of date";
    LibertyExpiring = "liberty-expiring", Warning,
        "an active record's liberty authorisation expires within [policy] liberty_warning_days (default 28; court_warning_days, default 90, for the Court of Protection)";
    LibertyPending = "liberty-pending", Warning,
        "an application (applied_on, else requested_on) more than 90 days before the as-of date and the outcome still pending";
    EscalationNotIndependent = "escalation-not-independent", Warning,
        "the escalation's signed_off_by is the same person as one in decision.involved or capacity.assessed_by (brackets, case and punctuation aside)";
    RestrictiveNotEscalated = "restrictive-not-escalated", Warning,
        "a restrictive record and no [escalation]";
    SafeguardingWithoutPerson = "safeguarding-without-person", Warning,
        "a risk with abuse_or_neglect set and no safeguarding.person_wants (Making Safeguarding Personal)";
    IncidentNotReviewed = "incident-not-reviewed", Error,
        "an incident on an active record with no review within [policy] incident_review_days (default 7) after it";
    IncidentNotNotified = "incident-not-notified", Error,
        "an incident with serious harm, the police, a safeguarding referral or abuse (alleged or not; not self-neglect), and no notified_on (2009 Registration Regulations reg 18)";
    IncidentWithoutLearning = "incident-without-learning", Warning,
        "an incident with minor or serious harm and no learning";
    PlanActionOverdue = "plan-action-overdue", Warning,
        "an active record's [[plan]] item with due before the as-of date and no done_on";
    ExampleCompositeTraceable = "example-composite-traceable", Warning,
        "an example with consent not-required that cites decision records shown in full in the same pack";
    SampleRecord = "sample-record", Warning,
        "a record or example with sample = true (written by init)";
    PlaceholderText = "placeholder-text", Warning,
        "a text that still holds the placeholder words written by new, init or new tender, in drafts too";
    NoStatements = "no-statements", Warning,
        "a record or example with no statements: it evidences nothing in the coverage matrix";
    BasisContradictsRecord = "basis-contradicts-record", Error,
        "basis person-agreed while the person does not agree, or lacks capacity; attorney-or-deputy while the person does not lack capacity or no capacity.attorney is named";
    BasisUnspecified = "basis-unspecified", Error,
        "basis statutory-power, court-order, tenancy-condition or attorney-or-deputy without decision.authority";
    BasisNotAPower = "basis-not-a-power", Error,
        "statutory-power or court-order whose authority is a duty of care, health and safety or best interests, or (statutory-power) names no Act and year or section";
    ServiceLimitNotRaised = "service-limit-not-raised", Warning,
        "basis service-cannot-provide and no decision.commissioner_told_on (Care Act 2014 s27)";
    RestrictionUndeclared = "restriction-undeclared", Warning,
        "a record with no [[restrictions]] whose text mentions a restrictive practice (restrictive-phrases.toml, and [policy] restrictive_phrases)";
    RestrictionNeedsIncapacity = "restriction-needs-incapacity", Error,
        "covert medication for a person with capacity; restraint of a person with capacity who does not agree, with no statutory power or court order (MCA 2005 s5-s6)";
    CovertMedicationSafeguards = "covert-medication-safeguards", Error,
        "covert medication without a prescriber and a pharmacist consulted, an unpaid person consulted, or a review at least every [policy] covert_review_days (default 90)";
    AttorneyBypassed = "attorney-bypassed", Error,
        "a best-interests decision the person's attorney or deputy, whose power covers it, disagrees with or was not asked about, and no court application (MCA 2005 s6(6), s9, s16)";
    AdvanceDecisionNotFollowed = "advance-decision-not-followed", Error,
        "an advance decision not followed with no reason why it is not valid or applicable (MCA 2005 s25-s26)";
    AdvocacyNotConsidered = "advocacy-not-considered", Warning,
        "a restrictive record about a person who lacks capacity with no advocate and nobody unpaid consulted (MCA 2005 s37-s40; Care Act 2014 s67)";
    CapacityAssessmentStale = "capacity-assessment-stale", Warning,
        "capacity.assessed_on more than [policy] capacity_assessment_days (default 365) before the decision, or before the latest review of a restrictive record";
    ExampleConsentCapacity = "example-consent-capacity", Error,
        "an example's consent given by family, or by a person a cited record says lacks capacity, with no capacity_checked_on (MCA 2005 s2(1))";
    ExampleConsentScope = "example-consent-scope", Warning,
        "an example whose consent uses do not include the pack's audience";
    LibertyOutcomeNotNotified = "liberty-outcome-not-notified", Error,
        "a liberty application authorised, refused or withdrawn, and no liberty.notified_on on or after its outcome (2009 Registration Regulations reg 18(4A)-(4B))";
    LibertyReasonsMissing = "liberty-reasons-missing", Error,
        "[liberty] with deprivation no or possible and no reasons (a warning for yes) ([2026] UKSC 16)";
    LibertyReconsider = "liberty-reconsider", Warning,
        "an active record's deprivation yes or possible was considered before 2 June 2026 and not reconsidered since ([2026] UKSC 16)";
    LibertyObjection = "liberty-objection", Warning,
        "deprivation no while the person is not content (liberty.person_content) or does not agree (decision.person_agrees)";
    LibertyApplicationLate = "liberty-application-late", Warning,
        "deprivation yes and the application came more than [policy] liberty_application_days (default 7) after considered_on";
    LibertyRouteInvalid = "liberty-route-invalid", Error,
        "route dols for a service whose [services] setting is not a care home, nursing home or hospital, or a DoLS authorisation of more than 12 months";
    IncidentSafeguardingNotConsidered = "incident-safeguarding-not-considered", Error,
        "an incident of abuse or neglect, serious harm or the police with no safeguarding_referral, or \"none\" without safeguarding_reason";
    IncidentNotifiedLate = "incident-notified-late", Warning,
        "an incident's notified_on more than [policy] notification_days (default 2) after it (reg 18: without delay)";
    EscalationAfterDecision = "escalation-after-decision", Warning,
        "a high-risk or restrictive record escalated after the decision, unless urgent = true with a reason";
    AnswerOverLimit = "answer-over-limit", Error,
        "an answer's count is above its question's limit";
    AnswerMissing = "answer-missing", Error,
        "a tender question has no answer file";
    AnswerNotReady = "answer-not-ready", Warning,
        "an answer with status = \"draft\"";
    AnswerUnknownQuestion = "answer-unknown-question", Error,
        "an answer's question is not in the tender, or two answers name one question";
    UnknownFigure = "unknown-figure", Error,
        "{{...}} in an answer that is neither a figure nor {{example ID}} on a line of its own";
    AnswerUnknownReference = "answer-unknown-reference", Error,
        "an answer names an example or decision record that does not exist or is not in the pack";
    AnswerExampleConsent = "answer-example-consent", Error,
        "an example an answer uses has consent missing, withdrawn, unexplained, ending before the deadline, or uses that leave out tender";
    AnswerCriterionNotCovered = "answer-criterion-not-covered", Warning,
        "a question criterion that the answer's covers does not list";
    AnswerNamesProvider = "answer-names-provider", Error,
        "a name-blind tender's answer names the provider or a service";
    AnswerRefersElsewhere = "answer-refers-elsewhere", Warning,
        "an answer says \"see Q...\", \"see question\", \"as above\" or \"see our answer to\"";
    AnswerTypedFigure = "answer-typed-figure", Warning,
        "an answer has a percentage typed by hand rather than a figure";
}

/// The group a rule belongs to (SPEC section 7's tables), for the help and the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RuleGroup {
    /// The records themselves: readable, complete, reviewed, dated in order.
    Records,
    /// The law on choice, capacity, restriction, escalation and safeguarding.
    Law,
    /// Deprivation of liberty.
    Liberty,
    /// Incidents and their reviews and notifications.
    Incidents,
    /// Practice examples.
    Examples,
    /// Tender answers (SPEC section 10).
    Tenders,
    /// Identifiers in what is shown.
    Privacy,
}

impl RuleGroup {
    /// The group's heading in `check --help`.
    pub const fn title(self) -> &'static str {
        match self {
            RuleGroup::Records => "The records: readable, complete, reviewed, shown",
            RuleGroup::Law => "The law: choice, capacity, restrictions, escalation, safeguarding",
            RuleGroup::Liberty => "Deprivation of liberty",
            RuleGroup::Incidents => "Incidents: reviews, notifications, safeguarding",
            RuleGroup::Examples => "Practice examples",
            RuleGroup::Tenders => "Tender answers",
            RuleGroup::Privacy => "Privacy: identifiers in what is shown",
        }
    }

    pub const ALL: &'static [RuleGroup] = &[
        RuleGroup::Records,
        RuleGroup::Law,
        RuleGroup::Liberty,
        RuleGroup::Incidents,
        RuleGroup::Examples,
        RuleGroup::Tenders,
        RuleGroup::Privacy,
    ];

    /// The group's name: `records`.
    pub const fn name(self) -> &'static str {
        match self {
            RuleGroup::Records => "records",
            RuleGroup::Law => "law",
            RuleGroup::Liberty => "liberty",
            RuleGroup::Incidents => "incidents",
            RuleGroup::Examples => "examples",
            RuleGroup::Tenders => "tenders",
            RuleGroup::Privacy => "privacy",
        }
    }
}

impl Rule {
    /// The rule's group. Every rule is listed here: a new rule does not compile until it has one.
    pub const fn group(self) -> RuleGroup {
        match self {
            Rule::InvalidRecord
            | Rule::DuplicateId
            | Rule::UnknownStatement
            | Rule::UnknownReference
            | Rule::MissingRationale
            | Rule::MissingReviewPlan
            | Rule::NoReviewEvidence
            | Rule::ReviewOverdue
            | Rule::ReviewWithoutPerson
            | Rule::MissingPersonVoice
            | Rule::PersonNotInvolved
            | Rule::DateOrder
            | Rule::CoverageGap
            | Rule::InvalidFramework
            | Rule::SkippedFile
            | Rule::UnsupportedCharacter
            | Rule::PlanActionOverdue
            | Rule::SampleRecord
            | Rule::PlaceholderText
            | Rule::NoStatements => RuleGroup::Records,
            Rule::MissingAlternatives
            | Rule::RestrictiveWithoutJustification
            | Rule::LimitingCapacitousChoice
            | Rule::CapacityNotRecorded
            | Rule::HighRiskNotEscalated
            | Rule::EscalationIncomplete
            | Rule::SafeguardingNotConsidered
            | Rule::RestrictionWithoutBasis
            | Rule::BestInterestsWithoutIncapacity
            | Rule::BestInterestsIncomplete
            | Rule::EscalationNotIndependent
            | Rule::RestrictiveNotEscalated
            | Rule::SafeguardingWithoutPerson
            | Rule::BasisContradictsRecord
            | Rule::BasisUnspecified
            | Rule::BasisNotAPower
            | Rule::ServiceLimitNotRaised
            | Rule::RestrictionUndeclared
            | Rule::RestrictionNeedsIncapacity
            | Rule::CovertMedicationSafeguards
            | Rule::AttorneyBypassed
            | Rule::AdvanceDecisionNotFollowed
            | Rule::AdvocacyNotConsidered
            | Rule::CapacityAssessmentStale
            | Rule::EscalationAfterDecision => RuleGroup::Law,
            Rule::LibertyNotConsidered
            | Rule::LibertyIncomplete
            | Rule::LibertyExpired
            | Rule::LibertyExpiring
            | Rule::LibertyPending
            | Rule::LibertyOutcomeNotNotified
            | Rule::LibertyReasonsMissing
            | Rule::LibertyReconsider
            | Rule::LibertyObjection
            | Rule::LibertyApplicationLate
            | Rule::LibertyRouteInvalid => RuleGroup::Liberty,
            Rule::IncidentNotReviewed
            | Rule::IncidentNotNotified
            | Rule::IncidentWithoutLearning
            | Rule::IncidentSafeguardingNotConsidered
            | Rule::IncidentNotifiedLate => RuleGroup::Incidents,
            Rule::ExampleMissingOutcome
            | Rule::ExampleNoConsent
            | Rule::ExampleOverWordLimit
            | Rule::ExampleUnlinked
            | Rule::ExampleStale
            | Rule::ExampleCompositeTraceable
            | Rule::ExampleConsentCapacity
            | Rule::ExampleConsentScope => RuleGroup::Examples,
            Rule::AnswerOverLimit
            | Rule::AnswerMissing
            | Rule::AnswerNotReady
            | Rule::AnswerUnknownQuestion
            | Rule::UnknownFigure
            | Rule::AnswerUnknownReference
            | Rule::AnswerExampleConsent
            | Rule::AnswerCriterionNotCovered
            | Rule::AnswerNamesProvider
            | Rule::AnswerRefersElsewhere
            | Rule::AnswerTypedFigure => RuleGroup::Tenders,
            Rule::PossibleIdentifier => RuleGroup::Privacy,
        }
    }
}

impl Rule {
    /// The rule with this name, as written in pack.toml's `[rules]`.
    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|rule| rule.name() == name)
    }

    /// Every rule's name, for "did you mean" suggestions.
    pub fn names() -> impl Iterator<Item = &'static str> {
        Rule::ALL.iter().map(|rule| rule.name())
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// The rules as `check --help` lists them, with how to change their level.
pub fn rules_help() -> String {
    let mut text = String::from(
        "Example:\n  evidence-pack check --as-of 2026-11-01\n  evidence-pack check my-pack --format json\n\nRules, with their level unless pack.toml's [rules] table changes it (\"error\", \"warning\" or \"off\"):\n",
    );
    for &group in RuleGroup::ALL {
        text.push_str(&format!("\n {}:\n", group.title()));
        for rule in Rule::ALL.iter().filter(|r| r.group() == group) {
            text.push_str(&format!(
                "  {} ({})\n      {}\n",
                rule.name(),
                rule.default_level().as_str(),
                rule.fires_when()
            ));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_as_a_number_is_its_place_in_the_list() {
        // RuleLevels keeps each rule's level at index `rule as usize`.
        for (i, &rule) in Rule::ALL.iter().enumerate() {
            assert_eq!(rule as usize, i, "{}", rule.name());
        }
    }

    #[test]
    fn the_help_lists_every_rule_once_under_its_group() {
        let help = rules_help();
        for rule in Rule::ALL {
            let line = format!("  {} ({})\n", rule.name(), rule.default_level().as_str());
            assert_eq!(help.matches(&line).count(), 1, "{}", rule.name());
            let heading = help
                .find(rule.group().title())
                .expect("the group's heading");
            let at = help.find(&line).unwrap();
            let next = RuleGroup::ALL
                .iter()
                .filter_map(|g| help.find(g.title()))
                .filter(|&h| h > heading)
                .min()
                .unwrap_or(help.len());
            assert!(
                heading < at && at < next,
                "{} is not under its group",
                rule.name()
            );
        }
    }

    #[test]
    fn names_are_unique_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for &rule in Rule::ALL {
            assert!(seen.insert(rule.name()), "{} is listed twice", rule.name());
            assert_eq!(Rule::from_name(rule.name()), Some(rule));
        }
        assert_eq!(Rule::from_name("missing-rationle"), None);
    }

    #[test]
    fn every_group_has_a_rule() {
        for &group in RuleGroup::ALL {
            assert!(
                Rule::ALL.iter().any(|rule| rule.group() == group),
                "{} has no rule",
                group.name()
            );
        }
        assert_eq!(Rule::PossibleIdentifier.group(), RuleGroup::Privacy);
        assert_eq!(Rule::LibertyExpired.group(), RuleGroup::Liberty);
    }

    #[test]
    fn every_rule_says_when_it_fires() {
        for rule in Rule::ALL {
            assert!(!rule.fires_when().is_empty(), "{rule}");
            assert!(
                rule.name()
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{rule}"
            );
        }
    }
}
