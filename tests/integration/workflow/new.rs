//! `new`: the next free id, titles written safely, never overwriting a file, and the template's
//! text reported until it is replaced.

use super::*;

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
