//! Tests: `reviews` as a to-do list (SPEC 9a, issue 27): plan actions overdue or due with their
//! owners, lines that fit 100 columns, and the same list as CSV and as an iCalendar file that
//! parses back with one event per dated item, stable UIDs and the same bytes on every run.

use icalendar::{Component, DatePerhapsTime};
use serde_json::Value as Json;

use crate::support::{AS_OF, TempPack, evidence_pack};

/// The clean pack with two plan actions not done (one overdue, one due in 4 days), one done,
/// D-002's authorisation expiring within the window and D-005 (a copy of D-002) waiting 91 days.
fn todo_pack() -> TempPack {
    let pack = TempPack::copy_of("rules-clean");
    let d2 = "content/decisions/d-002.toml";
    let original = pack.read(d2);
    let liberty = original
        .find("[liberty]")
        .expect("D-002 has a [liberty] table");
    let end = original[liberty + 1..]
        .find("\n[")
        .map_or(original.len(), |i| liberty + 2 + i);
    let table = &original[liberty..end];
    pack.replace(
        d2,
        table,
        "[liberty]\nconsidered_on = 2026-04-09\ndeprivation = \"yes\"\nroute = \"court-of-protection\"\napplied_on = 2026-04-12\nauthorised_on = 2026-06-01\nexpires_on = 2026-11-29\nnotified_on = 2026-06-03\n",
    );
    let copy = original
        .replace("id = \"D-002\"", "id = \"D-005\"")
        .replace("person = \"CD\"", "person = \"XY\"")
        .replace(
            table,
            "[liberty]\nconsidered_on = 2026-04-09\ndeprivation = \"yes\"\nroute = \"dols\"\napplied_on = 2026-08-02\n",
        );
    pack.write("content/decisions/d-005.toml", copy);
    pack.replace(
        "content/decisions/d-001.toml",
        "owner = \"AB\"\n",
        "owner = \"AB\"\ndue = 2026-10-20\n",
    );
    pack.replace(
        "content/decisions/d-003.toml",
        "owner = \"EF\"\n",
        "owner = \"EF\"\ndue = 2026-11-05\n",
    );
    pack
}

fn reviews(pack: &TempPack, format: &str) -> String {
    let out = evidence_pack()
        .arg("reviews")
        .arg(pack.path())
        .args(["--as-of", AS_OF, "--format", format])
        .output()
        .expect("run reviews");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn plan_actions_not_done_are_listed_with_their_owners() {
    let pack = todo_pack();
    let human = reviews(&pack, "human");
    for line in human.lines() {
        assert!(line.chars().count() <= 100, "wider than 100: {line}");
    }
    assert!(human.contains("Plan actions: 2 actions"), "{human}");
    let line = |text: &str| {
        human
            .lines()
            .find(|l| l.contains(text))
            .unwrap_or_else(|| panic!("{text} not listed:\n{human}"))
    };
    let overdue = line("12 days overdue");
    assert!(
        overdue.contains("D-001") && overdue.ends_with("AB"),
        "{human}"
    );
    let soon = line("due in 4 days");
    assert!(soon.contains("D-003") && soon.ends_with("EF"), "{human}");
    // D-002's action was done: not listed.
    assert!(!human.contains("A friend goes out"), "{human}");

    let list: Json = serde_json::from_str(&reviews(&pack, "json")).unwrap();
    let plans: Vec<(&str, &str, i64)> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "plan")
        .map(|e| {
            (
                e["id"].as_str().unwrap(),
                e["owner"].as_str().unwrap(),
                e["days_until_due"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(plans, [("D-001", "AB", -12), ("D-003", "EF", 4)]);
}

#[test]
fn the_ics_file_has_one_event_per_dated_item_and_the_same_bytes_each_run() {
    let pack = todo_pack();
    let list: Json = serde_json::from_str(&reviews(&pack, "json")).unwrap();
    let dated: Vec<&Json> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] != "no-review-plan")
        .collect();
    let kinds: Vec<&str> = dated.iter().map(|e| e["kind"].as_str().unwrap()).collect();
    for kind in ["plan", "liberty-expiring", "liberty-pending"] {
        assert!(kinds.contains(&kind), "{kind} missing from {kinds:?}");
    }

    let text = reviews(&pack, "ics");
    assert_eq!(
        text,
        reviews(&pack, "ics"),
        "the same inputs, the same bytes"
    );
    // No time of the run: the stamp is the as-of date.
    assert!(text.contains("DTSTAMP:20261101T000000Z"), "{text}");
    let calendar: icalendar::Calendar = text.parse().expect("the .ics parses back");
    let events: Vec<&icalendar::Event> = calendar.events().collect();
    assert_eq!(events.len(), dated.len(), "{text}");
    let mut uids: Vec<&str> = events.iter().map(|e| e.get_uid().unwrap()).collect();
    uids.sort();
    uids.dedup();
    assert_eq!(uids.len(), events.len(), "UIDs are unique: {uids:?}");
    for uid in ["d-001.plan-1@", "d-003.plan-1@", "d-002.liberty-renewal@"] {
        assert!(uids.iter().any(|u| u.starts_with(uid)), "{uid} in {uids:?}");
    }
    let start = |uid: &str| {
        let event = events
            .iter()
            .find(|e| e.get_uid().unwrap().starts_with(uid))
            .unwrap();
        match event.get_start() {
            Some(DatePerhapsTime::Date(d)) => d.to_string(),
            other => panic!("{uid} is not an all-day event: {other:?}"),
        }
    };
    assert_eq!(start("d-001.plan-1@"), "2026-10-20");
    assert_eq!(start("d-002.liberty-renewal@"), "2026-11-29");
    // Waiting since 2 August: the event is the day it passed 90 days.
    assert_eq!(start("d-005.liberty-application@"), "2026-10-31");

    // A later run with the action's date moved keeps its UID, so a re-import moves the event.
    pack.replace(
        "content/decisions/d-001.toml",
        "due = 2026-10-20\n",
        "due = 2026-11-10\n",
    );
    let later: icalendar::Calendar = reviews(&pack, "ics").parse().unwrap();
    let moved = later
        .events()
        .find(|e| e.get_uid().unwrap().starts_with("d-001.plan-1@"))
        .expect("same UID after the date moved");
    assert_eq!(
        moved.get_start(),
        Some(DatePerhapsTime::Date(
            chrono::NaiveDate::from_ymd_opt(2026, 11, 10).unwrap()
        ))
    );
}

#[test]
fn the_csv_has_a_row_per_item_with_its_owner() {
    let pack = todo_pack();
    let list: Json = serde_json::from_str(&reviews(&pack, "json")).unwrap();
    let text = reviews(&pack, "csv");
    assert_eq!(text, reviews(&pack, "csv"));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let owner = header.iter().position(|h| h == "Owner").expect("Owner");
    let record = header.iter().position(|h| h == "Record").expect("Record");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), list.as_array().unwrap().len());
    assert!(
        rows.iter()
            .any(|r| &r[record] == "D-001" && &r[owner] == "AB" && &r[0] == "plan"),
        "{text}"
    );
}
