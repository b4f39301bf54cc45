//! Tests: files that cannot be read as records.
//!
//! Each bad file of tests/fixtures/bad-input is copied into a copy of tests/fixtures/rules-clean
//! (a pack with no findings) next to one planted warning in another file (PX-002 with no
//! decisions: `example-unlinked`). The bad file must give a located `invalid-record` finding
//! (file, line, column), the planted warning must still be reported (checking carried on with
//! every other file), and `check` must exit 1, never 101 (a panic).

use crate::support::{
    AS_OF, JsonFinding, JsonReport, TempPack, assert_sensible, check_json, fixture, run_check,
};

const CANARY_FILE: &str = "content/examples/px-002.toml";

/// A copy of the clean pack with the planted warning in PX-002.
fn pack_with_canary() -> TempPack {
    let pack = TempPack::copy_of("rules-clean");
    pack.replace(
        CANARY_FILE,
        "decisions = [\"D-002\", \"D-003\"]",
        "decisions = []",
    );
    pack
}

fn bad_file(name: &str) -> Vec<u8> {
    std::fs::read(fixture("bad-input").join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn assert_canary(report: &JsonReport, case: &str) {
    let canary: Vec<&JsonFinding> = report
        .findings
        .iter()
        .filter(|f| f.file == CANARY_FILE)
        .collect();
    assert_eq!(
        canary.len(),
        1,
        "{case}: the other files are still checked: {:#?}",
        report.findings
    );
    assert_eq!(canary[0].rule, "example-unlinked");
    assert_eq!(canary[0].record.as_deref(), Some("PX-002"));
}

/// One bad file and where its finding must point.
struct Bad {
    fixture: &'static str,
    /// Where it goes in the pack.
    to: &'static str,
    line: usize,
    column: usize,
    /// The record id, when the file could be read far enough to find it.
    record: Option<&'static str>,
    says: &'static [&'static str],
    help: &'static [&'static str],
}

const NEW_DECISION: &str = "content/decisions/d-900.toml";

const fn bad(fixture: &'static str, line: usize, column: usize) -> Bad {
    Bad {
        fixture,
        to: NEW_DECISION,
        line,
        column,
        record: None,
        says: &[],
        help: &[],
    }
}

impl Bad {
    const fn record(mut self, id: &'static str) -> Bad {
        self.record = Some(id);
        self
    }

    const fn says(mut self, says: &'static [&'static str]) -> Bad {
        self.says = says;
        self
    }

    const fn help(mut self, help: &'static [&'static str]) -> Bad {
        self.help = help;
        self
    }

    const fn to(mut self, to: &'static str) -> Bad {
        self.to = to;
        self
    }

    /// Runs `check` (JSON and human) on the clean pack plus this file.
    fn check(&self) {
        let case = self.fixture;
        let pack = pack_with_canary();
        pack.write(self.to, bad_file(self.fixture));

        let (code, report) = check_json(pack.path(), &[]);
        assert_eq!(code, 1, "{case}");
        assert_canary(&report, case);
        let invalid: Vec<&JsonFinding> = report
            .findings
            .iter()
            .filter(|f| f.file != CANARY_FILE)
            .collect();
        assert_eq!(
            invalid.len(),
            1,
            "{case}: one finding for the bad file: {invalid:#?}"
        );
        let f = invalid[0];
        assert_eq!(f.rule, "invalid-record", "{case}: {f:#?}");
        assert_eq!(f.level, "error", "{case}");
        assert_eq!(f.file, self.to, "{case}");
        assert_eq!(
            (f.line, f.column),
            (self.line, self.column),
            "{case}: {f:#?}"
        );
        assert_eq!(f.record.as_deref(), self.record, "{case}: {f:#?}");
        for text in self.says {
            assert!(
                f.message.contains(text),
                "{case}: message should say {text:?}: {f:#?}"
            );
        }
        for text in self.help {
            assert!(
                f.help.contains(text),
                "{case}: help should say {text:?}: {f:#?}"
            );
        }
        assert_sensible(f);
        assert!(
            !f.message.contains("panicked") && !f.message.contains("serde"),
            "{case}: {f:#?}"
        );

        let run = run_check(pack.path(), &[]);
        assert_eq!(run.code, 1, "{case}: {}", run.stderr);
        assert!(run.stderr.is_empty(), "{case}: {}", run.stderr);
        let header = format!("error[invalid-record]: {}", f.message);
        assert!(run.stdout.contains(&header), "{case}:\n{}", run.stdout);
        let arrow = format!("--> {}:{}:{}", self.to, self.line, self.column);
        assert!(
            run.stdout.contains(&arrow),
            "{case}: {arrow}\n{}",
            run.stdout
        );
        assert!(run.stdout.contains("warning[example-unlinked]"), "{case}");
        assert!(
            !run.stdout.contains('\r'),
            "{case}: a carriage return is printed"
        );
    }
}

#[test]
fn a_file_that_is_not_utf8() {
    // Latin-1 "é" in the title: the position of the first byte that is not UTF-8.
    bad("not-utf8.toml", 2, 13)
        .says(&["not UTF-8", "line 2, column 13"])
        .help(&["UTF-8"])
        .check();
    // Saved as "Unicode" (UTF-16) by an old editor.
    bad("utf16.toml", 1, 1).says(&["not UTF-8"]).check();
}

#[test]
fn truncated_toml() {
    // The file ends inside the rationale's triple-quoted text.
    // The id is still read from the broken file, so the finding names the record.
    // SPEC 7a: at the line where the text starts, not at the end of the file.
    bad("truncated.toml", 28, 13)
        .record("D-900")
        .says(&["The text that starts on line 28 is never closed"])
        .help(&["\"\"\""])
        .check();
    bad("unclosed-table.toml", 10, 8)
        .record("D-900")
        .says(&["not valid TOML", "`]`"])
        .check();
}

#[test]
fn values_of_the_wrong_type() {
    bad("wrong-type-number.toml", 35, 14)
        .record("D-900")
        .says(&["text", "a whole number"])
        .check();
    bad("wrong-type-list.toml", 7, 14)
        .record("D-900")
        .says(&["text", "list"])
        .check();
    bad("wrong-type-bool.toml", 41, 14)
        .record("D-900")
        .says(&["text", "true or false"])
        .check();
    // A number where one of a set of words is needed: valid TOML, wrong type.
    bad("wrong-type-choice.toml", 18, 14)
        .record("D-900")
        .says(&["not text", "in quotes"])
        .help(&["double quotes"])
        .check();
}

#[test]
fn unknown_keys_get_a_did_you_mean() {
    bad("unknown-key.toml", 28, 1)
        .record("D-900")
        .says(&["`rationle`"])
        .help(&["Did you mean `rationale`?"])
        .check();
    bad("unknown-table.toml", 10, 2)
        .record("D-900")
        .says(&["`choise`"])
        .help(&["Did you mean `choice`?"])
        .check();
    bad("unknown-key-example.toml", 10, 1)
        .to("content/examples/px-900.toml")
        .record("PX-900")
        .says(&["`outcomes`"])
        .help(&["Did you mean `outcome`?"])
        .check();
}

#[test]
fn a_missing_required_field() {
    bad("missing-field.toml", 1, 1)
        .record("D-900")
        .says(&["`opened` is missing"])
        .help(&["opened = "])
        .check();
    // A field missing from a table points at the table.
    bad("missing-nested-field.toml", 24, 1)
        .record("D-900")
        .says(&["`decided_on` is missing"])
        .check();
    bad("missing-review-field.toml", 37, 1)
        .record("D-900")
        .says(&["`by` is missing"])
        .check();
    bad("comment-only.toml", 1, 1)
        .says(&["`id` is missing"])
        .check();
}

#[test]
fn empty_files() {
    bad("empty.toml", 1, 1)
        .says(&["content/decisions/d-900.toml is empty"])
        .help(&["evidence-pack new"])
        .check();
    bad("zero-bytes.toml", 1, 1)
        .says(&["content/decisions/d-900.toml is empty"])
        .check();
    bad("zero-bytes.toml", 1, 1)
        .to("content/examples/px-900.toml")
        .says(&["is empty"])
        .check();
}

#[test]
fn impossible_dates() {
    bad("impossible-date.toml", 6, 10)
        .record("D-900")
        .says(&["date"])
        .help(&["YYYY-MM-DD"])
        .check();
    bad("impossible-date-string.toml", 6, 10)
        .record("D-900")
        .says(&["2026-02-30 is not a real date"])
        .help(&["YYYY-MM-DD"])
        .check();
    bad("date-with-time.toml", 6, 10)
        .record("D-900")
        .says(&["has a time"])
        .check();
}

#[test]
fn a_windows_file_with_bom_and_crlf_loads_as_a_normal_record() {
    let pack = pack_with_canary();
    let clean = pack.read("content/decisions/d-001.toml");
    let windows = bad_file("bom-crlf.toml");
    assert!(windows.starts_with(b"\xEF\xBB\xBF") && windows.windows(2).any(|w| w == b"\r\n"));
    assert_eq!(
        String::from_utf8(windows[3..].to_vec())
            .unwrap()
            .replace("\r\n", "\n"),
        clean,
        "the fixture is D-001 saved by a Windows editor"
    );
    pack.write("content/decisions/d-001.toml", &windows);
    let (code, report) = check_json(pack.path(), &[]);
    assert_eq!(code, 0);
    assert_canary(&report, "bom-crlf");
    assert_eq!(report.findings.len(), 1, "{:#?}", report.findings);

    // A finding in such a file points at the right line and column, and prints no \r.
    let text = String::from_utf8(windows).unwrap().replace(
        "rationale = \"\"\"AB managed",
        "rationale = \"\"\"Too short.\"\"\"\r\nx = \"\"\"AB managed",
    );
    pack.write(
        "content/decisions/d-001.toml",
        text.replacen("x = ", "what = ", 1),
    );
    let (_, report) = check_json(pack.path(), &[]);
    let f = report
        .findings
        .iter()
        .find(|f| f.file == "content/decisions/d-001.toml")
        .expect("a finding in d-001.toml");
    assert_eq!(
        (f.rule.as_str(), f.line, f.column),
        ("invalid-record", 29, 1),
        "{f:#?}"
    );

    pack.write(
        "content/decisions/d-001.toml",
        text.replacen("\r\nx = \"\"\"AB managed", "\r\n# \"\"\"AB managed", 1),
    );
    let (code, report) = check_json(pack.path(), &[]);
    assert_eq!(code, 1);
    let f = report
        .findings
        .iter()
        .find(|f| f.file == "content/decisions/d-001.toml")
        .expect("a finding in d-001.toml");
    assert_eq!(
        (f.rule.as_str(), f.line, f.column, f.record.as_deref()),
        ("missing-rationale", 28, 1, Some("D-001")),
        "{f:#?}"
    );
    let run = run_check(pack.path(), &[]);
    assert!(!run.stdout.contains('\r'), "{:?}", run.stdout);
    assert!(
        run.stdout
            .contains("28 | rationale = \"\"\"Too short.\"\"\"\n   | ^^^^^^^^^\n"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains('\u{FEFF}'));
}

#[test]
fn a_windows_file_with_a_misspelt_key() {
    // The byte-order mark does not shift the column on line 1 or any other line.
    bad("bom-crlf-misspelt.toml", 28, 1)
        .record("D-900")
        .help(&["Did you mean `rationale`?"])
        .check();
}

#[test]
fn hidden_text_direction_characters_in_id_and_title() {
    let pack = pack_with_canary();
    pack.write(NEW_DECISION, bad_file("bidi-override.toml"));
    let (code, report) = check_json(pack.path(), &[]);
    assert_eq!(code, 1);
    assert_canary(&report, "bidi");
    let found: Vec<(&str, usize, usize)> = report
        .findings
        .iter()
        .filter(|f| f.file == NEW_DECISION)
        .map(|f| (f.rule.as_str(), f.line, f.column))
        .collect();
    assert_eq!(
        found,
        [("invalid-record", 1, 1), ("invalid-record", 2, 1)],
        "{:#?}",
        report.findings
    );
    for f in report.findings.iter().filter(|f| f.file == NEW_DECISION) {
        assert_sensible(f);
        assert_eq!(f.record.as_deref(), Some("D-9\\u{202E}00"));
        assert!(f.message.contains("\\u{202E}"), "{f:#?}");
        assert!(f.message.contains("hidden"), "{f:#?}");
    }
    for format in ["json", "human"] {
        let run = run_check(pack.path(), &["--format", format]);
        assert_eq!(run.code, 1);
        assert!(
            !run.stdout.contains('\u{202E}'),
            "{format}: the override character is printed raw:\n{}",
            run.stdout
        );
    }
}

#[cfg(unix)]
#[test]
fn hidden_text_direction_characters_in_file_names_are_not_printed() {
    let pack = pack_with_canary();
    // "d-<RLO>lmth.toml" would display as "d-lmth.toml" reversed; a hidden one as well.
    let broken = "content/decisions/d-\u{202E}lmth.toml";
    pack.write(broken, bad_file("unknown-key.toml"));
    pack.write(
        "content/decisions/.\u{202E}x.toml",
        bad_file("unknown-key.toml"),
    );
    let (code, report) = check_json(pack.path(), &[]);
    assert_eq!(code, 1);
    assert_canary(&report, "file names");
    let invalid = report.of("invalid-record");
    assert_eq!(invalid.len(), 1, "{:#?}", report.findings);
    assert_eq!((invalid[0].file.as_str(), invalid[0].line), (broken, 28));
    assert_eq!(report.of("skipped-file").len(), 1, "{:#?}", report.findings);

    let run = run_check(pack.path(), &[]);
    assert_eq!(run.code, 1);
    assert!(
        !run.stdout.contains('\u{202E}'),
        "a file name's override character is printed raw:\n{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("--> content/decisions/d-\\u{202E}lmth.toml:28:1"),
        "{}",
        run.stdout
    );
}

#[test]
fn duplicate_ids_across_files_name_both_files() {
    let pack = pack_with_canary();
    let d1 = pack.read("content/decisions/d-001.toml");
    pack.write("content/decisions/2025/d-001-old.toml", &d1);
    let (code, report) = check_json(pack.path(), &[]);
    assert_eq!(code, 1);
    assert_canary(&report, "duplicate");
    let dup = report.of("duplicate-id");
    assert_eq!(dup.len(), 1, "{:#?}", report.findings);
    let f = dup[0];
    assert_eq!(f.file, "content/decisions/d-001.toml");
    assert_eq!((f.line, f.column), (1, 1));
    assert_eq!(f.record.as_deref(), Some("D-001"));
    assert!(
        f.message.contains("content/decisions/2025/d-001-old.toml"),
        "{f:#?}"
    );
    assert!(f.message.contains("content/decisions/d-001.toml"), "{f:#?}");
    assert_sensible(f);
    assert_eq!(report.findings.len(), 2, "{:#?}", report.findings);
}

#[test]
fn a_broken_pack_toml_still_checks_the_records() {
    let pack = pack_with_canary();
    pack.write(
        "pack.toml",
        "[pack]\ntitle = \"Balancing choice\nprovider = \"Riverside Care Ltd\"\n",
    );
    let (code, report) = check_json(pack.path(), &[]);
    assert_eq!(code, 1);
    assert_canary(&report, "pack.toml");
    let f = report.of("invalid-record");
    assert_eq!(f.len(), 1, "{:#?}", report.findings);
    assert_eq!(
        (f[0].file.as_str(), f[0].line, f[0].column),
        ("pack.toml", 2, 9)
    );
    assert!(f[0].message.contains("no closing quote"), "{:#?}", f[0]);
    assert_eq!(report.as_of, AS_OF);
}

#[test]
fn a_broken_framework_or_a_missing_privacy_register_is_located() {
    let pack = pack_with_canary();
    pack.write("frameworks/hscs.toml", "id = \"hscs\"\nname = 3\n");
    pack.replace(
        "pack.toml",
        "register = \"private/people.toml\"",
        "register = \"private/nobody.toml\"",
    );
    let (code, report) = check_json(pack.path(), &[]);
    assert_eq!(code, 1);
    assert_canary(&report, "framework");
    let found: Vec<(&str, &str, usize, usize)> = report
        .of("invalid-record")
        .iter()
        .map(|f| (f.file.as_str(), f.message.as_str(), f.line, f.column))
        .collect();
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(
        (found[0].0, found[0].2, found[0].3),
        ("frameworks/hscs.toml", 2, 8)
    );
    assert_eq!((found[1].0, found[1].2, found[1].3), ("pack.toml", 14, 1));
    assert!(found[1].1.contains("private/nobody.toml"), "{found:#?}");
    for f in report.of("invalid-record") {
        assert_sensible(f);
    }
}

/// Every bad file at once: each is reported, none stops the others, nothing panics.
#[test]
fn all_bad_files_in_one_pack() {
    let pack = pack_with_canary();
    let mut placed = Vec::new();
    for entry in std::fs::read_dir(fixture("bad-input")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if !name.ends_with(".toml") || name == "bom-crlf.toml" {
            continue;
        }
        let dir = if name.contains("example") {
            "content/examples"
        } else {
            "content/decisions"
        };
        let rel = format!("{dir}/bad-{name}");
        pack.write(&rel, bad_file(&name));
        placed.push(rel);
    }
    placed.sort();
    assert!(placed.len() >= 20);
    let (code, report) = check_json(pack.path(), &[]);
    assert_eq!(code, 1);
    assert_canary(&report, "all at once");
    for rel in &placed {
        let here: Vec<&JsonFinding> = report.findings.iter().filter(|f| &f.file == rel).collect();
        assert!(
            here.iter().any(|f| f.rule == "invalid-record"),
            "{rel} has an invalid-record finding: {here:#?}"
        );
    }
    for f in &report.findings {
        assert_sensible(f);
    }
    // Findings only for the bad files and the canary: nothing spills over to the clean records.
    for f in &report.findings {
        assert!(
            placed.contains(&f.file) || f.file == CANARY_FILE,
            "unexpected finding: {f:#?}"
        );
    }
    assert_eq!(report.summary.decisions, 4 + placed.len() - 1);
    assert_eq!(report.summary.examples, 2 + 1);

    let run = run_check(pack.path(), &[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}
