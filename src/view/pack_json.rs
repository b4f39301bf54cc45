//! The pack.json format: every type the pack shows, as serde writes it into `output/pack.json`
//! and as the HTML and PDF templates receive it. The JSON Schema (`evidence-pack schema
//! pack-json`) is generated from these types. `schema_version` changes when a field is removed or
//! changes meaning.

use schemars::JsonSchema;
use serde::Serialize;

pub use crate::markdown::Markdown;
use crate::model::Date;

pub const SCHEMA_VERSION: u32 = 1;

/// The whole of pack.json, and the view every renderer is given.
///
/// The record lists are type parameters so that pack.json can be written by serde from this one
/// definition while the lists are still being built (see [`super::build`]); everywhere else they
/// are the lists of views.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct PackView<Decisions = Vec<DecisionView>, Examples = Vec<ExampleView>> {
    /// Changes when a field is removed or changes meaning.
    pub schema_version: u32,
    /// `evidence-pack VERSION`.
    pub generator: String,
    pub pack: PackMeta,
    /// Null unless the pack was built with `--draft`.
    pub draft: Option<DraftView>,
    /// The sections in reading order.
    pub sections: Vec<SectionLink>,
    pub dashboard: Dashboard,
    /// The first page's sentences, shares and chart, and a tender pack's summary table.
    pub headline: Headline,
    /// One entry per framework used.
    pub coverage: Vec<CoverageFramework>,
    /// The decisions, restrictions and liberty registers (SPEC 9a); null in a tender pack, whose
    /// decisions register is `headline.tender`.
    pub registers: Option<super::registers::Registers>,
    /// Each record in the pack.
    pub decisions: Decisions,
    /// Each practice example in the pack.
    pub examples: Examples,
    /// The closing page's glossary of the terms the pack uses (SPEC 9a).
    pub glossary: Vec<GlossaryEntry>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct DateView {
    pub iso: String,
    pub text: String,
}

impl From<Date> for DateView {
    fn from(d: Date) -> Self {
        DateView {
            iso: d.iso(),
            text: d.long(),
        }
    }
}

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct PackMeta {
    pub title: String,
    pub provider: String,
    pub audience: &'static str,
    pub audience_label: &'static str,
    /// The cover's opening sentence, worded for the audience.
    pub intro: String,
    pub as_of: DateView,
    pub summary: Option<Markdown>,
    pub framework: String,
    pub language: &'static str,
    /// `[pack] location_id`, the CQC location id, or null.
    pub location_id: Option<String>,
    /// `[pack] signed_off_by`, or null.
    pub signed_off_by: Option<String>,
    /// `[pack] signed_off_on`, or null.
    pub signed_off_on: Option<DateView>,
    /// `[pack] logo`, or null.
    pub logo: Option<LogoView>,
}

/// The provider's logo on the cover: inline in the HTML pack, a file beside the PDF template.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct LogoView {
    /// "png" or "svg".
    pub format: &'static str,
    /// The name the PDF template reads it by: "logo.png" or "logo.svg".
    pub file: &'static str,
    /// The image as a `data:` URI, so that the HTML pack stays one file.
    pub data_uri: String,
    /// A PNG's width and height in pixels (null for an SVG).
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// The image itself, for the PDF renderer (not in pack.json).
    #[serde(skip)]
    #[schemars(skip)]
    pub bytes: Vec<u8>,
}

impl LogoView {
    pub fn new(logo: &crate::load::logo::Logo) -> LogoView {
        use crate::load::logo::LogoFormat;
        use base64::Engine as _;
        LogoView {
            format: logo.format.extension(),
            file: match logo.format {
                LogoFormat::Png => "logo.png",
                LogoFormat::Svg => "logo.svg",
            },
            data_uri: format!(
                "data:{};base64,{}",
                logo.format.media_type(),
                base64::engine::general_purpose::STANDARD.encode(&logo.bytes)
            ),
            width: logo.size.map(|s| s.0),
            height: logo.size.map(|s| s.1),
            bytes: logo.bytes.clone(),
        }
    }
}

/// A term of the closing page's glossary.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct GlossaryEntry {
    pub term: &'static str,
    pub meaning: &'static str,
}

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct SectionLink {
    pub id: &'static str,
    pub title: &'static str,
}

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct DraftView {
    pub banner: String,
    pub errors: usize,
    pub warnings: usize,
    pub findings: Vec<FindingView>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct FindingView {
    pub rule: String,
    pub level: &'static str,
    pub file: String,
    pub line: usize,
    pub record: Option<String>,
    pub message: String,
    pub help: String,
}

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Count {
    pub key: &'static str,
    pub label: &'static str,
    pub count: usize,
    pub percent: u32,
}

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Dashboard {
    pub decisions: usize,
    pub active: usize,
    pub closed: usize,
    pub people: usize,
    pub examples: usize,
    pub by_outcome: Vec<Count>,
    pub supported: usize,
    pub supported_percent: u32,
    pub restrictive: usize,
    pub restrictive_percent: u32,
    pub by_risk: Vec<Count>,
    pub reviews_in_date: usize,
    pub reviews_in_date_percent: u32,
    pub reviews_overdue: usize,
    pub escalated: usize,
    pub high_risk: usize,
    pub lacking_capacity: usize,
    /// Statements the pack must evidence (`required_statements`), how many of them have a record
    /// or example behind them, and how many have none.
    pub required_statements: usize,
    pub required_evidenced: usize,
    pub required_gaps: usize,
    /// Restrictions in place and deprivation-of-liberty authorisations (SPEC 4a).
    #[serde(flatten)]
    pub lawful: LawfulDashboard,
    /// People supported, days to a decision, incidents, outcomes and the review trend (SPEC 4a).
    #[serde(flatten)]
    pub outcomes: OutcomesDashboard,
}

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct CoverageFramework {
    pub id: String,
    pub name: String,
    pub primary: bool,
    pub required_gaps: usize,
    /// Statements with no evidence that are not required, left out of `groups` unless
    /// `[pack] coverage = "all"` (0 then).
    pub not_shown: usize,
    pub groups: Vec<CoverageGroup>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct CoverageGroup {
    pub id: String,
    pub name: String,
    pub statements: Vec<CoverageRow>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct CoverageRow {
    pub id: String,
    pub name: String,
    pub records: usize,
    pub examples: usize,
    pub required: bool,
    pub gap: bool,
    pub evidence: Vec<String>,
    /// The same records and examples as `evidence`, with the anchors they have in the HTML pack.
    pub evidence_links: Vec<RecordLink>,
}

/// A record or example named elsewhere in the pack, with its anchor in the HTML pack.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RecordLink {
    pub id: String,
    pub anchor: String,
}

impl RecordLink {
    pub(super) fn new(id: &str) -> RecordLink {
        RecordLink {
            id: id.to_string(),
            anchor: anchor("", id),
        }
    }
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct StatementView {
    pub reference: String,
    pub label: String,
}

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct DecisionView {
    pub id: String,
    pub anchor: String,
    pub title: String,
    pub person: String,
    pub service: Option<String>,
    pub status: &'static str,
    pub status_label: &'static str,
    pub opened: DateView,
    pub closed_on: Option<DateView>,
    pub statements: Vec<StatementView>,
    pub themes: Vec<String>,
    pub choice: ChoiceView,
    pub risk_level: &'static str,
    pub risk_level_label: &'static str,
    pub risks: Vec<RiskView>,
    pub capacity: Option<CapacityView>,
    pub decision: DecisionOutcomeView,
    /// Every restrictive practice the record lists (SPEC 4b), in the order of the file.
    pub restrictions: Vec<RestrictionView>,
    pub alternatives: Vec<AlternativeView>,
    pub plan: Vec<PlanView>,
    pub safeguarding: Option<SafeguardingView>,
    pub escalation: Option<EscalationView>,
    /// Whether the arrangements deprive the person of their liberty, and the authorisation.
    pub liberty: Option<LibertyView>,
    pub review: ReviewStateView,
    pub reviews: Vec<ReviewView>,
    /// What happened after the decision, oldest first.
    pub incidents: Vec<IncidentView>,
    /// What changed for the person, oldest first.
    pub outcomes: Vec<OutcomeView>,
    pub examples: Vec<String>,
    /// The practice examples in `examples`, with their anchors in the HTML pack.
    pub example_links: Vec<RecordLink>,
    /// This record's own findings, shown beside it by `serve` only. A build leaves it empty, so
    /// pack.json never holds it (and its schema does not name it).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schemars(skip)]
    pub findings: Vec<FindingView>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ChoiceView {
    pub summary: Markdown,
    pub in_their_words: Option<String>,
    pub what_matters: Option<Markdown>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RiskView {
    pub description: String,
    pub to: &'static str,
    pub to_label: &'static str,
    pub likelihood: &'static str,
    pub impact: &'static str,
    pub level: &'static str,
    pub level_label: &'static str,
    /// The kind of abuse or neglect the risk is of, if it is.
    pub abuse_or_neglect: Option<&'static str>,
    pub abuse_or_neglect_label: Option<&'static str>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct CapacityView {
    pub status: &'static str,
    pub status_label: &'static str,
    pub assessed_on: Option<DateView>,
    pub assessed_by: Option<String>,
    pub best_interests: Option<Markdown>,
    /// decision_maker, consulted, wishes and advocate.
    #[serde(flatten)]
    pub best_interests_detail: BestInterestsView,
    /// for_this_decision, the attorney or deputy, and an advance decision (SPEC 4b).
    #[serde(flatten)]
    pub law: CapacityLawView,
}

/// Who else may decide for the person, and capacity for this decision when it fluctuates.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct CapacityLawView {
    /// For fluctuating capacity: "has" or "lacks" capacity for this decision.
    pub for_this_decision: Option<&'static str>,
    /// A health-and-welfare attorney or a deputy.
    pub attorney: Option<String>,
    pub attorney_view: Option<&'static str>,
    pub attorney_view_label: Option<&'static str>,
    pub attorney_covers: Option<bool>,
    pub court_applied_on: Option<DateView>,
    pub advance_decision: Option<Markdown>,
    pub advance_decision_followed: Option<bool>,
    pub advance_decision_reason: Option<Markdown>,
}

/// One `[[restrictions]]` entry.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RestrictionView {
    pub kind: &'static str,
    /// The kind in words, for example "Locked door".
    pub kind_label: &'static str,
    pub description: Markdown,
    pub since: DateView,
    pub until: Option<DateView>,
    pub consulted: Vec<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct DecisionOutcomeView {
    pub outcome: &'static str,
    pub outcome_label: &'static str,
    pub restrictive: bool,
    pub decided_on: DateView,
    pub involved: Vec<String>,
    pub rationale: Option<Markdown>,
    pub least_restrictive: Option<Markdown>,
    /// basis, basis_label, person_agrees and person_agrees_label.
    #[serde(flatten)]
    pub basis: BasisView,
}

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct AlternativeView {
    pub option: String,
    pub why_not: String,
}

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct PlanView {
    pub action: String,
    pub owner: String,
    /// due, done_on and the item's state.
    #[serde(flatten)]
    pub dates: PlanDatesView,
}

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct SafeguardingView {
    pub considered: bool,
    pub outcome: Option<Markdown>,
    pub referral: Option<String>,
    /// The outcome the person wants (Making Safeguarding Personal).
    pub person_wants: Option<Markdown>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct EscalationView {
    pub to: Option<String>,
    pub on: Option<DateView>,
    pub outcome: Option<String>,
    pub signed_off_by: Option<String>,
    /// Signed off by someone who took no part in the decision or the capacity assessment.
    pub independent: bool,
    /// before (on or before the day of the decision) or after; null when not dated.
    pub timing: Option<&'static str>,
    /// The decision could not wait for the panel.
    pub urgent: bool,
    /// Why it could not wait.
    pub reason: Option<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ReviewStateView {
    pub every_days: Option<u32>,
    pub next_due: Option<DateView>,
    /// in-date, due-soon, overdue, no-plan or closed.
    pub state: &'static str,
    pub state_label: String,
}

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ReviewView {
    pub on: DateView,
    pub by: String,
    pub outcome: Markdown,
    pub person_view: Option<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ExampleView {
    pub id: String,
    pub anchor: String,
    pub title: String,
    pub descriptor: Option<String>,
    pub statements: Vec<StatementView>,
    pub themes: Vec<String>,
    pub situation: Markdown,
    pub action: Markdown,
    pub outcome: Option<Markdown>,
    pub learning: Option<Markdown>,
    pub word_count: usize,
    pub word_limit: Option<u32>,
    pub over_limit: bool,
    /// Whether the pack shows the word count: only in a draft and a tender pack (SPEC 9a), where
    /// it helps the writer; the finished pack's reader does not need it.
    pub word_count_shown: bool,
    pub last_reviewed: Option<DateView>,
    pub consent: Option<ConsentView>,
    pub decisions: Vec<DecisionLink>,
    pub decisions_left_out: Vec<String>,
    /// This example's own findings, shown beside it by `serve` only. A build leaves it empty, so
    /// pack.json never holds it (and its schema does not name it).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schemars(skip)]
    pub findings: Vec<FindingView>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ConsentView {
    pub status: &'static str,
    pub status_label: &'static str,
    pub on: Option<DateView>,
    pub expires: Option<DateView>,
    pub scope: Option<String>,
    pub reason: Option<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct DecisionLink {
    pub id: String,
    pub anchor: String,
    pub title: Option<String>,
    pub in_pack: bool,
}

// The legal footing of a decision (SPEC section 4a), built in `lawful.rs`.

/// `decision.basis` and `decision.person_agrees`, shown inside the decision's view.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct BasisView {
    pub basis: Option<&'static str>,
    /// The basis in words: "Agreed with the person", "Best-interests decision by the registered
    /// manager", …
    pub basis_label: Option<String>,
    pub person_agrees: Option<&'static str>,
    pub person_agrees_label: Option<&'static str>,
    /// What the basis rests on (`decision.authority`).
    pub authority: Option<String>,
    /// For service-cannot-provide: when the commissioner was told.
    pub commissioner_told_on: Option<DateView>,
    /// Agreed by the person as SPEC 4b derives it: person_agrees "yes" from a person who does not
    /// lack capacity.
    pub agreed_by_person: bool,
}

/// The best-interests fields of `[capacity]`, shown inside the capacity's view.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct BestInterestsView {
    pub decision_maker: Option<String>,
    pub consulted: Vec<String>,
    /// The person's wishes and feelings, set apart as their own words in the pack.
    pub wishes: Option<Markdown>,
    pub advocate: Option<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct LibertyView {
    pub deprivation: Option<&'static str>,
    pub deprivation_label: &'static str,
    /// Why the arrangements are or are not a deprivation of liberty ([2026] UKSC 16).
    pub reasons: Option<Markdown>,
    /// yes, no or mixed: whether the person shows they are content with the arrangements.
    pub person_content: Option<&'static str>,
    pub person_content_label: Option<&'static str>,
    pub route: Option<&'static str>,
    pub route_label: Option<&'static str>,
    pub considered_on: Option<DateView>,
    /// First considered before the test changed with [2026] UKSC 16 on 2 June 2026.
    pub considered_before_2026_test: bool,
    pub reconsidered_on: Option<DateView>,
    /// Court of Protection route: when the provider asked the council to apply.
    pub requested_on: Option<DateView>,
    pub applied_on: Option<DateView>,
    /// The outcome as derived in SPEC 4b: pending, authorised, refused or withdrawn (null until
    /// something is applied for).
    pub outcome: Option<&'static str>,
    pub outcome_label: Option<&'static str>,
    pub outcome_on: Option<DateView>,
    pub authorised_on: Option<DateView>,
    pub expires_on: Option<DateView>,
    /// When CQC was told of the outcome.
    pub notified_on: Option<DateView>,
    /// The outcome is one CQC must be told of (authorised, refused or withdrawn).
    pub notification_due: bool,
    pub representative: Option<String>,
    /// Days the person was or is deprived of liberty without an authorisation (deprivation yes).
    pub days_without_authorisation: Option<i64>,
    /// not-recorded, not-deprived, not-applied, pending, authorised, expiring, expired, ended,
    /// refused or withdrawn.
    pub state: &'static str,
    /// The state in words, for example "Authorised until 19 May 2027".
    pub state_label: String,
}

/// The dashboard's counts about restrictions and deprivation of liberty (active records only,
/// apart from the people lacking capacity, who are counted across the pack).
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct LawfulDashboard {
    /// Active records that are restrictive (SPEC 4b: a limited or not-supported outcome, any
    /// `[[restrictions]]`, or a deprivation of liberty).
    pub restrictions_in_place: usize,
    /// The figure `restrictions` (SPEC 9a): the same count, restrictive active records.
    pub restrictions: usize,
    /// Of those, the ones agreed by the person as SPEC 4b derives it: person_agrees = "yes" and
    /// the person does not lack capacity (the basis person-agreed alone is not agreement).
    pub restrictions_agreed: usize,
    /// `restrictions_agreed` as a percentage of `restrictions` (0 when there are none).
    pub restrictions_agreed_percent: u32,
    /// People with at least one decision they lack capacity for.
    pub people_lacking_capacity: usize,
    /// Active records whose deprivation of liberty is authorised and in date (expiring included).
    pub liberty_authorised: usize,
    /// Applied for and waiting for authorisation.
    pub liberty_pending: usize,
    /// Authorised, and expiring within `liberty_warning_days`.
    pub liberty_expiring: usize,
    pub liberty_expired: usize,
    pub liberty_warning_days: u32,
    /// Records whose escalation is dated, and of those, escalated on or before the day of the
    /// decision (SPEC 9a).
    pub escalations_dated: usize,
    pub escalated_before_decision: usize,
    pub escalated_before_decision_percent: u32,
    /// Days people were or are deprived of liberty without an authorisation, summed over the
    /// active records (SPEC 4b, 9a).
    pub liberty_days_without_authorisation: u64,
    /// Active restrictive records about a person who lacks capacity, and of those, the ones with
    /// an independent advocate (capacity.advocate).
    pub advocate_needed: usize,
    pub advocate_instructed: usize,
    pub advocate_percent: u32,
}

// What happened after a decision (SPEC section 4a), built in `outcomes.rs`.

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct IncidentView {
    pub on: DateView,
    pub summary: Markdown,
    pub harm: &'static str,
    /// "No harm", "Minor harm" or "Serious harm".
    pub harm_label: &'static str,
    pub police: bool,
    /// The council's reference, or "none" as written.
    pub safeguarding_referral: Option<String>,
    /// Why no referral was made.
    pub safeguarding_reason: Option<String>,
    /// The kind of abuse or neglect the incident is, or is alleged to be, in words.
    pub abuse_or_neglect_label: Option<&'static str>,
    /// A referral was made (a reference other than "none").
    pub referred: bool,
    /// CQC must be notified: serious harm, police involvement or a referral.
    pub notification_required: bool,
    pub notified_on: Option<DateView>,
    /// The review that followed, if any.
    pub review: Option<IncidentReviewView>,
    /// For example "Reviewed on 24 June 2026, 4 days later (within 7 days)", or "Review due by
    /// 8 November 2026".
    pub review_label: String,
    pub learning: Option<Markdown>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct IncidentReviewView {
    pub on: DateView,
    pub days_after: i64,
    pub late: bool,
}

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct OutcomeView {
    pub on: DateView,
    pub wellbeing: &'static str,
    /// The Care Act 2014 s1(2) area in words, for example "Control over day-to-day life".
    pub wellbeing_label: &'static str,
    pub summary: Markdown,
}

/// A plan item's `due` and `done_on`, flattened into its view.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct PlanDatesView {
    pub due: Option<DateView>,
    pub done_on: Option<DateView>,
    /// done, overdue, due or ongoing (no dates).
    pub state: &'static str,
    /// For example "Done on 12 March 2026", "Due 1 April 2026, 3 days overdue".
    pub state_label: String,
}

/// The dashboard's figures about people, time to decide, incidents, outcomes and reviews: these
/// exact keys are in pack.json's `dashboard`.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct OutcomesDashboard {
    /// `[pack] people_supported`, or null.
    pub people_supported: Option<u32>,
    /// The median of the days from `opened` to `decision.decided_on` (null with no records).
    pub median_days_to_decision: Option<f64>,
    /// Incidents dated in the 365 days up to and including the as-of date.
    pub incidents_12_months: usize,
    /// Those incidents by harm, most serious first, with how they were followed up.
    pub incidents_by_harm: Vec<HarmCount>,
    /// Outcomes dated in the 365 days up to and including the as-of date.
    pub outcomes_12_months: usize,
    /// Those outcomes by Care Act wellbeing area, in the order of the Act.
    pub outcomes_by_wellbeing: Vec<WellbeingCount>,
    /// The share of all reviews recorded with the person's own view.
    pub reviews_with_person_view_percent: u32,
    /// The share of records active at each of the 12 month ends up to the as-of date whose
    /// review was in date that day.
    pub review_trend: Vec<TrendPoint>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct HarmCount {
    pub key: &'static str,
    pub label: &'static str,
    pub count: usize,
    /// Incidents on active records whose review was due by the as-of date.
    pub review_due: usize,
    /// Of those, reviewed within `[policy] incident_review_days`.
    pub reviewed_in_time: usize,
    /// Incidents that CQC had to be told of.
    pub notification_required: usize,
    /// Of those, notified.
    pub notified: usize,
}

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct WellbeingCount {
    pub key: &'static str,
    pub label: &'static str,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct TrendPoint {
    /// The month end, YYYY-MM-DD.
    pub date: String,
    /// The month in words, for example "October 2026".
    pub month: String,
    /// Records active that day.
    pub active: usize,
    /// Of those, with a review in date that day.
    pub in_date: usize,
    /// in_date of active, or null when no record was active.
    pub percent: Option<u32>,
}

// The first page (SPEC section 4a), built in `first_page.rs`: in `pack_json/first_page.rs`.
mod first_page;
pub use first_page::*;

/// An id made safe for an HTML anchor: `D-014` → `d-014`.
pub fn anchor(prefix: &str, id: &str) -> String {
    let mut out = String::from(prefix);
    for c in id.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out
}
