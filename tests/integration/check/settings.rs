//! `check`: `[rules]` levels, --deny-warnings, exit codes and the as-of date.

use super::*;

#[test]
fn rules_can_raise_a_warning_to_an_error() {
    case("missing-person-voice = error")
        .line(
            PACK,
            "[privacy]",
            "[rules]\nmissing-person-voice = \"error\"\n\n[privacy]",
        )
        .line(D1, "in_their_words =", "in_their_words = \"\"")
        .expect(error("missing-person-voice", D1).at("in_their_words"))
        .check();
}

#[test]
fn rules_can_lower_an_error_to_a_warning() {
    let overdue = case("review-overdue = warning")
        .line(
            PACK,
            "[privacy]",
            "[rules]\nreview-overdue = \"warning\"\n\n[privacy]",
        )
        .line(D1, D1_REVIEW_2, "on = 2026-10-03");
    overdue
        .clone()
        .expect(warning("review-overdue", D1).at_nth("[[reviews]]", 2))
        .check();
    // --deny-warnings turns the warning into a failure (exit 1); `check` asserts the code.
    overdue
        .args(&["--deny-warnings"])
        .expect(warning("review-overdue", D1).at_nth("[[reviews]]", 2))
        .check();
}

#[test]
fn rules_can_turn_a_rule_off() {
    case("example-stale = off")
        .line(
            PACK,
            "[privacy]",
            "[rules]\nexample-stale = \"off\"\n\n[privacy]",
        )
        .delete_line(X1, "last_reviewed =")
        .clean();
    case("turning one rule off leaves the others on")
        .line(
            PACK,
            "[privacy]",
            "[rules]\nexample-stale = \"off\"\n\n[privacy]",
        )
        .line(X1, "decisions =", "decisions = []")
        .expect(warning("example-unlinked", X1).at("title ="))
        .check();
}

#[test]
fn an_unknown_rule_name_gets_a_suggestion() {
    case("a misspelt rule")
        .line(
            PACK,
            "[privacy]",
            "[rules]\nreview-overdew = \"off\"\n\n[privacy]",
        )
        .line(D1, D1_REVIEW_2, "on = 2026-10-03")
        .expect(
            error("invalid-record", PACK)
                .at("review-overdew")
                .says("`review-overdew`")
                .help("Did you mean `review-overdue`?"),
        )
        // The misspelt setting changes nothing: the rule still reports at its default level.
        .expect(error("review-overdue", D1).at_nth("[[reviews]]", 2))
        .check();
    case("a name like no rule")
        .line(PACK, "[privacy]", "[rules]\nxyzzy = \"off\"\n\n[privacy]")
        .expect(
            error("invalid-record", PACK)
                .at("xyzzy")
                .says("`xyzzy`")
                .help("README"),
        )
        .check();
    case("an unknown level")
        .line(
            PACK,
            "[privacy]",
            "[rules]\nexample-stale = \"warn\"\n\n[privacy]",
        )
        .expect(
            error("invalid-record", PACK)
                .at("\"warn\"")
                .says("\"warn\"")
                .help("Did you mean \"warning\"?"),
        )
        .check();
}

#[test]
fn deny_warnings_only_fails_when_there_are_warnings() {
    case("clean, --deny-warnings")
        .args(&["--deny-warnings"])
        .clean();
    case("a warning, --deny-warnings")
        .args(&["--deny-warnings"])
        .line(X1, "decisions =", "decisions = []")
        .expect(warning("example-unlinked", X1).at("title ="))
        .check();
    case("a warning, without --deny-warnings")
        .line(X1, "decisions =", "decisions = []")
        .expect(warning("example-unlinked", X1).at("title ="))
        .check();
}

// ---------------------------------------------------------------------------------------------
// Exit codes and the as-of date.

#[test]
fn a_folder_without_pack_toml_is_exit_2_with_a_plain_sentence() {
    let pack = TempPack::copy_of("rules-clean");
    pack.remove("pack.toml");
    let run = run_check(pack.path(), &[]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(run.stderr.contains("pack.toml"), "{}", run.stderr);
    assert!(run.stderr.contains("`evidence-pack init"), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stderr);
    assert!(
        lines[0].starts_with("error: There is no pack.toml in "),
        "{}",
        run.stderr
    );
    assert!(
        lines[1].starts_with("help: Run this command in your pack folder"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_pack_without_content_is_exit_2() {
    let pack = TempPack::copy_of("rules-clean");
    pack.remove("content");
    let run = run_check(pack.path(), &["--format", "json"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(run.stderr.contains("content"), "{}", run.stderr);
    assert!(run.stderr.contains("content/decisions"), "{}", run.stderr);
}

#[test]
fn a_missing_folder_or_bad_arguments_are_exit_2() {
    let missing = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/no-such-pack");
    let run = run_check(&missing, &[]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not a folder"), "{}", run.stderr);

    for args in [
        vec!["--as-of", "2026-02-30"],
        vec!["--as-of", "1 November 2026"],
        vec!["--format", "xml"],
        vec!["--no-such-flag"],
    ] {
        let output = evidence_pack()
            .arg("check")
            .arg(fixture("rules-clean"))
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn as_of_comes_from_the_command_line_then_pack_toml() {
    // pack.toml says 2026-11-01; --as-of overrides it.
    let output = evidence_pack()
        .args(["check", "--format", "json", "--as-of", "2027-01-15"])
        .arg(fixture("rules-clean"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: JsonReport = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report.as_of, "2027-01-15");
    let overdue: Vec<(&str, &str)> = report
        .findings
        .iter()
        .map(|f| (f.rule.as_str(), f.record.as_deref().unwrap_or("")))
        .collect();
    assert!(
        overdue.contains(&("review-overdue", "D-001")),
        "{overdue:?}"
    );
    assert!(
        overdue.contains(&("review-overdue", "D-002")),
        "{overdue:?}"
    );
    assert!(
        overdue.contains(&("no-review-evidence", "D-003")),
        "{overdue:?}"
    );

    // Without --as-of, pack.as_of decides (never today's date).
    let output = evidence_pack()
        .args(["check", "--format", "json"])
        .arg(fixture("rules-clean"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let report: JsonReport = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report.as_of, "2026-11-01");
    assert!(report.findings.is_empty());
}
