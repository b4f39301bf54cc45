//! pack.toml's `[policy]`: the provider's own thresholds (SPEC section 3).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub const DEFAULT_LIBERTY_WARNING_DAYS: u32 = 28;
pub const DEFAULT_INCIDENT_REVIEW_DAYS: u32 = 7;
pub const DEFAULT_CAPACITY_ASSESSMENT_DAYS: u32 = 365;
pub const DEFAULT_COVERT_REVIEW_DAYS: u32 = 90;
pub const DEFAULT_COURT_WARNING_DAYS: u32 = 90;
pub const DEFAULT_LIBERTY_APPLICATION_DAYS: u32 = 7;
pub const DEFAULT_NOTIFICATION_DAYS: u32 = 2;

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// A review must follow an incident within this many days (default 7).
    #[serde(default)]
    pub incident_review_days: Option<u32>,
    /// Warn this many days before a liberty authorisation expires (default 28).
    #[serde(default)]
    pub liberty_warning_days: Option<u32>,
    /// A capacity assessment older than this many days when the decision is made, or when a
    /// restrictive record is last reviewed, is looked at again (default 365): capacity is decision-
    /// and time-specific (MCA 2005 s2(1)).
    #[serde(default)]
    pub capacity_assessment_days: Option<u32>,
    /// Covert medication is reviewed at least this often, in days (default 90, the provider's own
    /// policy; NICE SC1 and NG67).
    #[serde(default)]
    pub covert_review_days: Option<u32>,
    /// Phrases of your own that describe a restrictive practice, added to the built-in list that
    /// rule restriction-undeclared looks for (whole words, any case), for example ["quiet room"].
    #[serde(default)]
    pub restrictive_phrases: Vec<String>,
    /// Warn this many days before a Court of Protection authorisation expires (default 90): an
    /// application to the court takes longer than a DoLS renewal.
    #[serde(default)]
    pub court_warning_days: Option<u32>,
    /// Apply for an authorisation within this many days of finding a deprivation of liberty
    /// (default 7; the Deprivation of Liberty Safeguards allow an urgent authorisation of 7 days).
    #[serde(default)]
    pub liberty_application_days: Option<u32>,
    /// Notify CQC of an incident within this many days (default 2; the Care Quality Commission
    /// (Registration) Regulations 2009 reg 18 say "without delay").
    #[serde(default)]
    pub notification_days: Option<u32>,
}

impl Policy {
    pub fn liberty_warning_days(&self) -> u32 {
        self.liberty_warning_days
            .unwrap_or(DEFAULT_LIBERTY_WARNING_DAYS)
    }

    pub fn capacity_assessment_days(&self) -> u32 {
        self.capacity_assessment_days
            .unwrap_or(DEFAULT_CAPACITY_ASSESSMENT_DAYS)
    }

    pub fn covert_review_days(&self) -> u32 {
        self.covert_review_days
            .unwrap_or(DEFAULT_COVERT_REVIEW_DAYS)
    }

    pub fn court_warning_days(&self) -> u32 {
        self.court_warning_days
            .unwrap_or(DEFAULT_COURT_WARNING_DAYS)
    }

    pub fn liberty_application_days(&self) -> u32 {
        self.liberty_application_days
            .unwrap_or(DEFAULT_LIBERTY_APPLICATION_DAYS)
    }

    pub fn notification_days(&self) -> u32 {
        self.notification_days.unwrap_or(DEFAULT_NOTIFICATION_DAYS)
    }

    pub fn incident_review_days(&self) -> u32 {
        self.incident_review_days
            .unwrap_or(DEFAULT_INCIDENT_REVIEW_DAYS)
    }
}
