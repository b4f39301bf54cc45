//! `evidence-pack reviews`: the active decision records whose next review is overdue or due soon,
//! soonest first. It is a report, not a check: it exits 0 whatever it finds.

use std::io::Write;

use serde::Serialize;

use super::EXIT_OK;
use crate::checked::{CheckOptions, Checked};
use crate::cli::{Format, ReviewsArgs};
use crate::diagnostics::Rule;
use crate::diagnostics::plural;
use crate::error::Error;
use crate::load::Pack;
use crate::model::review::ReviewState;
use crate::model::{Date, DecisionRecord};

pub fn run(args: &ReviewsArgs) -> Result<u8, Error> {
    let checked = Checked::run(
        &args.pack,
        &CheckOptions {
            as_of: args.as_of,
            ..CheckOptions::default()
        },
    )?;
    let (pack, as_of) = (&checked.pack, checked.as_of);
    let report = Report::build(pack, as_of, args.within);
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        Format::Json => serde_json::to_writer_pretty(&mut out, &report.json())
            .map_err(std::io::Error::from)
            .and_then(|_| writeln!(out)),
        Format::Human => out.write_all(report.human().as_bytes()),
    };
    if let Err(err) = written
        && err.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(Error::new(format!(
            "could not write the list of reviews: {err}"
        )));
    }
    let unreadable = pack
        .findings
        .iter()
        .filter(|f| f.rule == Rule::InvalidRecord && f.file.starts_with("content/"))
        .map(|f| f.file.as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    if unreadable > 0 {
        eprintln!(
            "Note: {} could not be read, so {} not listed. Run `evidence-pack check` to see why.",
            plural(unreadable, "record file", "record files"),
            if unreadable == 1 { "it is" } else { "they are" }
        );
    }
    Ok(EXIT_OK)
}

/// One active record whose review is overdue or due within the window.
#[derive(Debug, Clone)]
pub struct DueReview<'a> {
    pub record: &'a DecisionRecord,
    pub file: &'a str,
    pub due: Date,
    /// Days from the as-of date to the due date: negative when overdue.
    pub days: i64,
}

/// The reviews report for one as-of date and window.
#[derive(Debug, Clone)]
pub struct Report<'a> {
    pub as_of: Date,
    pub within: u32,
    /// Overdue or due by `as_of + within`, soonest first, ties by id.
    pub due: Vec<DueReview<'a>>,
    /// Active records with no review plan, by id.
    pub no_plan: Vec<(&'a DecisionRecord, &'a str)>,
    /// Liberty authorisations expiring or expired, then applications waiting over 90 days.
    pub liberty: Vec<super::reviews_liberty::LibertyDue<'a>>,
}

impl<'a> Report<'a> {
    pub fn build(pack: &'a Pack, as_of: Date, within: u32) -> Report<'a> {
        let last_day = as_of.add_days(within.into());
        let mut due = Vec::new();
        let mut no_plan = Vec::new();
        for loaded in &pack.decisions {
            let record = &loaded.item;
            let file = pack.source(loaded.source).rel.as_str();
            let state = ReviewState::of(record, as_of);
            if state == ReviewState::NoPlan {
                no_plan.push((record, file));
            } else if let Some(date) = state.due().filter(|&date| date <= last_day) {
                due.push(DueReview {
                    record,
                    file,
                    due: date,
                    days: as_of.days_until(date),
                });
            }
        }
        due.sort_by(|a, b| (a.due, &a.record.id).cmp(&(b.due, &b.record.id)));
        no_plan.sort_by(|a, b| a.0.id.cmp(&b.0.id));
        Report {
            as_of,
            within,
            due,
            no_plan,
            liberty: super::reviews_liberty::collect(pack, as_of, within),
        }
    }

    /// The readable list.
    pub fn human(&self) -> String {
        let mut out = String::new();
        let window = format!("the next {}", plural(self.within as usize, "day", "days"));
        let last_day = self.as_of.add_days(self.within.into());
        if self.due.is_empty() {
            out.push_str(&format!(
                "No reviews are overdue or due in {window} (by {last_day}), as of {}.\n",
                self.as_of
            ));
        } else {
            let overdue = self.due.iter().filter(|d| d.days < 0).count();
            out.push_str(&format!(
                "{} overdue or due in {window} (by {last_day}), as of {}",
                match self.due.len() {
                    1 => "1 review is".to_string(),
                    n => format!("{n} reviews are"),
                },
                self.as_of
            ));
            if overdue > 0 {
                out.push_str(&format!(
                    "; {} overdue",
                    if overdue == 1 && self.due.len() == 1 {
                        "it is".to_string()
                    } else {
                        format!("{overdue} {}", if overdue == 1 { "is" } else { "are" })
                    }
                ));
            }
            out.push_str(".\n\n");
            let mut rows = vec![[
                "Due".to_string(),
                "When".to_string(),
                "Record".to_string(),
                "Person".to_string(),
                "Title".to_string(),
                "Last review".to_string(),
            ]];
            for d in &self.due {
                rows.push([
                    d.due.long(),
                    when(d.days),
                    one_line(&d.record.id),
                    one_line(&d.record.person),
                    one_line(&d.record.title),
                    last_review(d.record),
                ]);
            }
            out.push_str(&table(&rows));
        }
        if !self.no_plan.is_empty() {
            out.push_str(&format!(
                "\nNo review plan ({}): add a [review] table with every_days, for example every_days = 28.\n\n",
                plural(self.no_plan.len(), "record", "records")
            ));
            let mut rows = vec![[
                "Record".to_string(),
                "Person".to_string(),
                "Title".to_string(),
                "File".to_string(),
            ]];
            for (record, file) in &self.no_plan {
                rows.push([
                    one_line(&record.id),
                    one_line(&record.person),
                    one_line(&record.title),
                    crate::text::printable(file),
                ]);
            }
            out.push_str(&table(&rows));
        }
        out.push_str(&super::reviews_liberty::human(
            &self.liberty,
            self.within,
            last_day,
        ));
        out
    }

    /// The JSON array: due reviews soonest first, then the records with no review plan, then
    /// the liberty authorisations to act on.
    pub fn json(&self) -> Vec<JsonEntry<'a>> {
        let due = self.due.iter().map(|d| JsonReview {
            id: &d.record.id,
            title: &d.record.title,
            person: &d.record.person,
            service: d.record.service.as_deref(),
            kind: "review",
            file: d.file,
            review_plan: true,
            due: Some(d.due.iso()),
            days_until_due: Some(d.days),
            overdue: d.days < 0,
            last_review: d.record.latest_review().map(|r| JsonLastReview {
                on: r.on.iso(),
                by: &r.by,
            }),
        });
        let no_plan = self.no_plan.iter().map(|(record, file)| JsonReview {
            id: &record.id,
            title: &record.title,
            person: &record.person,
            service: record.service.as_deref(),
            kind: "no-review-plan",
            file,
            review_plan: false,
            due: None,
            days_until_due: None,
            overdue: false,
            last_review: record.latest_review().map(|r| JsonLastReview {
                on: r.on.iso(),
                by: &r.by,
            }),
        });
        due.chain(no_plan)
            .map(JsonEntry::Review)
            .chain(
                super::reviews_liberty::json(&self.liberty)
                    .into_iter()
                    .map(JsonEntry::Liberty),
            )
            .collect()
    }
}

/// An entry of `reviews --format json`: a review, or a liberty authorisation (told apart by `kind`).
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum JsonEntry<'a> {
    Review(JsonReview<'a>),
    Liberty(super::reviews_liberty::JsonLiberty<'a>),
}

/// One entry of `reviews --format json`.
#[derive(Debug, Serialize)]
pub struct JsonReview<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub person: &'a str,
    pub service: Option<&'a str>,
    /// "review", or "no-review-plan" for a record without one.
    pub kind: &'static str,
    /// The record's file, relative to the pack root with `/`.
    pub file: &'a str,
    /// False when the record has no review plan (no `[review]` every_days or next_due).
    pub review_plan: bool,
    /// The next review due date (ISO), null without a review plan.
    pub due: Option<String>,
    /// Days from the as-of date to the due date: negative when overdue.
    pub days_until_due: Option<i64>,
    pub overdue: bool,
    pub last_review: Option<JsonLastReview<'a>>,
}

#[derive(Debug, Serialize)]
pub struct JsonLastReview<'a> {
    pub on: String,
    pub by: &'a str,
}

/// "12 days overdue", "due today", "due tomorrow", "due in 5 days".
pub fn when(days: i64) -> String {
    match days {
        d if d < 0 => format!(
            "{} overdue",
            plural(d.unsigned_abs() as usize, "day", "days")
        ),
        0 => "due today".to_string(),
        1 => "due tomorrow".to_string(),
        d => format!("due in {d} days"),
    }
}

fn last_review(record: &DecisionRecord) -> String {
    match record.latest_review() {
        Some(r) => format!("{} by {}", r.on.long(), one_line(&r.by)),
        None => "none yet".to_string(),
    }
}

/// User text on one line, with hidden characters made visible.
pub(super) fn one_line(text: &str) -> String {
    crate::text::printable(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Rows as aligned columns, two spaces apart, the first row being the header.
pub(super) fn table<const N: usize>(rows: &[[String; N]]) -> String {
    let mut widths = [0usize; N];
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if i + 1 < N {
                let pad = widths[i] - cell.chars().count() + 2;
                line.push_str(&" ".repeat(pad));
            }
        }
        out.push_str("  ");
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_in_words() {
        assert_eq!(when(-12), "12 days overdue");
        assert_eq!(when(-1), "1 day overdue");
        assert_eq!(when(0), "due today");
        assert_eq!(when(1), "due tomorrow");
        assert_eq!(when(28), "due in 28 days");
    }

    #[test]
    fn columns_line_up() {
        let rows = vec![
            ["Due".to_string(), "Title".to_string()],
            ["1 November 2026".to_string(), "Café".to_string()],
        ];
        assert_eq!(
            table(&rows),
            "  Due              Title\n  1 November 2026  Café\n"
        );
    }
}
