//! The liberty part of `evidence-pack reviews`: deprivation-of-liberty authorisations on active
//! records that expire within the window or have expired (soonest first), and applications
//! waiting longer than 90 days for authorisation (longest waiting first).

use serde::Serialize;

use crate::diagnostics::plural;
use crate::load::Pack;
use crate::model::liberty::{Expiry, LIBERTY_PENDING_DAYS, LibertyStage};
use crate::model::{Date, DecisionRecord};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LibertyKind {
    Expired,
    Expiring,
    Pending,
}

impl LibertyKind {
    fn as_str(self) -> &'static str {
        match self {
            LibertyKind::Expired => "liberty-expired",
            LibertyKind::Expiring => "liberty-expiring",
            LibertyKind::Pending => "liberty-pending",
        }
    }
}

/// One authorisation to act on.
#[derive(Debug, Clone)]
pub struct LibertyDue<'a> {
    pub record: &'a DecisionRecord,
    pub file: &'a str,
    pub kind: LibertyKind,
    /// The expiry date, or for a pending application the date it was applied for.
    pub date: Date,
    /// Days from the as-of date to the expiry (negative once expired), or days waiting.
    pub days: i64,
}

/// Expiring and expired authorisations soonest first, then applications waiting the longest.
pub fn collect(pack: &Pack, as_of: Date, within: u32) -> Vec<LibertyDue<'_>> {
    let last_day = as_of.add_days(within.into());
    let mut expiry = Vec::new();
    let mut pending = Vec::new();
    for loaded in &pack.decisions {
        let record = &loaded.item;
        if !record.is_active() {
            continue;
        }
        let Some(state) = record.liberty_state(as_of, &pack.config.policy) else {
            continue;
        };
        let file = pack.source(loaded.source).rel.as_str();
        match state.stage {
            LibertyStage::Authorised(
                Expiry::Expired { expires, .. }
                | Expiry::Expiring { expires, .. }
                | Expiry::InForce { expires, .. },
            ) if expires <= last_day => expiry.push(LibertyDue {
                record,
                file,
                kind: if expires < as_of {
                    LibertyKind::Expired
                } else {
                    LibertyKind::Expiring
                },
                date: expires,
                days: as_of.days_until(expires),
            }),
            LibertyStage::Pending {
                since: Some(since),
                days_waiting,
            } if days_waiting > LIBERTY_PENDING_DAYS => pending.push(LibertyDue {
                record,
                file,
                kind: LibertyKind::Pending,
                date: since,
                days: days_waiting,
            }),
            _ => {}
        }
    }
    expiry.sort_by(|a, b| (a.date, &a.record.id).cmp(&(b.date, &b.record.id)));
    pending.sort_by(|a, b| (a.date, &a.record.id).cmp(&(b.date, &b.record.id)));
    expiry.extend(pending);
    expiry
}

/// The readable lists, empty when there is nothing to act on.
pub fn human(list: &[LibertyDue], within: u32, last_day: Date) -> String {
    let mut out = String::new();
    let expiry: Vec<&LibertyDue> = list
        .iter()
        .filter(|l| l.kind != LibertyKind::Pending)
        .collect();
    let pending: Vec<&LibertyDue> = list
        .iter()
        .filter(|l| l.kind == LibertyKind::Pending)
        .collect();
    if !expiry.is_empty() {
        out.push_str(&format!(
            "\nDeprivation of liberty: {} expired or expiring in the next {} (by {last_day}). Apply for renewal before an authorisation ends.\n\n",
            plural(expiry.len(), "authorisation", "authorisations"),
            plural(within as usize, "day", "days"),
        ));
        let mut rows = vec![header([
            "Expires",
            "When",
            "Record",
            "Person",
            "Title",
            "Authorised by",
        ])];
        for l in expiry {
            rows.push([
                l.date.long(),
                match l.days {
                    d if d < 0 => format!(
                        "expired {} ago",
                        plural(d.unsigned_abs() as usize, "day", "days")
                    ),
                    0 => "expires today".to_string(),
                    1 => "expires tomorrow".to_string(),
                    d => format!("expires in {d} days"),
                },
                super::reviews::one_line(&l.record.id),
                super::reviews::one_line(&l.record.person),
                super::reviews::one_line(&l.record.title),
                route(l.record),
            ]);
        }
        out.push_str(&super::reviews::table(&rows));
    }
    if !pending.is_empty() {
        out.push_str(&format!(
            "\nDeprivation of liberty: {} waiting more than {LIBERTY_PENDING_DAYS} days. Chase the supervisory body or the Court of Protection.\n\n",
            plural(pending.len(), "application", "applications"),
        ));
        let mut rows = vec![header([
            "Applied for",
            "Waiting",
            "Record",
            "Person",
            "Title",
            "Authorised by",
        ])];
        for l in pending {
            rows.push([
                l.date.long(),
                plural(l.days as usize, "day", "days"),
                super::reviews::one_line(&l.record.id),
                super::reviews::one_line(&l.record.person),
                super::reviews::one_line(&l.record.title),
                route(l.record),
            ]);
        }
        out.push_str(&super::reviews::table(&rows));
    }
    out
}

fn header<const N: usize>(cells: [&str; N]) -> [String; N] {
    cells.map(str::to_string)
}

fn route(record: &DecisionRecord) -> String {
    record
        .liberty
        .as_ref()
        .and_then(|l| l.route)
        .map_or("not recorded", |r| r.label())
        .to_string()
}

/// One liberty entry of `reviews --format json`, after the review entries.
#[derive(Debug, Serialize)]
pub struct JsonLiberty<'a> {
    /// liberty-expired, liberty-expiring or liberty-pending.
    pub kind: &'static str,
    pub id: &'a str,
    pub title: &'a str,
    pub person: &'a str,
    pub service: Option<&'a str>,
    pub file: &'a str,
    /// dols or court-of-protection.
    pub route: Option<&'static str>,
    pub applied_on: Option<String>,
    pub authorised_on: Option<String>,
    pub expires_on: Option<String>,
    /// Days from the as-of date to the expiry: negative once expired.
    pub days_until_expiry: Option<i64>,
    /// Days since the application, for a pending one.
    pub days_waiting: Option<i64>,
}

pub fn json<'a>(list: &[LibertyDue<'a>]) -> Vec<JsonLiberty<'a>> {
    list.iter()
        .map(|l| {
            let liberty = l.record.liberty.as_ref();
            let pending = l.kind == LibertyKind::Pending;
            JsonLiberty {
                kind: l.kind.as_str(),
                id: &l.record.id,
                title: &l.record.title,
                person: &l.record.person,
                service: l.record.service.as_deref(),
                file: l.file,
                route: liberty.and_then(|x| x.route).map(|r| r.as_str()),
                applied_on: liberty.and_then(|x| x.applied_on).map(Date::iso),
                authorised_on: liberty.and_then(|x| x.authorised_on).map(Date::iso),
                expires_on: liberty.and_then(|x| x.expires_on).map(Date::iso),
                days_until_expiry: (!pending).then_some(l.days),
                days_waiting: pending.then_some(l.days),
            }
        })
        .collect()
}
