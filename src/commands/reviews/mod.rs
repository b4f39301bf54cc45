//! `evidence-pack reviews`: a to-do list of what falls due on the active records: reviews overdue
//! or due soon, plan actions overdue or due soon, deprivation-of-liberty authorisations expiring
//! or expired and applications waiting too long, each with its owner. It is a report, not a
//! check: it exits 0 whatever it finds.
//!
//! One list of [`Item`]s is collected here; `table.rs` prints it for people, `calendar.rs` as CSV
//! and iCalendar, and [`Report::json`] as JSON.

mod calendar;
mod table;

use std::io::Write;

use serde::Serialize;

use super::EXIT_OK;
use crate::checked::{CheckOptions, Checked};
use crate::cli::{ReviewsArgs, ReviewsFormat};
use crate::diagnostics::Rule;
use crate::diagnostics::plural;
use crate::error::Error;
use crate::load::Pack;
use crate::model::liberty::{Expiry, LIBERTY_PENDING_DAYS, LibertyStage};
use crate::model::review::ReviewState;
use crate::model::{Date, DecisionRecord};

pub fn run(args: &ReviewsArgs) -> Result<u8, Error> {
    let checked = Checked::run(&args.pack, &CheckOptions::at(args.as_of))?;
    let (pack, as_of) = (&checked.pack, checked.as_of);
    let report = Report::build(pack, as_of, args.within);
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        ReviewsFormat::Json => serde_json::to_writer_pretty(&mut out, &report.json())
            .map_err(std::io::Error::from)
            .and_then(|_| writeln!(out)),
        ReviewsFormat::Human => out.write_all(table::human(&report).as_bytes()),
        ReviewsFormat::Csv => out.write_all(&calendar::csv(&report)),
        ReviewsFormat::Ics => out.write_all(calendar::ics(&report).as_bytes()),
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

/// What an item of the list is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The record's next review, overdue or due within the window.
    Review,
    /// An active record with no review plan (no date: listed, never in a calendar).
    NoPlan,
    /// The `index`th `[[plan]]` action, not done, overdue or due within the window.
    Plan {
        index: usize,
    },
    LibertyExpired,
    LibertyExpiring,
    /// An application waiting longer than [`LIBERTY_PENDING_DAYS`] for authorisation.
    LibertyPending,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Review => "review",
            Kind::NoPlan => "no-review-plan",
            Kind::Plan { .. } => "plan",
            Kind::LibertyExpired => "liberty-expired",
            Kind::LibertyExpiring => "liberty-expiring",
            Kind::LibertyPending => "liberty-pending",
        }
    }
}

/// One thing to do.
#[derive(Debug, Clone)]
pub struct Item<'a> {
    pub kind: Kind,
    pub record: &'a DecisionRecord,
    pub file: &'a str,
    /// The due date; the expiry for an authorisation; the application's date when pending; none
    /// without a review plan.
    pub date: Option<Date>,
    /// Days from the as-of date to `date` (negative when overdue or expired); for a pending
    /// application, the days it has waited.
    pub days: i64,
    /// What is to be done, in words.
    pub what: String,
    /// Who does it: the plan action's owner; for a review, whoever did the last one; for a
    /// liberty item, the best-interests decision maker when the record names one.
    pub owner: Option<&'a str>,
}

impl Item<'_> {
    pub fn overdue(&self) -> bool {
        self.kind != Kind::LibertyPending && self.date.is_some() && self.days < 0
    }
}

/// The list for one as-of date and window.
#[derive(Debug, Clone)]
pub struct Report<'a> {
    pub as_of: Date,
    pub within: u32,
    /// Reviews soonest first (ties by id), then records with no review plan (by id), then plan
    /// actions soonest first, then liberty authorisations expiring or expired soonest first, then
    /// applications waiting the longest.
    pub items: Vec<Item<'a>>,
}

impl<'a> Report<'a> {
    pub fn build(pack: &'a Pack, as_of: Date, within: u32) -> Report<'a> {
        let last_day = as_of.add_days(within.into());
        let (mut reviews, mut no_plan, mut plans, mut expiry, mut pending) =
            (vec![], vec![], vec![], vec![], vec![]);
        for loaded in &pack.decisions {
            let record = &loaded.item;
            let file = pack.source(loaded.source).rel.as_str();
            let item = |kind, date: Option<Date>, days, what: String, owner| Item {
                kind,
                record,
                file,
                date,
                days,
                what,
                owner,
            };
            let state = ReviewState::of(record, as_of);
            let last_reviewer = record.latest_review().map(|r| r.by.trim());
            if state == ReviewState::NoPlan {
                no_plan.push(item(
                    Kind::NoPlan,
                    None,
                    0,
                    "Add a review plan".into(),
                    None,
                ));
            } else if let Some(due) = state.due().filter(|&due| due <= last_day) {
                reviews.push(item(
                    Kind::Review,
                    Some(due),
                    as_of.days_until(due),
                    "Review the decision".into(),
                    last_reviewer,
                ));
            }
            if !record.is_active() {
                continue;
            }
            for (index, action) in record.plan.iter().enumerate() {
                if let Some(due) = action.due.filter(|&due| due <= last_day)
                    && action.done_on.is_none()
                {
                    plans.push(item(
                        Kind::Plan { index },
                        Some(due),
                        as_of.days_until(due),
                        action.action.clone(),
                        Some(action.owner.trim()),
                    ));
                }
            }
            // The one derived liberty state (SPEC 4b), as `check` and the pack read it.
            let Some(state) = record.liberty_state(as_of, &pack.config.policy) else {
                continue;
            };
            let decider = record
                .capacity
                .as_ref()
                .and_then(|c| c.decision_maker.as_deref())
                .map(str::trim);
            match state.stage {
                LibertyStage::Authorised(
                    Expiry::Expired { expires, .. }
                    | Expiry::Expiring { expires, .. }
                    | Expiry::InForce { expires, .. },
                ) if expires <= last_day => expiry.push(item(
                    if expires < as_of {
                        Kind::LibertyExpired
                    } else {
                        Kind::LibertyExpiring
                    },
                    Some(expires),
                    as_of.days_until(expires),
                    "Apply to renew the authorisation".into(),
                    decider,
                )),
                LibertyStage::Pending {
                    since: Some(since),
                    days_waiting,
                } if days_waiting > LIBERTY_PENDING_DAYS => pending.push(item(
                    Kind::LibertyPending,
                    Some(since),
                    days_waiting,
                    "Chase the application".into(),
                    decider,
                )),
                _ => {}
            }
        }
        let by_date = |a: &Item, b: &Item| (a.date, &a.record.id).cmp(&(b.date, &b.record.id));
        reviews.sort_by(by_date);
        no_plan.sort_by(|a, b| a.record.id.cmp(&b.record.id));
        plans.sort_by(by_date);
        expiry.sort_by(by_date);
        pending.sort_by(by_date);
        let mut items = reviews;
        items.extend(no_plan);
        items.extend(plans);
        items.extend(expiry);
        items.extend(pending);
        Report {
            as_of,
            within,
            items,
        }
    }

    /// The items of one kind (plan actions whatever their index).
    pub fn of(&self, keep: impl Fn(Kind) -> bool) -> Vec<&Item<'a>> {
        self.items.iter().filter(|i| keep(i.kind)).collect()
    }

    /// The JSON array, in the order of [`Report::items`].
    pub fn json(&self) -> Vec<JsonEntry<'a>> {
        self.items.iter().map(JsonEntry::of).collect()
    }
}

/// An entry of `reviews --format json`, told apart by `kind`.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum JsonEntry<'a> {
    Review(JsonReview<'a>),
    Plan(JsonPlan<'a>),
    Liberty(JsonLiberty<'a>),
}

/// A review entry (kind "review" or "no-review-plan").
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
    /// Whoever did the last review, or null.
    pub owner: Option<&'a str>,
}

#[derive(Debug, Serialize)]
pub struct JsonLastReview<'a> {
    pub on: String,
    pub by: &'a str,
}

/// What a plan action or liberty entry says first: its kind and its record.
#[derive(Debug, Serialize)]
pub struct JsonHead<'a> {
    pub kind: &'static str,
    pub id: &'a str,
    pub title: &'a str,
    pub person: &'a str,
    pub service: Option<&'a str>,
    pub file: &'a str,
}

impl<'a> JsonHead<'a> {
    fn of(i: &Item<'a>) -> JsonHead<'a> {
        JsonHead {
            kind: i.kind.as_str(),
            id: &i.record.id,
            title: &i.record.title,
            person: &i.record.person,
            service: i.record.service.as_deref(),
            file: i.file,
        }
    }
}

/// A plan action entry (kind "plan").
#[derive(Debug, Serialize)]
pub struct JsonPlan<'a> {
    #[serde(flatten)]
    pub head: JsonHead<'a>,
    /// The action's place in the record's `[[plan]]`, from 0.
    pub plan_index: usize,
    pub action: &'a str,
    pub owner: Option<&'a str>,
    pub due: Option<String>,
    pub days_until_due: i64,
    pub overdue: bool,
}

/// A liberty entry (kind liberty-expired, liberty-expiring or liberty-pending).
#[derive(Debug, Serialize)]
pub struct JsonLiberty<'a> {
    #[serde(flatten)]
    pub head: JsonHead<'a>,
    /// dols or court-of-protection.
    pub route: Option<&'static str>,
    pub applied_on: Option<String>,
    pub authorised_on: Option<String>,
    pub expires_on: Option<String>,
    /// Days from the as-of date to the expiry: negative once expired.
    pub days_until_expiry: Option<i64>,
    /// Days since the application, for a pending one.
    pub days_waiting: Option<i64>,
    pub owner: Option<&'a str>,
}

impl<'a> JsonEntry<'a> {
    fn of(i: &Item<'a>) -> JsonEntry<'a> {
        let r = i.record;
        match i.kind {
            Kind::Review | Kind::NoPlan => JsonEntry::Review(JsonReview {
                id: &r.id,
                title: &r.title,
                person: &r.person,
                service: r.service.as_deref(),
                kind: i.kind.as_str(),
                file: i.file,
                review_plan: i.kind == Kind::Review,
                due: i.date.map(Date::iso),
                days_until_due: i.date.map(|_| i.days),
                overdue: i.overdue(),
                last_review: r.latest_review().map(|x| JsonLastReview {
                    on: x.on.iso(),
                    by: &x.by,
                }),
                owner: i.owner,
            }),
            Kind::Plan { index } => JsonEntry::Plan(JsonPlan {
                head: JsonHead::of(i),
                plan_index: index,
                action: &r.plan[index].action,
                owner: i.owner,
                due: i.date.map(Date::iso),
                days_until_due: i.days,
                overdue: i.overdue(),
            }),
            Kind::LibertyExpired | Kind::LibertyExpiring | Kind::LibertyPending => {
                let liberty = r.liberty.as_ref();
                let pending = i.kind == Kind::LibertyPending;
                JsonEntry::Liberty(JsonLiberty {
                    head: JsonHead::of(i),
                    route: liberty.and_then(|x| x.route).map(|x| x.as_str()),
                    applied_on: liberty.and_then(|x| x.applied_on).map(Date::iso),
                    authorised_on: liberty.and_then(|x| x.authorised_on).map(Date::iso),
                    expires_on: liberty.and_then(|x| x.expires_on).map(Date::iso),
                    days_until_expiry: (!pending).then_some(i.days),
                    days_waiting: pending.then_some(i.days),
                    owner: i.owner,
                })
            }
        }
    }
}
