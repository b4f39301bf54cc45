//! The parts of the view about what happened after a decision (SPEC section 4a): each record's
//! incidents, outcomes and plan dates, and the dashboard's figures that an evaluator scores:
//! people supported, days to a decision, incidents and how they were followed up, outcomes by
//! wellbeing area, the person's voice in reviews and the trend of reviews in date.

use super::pack_json::{
    DateView, HarmCount, IncidentReviewView, IncidentView, OutcomeView, OutcomesDashboard,
    PlanDatesView, TrendPoint, WellbeingCount,
};
use super::redact::Redactor;
use crate::model::decision::PlanAction;
use crate::model::outcomes::{
    Harm, Incident, Wellbeing, WellbeingOutcome, incident_review, reviewed_in_time,
};
use crate::model::{Date, DecisionRecord};

/// Incidents and outcomes count toward the cover's figures when dated in the 365 days up to and
/// including the as-of date.
pub const WINDOW_DAYS: i64 = 365;
/// Month ends in the review trend.
pub const TREND_MONTHS: usize = 12;

pub(super) fn incident_views(
    d: &DecisionRecord,
    review_days: u32,
    as_of: Date,
    r: &Redactor,
) -> Vec<IncidentView> {
    let mut incidents: Vec<&Incident> = d.incidents.iter().collect();
    incidents.sort_by_key(|i| i.on);
    incidents
        .into_iter()
        .map(|i| {
            let review = incident_review(d, i, review_days);
            let within = crate::diagnostics::plural(review_days as usize, "day", "days");
            let review_label = match review {
                Some(rv) => format!(
                    "Reviewed on {}, {} ({})",
                    rv.review.on.long(),
                    match rv.days_after {
                        0 => "the same day".to_string(),
                        n => format!(
                            "{} later",
                            crate::diagnostics::plural(n as usize, "day", "days")
                        ),
                    },
                    if rv.late {
                        format!("late: later than {within}")
                    } else {
                        format!("within {within}")
                    }
                ),
                None => {
                    let due = i.on.add_days(review_days.into());
                    if due < as_of {
                        format!("No review since: one was due by {}", due.long())
                    } else {
                        format!("Review due by {}", due.long())
                    }
                }
            };
            IncidentView {
                on: i.on.into(),
                summary: r.markdown(&i.summary),
                harm: i.harm.as_str(),
                harm_label: i.harm.label(),
                police: i.police,
                safeguarding_referral: i.safeguarding_referral.as_deref().map(|t| r.text(t)),
                safeguarding_reason: i
                    .safeguarding_reason
                    .as_deref()
                    .filter(|t| !t.trim().is_empty())
                    .map(|t| r.text(t)),
                abuse_or_neglect_label: i.abuse_or_neglect.map(|k| k.label()),
                referred: i.referred(),
                notification_required: i.needs_notification(),
                notified_on: i.notified_on.map(DateView::from),
                review: review.map(|rv| IncidentReviewView {
                    on: rv.review.on.into(),
                    days_after: rv.days_after,
                    late: rv.late,
                }),
                review_label,
                learning: i
                    .learning
                    .as_deref()
                    .filter(|t| !t.trim().is_empty())
                    .map(|t| r.markdown(t)),
            }
        })
        .collect()
}

pub(super) fn outcome_views(d: &DecisionRecord, r: &Redactor) -> Vec<OutcomeView> {
    let mut outcomes: Vec<&WellbeingOutcome> = d.outcomes.iter().collect();
    outcomes.sort_by_key(|o| o.on);
    outcomes
        .into_iter()
        .map(|o| OutcomeView {
            on: o.on.into(),
            wellbeing: o.wellbeing.as_str(),
            wellbeing_label: o.wellbeing.label(),
            summary: r.markdown(&o.summary),
        })
        .collect()
}

pub(super) fn plan_dates(p: &PlanAction, as_of: Date) -> PlanDatesView {
    let (state, state_label) = match (p.due, p.done_on) {
        (_, Some(done)) => ("done", format!("Done on {}", done.long())),
        (Some(due), None) if due < as_of => (
            "overdue",
            format!(
                "Due {}: {} overdue",
                due.long(),
                crate::diagnostics::plural(due.days_until(as_of) as usize, "day", "days")
            ),
        ),
        (Some(due), None) => ("due", format!("Due {}", due.long())),
        (None, None) => ("ongoing", "Ongoing".to_string()),
    };
    PlanDatesView {
        due: p.due.map(DateView::from),
        done_on: p.done_on.map(DateView::from),
        state,
        state_label,
    }
}

/// Dated in the 365 days up to and including `as_of`.
pub fn in_window(on: Date, as_of: Date) -> bool {
    (0..WINDOW_DAYS).contains(&on.days_until(as_of))
}

pub fn dashboard(
    decisions: &[&DecisionRecord],
    as_of: Date,
    review_days: u32,
    people_supported: Option<u32>,
) -> OutcomesDashboard {
    let incidents: Vec<(&DecisionRecord, &Incident)> = decisions
        .iter()
        .flat_map(|d| d.incidents.iter().map(move |i| (*d, i)))
        .filter(|(_, i)| in_window(i.on, as_of))
        .collect();
    let incidents_by_harm = Harm::ALL
        .iter()
        .map(|&harm| {
            let of_harm: Vec<&(&DecisionRecord, &Incident)> =
                incidents.iter().filter(|(_, i)| i.harm == harm).collect();
            let reviewed: Vec<bool> = of_harm
                .iter()
                .filter(|(d, _)| d.is_active())
                .filter_map(|(d, i)| reviewed_in_time(d, i, review_days, as_of))
                .collect();
            let notify: Vec<&&(&DecisionRecord, &Incident)> = of_harm
                .iter()
                .filter(|(_, i)| i.needs_notification())
                .collect();
            HarmCount {
                key: harm.as_str(),
                label: harm.label(),
                count: of_harm.len(),
                review_due: reviewed.len(),
                reviewed_in_time: reviewed.iter().filter(|ok| **ok).count(),
                notification_required: notify.len(),
                notified: notify
                    .iter()
                    .filter(|(_, i)| i.notified_on.is_some())
                    .count(),
            }
        })
        .collect();
    let outcomes: Vec<&WellbeingOutcome> = decisions
        .iter()
        .flat_map(|d| &d.outcomes)
        .filter(|o| in_window(o.on, as_of))
        .collect();
    let outcomes_by_wellbeing = Wellbeing::ALL
        .iter()
        .map(|&area| WellbeingCount {
            key: area.as_str(),
            label: area.label(),
            count: outcomes.iter().filter(|o| o.wellbeing == area).count(),
        })
        .collect();
    let reviews: Vec<bool> = decisions
        .iter()
        .flat_map(|d| &d.reviews)
        .map(|r| !crate::text::is_blank(r.person_view.as_deref()))
        .collect();
    OutcomesDashboard {
        people_supported,
        median_days_to_decision: median_days_to_decision(decisions),
        incidents_12_months: incidents.len(),
        incidents_by_harm,
        outcomes_12_months: outcomes.len(),
        outcomes_by_wellbeing,
        reviews_with_person_view_percent: percent(
            reviews.iter().filter(|v| **v).count(),
            reviews.len(),
        ),
        review_trend: review_trend(decisions, as_of),
    }
}

fn percent(part: usize, whole: usize) -> u32 {
    if whole == 0 {
        0
    } else {
        ((part as f64 * 100.0 / whole as f64).round()) as u32
    }
}

/// The median of the days from `opened` to `decided_on` (a half day when the count is even and
/// the middle two differ by an odd number).
pub fn median_days_to_decision(decisions: &[&DecisionRecord]) -> Option<f64> {
    let mut days: Vec<i64> = decisions
        .iter()
        .map(|d| d.opened.days_until(d.decision.decided_on).max(0))
        .collect();
    if days.is_empty() {
        return None;
    }
    days.sort_unstable();
    let mid = days.len() / 2;
    Some(if days.len() % 2 == 1 {
        days[mid] as f64
    } else {
        (days[mid - 1] + days[mid]) as f64 / 2.0
    })
}

/// The last [`TREND_MONTHS`] month ends on or before `as_of`, oldest first.
pub fn month_ends(as_of: Date) -> Vec<Date> {
    use chrono::Datelike;
    let first_of_month = |d: Date| Date::from_ymd(d.0.year(), d.0.month(), 1).unwrap_or(d);
    // The end of the month before as-of, unless as-of is itself a month end.
    let mut end = if as_of.add_days(1).0.day() == 1 {
        as_of
    } else {
        first_of_month(as_of).add_days(-1)
    };
    let mut ends = Vec::with_capacity(TREND_MONTHS);
    for _ in 0..TREND_MONTHS {
        ends.push(end);
        end = first_of_month(end).add_days(-1);
    }
    ends.reverse();
    ends
}

/// Whether the record's review was in date on `day`, judged from its own dates as the as-of
/// review state is: `None` when the record was not active that day (not yet opened, or closed).
pub fn review_in_date_on(d: &DecisionRecord, day: Date) -> Option<bool> {
    if d.opened > day || d.closed_on.is_some_and(|c| c <= day) {
        return None;
    }
    let every = d.every_days()?;
    let due = match d
        .reviews
        .iter()
        .filter(|r| r.on <= day)
        .max_by_key(|r| r.on)
    {
        Some(latest) => latest.on.add_days(every.into()),
        None => d
            .first_review_due()
            .unwrap_or_else(|| d.decision.decided_on.add_days(every.into())),
    };
    Some(due >= day)
}

pub fn review_trend(decisions: &[&DecisionRecord], as_of: Date) -> Vec<TrendPoint> {
    month_ends(as_of)
        .into_iter()
        .map(|day| {
            let states: Vec<bool> = decisions
                .iter()
                .filter_map(|d| {
                    let active = d.opened <= day && d.closed_on.is_none_or(|c| c > day);
                    active.then(|| review_in_date_on(d, day).unwrap_or(false))
                })
                .collect();
            let in_date = states.iter().filter(|s| **s).count();
            TrendPoint {
                date: day.iso(),
                month: month_name(day),
                active: states.len(),
                in_date,
                percent: (!states.is_empty()).then(|| percent(in_date, states.len())),
            }
        })
        .collect()
}

fn month_name(day: Date) -> String {
    // "31 October 2026" without its day.
    let long = day.long();
    long.split_once(' ')
        .map_or(long.clone(), |(_, rest)| rest.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(iso: &str) -> Date {
        Date::parse_iso(iso).unwrap()
    }

    /// A record opened on `opened`, decided on `decided`, with more TOML after its [decision].
    fn record(id: &str, opened: &str, decided: &str, more: &str) -> DecisionRecord {
        let (top, more) = more.split_once("\n\n[review]").map_or(
            (String::new(), more.to_string()),
            |(top, rest)| {
                if top.starts_with("status") {
                    (format!("{top}\n"), format!("[review]{rest}"))
                } else {
                    (String::new(), more.to_string())
                }
            },
        );
        let text = format!(
            "id = \"{id}\"\ntitle = \"t\"\nperson = \"{id}\"\nopened = {opened}\n{top}\n[choice]\nsummary = \"s\"\n\n[[risks]]\ndescription = \"r\"\nto = \"self\"\nlikelihood = \"low\"\nimpact = \"low\"\n\n[decision]\noutcome = \"supported\"\ndecided_on = {decided}\n\n{more}"
        );
        toml::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"))
    }

    fn review(on: &str, view: bool) -> String {
        let view = if view {
            "person_view = \"Fine.\"\n"
        } else {
            ""
        };
        format!("[[reviews]]\non = {on}\nby = \"Key worker\"\noutcome = \"Fine.\"\n{view}\n")
    }

    fn incident(on: &str, harm: &str, extra: &str) -> String {
        format!("[[incidents]]\non = {on}\nsummary = \"s\"\nharm = \"{harm}\"\n{extra}\n")
    }

    /// Three records, worked by hand, as of 1 November 2026:
    /// - A: opened 1 March, decided 11 March (10 days), every 30 days, reviews 5 October (with
    ///   the person's view) and 20 October (without); incidents 10 October (minor, police, CQC
    ///   notified; reviewed 20 October, 10 days later: late) and 30 September 2025 (outside the
    ///   365 days); outcomes 1 October 2026 (control) and 1 November 2025 (just outside).
    /// - B: opened 10 June, decided 14 June (4 days), every 28 days, no review yet (first due
    ///   12 July); incident 1 July (serious, not notified, no review and 123 days passed); outcome
    ///   2 November 2025 (health: the first day inside the window).
    /// - C: opened 1 January 2026, decided 2 February (32 days), closed 15 April, every 28 days,
    ///   review 1 March (with the view); incident 5 March (none), closed record.
    fn pack() -> Vec<DecisionRecord> {
        let a = record(
            "A",
            "2026-03-01",
            "2026-03-11",
            &format!(
                "[review]\nevery_days = 30\n\n{}{}{}{}[[outcomes]]\non = 2026-10-01\nwellbeing = \"control\"\nsummary = \"s\"\n\n[[outcomes]]\non = 2025-11-01\nwellbeing = \"health\"\nsummary = \"s\"\n",
                review("2026-10-05", true),
                review("2026-10-20", false),
                incident(
                    "2026-10-10",
                    "minor",
                    "police = true\nnotified_on = 2026-10-11"
                ),
                incident("2025-09-30", "none", ""),
            ),
        );
        let b = record(
            "B",
            "2026-06-10",
            "2026-06-14",
            &format!(
                "[review]\nevery_days = 28\n\n{}[[outcomes]]\non = 2025-11-02\nwellbeing = \"health\"\nsummary = \"s\"\n",
                incident("2026-07-01", "serious", "")
            ),
        );
        let c = record(
            "C",
            "2026-01-01",
            "2026-02-02",
            &format!(
                "status = \"closed\"\nclosed_on = 2026-04-15\n\n[review]\nevery_days = 28\n\n{}{}",
                review("2026-03-01", true),
                incident("2026-03-05", "none", "")
            ),
        );
        vec![a, b, c]
    }

    fn figures() -> OutcomesDashboard {
        let records = pack();
        let refs: Vec<&DecisionRecord> = records.iter().collect();
        dashboard(&refs, date("2026-11-01"), 7, Some(120))
    }

    #[test]
    fn people_supported_is_passed_through() {
        assert_eq!(figures().people_supported, Some(120));
        let records = pack();
        let refs: Vec<&DecisionRecord> = records.iter().collect();
        assert_eq!(
            dashboard(&refs, date("2026-11-01"), 7, None).people_supported,
            None
        );
    }

    #[test]
    fn median_days_to_decision_is_the_middle_value() {
        // 10, 4 and 32 days: the median is 10.
        assert_eq!(figures().median_days_to_decision, Some(10.0));
        // 4 and 10 days: halfway between.
        let records = pack();
        let two: Vec<&DecisionRecord> = records.iter().take(2).collect();
        assert_eq!(median_days_to_decision(&two), Some(7.0));
        let odd = [&records[0], &records[2]];
        assert_eq!(median_days_to_decision(&odd), Some(21.0));
        assert_eq!(median_days_to_decision(&[]), None);
    }

    #[test]
    fn incidents_in_the_last_12_months_by_harm() {
        let f = figures();
        // A's 10 October, B's 1 July and C's 5 March; A's 30 September 2025 is 397 days back.
        assert_eq!(f.incidents_12_months, 3);
        let harm = |key: &str| f.incidents_by_harm.iter().find(|h| h.key == key).unwrap();
        assert_eq!(
            f.incidents_by_harm
                .iter()
                .map(|h| h.key)
                .collect::<Vec<_>>(),
            ["serious", "minor", "none"]
        );
        // B's serious incident: due for review, none came; CQC not told.
        let serious = harm("serious");
        assert_eq!(
            (serious.count, serious.review_due, serious.reviewed_in_time),
            (1, 1, 0)
        );
        assert_eq!((serious.notification_required, serious.notified), (1, 0));
        // A's minor incident with the police: reviewed 10 days later (late), CQC told.
        let minor = harm("minor");
        assert_eq!(
            (minor.count, minor.review_due, minor.reviewed_in_time),
            (1, 1, 0)
        );
        assert_eq!((minor.notification_required, minor.notified), (1, 1));
        // C's incident is on a closed record: counted, not judged for its review.
        let none = harm("none");
        assert_eq!(
            (none.count, none.review_due, none.notification_required),
            (1, 0, 0)
        );
    }

    #[test]
    fn the_window_is_365_days_up_to_and_including_as_of() {
        let as_of = date("2026-11-01");
        assert!(in_window(as_of, as_of));
        assert!(in_window(date("2025-11-02"), as_of));
        assert!(!in_window(date("2025-11-01"), as_of));
        assert!(!in_window(date("2026-11-02"), as_of));
    }

    #[test]
    fn outcomes_in_the_last_12_months_by_wellbeing_area() {
        let f = figures();
        // A's 1 October (control) and B's 2 November 2025 (health); A's 1 November 2025 is out.
        assert_eq!(f.outcomes_12_months, 2);
        let count = |key: &str| {
            f.outcomes_by_wellbeing
                .iter()
                .find(|w| w.key == key)
                .unwrap()
                .count
        };
        assert_eq!(
            (count("control"), count("health"), count("dignity")),
            (1, 1, 0)
        );
        assert_eq!(f.outcomes_by_wellbeing.len(), 9);
        assert_eq!(
            f.outcomes_by_wellbeing[3].label,
            "Control over day-to-day life"
        );
    }

    #[test]
    fn share_of_reviews_with_the_persons_view() {
        // Three reviews (A: 5 and 20 October, C: 1 March), two with the person's view: 67%.
        assert_eq!(figures().reviews_with_person_view_percent, 67);
    }

    #[test]
    fn the_month_ends_are_the_12_up_to_as_of() {
        let ends: Vec<String> = month_ends(date("2026-11-01"))
            .into_iter()
            .map(Date::iso)
            .collect();
        assert_eq!(ends.len(), 12);
        assert_eq!(ends[0], "2025-11-30");
        assert_eq!(ends[3], "2026-02-28");
        assert_eq!(ends[11], "2026-10-31");
        // An as-of date that is a month end is the last point.
        let ends = month_ends(date("2026-10-31"));
        assert_eq!(ends[11].iso(), "2026-10-31");
        assert_eq!(ends[0].iso(), "2025-11-30");
    }

    #[test]
    fn review_trend_across_a_record_opening_and_a_review_falling_due() {
        let f = figures();
        let at = |iso: &str| {
            f.review_trend
                .iter()
                .find(|p| p.date == iso)
                .unwrap()
                .clone()
        };
        // Before anything opened: no record active, no percentage.
        let nov = at("2025-11-30");
        assert_eq!((nov.active, nov.in_date, nov.percent), (0, 0, None));
        assert_eq!(nov.month, "November 2025");
        // 31 January: C open (decided later, first review due 2 February + 28 = 2 March).
        assert_eq!(at("2026-01-31").percent, Some(100));
        // 31 March: A opened in March (first review due 10 April, in date); C reviewed 1 March
        // (next due 29 March): C's review fell due in March and is overdue on 31 March.
        let march = at("2026-03-31");
        assert_eq!(
            (march.active, march.in_date, march.percent),
            (2, 1, Some(50))
        );
        // 30 April: C closed on 15 April; A's first review (due 10 April) did not come.
        let april = at("2026-04-30");
        assert_eq!(
            (april.active, april.in_date, april.percent),
            (1, 0, Some(0))
        );
        // 30 June: B opened in June (first review due 12 July): in date; A still overdue.
        let june = at("2026-06-30");
        assert_eq!((june.active, june.in_date, june.percent), (2, 1, Some(50)));
        // 31 July: B's first review fell due on 12 July and did not come.
        assert_eq!(at("2026-07-31").percent, Some(0));
        // 31 October: A reviewed on 20 October (due 19 November); B still overdue.
        let oct = at("2026-10-31");
        assert_eq!((oct.active, oct.in_date, oct.percent), (2, 1, Some(50)));
    }
}
