//! A practice example (SPEC section 5): a reusable, anonymised story backed by decision records.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::date::Date;

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PracticeExample {
    /// Unique across the pack (decisions and examples share one id space), for example "PX-007".
    pub id: String,
    pub title: String,
    /// Work in progress: `check` reports this file's gaps as warnings, and `build` leaves it out of
    /// the pack. Remove the line (or set it to false) when it is complete.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
    /// A sample written by `evidence-pack init` to show the format: `check` reports it
    /// (`sample-record`) until it is deleted, or until this line is deleted once it is made real.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sample: bool,
    /// An anonymised descriptor, for example "Man in his 30s with a learning disability".
    #[serde(default)]
    pub descriptor: Option<String>,
    #[serde(default)]
    pub statements: Vec<String>,
    #[serde(default)]
    pub themes: Vec<String>,
    /// The decision records behind the story.
    #[serde(default)]
    pub decisions: Vec<String>,
    /// Overrides [examples].word_limit in pack.toml.
    #[serde(default)]
    pub word_limit: Option<u32>,
    /// (Markdown)
    pub situation: String,
    /// (Markdown)
    pub action: String,
    /// The measurable result (Markdown).
    #[serde(default)]
    pub outcome: Option<String>,
    /// (Markdown)
    #[serde(default)]
    pub learning: Option<String>,
    /// When the text was last checked as accurate.
    #[serde(default)]
    pub last_reviewed: Option<Date>,
    #[serde(default)]
    pub consent: Option<Consent>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ConsentStatus {
    Given,
    Withdrawn,
    NotRequired,
}

impl ConsentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ConsentStatus::Given => "given",
            ConsentStatus::Withdrawn => "withdrawn",
            ConsentStatus::NotRequired => "not-required",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Consent {
    /// given, withdrawn or not-required.
    pub status: ConsentStatus,
    /// Required when given.
    #[serde(default)]
    pub on: Option<Date>,
    #[serde(default)]
    pub expires: Option<Date>,
    /// What the person agreed to, in their words (free text; `uses` is what is checked).
    #[serde(default)]
    pub scope: Option<String>,
    /// Required when not-required (for example a composite of several people).
    #[serde(default)]
    pub reason: Option<String>,
    /// Required when given: person, attorney or deputy, whoever gave consent. No relative can
    /// consent for an adult unless they are the person's attorney or deputy (MCA 2005 s9, s16).
    #[serde(default)]
    pub given_by: Option<ConsentGivenBy>,
    /// When the person's capacity to agree to this use of their story was checked (capacity is
    /// decision-specific, MCA 2005 s2(1)); needed when a record it cites says they lack capacity.
    #[serde(default)]
    pub capacity_checked_on: Option<Date>,
    /// Where the story may be used: tender, inspection, commissioner, website or training.
    #[serde(default)]
    pub uses: Vec<ConsentUse>,
}

/// Who gave consent to use the story.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ConsentGivenBy {
    /// The person themselves.
    Person,
    /// Their health-and-welfare attorney (MCA 2005 s9).
    Attorney,
    /// Their deputy appointed by the Court of Protection (MCA 2005 s16).
    Deputy,
    /// A relative who is neither: not consent in law for an adult.
    Family,
}

/// A use of the story that consent covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ConsentUse {
    Tender,
    Inspection,
    Commissioner,
    Website,
    Training,
}

impl ConsentUse {
    pub fn as_str(self) -> &'static str {
        match self {
            ConsentUse::Tender => "tender",
            ConsentUse::Inspection => "inspection",
            ConsentUse::Commissioner => "commissioner",
            ConsentUse::Website => "website",
            ConsentUse::Training => "training",
        }
    }
}

impl Consent {
    /// Whether the consent's `uses` cover `wanted`; consent without `uses` is not checked for
    /// scope (SPEC 4b), so it covers everything.
    pub fn covers(&self, wanted: ConsentUse) -> bool {
        self.uses.is_empty() || self.uses.contains(&wanted)
    }
}

impl PracticeExample {
    /// The Markdown sections whose words count towards the word limit.
    pub fn counted_sections(&self) -> impl Iterator<Item = &str> {
        [
            Some(self.situation.as_str()),
            Some(self.action.as_str()),
            self.outcome.as_deref(),
            self.learning.as_deref(),
        ]
        .into_iter()
        .flatten()
    }

    pub fn word_count(&self) -> usize {
        self.counted_sections()
            .map(crate::text::markdown_word_count)
            .sum()
    }
}
