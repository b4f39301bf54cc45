//! The to-do list for other tools: `--format csv` (a spreadsheet, one row per item) and
//! `--format ics` (an iCalendar file that Outlook and Google Calendar import, one all-day event
//! per dated item). Both are deterministic: the same pack and as-of date give the same bytes.
//!
//! Each event's UID names the record and the item, never a date, so importing next week's file
//! moves an event (a review done, a new due date) rather than adding a second one.

use icalendar::{Calendar, Component, Event, EventLike};

use super::table::{one_line, when};
use super::{Item, Kind, Report};
use crate::model::Date;
use crate::model::liberty::LIBERTY_PENDING_DAYS;

/// The CSV: a header row, then one row per item in the order of the list.
pub fn csv(report: &Report) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        "Kind", "Due", "When", "Record", "Person", "Title", "To do", "Owner", "File",
    ];
    // Writing to a Vec cannot fail.
    w.write_record(header).expect("write to memory");
    for i in &report.items {
        w.write_record([
            i.kind.as_str().to_string(),
            i.date.map(Date::iso).unwrap_or_default(),
            match i.kind {
                Kind::NoPlan => String::new(),
                Kind::LibertyPending => format!("waiting {} days", i.days),
                _ => when(i.days),
            },
            one_line(&i.record.id),
            one_line(&i.record.person),
            one_line(&i.record.title),
            one_line(&i.what),
            i.owner.map(one_line).unwrap_or_default(),
            crate::text::printable(i.file),
        ])
        .expect("write to memory");
    }
    w.into_inner().expect("write to memory")
}

/// The date an item's event is on: its due date, and for an application waiting too long the
/// day it began to wait too long. None for a record with no review plan.
pub fn event_date(i: &Item) -> Option<Date> {
    match i.kind {
        Kind::NoPlan => None,
        Kind::LibertyPending => i.date.map(|d| d.add_days(LIBERTY_PENDING_DAYS)),
        _ => i.date,
    }
}

/// A UID that stays the same for the same item whatever its date.
pub fn uid(i: &Item) -> String {
    let id = crate::view::anchor("", i.record.id.trim());
    let what = match i.kind {
        Kind::Review | Kind::NoPlan => "review".to_string(),
        Kind::Plan { index } => format!("plan-{}", index + 1),
        Kind::LibertyExpired | Kind::LibertyExpiring => "liberty-renewal".to_string(),
        Kind::LibertyPending => "liberty-application".to_string(),
    };
    format!("{id}.{what}@evidence-pack")
}

/// The iCalendar file.
pub fn ics(report: &Report) -> String {
    // DTSTAMP must be present; the as-of date at midnight keeps the file the same on every run.
    let stamp = report
        .as_of
        .0
        .and_hms_opt(0, 0, 0)
        .expect("midnight")
        .and_utc();
    let mut calendar = Calendar::new();
    calendar.name("Decision reviews and actions");
    for i in &report.items {
        let Some(on) = event_date(i) else { continue };
        let summary = match i.kind {
            Kind::Review => "Review due",
            Kind::Plan { .. } => "Plan action due",
            Kind::LibertyExpired => "Liberty authorisation expired",
            Kind::LibertyExpiring => "Liberty authorisation expires",
            Kind::LibertyPending => "Chase the liberty application",
            Kind::NoPlan => continue,
        };
        let mut description = format!(
            "{}: {}.\nRecord: {} ({}).\nOwner: {}.",
            summary,
            one_line(&i.what),
            one_line(&i.record.title),
            one_line(&i.record.person),
            i.owner
                .filter(|o| !o.is_empty())
                .map_or_else(|| "not named".to_string(), one_line),
        );
        description.push_str(&format!("\nFile: {}", crate::text::printable(i.file)));
        calendar.push(
            Event::new()
                .uid(&uid(i))
                .timestamp(stamp)
                .summary(&format!("{summary}: {}", one_line(&i.record.id)))
                .description(&description)
                .starts(on.0)
                .ends(on.add_days(1).0)
                .done(),
        );
    }
    calendar.done().to_string()
}
