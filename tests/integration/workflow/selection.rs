//! What `check` and `build` make of the records a pack selects: coverage gaps judged alike, drafts
//! kept out of the pack, and an over-long title refused (cut short in a draft).

use super::*;

/// With `[select]`, `check` also judges the coverage of the records it selects, as `build` does:
/// a pack that passes `check` builds, and one that `build` would refuse fails `check`.
#[test]
fn check_reports_the_coverage_gaps_that_build_would_refuse_for_the_selection() {
    let pack = empty_pack();
    let p = pack.path();
    let settings = |select: &str| {
        format!(
            "[pack]\ntitle = \"Test pack\"\nprovider = \"Test provider\"\nas_of = 2026-11-01\nrequired_statements = [\"S4\"]\n\n[select]\n{select}\n"
        )
    };
    let with = |id: &str, extra: &str| {
        record(id, "active", AS_OF, "[review]\nevery_days = 28", &[]).replace(
            "status = \"active\"",
            &format!("status = \"active\"\n{extra}"),
        )
    };
    write(
        p,
        "content/decisions/d-001.toml",
        &with("D-001", "statements = [\"S4\"]\nthemes = [\"money\"]"),
    );
    write(
        p,
        "content/decisions/d-002.toml",
        &with("D-002", "themes = [\"travel\"]"),
    );
    let gaps = |p: &Path| -> (i32, Vec<String>) {
        let run = run_in(p, &["check", "--format", "json"]);
        let report = json(&run.stdout);
        let gaps = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "coverage-gap")
            .map(|f| f["message"].as_str().unwrap().to_string())
            .collect();
        (run.code, gaps)
    };
    let build = |p: &Path| {
        let out = tempfile::tempdir().unwrap();
        run_in(
            p,
            &[
                "build",
                "--html",
                "-o",
                out.path().join("o").to_str().unwrap(),
            ],
        )
        .code
    };

    // The selection leaves out the only record for S4: both refuse.
    write(p, "pack.toml", &settings("themes = [\"travel\"]"));
    let (code, found) = gaps(p);
    assert_eq!(code, 1);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("[select]"), "{found:?}");
    assert_eq!(build(p), 1);

    // The selection keeps it: both pass.
    write(p, "pack.toml", &settings("themes = [\"money\"]"));
    assert_eq!(gaps(p), (0, vec![]));
    assert_eq!(build(p), 0);

    // No record at all evidences S4: one finding, not one for the pack and one for the selection.
    write(
        p,
        "content/decisions/d-001.toml",
        &with("D-001", "themes = [\"money\"]"),
    );
    let (code, found) = gaps(p);
    assert_eq!(code, 1);
    assert_eq!(found.len(), 1, "{found:?}");
}

/// A draft is not evidence yet: it does not cover a required statement, and `build` leaves it out
/// even when `[select]` names it.
#[test]
fn a_draft_record_is_not_evidence_and_stays_out_of_the_pack() {
    let pack = empty_pack();
    let p = pack.path();
    write(
        p,
        "pack.toml",
        "[pack]\ntitle = \"Test pack\"\nprovider = \"Test provider\"\nas_of = 2026-11-01\nrequired_statements = [\"S4\"]\n\n[select]\nids = [\"D-001\", \"D-002\"]\n",
    );
    let draft = record("D-001", "active", AS_OF, "[review]\nevery_days = 28", &[]).replace(
        "status = \"active\"",
        "status = \"active\"\ndraft = true\nstatements = [\"S4\"]",
    );
    write(p, "content/decisions/d-001.toml", &draft);
    write(
        p,
        "content/decisions/d-002.toml",
        &record("D-002", "active", AS_OF, "[review]\nevery_days = 28", &[]),
    );
    let report = json(&run_in(p, &["check", "--format", "json"]).stdout);
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, vec!["no-statements", "coverage-gap"], "{report}");

    write(
        p,
        "content/decisions/d-002.toml",
        &record("D-002", "active", AS_OF, "[review]\nevery_days = 28", &[]).replace(
            "status = \"active\"",
            "status = \"active\"\nstatements = [\"S4\"]",
        ),
    );
    let build = run_in(p, &["build", "--html"]);
    assert_eq!(build.code, 0, "{}{}", build.stdout, build.stderr);
    assert!(
        build.stdout.contains("from 1 decision record"),
        "{}",
        build.stdout
    );
    let html = fs::read_to_string(p.join("output/pack.html")).unwrap();
    assert!(html.contains("Choice D-002") && !html.contains("Choice D-001"));
}

/// A title too long to head a page is an error, and a draft still builds with it cut short.
#[test]
fn an_over_long_title_is_refused_and_cut_short_in_a_draft() {
    let pack = empty_pack();
    let p = pack.path();
    let long = "Going out ".repeat(50);
    let text = record("D-001", "active", AS_OF, "[review]\nevery_days = 28", &[])
        .replace("title = \"Choice D-001\"", &format!("title = \"{long}\""));
    write(p, "content/decisions/d-001.toml", &text);
    let report = json(&run_in(p, &["check", "--format", "json", "--as-of", AS_OF]).stdout);
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] != "no-statements")
        .unwrap();
    assert_eq!(finding["rule"], "invalid-record", "{report}");
    assert!(
        finding["message"]
            .as_str()
            .unwrap()
            .contains("500 characters long"),
        "{report}"
    );
    let build = run_in(p, &["build", "--html", "--draft", "--as-of", AS_OF]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let html = fs::read_to_string(p.join("output/pack.html")).unwrap();
    assert!(!html.contains(long.trim_end()), "the title is cut short");
    assert!(html.contains(&format!("{}…", &long[..300])));
}
