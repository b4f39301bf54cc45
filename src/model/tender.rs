//! A tender (SPEC section 10): `tenders/<id>/tender.toml` with its questions, and one answer file
//! per question in `tenders/<id>/answers/`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::date::Date;

/// `tenders/<id>/tender.toml`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TenderFile {
    pub tender: Tender,
    #[serde(default)]
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tender {
    /// For example "Supported living framework 2027, Lot 2".
    pub title: String,
    /// The council or other body buying the service.
    pub buyer: String,
    /// The date the response must be submitted.
    pub deadline: Date,
    /// The date figures are computed at (default: the pack's as-of date).
    #[serde(default)]
    pub figures_as_of: Option<Date>,
    /// true: the provider's name and service names must not appear in answers.
    #[serde(default)]
    pub name_blind: bool,
}

/// How a question's limit is counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CountUnit {
    #[default]
    Words,
    Characters,
    CharactersNoSpaces,
}

impl CountUnit {
    pub fn as_str(self) -> &'static str {
        match self {
            CountUnit::Words => "words",
            CountUnit::Characters => "characters",
            CountUnit::CharactersNoSpaces => "characters-no-spaces",
        }
    }

    /// The unit in words, for a number of them: "1 word", "750 characters".
    pub fn of(self, n: usize) -> String {
        let (one, many) = match self {
            CountUnit::Words => ("word", "words"),
            CountUnit::Characters => ("character", "characters"),
            CountUnit::CharactersNoSpaces => (
                "character (not counting spaces)",
                "characters (not counting spaces)",
            ),
        };
        let number = crate::text::group_thousands(n as u64);
        format!("{number} {}", if n == 1 { one } else { many })
    }

    /// The unit's name after a number, as a table shows it: "words", "characters", "characters without spaces".
    pub fn label(self) -> &'static str {
        match self {
            CountUnit::Words => "words",
            CountUnit::Characters => "characters",
            CountUnit::CharactersNoSpaces => "characters without spaces",
        }
    }
}

fn default_line_break() -> u32 {
    2
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Unique in the tender, for example "Q3.2".
    pub id: String,
    /// The question as the tender asks it.
    pub text: String,
    /// The most the answer may be, in `count` units.
    pub limit: u32,
    /// words, characters or characters-no-spaces (default words).
    #[serde(default)]
    pub count: CountUnit,
    /// Characters a line break counts as when count is characters (default 2: a web form
    /// submits a line break as CR LF).
    #[serde(default = "default_line_break")]
    pub line_break: u32,
    /// The question's weight, in percent.
    #[serde(default)]
    pub weight: Option<f64>,
    /// What the evaluator looks for.
    #[serde(default)]
    pub criteria: Vec<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AnswerStatus {
    #[default]
    Draft,
    Ready,
}

impl AnswerStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AnswerStatus::Draft => "draft",
            AnswerStatus::Ready => "ready",
        }
    }
}

/// `tenders/<id>/answers/*.toml`: the answer to one question.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    /// A question id of this tender, for example "Q3.2".
    pub question: String,
    /// draft or ready (default draft).
    #[serde(default)]
    pub status: AnswerStatus,
    /// The criteria this answer addresses.
    #[serde(default)]
    pub covers: Vec<String>,
    /// Practice examples the answer draws on.
    #[serde(default)]
    pub examples: Vec<String>,
    /// Decision records behind its claims.
    #[serde(default)]
    pub decisions: Vec<String>,
    /// The answer (Markdown). `{{name}}` is replaced by a figure, and `{{example ID}}` on a line of
    /// its own by that practice example.
    pub body: String,
}
