//! What the first page leads with, in words and shapes the templates only place: how many of the
//! people supported the records are about, how the records were chosen, the shares of incidents
//! followed up, the chart of reviews in date, and for a tender pack the summary table that stands
//! in for the records.

use super::pack_json::{
    Bar, Chart, Dashboard, DecisionSummaryRow, Gridline, Headline, OutcomesDashboard,
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

// Small enough that its 14-unit text stays readable when the chart shrinks to a phone's width.
const CHART_WIDTH: u32 = 480;
const CHART_HEIGHT: u32 = 236;
const PLOT_LEFT: u32 = 44;
const PLOT_TOP: u32 = 24;
const PLOT_BOTTOM: u32 = 180;

pub fn chart(trend: &[TrendPoint]) -> Chart {
    let plot_height = PLOT_BOTTOM - PLOT_TOP;
    let slot = (CHART_WIDTH - PLOT_LEFT) / trend.len().max(1) as u32;
    let width = slot * 3 / 5;
    let bars = trend
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let height = p.percent.map_or(0, |pc| pc * plot_height / 100);
            let x = PLOT_LEFT + i as u32 * slot + (slot - width) / 2;
            let (month, year) = p.month.split_once(' ').unwrap_or((&p.month, ""));
            Bar {
                x,
                y: PLOT_BOTTOM - height,
                width,
                height,
                mid: x + width / 2,
                month: month.chars().take(3).collect(),
                year: (i == 0 || month == "January").then(|| year.to_string()),
                value: p.percent.map_or("–".to_string(), |pc| format!("{pc}%")),
                percent: p.percent,
            }
        })
        .collect();
    Chart {
        width: CHART_WIDTH,
        height: CHART_HEIGHT,
        gridlines: vec![
            Gridline {
                y: PLOT_BOTTOM,
                label: "0%",
            },
            Gridline {
                y: PLOT_TOP + plot_height / 2,
                label: "50%",
            },
            Gridline {
                y: PLOT_TOP,
                label: "100%",
            },
        ],
        bars,
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
            active: 1,
            in_date: 0,
            percent,
        }
    }

    #[test]
    fn the_chart_scales_bars_and_says_what_it_shows() {
        let trend = [
            point("November 2025", None),
            point("December 2025", Some(100)),
            point("January 2026", Some(50)),
        ];
        let c = chart(&trend);
        assert_eq!(c.bars[0].height, 0);
        assert_eq!(c.bars[0].value, "–");
        assert_eq!(c.bars[1].height, PLOT_BOTTOM - PLOT_TOP);
        assert_eq!(c.bars[1].y, PLOT_TOP);
        assert_eq!(c.bars[2].height, (PLOT_BOTTOM - PLOT_TOP) / 2);
        assert_eq!(c.bars[0].year.as_deref(), Some("2025"));
        assert_eq!(c.bars[1].year, None);
        assert_eq!(c.bars[2].year.as_deref(), Some("2026"));
        assert_eq!(c.bars[2].month, "Jan");
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
