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

/// The review trend as bars, one per month end: a table of bars in the HTML (it reads at any
/// width), bars in the PDF. The months before the first with an active record are left out; a
/// later month end with none is kept and marked "No active records", never drawn as 0%.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Chart {
    pub bars: Vec<Bar>,
    /// Each year the bars span, once, in order, with how many bars fall in it.
    pub years: Vec<ChartYear>,
    /// Which months were left out because no record was active, in words, or null.
    pub left_out: Option<String>,
    /// The chart in words, for screen readers and for anyone who cannot see it.
    pub text_alternative: String,
}

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ChartYear {
    pub year: String,
    /// How many bars, from the end of the previous year's, are in this year.
    pub months: usize,
}

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Bar {
    /// The month end, YYYY-MM-DD.
    pub date: String,
    /// "Nov".
    pub month: String,
    /// "November 2025".
    pub month_name: String,
    pub year: String,
    /// The first bar of its year in the chart: where the year is shown, once.
    pub starts_year: bool,
    /// "93%", or "No active records".
    pub value: String,
    /// Of the records active that day, the share with a review in date; null when none was.
    pub percent: Option<u32>,
    /// Records active that day, and of those with a review in date.
    pub active: usize,
    pub in_date: usize,
    /// "13 of 14", or "None" when no record was active.
    pub records: String,
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
