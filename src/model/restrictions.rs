//! Restrictive practices a record declares (SPEC section 4b, version 3), who may decide for a
//! person, and where an imported record came from.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::date::Date;

/// One restrictive practice in place, whatever the outcome's label says. A restriction of a person
/// who lacks capacity is lawful only within MCA 2005 s5-s6 (necessary, proportionate, in their best
/// interests) or under another power; a person with capacity must agree to it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Restriction {
    /// What kind of restriction: physical-restraint, chemical-restraint, covert-medication,
    /// locked-door, surveillance, money-held, item-removed, contact-limited, routine-imposed,
    /// blanket-rule or other (MCA 2005 s6(4) defines restraint).
    pub kind: RestrictionKind,
    /// What is done, in plain words, for example "Front door keypad after 10pm; staff open it on
    /// request." (Markdown)
    pub description: String,
    /// When the restriction started.
    pub since: Date,
    /// When it is planned to end, if it is.
    #[serde(default)]
    pub until: Option<Date>,
    /// For covert medication: who was consulted, at least the prescriber and a pharmacist
    /// (NICE SC1 and NG67).
    #[serde(default)]
    pub consulted: Vec<String>,
}

/// The kinds of restrictive practice (SPEC 4b).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RestrictionKind {
    /// Holding or moving the person against their resistance (MCA 2005 s6(4)).
    PhysicalRestraint,
    /// Medicine given to control behaviour rather than to treat an illness.
    ChemicalRestraint,
    /// Medicine given without the person knowing, hidden in food or drink.
    CovertMedication,
    /// A locked door or keypad the person cannot open.
    LockedDoor,
    /// Monitoring: sensors, alarms, cameras, trackers.
    Surveillance,
    /// The person's money or bank card held by others.
    MoneyHeld,
    /// A possession taken away or held (keys, cigarettes, a phone).
    ItemRemoved,
    /// Who the person may see or speak to is limited.
    ContactLimited,
    /// A routine imposed on the person (set bed or meal times).
    RoutineImposed,
    /// A rule applied to everyone regardless of their own needs.
    BlanketRule,
    Other,
}

impl RestrictionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RestrictionKind::PhysicalRestraint => "physical-restraint",
            RestrictionKind::ChemicalRestraint => "chemical-restraint",
            RestrictionKind::CovertMedication => "covert-medication",
            RestrictionKind::LockedDoor => "locked-door",
            RestrictionKind::Surveillance => "surveillance",
            RestrictionKind::MoneyHeld => "money-held",
            RestrictionKind::ItemRemoved => "item-removed",
            RestrictionKind::ContactLimited => "contact-limited",
            RestrictionKind::RoutineImposed => "routine-imposed",
            RestrictionKind::BlanketRule => "blanket-rule",
            RestrictionKind::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RestrictionKind::PhysicalRestraint => "Physical restraint",
            RestrictionKind::ChemicalRestraint => "Chemical restraint",
            RestrictionKind::CovertMedication => "Covert medication",
            RestrictionKind::LockedDoor => "Locked door",
            RestrictionKind::Surveillance => "Surveillance",
            RestrictionKind::MoneyHeld => "Money held",
            RestrictionKind::ItemRemoved => "Item removed",
            RestrictionKind::ContactLimited => "Contact limited",
            RestrictionKind::RoutineImposed => "Routine imposed",
            RestrictionKind::BlanketRule => "Blanket rule",
            RestrictionKind::Other => "Other restriction",
        }
    }

    /// Restraint in the sense of MCA 2005 s6(4), which the Act protects only for a person who
    /// lacks capacity.
    pub fn is_restraint(self) -> bool {
        matches!(
            self,
            RestrictionKind::PhysicalRestraint | RestrictionKind::ChemicalRestraint
        )
    }
}

/// For a person whose capacity fluctuates: whether they have capacity for this decision at the
/// time it was made (capacity is decision- and time-specific, MCA 2005 s2(1)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ForThisDecision {
    Has,
    Lacks,
}

/// What the person's attorney or deputy thinks of the decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AttorneyView {
    Agrees,
    Disagrees,
    NotAsked,
}

/// Where an imported record came from (written by `evidence-pack import`): a second import of the
/// same sheet updates the drafts it made rather than adding them again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordSource {
    /// The spreadsheet or CSV file's name.
    pub file: String,
    /// The sheet within the file, when it has sheets.
    #[serde(default)]
    pub sheet: Option<String>,
    /// The row the record was read from (1 is the header row).
    pub row: u32,
    /// The SHA-256 of the record as import wrote it (with this value empty): a later import
    /// updates the record only while it still matches, that is while nobody has edited it.
    pub sha256: String,
}
