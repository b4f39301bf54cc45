//! Figures (`{{name}}`) and practice examples (`{{example ID}}`) filled into an answer by
//! evidence-pack's own code (SPEC section 10): never by a template engine, so an answer's text
//! can call nothing. An unknown `{{…}}` is kept as it stands and reported, never made empty.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::load::Pack;
use crate::model::{Date, DecisionRecord, PracticeExample};
use crate::text::group_thousands;
use crate::view::{Dashboard, ViewInput, dashboard_only};

/// Every figure an answer may use, in the order of SPEC section 10.
pub const FIGURE_NAMES: &[&str] = &[
    "as_of",
    "decisions",
    "people",
    "active",
    "supported",
    "supported_percent",
    "restrictive",
    "restrictive_percent",
    "restrictions",
    "restrictions_agreed_percent",
    "reviews_in_date",
    "reviews_in_date_percent",
    "escalated",
    "high_risk",
    "examples",
    "median_days_to_decision",
    "incidents_12_months",
    "outcomes_12_months",
    "people_supported",
    "escalated_before_decision_percent",
    "liberty_days_without_authorisation",
    "advocate_percent",
];

/// What a figure prints as when the pack does not hold it: `people_supported` without
/// `[pack] people_supported`, or the median with no records.
pub const NOT_RECORDED: &str = "not recorded";

/// The figures of a pack as of a date, as they are printed into answers.
#[derive(Debug, Clone)]
pub struct Figures {
    pub as_of: Date,
    values: BTreeMap<&'static str, String>,
}

impl Figures {
    /// The figures of the selected records and examples as of `as_of`, computed as pack.json's
    /// dashboard is (the same code), so an answer and the pack never disagree.
    pub fn compute(
        pack: &Pack,
        decisions: &[&DecisionRecord],
        examples: &[&PracticeExample],
        as_of: Date,
    ) -> Figures {
        let input = ViewInput {
            pack,
            decisions: decisions.to_vec(),
            examples: examples.to_vec(),
            as_of,
            findings: &[],
            draft: false,
        };
        let dashboard = dashboard_only(&input);
        Figures::from_dashboard(&dashboard, as_of)
    }

    fn from_dashboard(d: &Dashboard, as_of: Date) -> Figures {
        let number = |n: usize| group_thousands(n as u64);
        let percent = |p: u32| format!("{p}%");
        let values: BTreeMap<&'static str, String> = [
            ("as_of", as_of.long()),
            ("decisions", number(d.decisions)),
            ("people", number(d.people)),
            ("active", number(d.active)),
            ("supported", number(d.supported)),
            ("supported_percent", percent(d.supported_percent)),
            ("restrictive", number(d.restrictive)),
            ("restrictive_percent", percent(d.restrictive_percent)),
            ("restrictions", number(d.lawful.restrictions)),
            (
                "restrictions_agreed_percent",
                percent(d.lawful.restrictions_agreed_percent),
            ),
            ("reviews_in_date", number(d.reviews_in_date)),
            (
                "reviews_in_date_percent",
                percent(d.reviews_in_date_percent),
            ),
            ("escalated", number(d.escalated)),
            ("high_risk", number(d.high_risk)),
            ("examples", number(d.examples)),
            (
                "median_days_to_decision",
                d.outcomes
                    .median_days_to_decision
                    .map_or_else(|| NOT_RECORDED.to_string(), format_days),
            ),
            (
                "incidents_12_months",
                number(d.outcomes.incidents_12_months),
            ),
            ("outcomes_12_months", number(d.outcomes.outcomes_12_months)),
            (
                "people_supported",
                d.outcomes
                    .people_supported
                    .map_or_else(|| NOT_RECORDED.to_string(), |n| number(n as usize)),
            ),
            (
                "escalated_before_decision_percent",
                percent(d.lawful.escalated_before_decision_percent),
            ),
            (
                "liberty_days_without_authorisation",
                group_thousands(d.lawful.liberty_days_without_authorisation),
            ),
            ("advocate_percent", percent(d.lawful.advocate_percent)),
        ]
        .into_iter()
        .collect();
        Figures { as_of, values }
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }
}

/// 12 or 12.5: a median of whole days is whole or a half.
fn format_days(days: f64) -> String {
    if days.fract() == 0.0 {
        group_thousands(days as u64)
    } else {
        format!("{days:.1}")
    }
}

/// A `{{…}}` in an answer's body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    /// What stands between the braces, trimmed.
    pub inner: String,
    /// Where the whole `{{…}}` stands in the body.
    pub range: Range<usize>,
    pub kind: PlaceholderKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlaceholderKind {
    Figure(&'static str),
    /// `{{example ID}}` on a line of its own.
    Example(String),
    /// `{{example ID}}` with other text on its line.
    ExampleInLine(String),
    Unknown,
}

/// Every `{{…}}` in `body`, in order. A `{{` with no `}}` after it on the same line is text.
pub fn placeholders(body: &str) -> Vec<Placeholder> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = body[from..].find("{{").map(|i| from + i) {
        let line_end = body[open..].find('\n').map_or(body.len(), |i| open + i);
        let Some(close) = body[open + 2..line_end].find("}}").map(|i| open + 2 + i) else {
            from = open + 2;
            continue;
        };
        let range = open..close + 2;
        let inner = body[open + 2..close].trim().to_string();
        let kind = if let Some(id) = inner.strip_prefix("example ").map(str::trim) {
            let line_start = body[..open].rfind('\n').map_or(0, |i| i + 1);
            let alone = body[line_start..open].trim().is_empty()
                && body[range.end..line_end].trim().is_empty();
            if alone {
                PlaceholderKind::Example(id.to_string())
            } else {
                PlaceholderKind::ExampleInLine(id.to_string())
            }
        } else if let Some(name) = FIGURE_NAMES.iter().find(|n| **n == inner) {
            PlaceholderKind::Figure(name)
        } else {
            PlaceholderKind::Unknown
        };
        found.push(Placeholder { inner, range, kind });
        from = close + 2;
    }
    found
}

/// The body with its figures and examples filled in (Markdown). `example` finds a practice
/// example that the answer may use; anything else is kept as written, for the rules to report.
pub fn fill<'a>(
    body: &str,
    figures: &Figures,
    example: impl Fn(&str) -> Option<&'a PracticeExample>,
) -> String {
    let mut out = String::with_capacity(body.len() * 2);
    let mut pos = 0;
    for p in placeholders(body) {
        out.push_str(&body[pos..p.range.start]);
        let replacement = match &p.kind {
            PlaceholderKind::Figure(name) => figures.get(name).map(str::to_string),
            PlaceholderKind::Example(id) => example(id).map(example_markdown),
            PlaceholderKind::ExampleInLine(_) | PlaceholderKind::Unknown => None,
        };
        match replacement {
            Some(text) => out.push_str(&text),
            None => out.push_str(&body[p.range.clone()]),
        }
        pos = p.range.end;
    }
    out.push_str(&body[pos..]);
    out
}

/// A practice example as an answer shows it: its title as a heading, then its situation,
/// action, outcome and learning.
pub fn example_markdown(example: &PracticeExample) -> String {
    let title = example.title.replace('\n', " ");
    let mut out = format!("\n## {}\n\n", title.trim());
    for section in example.counted_sections() {
        out.push_str(section.trim());
        out.push_str("\n\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_told_apart() {
        let body = "We had {{ decisions }} records.\n{{example PX-002}}\nSee {{example PX-001}} and {{nope}} {{ unclosed\n}}";
        let kinds: Vec<PlaceholderKind> = placeholders(body).into_iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            vec![
                PlaceholderKind::Figure("decisions"),
                PlaceholderKind::Example("PX-002".into()),
                PlaceholderKind::ExampleInLine("PX-001".into()),
                PlaceholderKind::Unknown,
            ]
        );
    }

    #[test]
    fn numbers_are_grouped_and_medians_halved() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1000), "1,000");
        assert_eq!(group_thousands(1234567), "1,234,567");
        assert_eq!(format_days(12.0), "12");
        assert_eq!(format_days(12.5), "12.5");
    }
}
