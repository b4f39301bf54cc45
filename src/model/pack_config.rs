//! pack.toml (SPEC section 3).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::date::Date;

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PackConfig {
    pub pack: PackSection,
    /// The provider's own thresholds.
    #[serde(default)]
    pub policy: super::policy::Policy,
    #[serde(default)]
    pub examples: ExamplesSection,
    #[serde(default)]
    pub privacy: PrivacySection,
    #[serde(default)]
    pub select: Option<Selection>,
    /// Change a rule's level: "error", "warning" or "off".
    #[serde(default)]
    pub rules: BTreeMap<String, RuleSetting>,
    /// Each service by the name records give in `service`, with its setting.
    #[serde(default)]
    pub services: BTreeMap<String, ServiceSection>,
}

/// A service of the pack (`[services."NAME"]`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceSection {
    /// Where care is given: care-home, nursing-home, hospital, supported-living, home-care,
    /// shared-lives or day-service. The Deprivation of Liberty Safeguards cover only care homes
    /// (nursing homes included) and hospitals (Mental Capacity Act 2005 Schedule A1); anywhere
    /// else only the Court of Protection can authorise a deprivation of liberty.
    #[serde(default)]
    pub setting: Option<Setting>,
}

/// Where a service gives care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Setting {
    CareHome,
    NursingHome,
    Hospital,
    SupportedLiving,
    HomeCare,
    SharedLives,
    DayService,
}

impl Setting {
    /// A DoLS authorisation can be given here (a care home or a hospital).
    pub fn dols_applies(self) -> bool {
        matches!(
            self,
            Setting::CareHome | Setting::NursingHome | Setting::Hospital
        )
    }

    pub fn label(self) -> &'static str {
        match self {
            Setting::CareHome => "a care home",
            Setting::NursingHome => "a nursing home",
            Setting::Hospital => "a hospital",
            Setting::SupportedLiving => "supported living",
            Setting::HomeCare => "home care",
            Setting::SharedLives => "shared lives",
            Setting::DayService => "a day service",
        }
    }
}

impl PackConfig {
    /// The setting of the service a record names (compared without case or surrounding spaces),
    /// when pack.toml describes it.
    pub fn setting_of(&self, service: Option<&str>) -> Option<Setting> {
        let service = service?.trim();
        self.services
            .iter()
            .find(|(name, _)| name.trim().eq_ignore_ascii_case(service))
            .and_then(|(_, s)| s.setting)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PackSection {
    /// The title on the cover, for example "Balancing choice and duty of care".
    pub title: String,
    /// The provider's name.
    pub provider: String,
    /// commissioner, inspection or tender (default commissioner).
    #[serde(default)]
    pub audience: Audience,
    /// The date reviews are judged against. Default: today. `--as-of` overrides it.
    #[serde(default)]
    pub as_of: Option<Date>,
    /// The primary framework id (default cqc-saf).
    #[serde(default = "default_framework")]
    pub framework: String,
    /// Statements that must have evidence (rule coverage-gap).
    #[serde(default)]
    pub required_statements: Vec<String>,
    /// Markdown shown on the cover page.
    #[serde(default)]
    pub summary: Option<String>,
    /// How many people the services in this pack support (the denominator of the cover's figures).
    #[serde(default)]
    pub people_supported: Option<u32>,
    /// The provider's logo, a PNG or SVG file in the pack (at most 1 MB), shown on the cover of
    /// the HTML and PDF packs and of answers.docx, for example "logo.png".
    #[serde(default)]
    pub logo: Option<String>,
    /// The CQC location id of the service, shown on the cover, for example "1-123456789".
    #[serde(default)]
    pub location_id: Option<String>,
    /// Who signed the pack off, shown on the cover, for example "Registered Manager".
    #[serde(default)]
    pub signed_off_by: Option<String>,
    /// When the pack was signed off, shown on the cover.
    #[serde(default)]
    pub signed_off_on: Option<Date>,
    /// Which quality statements the coverage table lists: "evidenced" (the default: the required
    /// statements and those with evidence) or "all" (every statement of the framework).
    #[serde(default)]
    pub coverage: CoverageScope,
}

/// Which quality statements the coverage table lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CoverageScope {
    /// The required statements and those with evidence.
    #[default]
    Evidenced,
    /// Every statement of each framework shown.
    All,
}

fn default_framework() -> String {
    super::framework::BUILT_IN_ID.to_string()
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Audience {
    #[default]
    Commissioner,
    Inspection,
    Tender,
}

impl Audience {
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Commissioner => "commissioner",
            Audience::Inspection => "inspection",
            Audience::Tender => "tender",
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExamplesSection {
    /// The default word limit for practice examples.
    #[serde(default)]
    pub word_limit: Option<u32>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PrivacySection {
    /// A TOML file `names = ["…"]` of real names that must never appear in the pack.
    #[serde(default)]
    pub register: Option<String>,
}

/// Which records and examples go into this pack. A record is included when it matches every key
/// given (any value within a key); `ids` always includes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Selection {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub themes: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statements: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub status: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ids: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RuleSetting {
    Error,
    Warning,
    Off,
}

/// The privacy register: real names that must never appear in rendered text.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PrivacyRegister {
    #[serde(default)]
    pub names: Vec<RegisteredName>,
}

/// One entry of the register: a name, or a person with the other names they go by
/// (`{ name = "Ron Hughes", known_as = ["Ron"] }`), each matched as a full name is.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum RegisteredName {
    Name(String),
    Person(RegisteredPerson),
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisteredPerson {
    pub name: String,
    #[serde(default)]
    pub known_as: Vec<String>,
}

impl RegisteredName {
    /// Every name to look for: the name and each it is known as.
    pub fn into_names(self) -> Vec<String> {
        match self {
            RegisteredName::Name(name) => vec![name],
            RegisteredName::Person(person) => {
                let mut names = vec![person.name];
                names.extend(person.known_as);
                names
            }
        }
    }
}
