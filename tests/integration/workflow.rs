//! Tests: the everyday commands — `init`, `new`, `reviews`, `schema` — as a new user meets them.
//!
//! No test depends on today's date: dates are given with `--as-of`, or the expectation is
//! computed from what the command itself wrote on the same run.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use evidence_pack::load::{Parsed, parse_file};
use evidence_pack::model::{DecisionRecord, PackConfig, PracticeExample};
use serde_json::Value as Json;

use crate::support::{demo_pack, evidence_pack, fixture, toml_to_json};

const AS_OF: &str = "2026-11-01";

mod init;
mod new;
mod reviews;
mod schema;
mod selection;

// ----------------------------------------------------------------------------------------------
// Helpers

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run_in(dir: &Path, args: &[&str]) -> Run {
    let output: Output = evidence_pack()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run evidence-pack");
    Run {
        code: output
            .status
            .code()
            .expect("exited, not killed by a signal"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// Every file under `dir`, relative with `/`, with its bytes (to show nothing was touched).
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.depth() > 0)
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let bytes = if e.file_type().is_file() {
                fs::read(e.path()).unwrap()
            } else {
                b"<folder>".to_vec()
            };
            (rel, bytes)
        })
        .collect();
    files.sort();
    files
}

/// Output a non-programmer can read: no debugging output, no Rust-isms, no empty output.
fn assert_readable(what: &str, text: &str) {
    assert!(!text.trim().is_empty(), "{what} printed nothing");
    for junk in [
        "Some(",
        "None",
        "Ok(",
        "Err(",
        "panicked",
        "RUST_BACKTRACE",
        "{:?}",
        "\\\"",
    ] {
        assert!(!text.contains(junk), "{what} printed {junk:?}:\n{text}");
    }
}

fn json(text: &str) -> Json {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("invalid JSON ({e}):\n{text}"))
}

/// A small but complete decision record that loads and passes the rules (on 1 November 2026,
/// apart from its reviews, which each test sets).
fn record(id: &str, status: &str, decided: &str, review: &str, reviews: &[(&str, &str)]) -> String {
    let closed = if status == "closed" {
        "closed_on = 2026-10-30\n"
    } else {
        ""
    };
    let mut text = format!(
        r#"id = "{id}"
title = "Choice {id}"
person = "P{id}"
status = "{status}"
{closed}opened = 2026-06-01

[choice]
summary = "Wants to do it."
in_their_words = "I want to."

[[risks]]
description = "A small risk."
to = "self"
likelihood = "low"
impact = "low"

[capacity]
status = "presumed"

[decision]
outcome = "supported"
decided_on = {decided}
involved = ["P{id}"]
rationale = "One two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen."

{review}
"#
    );
    for (on, by) in reviews {
        text.push_str(&format!(
            "\n[[reviews]]\non = {on}\nby = \"{by}\"\noutcome = \"Fine.\"\nperson_view = \"Good.\"\n"
        ));
    }
    text
}

fn empty_pack() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "pack.toml",
        "[pack]\ntitle = \"Test pack\"\nprovider = \"Test provider\"\n",
    );
    fs::create_dir_all(dir.path().join("content/decisions")).unwrap();
    fs::create_dir_all(dir.path().join("content/examples")).unwrap();
    dir
}

// ----------------------------------------------------------------------------------------------
// The sequence a new user runs

#[test]
fn a_new_user_can_init_check_add_a_record_check_and_build() {
    let tmp = tempfile::tempdir().unwrap();

    // evidence-pack init mypack
    let init = run_in(tmp.path(), &["init", "mypack"]);
    assert_eq!(init.code, 0, "init failed: {}", init.stderr);
    assert_readable("init", &init.stdout);
    assert!(
        init.stdout
            .contains("Created a new evidence pack in mypack")
    );
    assert!(init.stdout.contains("Next steps"));
    assert!(init.stdout.contains("evidence-pack check"));
    let pack = tmp.path().join("mypack");
    for rel in [
        "pack.toml",
        ".gitignore",
        "private/people.toml",
        "templates/README.md",
    ] {
        assert!(pack.join(rel).is_file(), "init did not write {rel}");
    }
    assert!(
        fs::read_to_string(pack.join(".gitignore"))
            .unwrap()
            .lines()
            .any(|l| l == "output/")
    );
    assert!(
        fs::read_to_string(pack.join("templates/README.md"))
            .unwrap()
            .contains("same name as a built-in template overrides it")
    );

    // cd mypack && evidence-pack check: the samples pass every rule, and each says it is a
    // sample (SPEC 7a), so that none reaches an inspector unnoticed.
    let check = run_in(&pack, &["check"]);
    assert_eq!(check.code, 0, "the new pack has errors:\n{}", check.stdout);
    assert_readable("check", &check.stdout);
    assert!(
        check.stdout.contains(
            "Checked 2 decision records and 1 practice example: 0 errors and 3 warnings."
        ),
        "{}",
        check.stdout
    );
    assert_eq!(
        check.stdout.matches("warning[sample-record]").count(),
        3,
        "{}",
        check.stdout
    );

    // evidence-pack new decision --title "Going to the gym alone"
    let new = run_in(
        &pack,
        &["new", "decision", "--title", "Going to the gym alone"],
    );
    assert_eq!(new.code, 0, "new failed: {}", new.stderr);
    assert_readable("new", &new.stdout);
    let rel = "content/decisions/d-003-going-to-the-gym-alone.toml";
    assert!(new.stdout.contains("D-003"), "{}", new.stdout);
    assert!(new.stdout.contains(rel), "{}", new.stdout);
    assert!(pack.join(rel).is_file());

    assert!(new.stdout.contains("draft = true"), "{}", new.stdout);

    // evidence-pack check: the new record loads, and the findings say what to fill in. The record
    // is a draft, so they are warnings and the pack can still be built tonight.
    let check = run_in(&pack, &["check"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    assert_readable("check", &check.stdout);
    for rule in [
        "warning[missing-rationale]: Draft: ",
        "warning[capacity-not-recorded]: Draft: ",
        "warning[missing-review-plan]: Draft: ",
        "warning[missing-person-voice]: Draft: ",
        "warning[person-not-involved]: Draft: ",
        "warning[placeholder-text]: Draft: `person` still holds words the template wrote",
        "warning[placeholder-text]: Draft: `choice.summary` still holds words the template wrote",
        "warning[placeholder-text]: Draft: `risks[0].description` still holds words",
        "warning[no-statements]: Draft: ",
    ] {
        assert!(check.stdout.contains(rule), "no {rule}:\n{}", check.stdout);
    }
    assert!(!check.stdout.contains("invalid-record"), "{}", check.stdout);
    assert!(!check.stdout.contains("error["), "{}", check.stdout);
    assert!(
        check.stdout.contains(
            "Checked 3 decision records and 1 practice example: 0 errors and 12 warnings."
        ),
        "{}",
        check.stdout
    );
    let report = json(&run_in(&pack, &["check", "--format", "json"]).stdout);
    for finding in report["findings"].as_array().unwrap() {
        if finding["rule"] == "sample-record" {
            continue;
        }
        assert_eq!(finding["file"], rel, "only the new record has findings");
        assert_eq!(finding["record"], "D-003");
    }
    // --deny-warnings still refuses while the draft is unfinished.
    assert_eq!(run_in(&pack, &["check", "--deny-warnings"]).code, 1);

    // evidence-pack build --html: the pack is built without the unfinished draft.
    let build = run_in(&pack, &["build", "--html"]);
    assert_eq!(build.code, 0, "{}{}", build.stdout, build.stderr);
    assert_readable("build", &build.stdout);
    assert!(
        build.stdout.contains("from 2 decision records"),
        "{}",
        build.stdout
    );
    assert!(build.stdout.contains("D-003"), "{}", build.stdout);
    let html = fs::read_to_string(pack.join("output/pack.html")).unwrap();
    assert!(html.contains("D-001") && !html.contains("Going to the gym alone"));

    // Once the draft line is gone, its gaps are errors again and block the build.
    let path = pack.join(rel);
    let text = fs::read_to_string(&path)
        .unwrap()
        .replace("draft = true\n", "");
    fs::write(&path, text).unwrap();
    let check = run_in(&pack, &["check"]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(
        check.stdout.contains("error[missing-rationale]"),
        "{}",
        check.stdout
    );
    let build = run_in(&pack, &["build", "--html"]);
    assert_eq!(build.code, 1);
    assert!(format!("{}{}", build.stdout, build.stderr).contains("--draft"));
}

/// The issue's sequence, exactly as a new user types it into a shell.
#[test]
fn the_new_user_sequence_runs_in_one_shell_line() {
    let tmp = tempfile::tempdir().unwrap();
    let bin = assert_cmd::cargo::cargo_bin("evidence-pack");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg(
            "evidence-pack init mypack && cd mypack && evidence-pack check && \
             evidence-pack new decision --title \"Going to the gym alone\" && \
             evidence-pack check && evidence-pack build --html",
        )
        .current_dir(tmp.path())
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_readable("the sequence", &stdout);
    assert!(tmp.path().join("mypack/output/pack.html").is_file());
    assert!(stdout.contains("Built "), "{stdout}");
}

#[test]
fn a_new_pack_builds_as_it_is() {
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(run_in(tmp.path(), &["init", "mypack"]).code, 0);
    let pack = tmp.path().join("mypack");
    let build = run_in(&pack, &["build", "--html"]);
    assert_eq!(build.code, 0, "{}{}", build.stdout, build.stderr);
    assert!(pack.join("output/pack.html").is_file());
    // Nothing of the new pack is due for review in the next four weeks.
    let reviews = run_in(&pack, &["reviews"]);
    assert_eq!(reviews.code, 0);
    assert!(
        reviews
            .stdout
            .starts_with("No reviews are overdue or due in the next 28 days")
    );
    // The samples are the only findings: each says it is a sample until it is deleted.
    let report = json(&run_in(&pack, &["check", "--format", "json"]).stdout);
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, vec!["sample-record"; 3], "{report}");
    for rel in [
        "content/decisions/d-001-cooking-my-own-meals.toml",
        "content/decisions/d-002-going-to-the-football-on-my-own.toml",
        "content/examples/px-001-cooking-again.toml",
    ] {
        let path = pack.join(rel);
        let text = fs::read_to_string(&path)
            .unwrap()
            .replace("sample = true\n", "");
        fs::write(&path, text).unwrap();
    }
    let check = run_in(&pack, &["check", "--deny-warnings"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
}

// ----------------------------------------------------------------------------------------------
// Help

#[test]
fn help_has_an_example_and_misspelt_commands_get_a_suggestion() {
    for command in ["init", "new", "reviews", "schema"] {
        let run = run_in(Path::new("."), &[command, "--help"]);
        assert_eq!(run.code, 0);
        assert!(
            run.stdout.contains("Example"),
            "{command} --help:\n{}",
            run.stdout
        );
        assert!(
            run.stdout.contains(&format!("evidence-pack {command}")),
            "{command} --help:\n{}",
            run.stdout
        );
    }
    let run = run_in(Path::new("."), &["reveiws"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("reviews"), "{}", run.stderr);
    let run = run_in(Path::new("."), &["reviews", "--withn", "3"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--within"), "{}", run.stderr);
}

/// Someone with only the installed tool (no README) can find every rule and its level.
#[test]
fn check_help_lists_every_rule_with_its_level() {
    let long = run_in(Path::new("."), &["check", "--help"]);
    assert_eq!(long.code, 0);
    for rule in evidence_pack::diagnostics::Rule::ALL {
        let level = rule.default_level().as_str();
        assert!(
            long.stdout.contains(&format!("{} ({level})", rule.name())),
            "{} missing from check --help:\n{}",
            rule.name(),
            long.stdout
        );
    }
    let short = run_in(Path::new("."), &["check", "-h"]);
    assert!(
        short
            .stdout
            .contains("`evidence-pack check --help` lists every rule")
    );
    // A new pack's settings point there.
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(run_in(tmp.path(), &["init", "p"]).code, 0);
    let settings = fs::read_to_string(tmp.path().join("p/pack.toml")).unwrap();
    assert!(
        settings.contains("`evidence-pack check --help`"),
        "{settings}"
    );
}
