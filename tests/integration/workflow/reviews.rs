//! `reviews`: the records due, soonest first, as a plain list or JSON.

use super::*;

/// Records due at known distances from 1 November 2026.
fn reviews_pack() -> tempfile::TempDir {
    let pack = empty_pack();
    let p = pack.path();
    let plan = |days: u32| format!("[review]\nevery_days = {days}\n");
    // Latest review 1 October (the other is older, and listed after it) + 28: due 29 October.
    write(
        p,
        "content/decisions/01.toml",
        &record(
            "D-001",
            "active",
            "2026-08-01",
            &plan(28),
            &[("2026-10-01", "Key worker"), ("2026-09-01", "Manager")],
        ),
    );
    // No review yet: decided 20 October + 12 = due today.
    write(
        p,
        "content/decisions/02.toml",
        &record("D-002", "active", "2026-10-20", &plan(12), &[]),
    );
    // Two due on 29 November, exactly 28 days on; the file order is the reverse of the ids.
    write(
        p,
        "content/decisions/03.toml",
        &record(
            "D-010",
            "active",
            "2026-10-01",
            "[review]\nevery_days = 60\nnext_due = 2026-11-29\n",
            &[],
        ),
    );
    write(
        p,
        "content/decisions/04.toml",
        &record(
            "D-003",
            "active",
            "2026-10-01",
            &plan(29),
            &[("2026-10-31", "Nurse")],
        ),
    );
    // 29 days on: outside the default window.
    write(
        p,
        "content/decisions/05.toml",
        &record("D-005", "active", "2026-10-02", &plan(59), &[]),
    );
    // Closed and long overdue: never listed.
    write(
        p,
        "content/decisions/06.toml",
        &record("D-006", "closed", "2026-06-02", &plan(7), &[]),
    );
    // Active with no review plan.
    write(
        p,
        "content/decisions/07.toml",
        &record("D-007", "active", "2026-10-01", "", &[]),
    );
    pack
}

fn reviews_json(pack: &Path, extra: &[&str]) -> Vec<Json> {
    let mut args = vec!["reviews", "--as-of", AS_OF, "--format", "json"];
    args.extend_from_slice(extra);
    let run = run_in(pack, &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    json(&run.stdout).as_array().unwrap().clone()
}

fn ids(list: &[Json]) -> Vec<&str> {
    list.iter().map(|r| r["id"].as_str().unwrap()).collect()
}

#[test]
fn reviews_are_listed_soonest_first_with_ties_by_id() {
    let pack = reviews_pack();
    let list = reviews_json(pack.path(), &[]);
    assert_eq!(ids(&list), ["D-001", "D-002", "D-003", "D-010", "D-007"]);
    let due: Vec<&Json> = list.iter().map(|r| &r["due"]).collect();
    assert_eq!(
        due,
        ["2026-10-29", "2026-11-01", "2026-11-29", "2026-11-29"]
            .iter()
            .map(|d| Json::from(*d))
            .chain([Json::Null])
            .collect::<Vec<_>>()
            .iter()
            .collect::<Vec<_>>()
    );
    assert_eq!(list[0]["days_until_due"], -3);
    assert_eq!(list[0]["overdue"], true);
    assert_eq!(list[0]["last_review"]["on"], "2026-10-01");
    assert_eq!(list[0]["last_review"]["by"], "Key worker");
    assert_eq!(list[1]["days_until_due"], 0);
    assert_eq!(list[1]["overdue"], false);
    assert!(list[1]["last_review"].is_null());
    assert_eq!(list[2]["days_until_due"], 28);
    assert_eq!(list[2]["review_plan"], true);
    assert_eq!(list[4]["review_plan"], false);
    assert!(list[4]["due"].is_null());
}

#[test]
fn the_within_window_includes_its_last_day_and_not_the_next() {
    let pack = reviews_pack();
    let p = pack.path();
    // Due in exactly 28 days: in with the default window, and with --within 28.
    assert!(ids(&reviews_json(p, &["--within", "28"])).contains(&"D-003"));
    assert!(!ids(&reviews_json(p, &["--within", "28"])).contains(&"D-005"));
    // Due in 29 days: in only from --within 29.
    assert_eq!(
        ids(&reviews_json(p, &["--within", "29"])),
        ["D-001", "D-002", "D-003", "D-010", "D-005", "D-007"]
    );
    // --within 27 leaves out the two due in 28 days; --within 0 keeps overdue and due today.
    assert_eq!(
        ids(&reviews_json(p, &["--within", "27"])),
        ["D-001", "D-002", "D-007"]
    );
    assert_eq!(
        ids(&reviews_json(p, &["--within", "0"])),
        ["D-001", "D-002", "D-007"]
    );
}

#[test]
fn reviews_read_as_a_plain_list() {
    let pack = reviews_pack();
    let run = run_in(pack.path(), &["reviews", "--as-of", AS_OF]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = &run.stdout;
    assert_readable("reviews", out);
    assert!(
        out.starts_with(
            "4 reviews are overdue or due in the next 28 days (by 29 November 2026), as of 1 November 2026"
        ),
        "{out}"
    );
    let line = |id: &str| {
        out.lines()
            .find(|l| l.contains(id))
            .unwrap_or_else(|| panic!("{id} not listed:\n{out}"))
    };
    assert!(line("D-001").contains("29 October 2026"));
    assert!(line("D-001").contains("3 days overdue"));
    // The owner of a review is whoever did the last one.
    assert!(line("D-001").ends_with("Key worker"), "{out}");
    assert!(line("D-002").contains("due today"));
    assert!(line("D-002").ends_with("not named"), "{out}");
    assert!(line("D-003").contains("due in 28 days"));
    assert!(line("D-003").ends_with("Nurse"), "{out}");
    assert!(!out.contains("D-005") && !out.contains("D-006"));
    assert!(out.contains("No review plan (1 record)"), "{out}");
    assert!(line("D-007").contains("PD-007"));
    // Soonest first, and the columns line up.
    let rows: Vec<&str> = ["D-001", "D-002", "D-003", "D-010"]
        .iter()
        .map(|id| line(id))
        .collect();
    let positions: Vec<usize> = rows.iter().map(|r| out.find(r).unwrap()).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{out}");
    let column = |row: &str| row.find("Choice").unwrap();
    assert!(rows.iter().all(|r| column(r) == column(rows[0])), "{out}");
    assert!(
        !out.contains("2026-"),
        "people read dates as 1 November 2026:\n{out}"
    );
}

#[test]
fn reviews_exit_zero_even_when_overdue_and_two_without_a_pack() {
    let pack = reviews_pack();
    assert_eq!(
        run_in(pack.path(), &["reviews", "--as-of", "2027-06-01"]).code,
        0
    );
    let nowhere = tempfile::tempdir().unwrap();
    let run = run_in(nowhere.path(), &["reviews"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no pack.toml"), "{}", run.stderr);
}

#[test]
fn reviews_of_the_demo_pack_are_in_date_order() {
    let demo = demo_pack();
    if !demo.join("content/decisions").is_dir() {
        return;
    }
    let list = reviews_json(&demo, &["--within", "3650"]);
    let due: Vec<&str> = list.iter().filter_map(|r| r["due"].as_str()).collect();
    let mut sorted = due.clone();
    sorted.sort();
    assert_eq!(due, sorted);
}
