//! The editor's forms, generated from the JSON Schema of each kind of file (the schema that
//! `evidence-pack schema` prints), never written by hand per field: a choice list for each fixed
//! set of values (radios up to five, a select beyond), a date field for each date, a number box
//! for numbers, a larger box for Markdown, and "Add another …" / "Remove" for each list of tables.
//! Each field's hint is its key's description in the schema, the same words as the template.
//!
//! The form is sent to the page as JSON ([`Field`]) and drawn there by the editor's script.

use serde::Serialize;
use serde_json::{Map, Value};

/// Most choices with radios; a choice among more is a select.
pub const MAX_RADIOS: usize = 5;

/// One field of a form, as the page draws it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    /// The key as written in the file (`rationale`).
    pub key: String,
    /// The visible label, in the reader's words.
    pub label: String,
    /// The hint under the label: the key's description in the schema.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub hint: String,
    /// The file cannot be read without it.
    pub required: bool,
    #[serde(flatten)]
    pub kind: Kind,
}

/// What sort of field it is.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Kind {
    /// One line of text.
    Text,
    /// A few sentences of plain text: a box of a few lines.
    Paragraph,
    /// Markdown: a larger box.
    Markdown,
    /// A date, written to the file in its ISO form.
    Date,
    /// A whole number.
    Number { minimum: Option<i64> },
    /// Yes or no.
    Boolean,
    /// One of a fixed set of values.
    Choice {
        options: Vec<Choice>,
        /// `radios` up to [`MAX_RADIOS`] options, `select` beyond.
        widget: &'static str,
    },
    /// Any of a fixed set of values (a list of them in the file).
    Choices { options: Vec<Choice> },
    /// A list of short texts, one per line in the box.
    Lines,
    /// A table (`[capacity]`).
    Group { fields: Vec<Field> },
    /// A list of tables (`[[risks]]`), with "Add another …" and "Remove".
    List {
        /// What one entry is called: "risk", "plan action".
        item: String,
        fields: Vec<Field>,
    },
}

/// One value of a choice, with its words for people.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Choice {
    /// What the file keeps (`supported-with-conditions`).
    pub value: String,
    /// What the person reads (`Supported with conditions`).
    pub label: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub hint: String,
}

/// The fields of a form made from `schema` (the root schema of one kind of file). `only` keeps
/// just the named top-level keys (for pack.toml, `["pack"]`).
pub fn fields(schema: &Value, only: Option<&[&str]>) -> Vec<Field> {
    let defs = schema.get("$defs").and_then(Value::as_object);
    let empty = Map::new();
    let defs = defs.unwrap_or(&empty);
    let mut out = object_fields(schema, defs, "");
    if let Some(only) = only {
        out.retain(|f| only.contains(&f.key.as_str()));
    }
    out
}

/// The order keys are shown in: the order of the records' own template (who and what first,
/// then the choice and voice, risks, what was decided, the plan and the reviews). Keys not listed
/// come after, in the schema's order.
const ORDER: &[&str] = &[
    "id",
    "title",
    "question",
    "status",
    "draft",
    "person",
    "service",
    "opened",
    "closed_on",
    "on",
    "by",
    "statements",
    "themes",
    "choice",
    "summary",
    "in_their_words",
    "what_matters",
    "risks",
    "description",
    "to",
    "likelihood",
    "impact",
    "capacity",
    "decision",
    "outcome",
    "decided_on",
    "involved",
    "basis",
    "rationale",
    "alternatives",
    "option",
    "why_not",
    "plan",
    "action",
    "owner",
    "safeguarding",
    "escalation",
    "liberty",
    "review",
    "reviews",
    "person_view",
    "incidents",
    "outcomes",
];

fn rank(key: &str) -> usize {
    ORDER.iter().position(|k| *k == key).unwrap_or(ORDER.len())
}

/// The fields of an object: `parent` is the key it is under (`""` at the top), which some labels
/// depend on (a risk's `to` is who is at risk, an escalation's `to` who it went to).
fn object_fields(schema: &Value, defs: &Map<String, Value>, parent: &str) -> Vec<Field> {
    let schema = resolve(schema, defs);
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        return Vec::new();
    };
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut fields: Vec<Field> = properties
        .iter()
        .map(|(key, property)| {
            field(
                parent,
                key,
                property,
                required.contains(&key.as_str()),
                defs,
            )
        })
        .collect();
    fields.sort_by_key(|f| rank(&f.key));
    fields
}

/// A `$ref` followed into `$defs` (once: the schemas here never refer to a reference).
fn resolve<'a>(schema: &'a Value, defs: &'a Map<String, Value>) -> &'a Value {
    schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/$defs/"))
        .and_then(|name| defs.get(name))
        .unwrap_or(schema)
}

/// The schema without its "or nothing": `anyOf: [X, null]` is X; `type: [string, null]` is a string.
fn not_null<'a>(schema: &'a Value, defs: &'a Map<String, Value>) -> Value {
    let schema = resolve(schema, defs);
    if let Some(any) = schema.get("anyOf").and_then(Value::as_array) {
        let some: Vec<&Value> = any
            .iter()
            .filter(|s| s.get("type").and_then(Value::as_str) != Some("null"))
            .collect();
        if let [one] = some.as_slice() {
            let mut inner = resolve(one, defs).clone();
            // The outer description (the key's own) wins over the type's.
            if let (Some(d), Some(obj)) = (schema.get("description"), inner.as_object_mut()) {
                obj.insert("description".into(), d.clone());
            }
            return inner;
        }
    }
    let mut out = schema.clone();
    if let Some(types) = schema.get("type").and_then(Value::as_array) {
        let some: Vec<&Value> = types
            .iter()
            .filter(|t| t.as_str() != Some("null"))
            .collect();
        if let ([one], Some(obj)) = (some.as_slice(), out.as_object_mut()) {
            obj.insert("type".into(), (*one).clone());
        }
    }
    out
}

fn field(
    parent: &str,
    key: &str,
    property: &Value,
    required: bool,
    defs: &Map<String, Value>,
) -> Field {
    // The key's own description, else its type's.
    let own = property.get("description").and_then(Value::as_str);
    let schema = not_null(property, defs);
    // A date's type says how TOML writes dates, which is not a hint for people.
    let is_date = schema.get("format").and_then(Value::as_str) == Some("date");
    let described = own.or_else(|| {
        (!is_date)
            .then(|| schema.get("description").and_then(Value::as_str))
            .flatten()
    });
    let markdown = described.is_some_and(|d| d.contains("(Markdown)"));
    let kind = kind_of(key, &schema, markdown, defs);
    let label = label(parent, key);
    let mut hint = hint(described.unwrap_or_default());
    if kind == Kind::Lines {
        // A list is typed one item to a line: TOML's brackets and quotes are not shown.
        hint = hint.replace(['[', ']', '"'], "");
    }
    if says_nothing_more(&hint, &label, &kind) {
        hint.clear();
    }
    Field {
        key: key.to_string(),
        label,
        hint,
        // Not "(optional)" when a rule always asks for it, even though the file reads without it.
        required: required || NEEDED_BY_RULES.contains(&(parent, key)),
        kind,
    }
}

/// Keys the schema lets a file leave out but a rule always asks for (an error when missing): a
/// decision's rationale (missing-rationale), an example's outcome (example-missing-outcome).
const NEEDED_BY_RULES: &[(&str, &str)] = &[("decision", "rationale"), ("", "outcome")];

fn kind_of(key: &str, schema: &Value, markdown: bool, defs: &Map<String, Value>) -> Kind {
    if let Some(options) = choices(schema) {
        return Kind::Choice {
            widget: if options.len() <= MAX_RADIOS {
                "radios"
            } else {
                "select"
            },
            options,
        };
    }
    let type_ = schema.get("type").and_then(Value::as_str).unwrap_or("");
    match type_ {
        "string" if schema.get("format").and_then(Value::as_str) == Some("date") => Kind::Date,
        "string" if markdown || MARKDOWN_KEYS.contains(&key) => Kind::Markdown,
        "string" if SHORT_KEYS.contains(&key) => Kind::Text,
        "string" => Kind::Paragraph,
        "integer" | "number" => Kind::Number {
            minimum: schema.get("minimum").and_then(Value::as_i64),
        },
        "boolean" => Kind::Boolean,
        "array" => {
            let items = schema
                .get("items")
                .map(|i| resolve(i, defs))
                .cloned()
                .unwrap_or(Value::Null);
            if let Some(options) = choices(&items) {
                Kind::Choices { options }
            } else if items.get("properties").is_some() {
                Kind::List {
                    item: item_name(key),
                    fields: object_fields(&items, defs, key),
                }
            } else {
                Kind::Lines
            }
        }
        _ if schema.get("properties").is_some() => Kind::Group {
            fields: object_fields(schema, defs, key),
        },
        _ => Kind::Text,
    }
}

/// Texts that are a name, a code or a few words: one line. Every other text gets a box.
const SHORT_KEYS: &[&str] = &[
    "id",
    "title",
    "person",
    "service",
    "by",
    "owner",
    "assessed_by",
    "decision_maker",
    "advocate",
    "to",
    "signed_off_by",
    "provider",
    "framework",
    "register",
    "question",
    "descriptor",
    "reference",
    "referral",
    "route",
    "authorised_by",
    "body_name",
];

/// Long texts whose schema does not say Markdown but which are written as paragraphs.
const MARKDOWN_KEYS: &[&str] = &["rationale", "body", "situation", "action", "learning"];

/// The values of an enum: `enum: [...]`, or `oneOf` of `const`s with their descriptions.
fn choices(schema: &Value) -> Option<Vec<Choice>> {
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return Some(
            values
                .iter()
                .filter_map(Value::as_str)
                .map(|v| choice(v, ""))
                .collect(),
        );
    }
    let one_of = schema.get("oneOf").and_then(Value::as_array)?;
    let mut out = Vec::new();
    for option in one_of {
        if let Some(value) = option.get("const").and_then(Value::as_str) {
            let hint = option
                .get("description")
                .and_then(Value::as_str)
                .unwrap_or("");
            out.push(choice(value, hint));
        } else if let Some(values) = option.get("enum").and_then(Value::as_array) {
            out.extend(
                values
                    .iter()
                    .filter_map(Value::as_str)
                    .map(|v| choice(v, "")),
            );
        } else {
            return None;
        }
    }
    Some(out)
}

fn choice(value: &str, hint: &str) -> Choice {
    Choice {
        value: value.to_string(),
        label: words(value),
        hint: hint.to_string(),
    }
}

/// `supported-with-conditions` → "Supported with conditions"; `self` → "Self".
fn words(value: &str) -> String {
    let spaced = value.replace(['-', '_'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The label of a key: the reader's words where the key's own are terse, else the key in words.
fn label(parent: &str, key: &str) -> String {
    let known = match (parent, key) {
        ("choice", "summary") => "What the person wants",
        ("incidents", "summary") => "What happened",
        ("outcomes", "summary") => "What changed",
        ("risks", "to") => "Who is at risk",
        ("escalation", "to") => "Escalated to",
        _ => "",
    };
    if !known.is_empty() {
        return known.to_string();
    }
    let known = match key {
        "id" => "Reference",
        "in_their_words" => "What the person wants, in their own words",
        "what_matters" => "What matters to the person",
        "why_not" => "Why not",
        "person" => "Person (initials or a code, never a name)",
        "person_view" => "The person's own view",
        "opened" => "Opened on",
        "closed_on" => "Closed on",
        "decided_on" => "Decided on",
        "on" => "Date",
        "by" => "By",
        "every_days" => "Review every (days)",
        "next_due" => "Next review due",
        "statements" => "Quality statements",
        _ => "",
    };
    if known.is_empty() {
        words(key)
    } else {
        known.to_string()
    }
}

/// What one entry of a list of tables is called, for "Add another …".
fn item_name(key: &str) -> String {
    match key {
        "plan" => "plan action".to_string(),
        "alternatives" => "alternative".to_string(),
        "outcomes" => "outcome".to_string(),
        _ => words(key.strip_suffix('s').unwrap_or(key)).to_lowercase(),
    }
}

/// A description as a hint: without "(Markdown)", its lines joined.
fn hint(description: &str) -> String {
    let text = description.replace("(Markdown)", "").replace('`', "");
    let text = crate::text::single_spaced(&text);
    // Where "(Markdown)" was taken out of the middle of a sentence ("The answer (Markdown). …").
    let text = text.replace(" .", ".").replace(" ,", ",");
    let text = text.trim().to_string();
    if text.is_empty() || text == "." {
        String::new()
    } else {
        text
    }
}

/// A hint that only repeats the label ("What the person wants"), or only lists the choices
/// shown under it ("self, others or both."), is left out.
fn says_nothing_more(hint: &str, label: &str, kind: &Kind) -> bool {
    let plain = |s: &str| {
        s.to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
    };
    if plain(hint) == plain(label) {
        return true;
    }
    let options = match kind {
        Kind::Choice { options, .. } | Kind::Choices { options } => options,
        _ => return false,
    };
    let listed: Vec<&str> = hint
        .split([',', '.', ' ', '(', ')'])
        .filter(|w| !w.is_empty() && !["or", "and", "default", "none"].contains(w))
        .collect();
    !listed.is_empty() && listed.iter().all(|w| options.iter().any(|o| o.value == *w))
}

/// Finds the field a dotted key names (`risks[0].to` → the `to` field of the risk list).
pub fn find<'a>(fields: &'a [Field], key: &str) -> Option<&'a Field> {
    let mut parts = key.split('.');
    let first = strip_index(parts.next()?);
    let mut field = fields.iter().find(|f| f.key == first)?;
    for part in parts {
        let part = strip_index(part);
        let inner = match &field.kind {
            Kind::Group { fields } | Kind::List { fields, .. } => fields,
            _ => return None,
        };
        field = inner.iter().find(|f| f.key == part)?;
    }
    Some(field)
}

fn strip_index(part: &str) -> &str {
    part.split('[').next().unwrap_or(part)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DecisionRecord;

    fn decision() -> Vec<Field> {
        let schema = schemars::SchemaGenerator::default().into_root_schema_for::<DecisionRecord>();
        fields(&serde_json::to_value(schema).unwrap(), None)
    }

    #[test]
    fn every_enum_is_a_choice_with_radios_up_to_five_and_a_select_beyond() {
        let form = decision();
        let outcome = find(&form, "decision.outcome").expect("decision.outcome");
        match &outcome.kind {
            Kind::Choice { options, widget } => {
                assert_eq!(*widget, "radios");
                assert_eq!(options.len(), 4);
                assert_eq!(options[1].value, "supported-with-conditions");
                assert_eq!(options[1].label, "Supported with conditions");
            }
            other => panic!("not a choice: {other:?}"),
        }
        let basis = find(&form, "decision.basis").expect("decision.basis");
        match &basis.kind {
            Kind::Choice { options, widget } => {
                assert!(options.len() > MAX_RADIOS);
                assert_eq!(*widget, "select");
                assert!(options.iter().all(|o| !o.hint.is_empty()), "{options:?}");
            }
            other => panic!("not a choice: {other:?}"),
        }
        let to = find(&form, "risks[0].to").expect("risks[0].to");
        assert!(matches!(&to.kind, Kind::Choice { options, .. } if options[0].value == "self"));
    }

    #[test]
    fn a_key_under_two_tables_gets_the_label_of_its_own_table() {
        let form = decision();
        let label = |key: &str| find(&form, key).expect(key).label.clone();
        assert_eq!(label("risks[0].to"), "Who is at risk");
        assert_eq!(label("escalation.to"), "Escalated to");
        assert_eq!(label("choice.summary"), "What the person wants");
        assert_eq!(label("incidents[0].summary"), "What happened");
        assert_eq!(label("outcomes[0].summary"), "What changed");
        // A rationale is always asked for by missing-rationale: it is not shown as optional.
        assert!(
            find(&form, "decision.rationale")
                .expect("rationale")
                .required
        );
        assert!(
            !find(&form, "decision.least_restrictive")
                .expect("lr")
                .required
        );
        // A list typed one item to a line is not described with TOML's brackets and quotes.
        let statements = find(&form, "statements").expect("statements");
        assert!(!statements.hint.is_empty());
        assert!(!statements.hint.contains(['[', '"']), "{}", statements.hint);
        assert_eq!(hint("The answer (Markdown). More."), "The answer. More.");
    }

    #[test]
    fn dates_numbers_markdown_and_lists_of_tables_get_their_own_fields() {
        let form = decision();
        assert_eq!(find(&form, "opened").unwrap().kind, Kind::Date);
        assert_eq!(find(&form, "reviews[2].on").unwrap().kind, Kind::Date);
        assert_eq!(
            find(&form, "decision.rationale").unwrap().kind,
            Kind::Markdown
        );
        assert_eq!(find(&form, "choice.summary").unwrap().kind, Kind::Markdown);
        assert_eq!(find(&form, "title").unwrap().kind, Kind::Text);
        assert_eq!(
            find(&form, "choice.in_their_words").unwrap().kind,
            Kind::Paragraph
        );
        assert_eq!(find(&form, "statements").unwrap().kind, Kind::Lines);
        assert!(matches!(
            find(&form, "review.every_days").unwrap().kind,
            Kind::Number { minimum: Some(0) }
        ));
        assert_eq!(find(&form, "draft").unwrap().kind, Kind::Boolean);
        match &find(&form, "plan").unwrap().kind {
            Kind::List { item, fields } => {
                assert_eq!(item, "plan action");
                assert!(fields.iter().any(|f| f.key == "action"));
            }
            other => panic!("not a list: {other:?}"),
        }
        assert!(matches!(
            &find(&form, "capacity").unwrap().kind,
            Kind::Group { .. }
        ));
    }

    #[test]
    fn fields_follow_the_template_order_with_the_schema_words_as_hints() {
        let form = decision();
        let keys: Vec<&str> = form.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(&keys[..3], ["id", "title", "status"]);
        let choice = keys.iter().position(|k| *k == "choice").unwrap();
        let risks = keys.iter().position(|k| *k == "risks").unwrap();
        let reviews = keys.iter().position(|k| *k == "reviews").unwrap();
        assert!(choice < risks && risks < reviews, "{keys:?}");
        let person = find(&form, "person").unwrap();
        assert_eq!(
            person.hint,
            "A pseudonymous reference (initials or a code), never a real name."
        );
        assert!(person.required);
        assert!(!find(&form, "service").unwrap().required);
        // "(Markdown)" is for the program, not the reader.
        assert!(
            !find(&form, "choice.summary")
                .unwrap()
                .hint
                .contains("Markdown")
        );
        assert!(find(&form, "nothing.here").is_none());
        // A hint that repeats the label or lists the choices says nothing more.
        assert_eq!(find(&form, "choice.summary").unwrap().hint, "");
        assert_eq!(find(&form, "risks[0].to").unwrap().hint, "");
        assert!(!find(&form, "decision.basis").unwrap().hint.is_empty());
    }

    #[test]
    fn only_keeps_the_named_tables() {
        let schema =
            schemars::SchemaGenerator::default().into_root_schema_for::<crate::model::PackConfig>();
        let form = fields(&serde_json::to_value(schema).unwrap(), Some(&["pack"]));
        assert_eq!(form.len(), 1);
        let Kind::Group { fields } = &form[0].kind else {
            panic!("[pack] is a table")
        };
        assert!(fields.iter().any(|f| f.key == "provider"));
        let audience = fields.iter().find(|f| f.key == "audience").unwrap();
        assert!(matches!(
            &audience.kind,
            Kind::Choice {
                widget: "radios",
                ..
            }
        ));
    }
}
