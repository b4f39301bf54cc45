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
    #[serde(default)]
    pub scope: Option<String>,
    /// Required when not-required (for example a composite of several people).
    #[serde(default)]
    pub reason: Option<String>,
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
