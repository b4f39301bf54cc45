//! The fields a sheet's columns can fill, for each kind of import: where each goes in the file,
//! what kind of value it holds, and the header words `import map` guesses it from.
//!
//! The values an enum field allows are read from the model's own types (their JSON Schema), so
//! the import accepts exactly what a record accepts.

use schemars::JsonSchema;

use crate::model::decision::{CapacityStatus, Outcome, RiskTo, Scale, Status};
use crate::model::lawful::Basis;
use crate::model::outcomes::{AbuseOrNeglect, Harm};
use crate::model::tender::CountUnit;

/// What an import makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One draft decision record per row.
    Decisions,
    /// One `[[incidents]]` entry per row, added to the record it belongs to.
    Incidents,
    /// One `[[questions]]` entry per row, added to a tender.
    Questions,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Decisions, Kind::Incidents, Kind::Questions];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Decisions => "decisions",
            Kind::Incidents => "incidents",
            Kind::Questions => "questions",
        }
    }

    pub fn parse(text: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == text.trim())
    }

    pub fn fields(self) -> &'static [Field] {
        match self {
            Kind::Decisions => DECISION_FIELDS,
            Kind::Incidents => INCIDENT_FIELDS,
            Kind::Questions => QUESTION_FIELDS,
        }
    }

    pub fn field(self, key: &str) -> Option<&'static Field> {
        self.fields().iter().find(|f| f.key == key)
    }

    /// One row, in words: "decision record", "incident", "question".
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Decisions => "decision record",
            Kind::Incidents => "incident",
            Kind::Questions => "question",
        }
    }
}

/// What a field holds, and so how a cell is read for it.
#[derive(Debug, Clone, Copy)]
pub enum Type {
    /// One line of text (spaces tidied).
    Text,
    /// Text that may run over lines, pasted from Word: it becomes Markdown.
    Markdown,
    /// A date: day first (UK) unless the map says otherwise, or an Excel date.
    Date,
    /// Yes or no.
    YesNo,
    /// A whole number, such as a word limit or a number of days.
    WholeNumber,
    /// A number such as a weight in percent ("10%", "10" or an Excel 10% all read as 10).
    Percent,
    /// Several values in one cell, one a line, or separated by semicolons or commas.
    List,
    /// One of the values the model allows.
    Choice(fn() -> Vec<String>),
}

/// One field a column can fill.
#[derive(Debug)]
pub struct Field {
    /// Where it goes, as the map names it: "title", "risks.likelihood".
    pub key: &'static str,
    pub ty: Type,
    /// Every row needs it (given by a column or a fixed value in the map).
    pub required: bool,
    /// Header words that suggest this field, for `import map`, best first.
    pub headers: &'static [&'static str],
}

impl Field {
    /// The values a choice field allows (empty for other fields).
    pub fn choices(&self) -> Vec<String> {
        match self.ty {
            Type::Choice(values) => values(),
            _ => Vec::new(),
        }
    }
}

/// The values a model enum accepts, as its JSON Schema lists them.
fn values_of<T: JsonSchema>() -> Vec<String> {
    let schema = schemars::schema_for!(T);
    let mut out = Vec::new();
    collect_values(schema.as_value(), &mut out);
    out
}

fn collect_values(value: &serde_json::Value, out: &mut Vec<String>) {
    let Some(object) = value.as_object() else {
        return;
    };
    if let Some(serde_json::Value::String(one)) = object.get("const") {
        out.push(one.clone());
    }
    if let Some(serde_json::Value::Array(values)) = object.get("enum") {
        out.extend(values.iter().filter_map(|v| v.as_str().map(str::to_string)));
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(serde_json::Value::Array(items)) = object.get(key) {
            items.iter().for_each(|item| collect_values(item, out));
        }
    }
}

const fn field(key: &'static str, ty: Type, headers: &'static [&'static str]) -> Field {
    Field {
        key,
        ty,
        required: false,
        headers,
    }
}

const fn required(key: &'static str, ty: Type, headers: &'static [&'static str]) -> Field {
    Field {
        key,
        ty,
        required: true,
        headers,
    }
}

/// The record id an incident belongs to, and the person code that matches it otherwise.
pub const INCIDENT_RECORD: &str = "record";
pub const INCIDENT_PERSON: &str = "person";

static DECISION_FIELDS: &[Field] = &[
    required(
        "title",
        Type::Text,
        &["title", "risk title", "activity", "choice", "risk"],
    ),
    field(
        "person",
        Type::Text,
        &[
            "person",
            "person code",
            "initials",
            "service user",
            "client",
            "resident",
            "tenant",
        ],
    ),
    field(
        "service",
        Type::Text,
        &["service", "location", "scheme", "home"],
    ),
    field(
        "status",
        Type::Choice(values_of::<Status>),
        &["status", "open/closed"],
    ),
    field(
        "opened",
        Type::Date,
        &[
            "date identified",
            "date raised",
            "date opened",
            "opened",
            "date added",
            "start date",
            "date",
        ],
    ),
    field(
        "closed_on",
        Type::Date,
        &["date closed", "closed on", "closed"],
    ),
    field(
        "statements",
        Type::List,
        &["quality statements", "statements", "cqc statements"],
    ),
    field(
        "themes",
        Type::List,
        &["themes", "theme", "category", "tags"],
    ),
    field(
        "choice.summary",
        Type::Markdown,
        &[
            "what the person wants",
            "choice",
            "summary",
            "description",
            "details",
        ],
    ),
    field(
        "choice.in_their_words",
        Type::Markdown,
        &[
            "in their words",
            "in their own words",
            "own words",
            "person's view",
            "voice",
        ],
    ),
    field("choice.what_matters", Type::Markdown, &["what matters"]),
    field(
        "risks.description",
        Type::Markdown,
        &[
            "hazard",
            "risk description",
            "what could happen",
            "risks",
            "risk",
        ],
    ),
    field(
        "risks.to",
        Type::Choice(values_of::<RiskTo>),
        &["risk to", "who is at risk", "at risk"],
    ),
    field(
        "risks.likelihood",
        Type::Choice(values_of::<Scale>),
        &["likelihood", "probability", "chance"],
    ),
    field(
        "risks.impact",
        Type::Choice(values_of::<Scale>),
        &["impact", "severity", "consequence"],
    ),
    field(
        "risks.abuse_or_neglect",
        Type::Choice(values_of::<AbuseOrNeglect>),
        &["abuse or neglect", "type of abuse", "abuse"],
    ),
    field(
        "capacity.status",
        Type::Choice(values_of::<CapacityStatus>),
        &["capacity", "mental capacity", "mca"],
    ),
    field(
        "capacity.assessed_on",
        Type::Date,
        &["capacity assessed on", "date assessed", "mca date"],
    ),
    field(
        "capacity.assessed_by",
        Type::Text,
        &["capacity assessed by", "assessed by", "assessor"],
    ),
    field(
        "decision.outcome",
        Type::Choice(values_of::<Outcome>),
        &["outcome", "decision", "result"],
    ),
    field(
        "decision.decided_on",
        Type::Date,
        &["decision date", "date agreed", "decided on", "agreed on"],
    ),
    field(
        "decision.involved",
        Type::List,
        &["who was involved", "involved", "attendees"],
    ),
    field(
        "decision.rationale",
        Type::Markdown,
        &["rationale", "reason", "why"],
    ),
    field(
        "decision.least_restrictive",
        Type::Markdown,
        &["least restrictive"],
    ),
    field(
        "decision.basis",
        Type::Choice(values_of::<Basis>),
        &["basis", "lawful basis", "legal basis"],
    ),
    field(
        "plan.action",
        Type::Markdown,
        &[
            "control measures",
            "controls",
            "actions",
            "measures",
            "mitigation",
            "plan",
        ],
    ),
    field(
        "plan.owner",
        Type::Text,
        &["owner", "responsible", "action by", "lead"],
    ),
    field(
        "review.every_days",
        Type::WholeNumber,
        &["review every (days)", "review every", "review frequency"],
    ),
    field(
        "review.next_due",
        Type::Date,
        &["next review", "review date", "review due"],
    ),
];

static INCIDENT_FIELDS: &[Field] = &[
    field(
        INCIDENT_RECORD,
        Type::Text,
        &["record", "record id", "decision record", "decision id"],
    ),
    field(
        INCIDENT_PERSON,
        Type::Text,
        &[
            "person",
            "person code",
            "initials",
            "service user",
            "client",
            "resident",
            "tenant",
        ],
    ),
    required(
        "on",
        Type::Date,
        &["date of incident", "incident date", "date", "when"],
    ),
    required(
        "summary",
        Type::Markdown,
        &[
            "what happened",
            "description",
            "summary",
            "details",
            "incident",
        ],
    ),
    required(
        "harm",
        Type::Choice(values_of::<Harm>),
        &["harm", "injury", "level of harm", "severity"],
    ),
    field("police", Type::YesNo, &["police involved", "police"]),
    field(
        "safeguarding_referral",
        Type::Text,
        &["safeguarding referral", "safeguarding", "referral"],
    ),
    field(
        "notified_on",
        Type::Date,
        &[
            "cqc notified on",
            "date cqc notified",
            "cqc notified",
            "notified",
        ],
    ),
    field(
        "learning",
        Type::Markdown,
        &[
            "learning",
            "lessons learnt",
            "lessons learned",
            "action taken",
        ],
    ),
    field(
        "abuse_or_neglect",
        Type::Choice(values_of::<AbuseOrNeglect>),
        &["abuse or neglect", "type of abuse", "abuse"],
    ),
];

static QUESTION_FIELDS: &[Field] = &[
    required(
        "id",
        Type::Text,
        &[
            "question number",
            "question no",
            "ref",
            "reference",
            "number",
            "no",
            "id",
        ],
    ),
    required(
        "text",
        Type::Markdown,
        &["question text", "question", "requirement"],
    ),
    required(
        "limit",
        Type::WholeNumber,
        &[
            "word limit",
            "character limit",
            "limit",
            "max words",
            "maximum",
        ],
    ),
    field(
        "count",
        Type::Choice(values_of::<CountUnit>),
        &["count", "unit", "limit unit"],
    ),
    field(
        "weight",
        Type::Percent,
        &["weighting", "weight", "score weighting"],
    ),
    field(
        "criteria",
        Type::List,
        &["evaluation criteria", "criteria", "what we look for"],
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_come_from_the_model() {
        let scale = Kind::Decisions.field("risks.likelihood").unwrap().choices();
        assert_eq!(scale, vec!["low", "medium", "high"]);
        let to = Kind::Decisions.field("risks.to").unwrap().choices();
        assert_eq!(to, vec!["self", "others", "both"]);
        let unit = Kind::Questions.field("count").unwrap().choices();
        assert!(
            unit.contains(&"characters-no-spaces".to_string()),
            "{unit:?}"
        );
        assert!(Kind::Decisions.field("title").unwrap().choices().is_empty());
    }

    #[test]
    fn every_kind_names_its_fields_once() {
        for kind in Kind::ALL {
            let mut keys: Vec<&str> = kind.fields().iter().map(|f| f.key).collect();
            let n = keys.len();
            keys.sort();
            keys.dedup();
            assert_eq!(keys.len(), n, "{kind:?}");
            assert_eq!(Kind::parse(kind.as_str()), Some(kind));
        }
    }
}
