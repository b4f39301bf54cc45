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
// init

#[test]
fn init_refuses_to_touch_an_existing_pack_or_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write(root, "existing/pack.toml", "# my settings\n");
    write(root, "busy/notes.txt", "my notes\n");
    write(root, "a-file", "not a folder\n");
    let before = snapshot(root);
    for (target, says) in [
        ("existing", "already holds a pack"),
        ("busy", "is not empty"),
        ("a-file", "is a file"),
    ] {
        let run = run_in(root, &["init", target]);
        assert_eq!(run.code, 2, "init {target}: {}", run.stdout);
        assert!(run.stderr.contains(says), "init {target}: {}", run.stderr);
        assert!(run.stderr.contains("nothing was changed") || target == "a-file");
        assert_readable("init", &run.stderr);
        assert_eq!(snapshot(root), before, "init {target} changed something");
    }
    // An empty folder is fine, and nothing is left behind beside it.
    fs::create_dir(root.join("empty")).unwrap();
    assert_eq!(run_in(root, &["init", "empty"]).code, 0);
    assert!(root.join("empty/pack.toml").is_file());
    assert_no_init_leftovers(root);
    // A second init of the same folder is refused.
    let again = run_in(root, &["init", "empty"]);
    assert_eq!(again.code, 2);
}

/// `init` leaves no hidden folder of its own in `dir`.
fn assert_no_init_leftovers(dir: &Path) {
    let names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.starts_with(".evidence-pack")),
        "{names:?}"
    );
}

#[test]
fn init_fills_the_current_folder_when_it_is_empty() {
    let tmp = tempfile::tempdir().unwrap();
    let here = tmp.path().join("my-pack");
    fs::create_dir(&here).unwrap();
    #[cfg(unix)]
    let inode = {
        use std::os::unix::fs::MetadataExt;
        fs::metadata(&here).unwrap().ino()
    };
    // An init stopped part-way left its hidden folder here: it does not count as content.
    fs::create_dir_all(here.join(".evidence-pack-init-abc123/content")).unwrap();
    let run = run_in(&here, &["init", "."]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(here.join("pack.toml").is_file());
    assert!(
        run.stdout.contains("1. Put your organisation"),
        "no `cd .` step: {}",
        run.stdout
    );
    assert!(here.join("content/decisions").is_dir());
    // The same folder was filled, not replaced: a shell standing in it still sees the pack.
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        assert_eq!(fs::metadata(&here).unwrap().ino(), inode);
    }
    assert_no_init_leftovers(&here);
    let check = run_in(&here, &["check", "."]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    assert_eq!(
        run_in(&here, &["init", "."]).code,
        2,
        "a second init is refused"
    );
}

#[test]
fn init_templates_copies_the_built_in_templates_out() {
    let tmp = tempfile::tempdir().unwrap();
    let run = run_in(tmp.path(), &["init", "--templates", "styled"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pack = tmp.path().join("styled");
    for (name, text) in evidence_pack::render::templates::BUILT_IN {
        let copy = fs::read_to_string(pack.join("templates").join(name))
            .unwrap_or_else(|e| panic!("templates/{name} not copied: {e}"));
        assert_eq!(
            &copy, text,
            "templates/{name} differs from the built-in one"
        );
    }
    // The copies are used as overrides and change nothing.
    assert_eq!(run_in(tmp.path(), &["init", "plain"]).code, 0);
    let plain = tmp.path().join("plain");
    // Both builds judge as on the day the pack was made (the day init wrote as last_reviewed).
    let example =
        fs::read_to_string(plain.join("content/examples/px-001-cooking-again.toml")).unwrap();
    let made = example
        .lines()
        .find_map(|l| l.strip_prefix("last_reviewed = "))
        .expect("init writes last_reviewed")
        .to_string();
    for p in [&pack, &plain] {
        let build = run_in(p, &["build", "--html", "--as-of", &made]);
        assert_eq!(build.code, 0, "{}{}", build.stdout, build.stderr);
    }
    assert_eq!(
        fs::read(pack.join("output/pack.html")).unwrap(),
        fs::read(plain.join("output/pack.html")).unwrap()
    );
}

// ----------------------------------------------------------------------------------------------
// new

/// Runs `new KIND --title TITLE --as-of 2026-11-01` in `pack` and returns the path it printed.
fn new_record(pack: &Path, kind: &str, title: &str) -> (Run, Option<PathBuf>) {
    let run = run_in(pack, &["new", kind, "--title", title, "--as-of", AS_OF]);
    let path = run
        .stdout
        .split_whitespace()
        .find(|w| w.ends_with(".toml"))
        .map(|rel| pack.join(rel));
    (run, path)
}

#[test]
fn template_text_left_in_place_is_reported_once_the_draft_line_goes() {
    let tmp = empty_pack();
    let p = tmp.path();
    let (_, decision) = new_record(p, "decision", "Going to the pub");
    let (_, example) = new_record(p, "example", "The pub");
    let (decision, example) = (decision.unwrap(), example.unwrap());
    let placeholders = |p: &Path| -> Vec<(String, String)> {
        let report = json(&run_in(p, &["check", "--as-of", AS_OF, "--format", "json"]).stdout);
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["message"].as_str().unwrap().contains("placeholder"))
            .map(|f| {
                assert_eq!(f["rule"], "invalid-record");
                assert_eq!(f["level"], "error");
                let field = f["message"].as_str().unwrap().split('`').nth(1).unwrap();
                (f["file"].as_str().unwrap().to_string(), field.to_string())
            })
            .collect()
    };
    // While the files say `draft = true`, template text is expected.
    assert_eq!(placeholders(p), []);

    let undraft = |path: &Path| {
        let text = fs::read_to_string(path).unwrap();
        fs::write(path, text.replace("\ndraft = true\n", "\n")).unwrap();
    };
    undraft(&decision);
    undraft(&example);
    let rel = |path: &Path| {
        path.strip_prefix(p)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/")
    };
    let (d, e) = (rel(&decision), rel(&example));
    assert_eq!(
        placeholders(p),
        [
            (d.clone(), "person".to_string()),
            (d.clone(), "choice.summary".to_string()),
            (d.clone(), "risks[0].description".to_string()),
            (e.clone(), "situation".to_string()),
            (e.clone(), "action".to_string()),
        ]
    );

    // Written over, they are not reported.
    let text = fs::read_to_string(&decision).unwrap().replace(
        "Describe the choice the person wants to make.",
        "To go to the pub on Fridays.",
    );
    fs::write(&decision, text).unwrap();
    assert_eq!(
        placeholders(p),
        [
            (d.clone(), "person".to_string()),
            (d, "risks[0].description".to_string()),
            (e.clone(), "situation".to_string()),
            (e, "action".to_string()),
        ]
    );
}

#[test]
fn new_takes_the_next_free_id_after_the_highest_without_filling_gaps() {
    let pack = empty_pack();
    let p = pack.path();
    write(
        p,
        "content/decisions/one.toml",
        &record("D-001", "active", AS_OF, "", &[]),
    );
    write(
        p,
        "content/decisions/seven.toml",
        &record("D-007", "active", AS_OF, "", &[]),
    );
    let (run, path) = new_record(p, "decision", "Going to the gym alone");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = path.expect("a path is printed");
    assert_eq!(
        path.file_name().unwrap(),
        "d-008-going-to-the-gym-alone.toml"
    );
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains("id = \"D-008\""));
    assert!(text.contains("opened = 2026-11-01"));
    assert!(text.contains("decided_on = 2026-11-01"));
}

#[test]
fn new_with_no_records_yet_starts_at_one() {
    let pack = empty_pack();
    let (run, path) = new_record(pack.path(), "decision", "Cooking");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        path.unwrap()
            .ends_with("content/decisions/d-001-cooking.toml")
    );
    let (run, path) = new_record(pack.path(), "example", "Cooking again");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        path.unwrap()
            .ends_with("content/examples/px-001-cooking-again.toml")
    );
    let (_, path) = new_record(pack.path(), "decision", "Cooking twice");
    assert!(
        path.unwrap()
            .ends_with("content/decisions/d-002-cooking-twice.toml")
    );
}

#[test]
fn new_follows_the_most_common_pattern_and_never_reuses_an_id() {
    let pack = empty_pack();
    let p = pack.path();
    write(
        p,
        "content/decisions/a.toml",
        &record("RSL-0009", "active", AS_OF, "", &[]),
    );
    write(
        p,
        "content/decisions/b.toml",
        &record("RSL-0010", "active", AS_OF, "", &[]),
    );
    write(
        p,
        "content/decisions/c.toml",
        &record("D-040", "active", AS_OF, "", &[]),
    );
    // A file that does not load still holds its id.
    write(
        p,
        "content/decisions/d.toml",
        "id = \"RSL-0011\"\ntitle = [broken\n",
    );
    // An example that took an id of the decisions' pattern.
    write(
        p,
        "content/examples/x.toml",
        "id = \"RSL-0012\"\ntitle = \"A story\"\nsituation = \"Then.\"\naction = \"Now.\"\n",
    );
    let (run, path) = new_record(p, "decision", "A new one");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        path.unwrap()
            .ends_with("content/decisions/rsl-0013-a-new-one.toml")
    );
    // Examples follow the examples' pattern: here the one example uses RSL- too.
    let (_, path) = new_record(p, "example", "A story");
    assert!(
        path.unwrap()
            .ends_with("content/examples/rsl-0014-a-story.toml")
    );

    // With no examples yet they start at PX-, after any PX- id a decision took.
    let other = empty_pack();
    let o = other.path();
    write(
        o,
        "content/decisions/e.toml",
        &record("PX-003", "active", AS_OF, "", &[]),
    );
    let (_, path) = new_record(o, "example", "A story");
    assert!(
        path.unwrap()
            .ends_with("content/examples/px-004-a-story.toml")
    );
}

#[test]
fn new_never_overwrites_a_file() {
    let pack = empty_pack();
    let p = pack.path();
    // A file that does not load (no id) is in the way of the next record's name.
    let target = "content/decisions/d-001-going-out.toml";
    write(p, target, "not a record yet\n");
    let before = snapshot(p);
    let (run, _) = new_record(p, "decision", "Going out");
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert!(run.stderr.contains("never overwrites"), "{}", run.stderr);
    assert_eq!(snapshot(p), before);
}

#[test]
fn new_writes_any_title_safely_and_the_file_loads() {
    let pack = empty_pack();
    let p = pack.path();
    let titles = [
        "Going \"out\" on my own \\ at night",
        "It's ''' my \"\"\" choice",
        "Line one\nline two",
        "Café, bowls & bingo ✓",
        "[decision]\noutcome = \"limited\"",
    ];
    for title in titles {
        let (run, path) = new_record(p, "decision", title);
        assert_eq!(run.code, 0, "{title:?}: {}", run.stderr);
        let path = path.unwrap();
        assert!(path.starts_with(p.join("content/decisions")), "{path:?}");
    }
    let (run, _) = new_record(p, "example", "An \"example\" \\ story");
    assert_eq!(run.code, 0);

    let report = json(&run_in(p, &["check", "--as-of", AS_OF, "--format", "json"]).stdout);
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(!rules.contains(&"invalid-record"), "{report:#}");
    assert!(!rules.contains(&"duplicate-id"), "{report:#}");

    // The titles come back exactly, on one line, through the loader.
    let listed = json(&run_in(p, &["reviews", "--as-of", AS_OF, "--format", "json"]).stdout);
    let mut got: Vec<String> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["title"].as_str().unwrap().to_string())
        .collect();
    let mut want: Vec<String> = titles
        .iter()
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    got.sort();
    want.sort();
    assert_eq!(got, want);
}

#[test]
fn new_refuses_an_empty_title_and_a_folder_without_a_pack() {
    let pack = empty_pack();
    let run = run_in(pack.path(), &["new", "decision", "--title", "   "]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("title is empty"), "{}", run.stderr);
    let nowhere = tempfile::tempdir().unwrap();
    let run = run_in(nowhere.path(), &["new", "decision", "--title", "Going out"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no pack.toml"), "{}", run.stderr);
    assert!(fs::read_dir(nowhere.path()).unwrap().next().is_none());
}

// ----------------------------------------------------------------------------------------------
// reviews

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

// ----------------------------------------------------------------------------------------------
// schema

fn schema(kind: &str) -> Json {
    let run = run_in(Path::new("."), &["schema", kind]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    json(&run.stdout)
}

fn validator(schema: &Json) -> jsonschema::Validator {
    jsonschema::options()
        .should_validate_formats(true)
        .build(schema)
        .expect("the schema is a valid JSON Schema")
}

fn as_json(text: &str) -> Option<Json> {
    text.parse::<toml::Table>()
        .ok()
        .map(|t| toml_to_json(&toml::Value::Table(t)))
}

fn schema_errors(validator: &jsonschema::Validator, text: &str) -> Vec<String> {
    let instance = as_json(text).expect("the file is TOML");
    validator
        .iter_errors(&instance)
        .map(|e| e.to_string())
        .collect()
}

/// Whether the loader reads the file into its type (`invalid-record` otherwise).
fn loads<T: serde::de::DeserializeOwned + schemars::JsonSchema>(path: &Path) -> bool {
    matches!(parse_file::<T>(path, "file.toml"), Parsed::Ok(..))
}

/// Every pack.toml, decision and example file of the demo pack, the fixtures and a new pack.
fn sample_files() -> (tempfile::TempDir, Vec<PathBuf>) {
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(run_in(tmp.path(), &["init", "new-pack"]).code, 0);
    let mut roots = vec![demo_pack(), tmp.path().join("new-pack")];
    if let Ok(entries) = fs::read_dir(fixture("")) {
        for e in entries.flatten() {
            if e.path().join("pack.toml").is_file() {
                roots.push(e.path());
            }
        }
    }
    let mut files = Vec::new();
    for root in roots {
        if root.join("pack.toml").is_file() {
            files.push(root.join("pack.toml"));
        }
        for dir in ["content/decisions", "content/examples"] {
            for e in walkdir::WalkDir::new(root.join(dir))
                .sort_by_file_name()
                .into_iter()
                .flatten()
            {
                if e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "toml") {
                    files.push(e.path().to_path_buf());
                }
            }
        }
    }
    (tmp, files)
}

#[test]
fn every_file_the_loader_reads_validates_against_the_schema() {
    let decision = validator(&schema("decision"));
    let example = validator(&schema("example"));
    let pack = validator(&schema("pack"));
    let (_tmp, files) = sample_files();
    let mut checked = 0;
    for path in files {
        let Ok(text) = fs::read_to_string(&path) else {
            continue;
        };
        let text = text.trim_start_matches('\u{feff}');
        let shown = path.display();
        let (validator, ok) = if path.file_name().unwrap() == "pack.toml" {
            (&pack, loads::<PackConfig>(&path))
        } else if path.to_string_lossy().contains("decisions") {
            (&decision, loads::<DecisionRecord>(&path))
        } else {
            (&example, loads::<PracticeExample>(&path))
        };
        if !ok {
            continue;
        }
        let errors = schema_errors(validator, text);
        assert!(
            errors.is_empty(),
            "{shown} loads but fails the schema: {errors:#?}"
        );
        checked += 1;
    }
    assert!(checked >= 4, "only {checked} files were checked");
}

#[test]
fn an_unknown_key_fails_both_the_loader_and_the_schema() {
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(run_in(tmp.path(), &["init", "p"]).code, 0);
    let p = tmp.path().join("p");
    let rel = "content/decisions/d-001-cooking-my-own-meals.toml";
    let good = fs::read_to_string(p.join(rel)).unwrap();
    let decision = validator(&schema("decision"));
    assert!(schema_errors(&decision, &good).is_empty());

    let cases = [
        // An unknown key at the top, a misspelt key in a table, a wrong type, a bad value and a
        // missing required field.
        good.replace("title = ", "colour = \"blue\"\ntitle = "),
        good.replace("in_their_words = ", "in_their_word = "),
        good.replace("every_days = 90", "every_days = \"90\""),
        good.replace(
            "outcome = \"supported-with-conditions\"",
            "outcome = \"maybe\"",
        ),
        good.replace("person = \"JS\"\n", ""),
    ];
    for bad in cases {
        assert_ne!(bad, good);
        fs::write(p.join(rel), &bad).unwrap();
        assert!(
            !loads::<DecisionRecord>(&p.join(rel)),
            "the loader read:\n{bad}"
        );
        assert!(
            !schema_errors(&decision, &bad).is_empty(),
            "the schema accepted:\n{bad}"
        );
        let report = json(&run_in(&p, &["check", "--format", "json"]).stdout);
        assert!(
            report["findings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["rule"] == "invalid-record" && f["file"] == rel),
            "{report:#}"
        );
    }

    // pack.toml: [select] is in the schema, with its keys checked too.
    let pack = validator(&schema("pack"));
    let settings = fs::read_to_string(p.join("pack.toml")).unwrap();
    let selected = settings.replace("# [select]\n", "[select]\nthemes = [\"daily-living\"]\n");
    assert!(schema_errors(&pack, &selected).is_empty());
    let misspelt = settings.replace("# [select]\n", "[select]\nservice = [\"Riverside\"]\n");
    assert!(!schema_errors(&pack, &misspelt).is_empty());
    fs::write(p.join("pack.toml"), &misspelt).unwrap();
    assert!(!loads::<PackConfig>(&p.join("pack.toml")));

    // An example too.
    let example = validator(&schema("example"));
    let rel = "content/examples/px-001-cooking-again.toml";
    let story = fs::read_to_string(p.join(rel)).unwrap();
    assert!(schema_errors(&example, &story).is_empty());
    let bad = story.replace("scope = ", "scopes = ");
    assert!(!schema_errors(&example, &bad).is_empty());
    fs::write(p.join(rel), &bad).unwrap();
    assert!(!loads::<PracticeExample>(&p.join(rel)));
}

#[test]
fn schemas_have_a_title_a_description_and_no_other_keys() {
    for kind in ["decision", "example", "pack"] {
        let s = schema(kind);
        assert!(
            s["title"].as_str().unwrap().contains("evidence-pack"),
            "{kind}"
        );
        assert!(!s["description"].as_str().unwrap().is_empty(), "{kind}");
        assert_eq!(s["additionalProperties"], false, "{kind}");
        for (name, def) in s["$defs"].as_object().unwrap() {
            if def["type"] == "object" && def.get("properties").is_some() {
                assert_eq!(def["additionalProperties"], false, "{kind}: {name}");
            }
        }
    }
    let run = run_in(Path::new("."), &["schema", "recipe"]);
    assert_eq!(run.code, 2);
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
