//! pack.toml's `[policy]`: the provider's own thresholds (SPEC section 3).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub const DEFAULT_LIBERTY_WARNING_DAYS: u32 = 28;
pub const DEFAULT_INCIDENT_REVIEW_DAYS: u32 = 7;

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// A review must follow an incident within this many days (default 7).
    #[serde(default)]
    pub incident_review_days: Option<u32>,
    /// Warn this many days before a liberty authorisation expires (default 28).
    #[serde(default)]
    pub liberty_warning_days: Option<u32>,
}

impl Policy {
    pub fn liberty_warning_days(&self) -> u32 {
        self.liberty_warning_days
            .unwrap_or(DEFAULT_LIBERTY_WARNING_DAYS)
    }

    pub fn incident_review_days(&self) -> u32 {
        self.incident_review_days
            .unwrap_or(DEFAULT_INCIDENT_REVIEW_DAYS)
    }
}
