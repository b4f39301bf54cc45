//! What the first page leads with, in words and shapes the templates only place: how many of the
//! people supported the records are about, how the records were chosen, the shares of incidents
//! followed up, the chart of reviews in date, and for a tender pack the summary table that stands
//! in for the records.

use super::pack_json::{
    Bar, Chart, ChartYear, Dashboard, DecisionSummaryRow, Headline, OutcomesDashboard,
    StatementView, TenderSummary, TrendPoint, WellbeingCount, anchor,
};
use super::record::{level_label, review_state};
use super::redact::{Redactor, heading};
use crate::diagnostics::plural;
use crate::load::Pack;
use crate::model::pack_config::Selection;
use crate::model::{Date, DecisionRecord};

/// What a tender pack says where its decision records would be.
pub const TENDER_NOTE: &str =
    "Decision records are summarised: their detail stays with the provider.";

pub(super) fn headline(
    pack: &Pack,
    dashboard: &Dashboard,
    outcomes: &OutcomesDashboard,
    included: (usize, usize),
    tender: Option<TenderSummary>,
) -> Headline {
    let people_sentence = people_sentence(
        dashboard.decisions,
        dashboard.people,
        outcomes.people_supported,
    );
    let mut areas: Vec<&WellbeingCount> = outcomes
        .outcomes_by_wellbeing
        .iter()
        .filter(|w| w.count > 0)
        .collect();
    areas.sort_by_key(|w| std::cmp::Reverse(w.count));
    let outcome_areas = areas
        .iter()
        .map(|w| format!("{}: {}", w.label, w.count))
        .collect::<Vec<_>>()
        .join("; ");
    let review_due: usize = outcomes
        .incidents_by_harm
        .iter()
        .map(|h| h.review_due)
        .sum();
    let in_time: usize = outcomes
        .incidents_by_harm
        .iter()
        .map(|h| h.reviewed_in_time)
        .sum();
    let required: usize = outcomes
        .incidents_by_harm
        .iter()
        .map(|h| h.notification_required)
        .sum();
    let notified: usize = outcomes.incidents_by_harm.iter().map(|h| h.notified).sum();
    Headline {
        people_label: people_sentence
            .split_once(' ')
            .map_or(String::new(), |(_, rest)| rest.to_string()),
        people_sentence,
        median_days: outcomes.median_days_to_decision.map(days_text),
        incident_review_days: pack.config.policy.incident_review_days(),
        outcome_area_count: areas.len(),
        outcome_areas,
        median_sentence: outcomes
            .median_days_to_decision
            .map(|days| format!("Median of {} from a request to a decision", days_text(days))),
        incidents_review_due: review_due,
        incidents_reviewed_in_time: in_time,
        incidents_reviewed_in_time_percent: share(in_time, review_due),
        incidents_notification_required: required,
        incidents_notified: notified,
        incidents_notified_percent: share(notified, required),
        // `[select]`'s values are the user's text: a name there is reported and never shown.
        selection: pack.identifiers.redact(&selection_words(pack, included)),
        chart: chart(&outcomes.review_trend),
        tender,
    }
}

fn share(part: usize, whole: usize) -> Option<u32> {
    (whole > 0).then(|| ((part as f64 * 100.0 / whole as f64).round()) as u32)
}

/// "14 days", "1 day", "6.5 days".
pub fn days_text(days: f64) -> String {
    if days.fract() == 0.0 {
        plural(days as usize, "day", "days")
    } else {
        format!("{days:.1} days")
    }
}

pub fn people_sentence(decisions: usize, people: usize, supported: Option<u32>) -> String {
    let records = plural(decisions, "decision", "decisions");
    match supported {
        Some(total) => format!(
            "{records} about {people} of the {} we support",
            plural(total as usize, "person", "people")
        ),
        None => format!("{records} about {}", plural(people, "person", "people")),
    }
}

/// `[select]` in words, with how many records and examples it took of those kept.
pub fn selection_words(pack: &Pack, (decisions, examples): (usize, usize)) -> String {
    let kept_decisions = pack.decisions.iter().filter(|d| !d.item.draft).count();
    let kept_examples = pack.examples.iter().filter(|e| !e.item.draft).count();
    let drafts = pack.decisions.len() - kept_decisions + pack.examples.len() - kept_examples;
    let drafts = match drafts {
        0 => String::new(),
        n => format!(
            " {} marked as {} {} left out.",
            plural(n, "record", "records"),
            if n == 1 { "a draft" } else { "drafts" },
            if n == 1 { "is" } else { "are" }
        ),
    };
    let chosen = pack
        .config
        .select
        .as_ref()
        .filter(|s| !crate::select::is_everything(s))
        .map(criteria);
    match chosen {
        None => format!(
            "Every decision record and practice example the provider keeps is included: {} and {}.{drafts}",
            plural(decisions, "decision record", "decision records"),
            plural(examples, "practice example", "practice examples"),
        ),
        Some(criteria) => format!(
            "Chosen for this pack: {criteria}. {decisions} of the {kept_decisions} decision records and {examples} of the {kept_examples} practice examples are included.{drafts}"
        ),
    }
}

fn criteria(s: &Selection) -> String {
    let or = |items: &[String]| {
        let items: Vec<String> = items
            .iter()
            .map(|i| crate::text::printable(i.trim()))
            .collect();
        join(&items, "or")
    };
    let mut parts = Vec::new();
    if !s.services.is_empty() {
        parts.push(format!("for the service {}", or(&s.services)));
    }
    if !s.themes.is_empty() {
        parts.push(format!("on the theme {}", or(&s.themes)));
    }
    if !s.statements.is_empty() {
        parts.push(format!(
            "evidencing quality statement {}",
            or(&s.statements)
        ));
    }
    if !s.status.is_empty() {
        parts.push(format!("that are {}", or(&s.status)));
    }
    let mut words = if parts.is_empty() {
        String::new()
    } else {
        format!("the records and examples {}", join(&parts, "and"))
    };
    if !s.ids.is_empty() {
        let ids = or(&s.ids).replace(" or ", " and ");
        words = if words.is_empty() {
            format!("{ids}, named by id")
        } else {
            format!("{words}, and {ids} named by id")
        };
    }
    words
}

fn join(items: &[String], word: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {word} {last}", rest.join(", ")),
    }
}

pub fn chart(trend: &[TrendPoint]) -> Chart {
    // The months before the first with an active record say nothing: a new pack would show a
    // row of empty months.
    let first = trend.iter().position(|p| p.active > 0);
    let shown = first.map_or(&[][..], |i| &trend[i..]);
    let left_out = match (first, trend.first(), trend.last()) {
        (Some(0), ..) => None,
        (Some(1), Some(start), _) => Some(format!(
            "No record was active at the end of {}, so it is left out.",
            start.month
        )),
        (Some(i), Some(start), _) => Some(format!(
            "No record was active at the ends of {} to {}, so those months are left out.",
            start.month,
            trend[i - 1].month
        )),
        (None, Some(start), Some(end)) => Some(format!(
            "No record was active at any month end from {} to {}.",
            start.month, end.month
        )),
        _ => None,
    };
    let mut years: Vec<ChartYear> = Vec::new();
    let bars = shown
        .iter()
        .map(|p| {
            let (month, year) = p.month.split_once(' ').unwrap_or((&p.month, ""));
            let starts_year = years.last().is_none_or(|y| y.year != year);
            if starts_year {
                years.push(ChartYear {
                    year: year.to_string(),
                    months: 0,
                });
            }
            if let Some(y) = years.last_mut() {
                y.months += 1;
            }
            Bar {
                date: p.date.clone(),
                month: month.chars().take(3).collect(),
                month_name: p.month.clone(),
                year: year.to_string(),
                starts_year,
                value: p
                    .percent
                    .map_or("No active records".to_string(), |pc| format!("{pc}%")),
                percent: p.percent,
                active: p.active,
                in_date: p.in_date,
                records: if p.active == 0 {
                    "None".to_string()
                } else {
                    format!("{} of {}", p.in_date, p.active)
                },
            }
        })
        .collect();
    Chart {
        bars,
        years,
        left_out,
        text_alternative: text_alternative(trend),
    }
}

fn text_alternative(trend: &[TrendPoint]) -> String {
    let (Some(first), Some(last)) = (trend.first(), trend.last()) else {
        return String::new();
    };
    let mut text = format!(
        "The share of active decision records whose review was in date, at the end of each month from {} to {}.",
        first.month, last.month
    );
    let known: Vec<&TrendPoint> = trend.iter().filter(|p| p.percent.is_some()).collect();
    if let (Some(start), Some(end)) = (known.first(), known.last()) {
        let low = known
            .iter()
            .min_by_key(|p| p.percent)
            .expect("known is not empty");
        let high = known
            .iter()
            .max_by_key(|p| p.percent)
            .expect("known is not empty");
        if low.percent == high.percent {
            text.push_str(&format!(
                " It was {}% at every month end when a record was active.",
                low.percent.unwrap_or(0)
            ));
            return text;
        }
        text.push_str(&format!(
            " It was {}% at the end of {} and {}% at the end of {}; the lowest was {}% ({}) and the highest {}% ({}).",
            start.percent.unwrap_or(0),
            start.month,
            end.percent.unwrap_or(0),
            end.month,
            low.percent.unwrap_or(0),
            low.month,
            high.percent.unwrap_or(0),
            high.month,
        ));
    } else {
        text.push_str(" No record was active in that time.");
    }
    text
}

pub(super) fn tender_summary(
    decisions: &[&DecisionRecord],
    row: impl Fn(&DecisionRecord) -> DecisionSummaryRow,
) -> TenderSummary {
    TenderSummary {
        note: TENDER_NOTE,
        rows: decisions.iter().map(|d| row(d)).collect(),
    }
}

/// A tender pack's row for a record: id, title, outcome, risk level, review state and quality
/// statements, and nothing of its text.
pub(super) fn summary_row(
    d: &DecisionRecord,
    as_of: Date,
    r: &Redactor,
    statement_label: &(dyn Fn(&str) -> StatementView + Sync),
) -> DecisionSummaryRow {
    let level = d.risk_level();
    let review = review_state(d, as_of);
    DecisionSummaryRow {
        id: heading(r.text(&d.id)),
        anchor: anchor("", &d.id),
        title: heading(r.text(&d.title)),
        outcome: d.decision.outcome.as_str(),
        outcome_label: d.decision.outcome.label(),
        risk_level: level.as_str(),
        risk_level_label: level_label(level),
        review_state: review.state,
        review_state_label: review.state_label,
        statements: d.statements.iter().map(|s| statement_label(s)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_sentence_names_the_people_supported_when_given() {
        assert_eq!(
            people_sentence(13, 13, Some(120)),
            "13 decisions about 13 of the 120 people we support"
        );
        assert_eq!(people_sentence(1, 1, None), "1 decision about 1 person");
        assert_eq!(
            people_sentence(2, 1, Some(1)),
            "2 decisions about 1 of the 1 person we support"
        );
    }

    #[test]
    fn days_are_whole_or_halves() {
        assert_eq!(days_text(14.0), "14 days");
        assert_eq!(days_text(1.0), "1 day");
        assert_eq!(days_text(6.5), "6.5 days");
    }

    #[test]
    fn selection_criteria_in_words() {
        let s = Selection {
            services: vec!["Riverside supported living".into()],
            themes: vec!["medication".into(), "community-access".into()],
            status: vec!["active".into()],
            ids: vec!["D-002".into()],
            ..Selection::default()
        };
        assert_eq!(
            criteria(&s),
            "the records and examples for the service Riverside supported living, on the theme medication or community-access and that are active, and D-002 named by id"
        );
        let ids = Selection {
            ids: vec!["D-001".into(), "PX-001".into()],
            ..Selection::default()
        };
        assert_eq!(criteria(&ids), "D-001 and PX-001, named by id");
    }

    fn point(month: &str, percent: Option<u32>) -> TrendPoint {
        TrendPoint {
            date: String::new(),
            month: month.to_string(),
            active: usize::from(percent.is_some()) * 4,
            in_date: percent.map_or(0, |p| p as usize * 4 / 100),
            percent,
        }
    }

    #[test]
    fn the_chart_leaves_out_empty_months_before_the_first_record_and_shows_each_year_once() {
        let trend = [
            point("October 2025", None),
            point("November 2025", None),
            point("December 2025", Some(100)),
            point("January 2026", Some(50)),
            point("February 2026", None),
            point("March 2026", Some(0)),
        ];
        let c = chart(&trend);
        let months: Vec<&str> = c.bars.iter().map(|b| b.month.as_str()).collect();
        assert_eq!(months, ["Dec", "Jan", "Feb", "Mar"]);
        assert_eq!(
            c.left_out.as_deref(),
            Some(
                "No record was active at the ends of October 2025 to November 2025, so those months are left out."
            )
        );
        let years: Vec<(&str, usize)> = c
            .years
            .iter()
            .map(|y| (y.year.as_str(), y.months))
            .collect();
        assert_eq!(years, [("2025", 1), ("2026", 3)]);
        let starts: Vec<bool> = c.bars.iter().map(|b| b.starts_year).collect();
        assert_eq!(starts, [true, true, false, false]);
        // The number of records behind each bar; a month with none is marked, not drawn as 0%.
        assert_eq!(c.bars[0].records, "4 of 4");
        assert_eq!(c.bars[1].records, "2 of 4");
        assert_eq!(
            (c.bars[2].percent, c.bars[2].value.as_str()),
            (None, "No active records")
        );
        assert_eq!(c.bars[2].records, "None");
        assert_eq!(
            (c.bars[3].percent, c.bars[3].value.as_str()),
            (Some(0), "0%")
        );
        assert_eq!(c.bars[1].month_name, "January 2026");

        let empty = chart(&[point("May 2026", None), point("June 2026", None)]);
        assert!(empty.bars.is_empty() && empty.years.is_empty());
        assert_eq!(
            empty.left_out.as_deref(),
            Some("No record was active at any month end from May 2026 to June 2026.")
        );
        assert_eq!(chart(&[point("May 2026", Some(100))]).left_out, None);
    }

    #[test]
    fn the_chart_says_what_it_shows() {
        let trend = [
            point("November 2025", None),
            point("December 2025", Some(100)),
            point("January 2026", Some(50)),
        ];
        let c = chart(&trend);
        assert!(
            c.text_alternative.contains(
                "It was 100% at the end of December 2025 and 50% at the end of January 2026; the lowest was 50% (January 2026) and the highest 100% (December 2025)."
            ),
            "{}",
            c.text_alternative
        );
        let flat = chart(&[point("May 2026", Some(100)), point("June 2026", Some(100))]);
        assert!(
            flat.text_alternative
                .ends_with("It was 100% at every month end when a record was active."),
            "{}",
            flat.text_alternative
        );
    }
}
