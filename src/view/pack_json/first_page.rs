//! The first page's part of the pack.json format (SPEC section 4a), built in
//! `view/first_page.rs`: its sentences, the review chart and a tender pack's summary table.

use schemars::JsonSchema;
use serde::Serialize;

use super::*;

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Headline {
    /// "13 decisions about 13 of the 120 people we support".
    pub people_sentence: String,
    /// The same after its first number, for the cover: "decisions about 13 of the 120 people we
    /// support".
    pub people_label: String,
    /// "14 days", when there are records.
    pub median_days: Option<String>,
    /// `[policy] incident_review_days`.
    pub incident_review_days: u32,
    /// The outcomes of the last 12 months by area, largest first: "Control over day-to-day
    /// life: 4; Personal dignity: 2".
    pub outcome_areas: String,
    /// How many of the nine areas of wellbeing those outcomes are in.
    pub outcome_area_count: usize,
    /// "Median of 14 days from a request to a decision", when there are records.
    pub median_sentence: Option<String>,
    /// Incidents in the last 12 months on active records whose review was due, and how many of
    /// them were reviewed in time.
    pub incidents_review_due: usize,
    pub incidents_reviewed_in_time: usize,
    pub incidents_reviewed_in_time_percent: Option<u32>,
    /// Incidents in the last 12 months that CQC had to be told of, and how many were.
    pub incidents_notification_required: usize,
    pub incidents_notified: usize,
    pub incidents_notified_percent: Option<u32>,
    /// How the records and examples were chosen, in words.
    pub selection: String,
    pub chart: Chart,
    /// In a tender pack, the summary table that stands in for the decision records.
    pub tender: Option<TenderSummary>,
}

/// The review trend as an SVG bar chart: positions worked out here, drawn by the template.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Chart {
    pub width: u32,
    pub height: u32,
    /// The y of 0%, 50% and 100%, with their labels.
    pub gridlines: Vec<Gridline>,
    pub bars: Vec<Bar>,
    /// The chart in words, for screen readers and for anyone who cannot see it.
    pub text_alternative: String,
}

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Gridline {
    pub y: u32,
    pub label: &'static str,
}

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Bar {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
    /// The centre of the bar, for its labels.
    pub mid: u32,
    /// "Nov", with the year under the first month and each January.
    pub month: String,
    pub year: Option<String>,
    /// "93%", or "–" when no record was active.
    pub value: String,
    pub percent: Option<u32>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct TenderSummary {
    pub note: &'static str,
    pub rows: Vec<DecisionSummaryRow>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct DecisionSummaryRow {
    pub id: String,
    pub anchor: String,
    pub title: String,
    pub outcome: &'static str,
    pub outcome_label: &'static str,
    pub risk_level: &'static str,
    pub risk_level_label: &'static str,
    pub review_state: &'static str,
    pub review_state_label: String,
    pub statements: Vec<StatementView>,
}
