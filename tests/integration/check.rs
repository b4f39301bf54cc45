//! Tests: `evidence-pack check`.
//!
//! Every rule of SPEC section 7 has a test that makes it fire and one where it does not, on a
//! near-identical input. Each case copies tests/fixtures/rules-clean (a pack with no findings on
//! 2026-11-01) into a temporary folder, makes a change or two, and runs `check --format json
//! --as-of 2026-11-01`. A case lists *every* finding it expects, each with its rule, level, file,
//! line, column and record, so a rule that fires where it should not also fails the test.
//!
//! Then: `[rules]` levels, exit codes, the JSON document as data, and the human output as an
//! insta snapshot of the planted-defects fixture.

use std::path::Path;

mod examples;
mod law;
mod lawful;
mod liberty;
mod outcomes;
mod records;
mod settings;

use crate::support::{
    AS_OF, JsonFinding, JsonReport, TempPack, assert_sensible, check_json, evidence_pack, fixture,
    locate, run_check,
};

/// A file of the clean pack and the id of the record in it.
#[derive(Debug, Clone, Copy)]
struct Doc {
    file: &'static str,
    record: Option<&'static str>,
}

const PACK: Doc = Doc {
    file: "pack.toml",
    record: None,
};
/// Medication, medium risk to self, presumed capacity, two reviews (the latest 26 October 2026,
/// every 28 days), linked from PX-001.
const D1: Doc = Doc {
    file: "content/decisions/d-001.toml",
    record: Some("D-001"),
};
/// Going out at night: limited, high risk to both, lacks capacity, escalated, safeguarding.
const D2: Doc = Doc {
    file: "content/decisions/d-002.toml",
    record: Some("D-002"),
};
/// Staying up late: decided 10 October 2026, every 28 days, no review yet (first due 7 November).
const D3: Doc = Doc {
    file: "content/decisions/d-003.toml",
    record: Some("D-003"),
};
/// Money: a closed record with no review plan.
const D4: Doc = Doc {
    file: "content/decisions/d-004.toml",
    record: Some("D-004"),
};
/// Consent given (expires 1 May 2027), last reviewed 1 June 2026, word limit from pack.toml.
const X1: Doc = Doc {
    file: "content/examples/px-001.toml",
    record: Some("PX-001"),
};
/// Consent given, its own word limit of 40 for its 31 words, citing D-002 and D-003.
const X2: Doc = Doc {
    file: "content/examples/px-002.toml",
    record: Some("PX-002"),
};

/// The rationale of D-001 in the clean pack (23 words).
const D1_RATIONALE: &str = "rationale = \"\"\"AB managed their medication for years and wants that control back. A weekly blister pack and phone reminders make a missed dose unlikely.\"\"\"";

#[derive(Debug, Clone)]
enum Edit {
    /// Replace the one line of the file that starts with the prefix ("" deletes the line).
    Line(&'static str, &'static str, String),
    /// Replace the one occurrence of a text.
    Text(&'static str, &'static str, String),
    Write(String, Vec<u8>),
    Symlink(String, std::path::PathBuf),
}

/// One finding a case expects.
#[derive(Debug, Clone)]
struct Want {
    rule: &'static str,
    level: &'static str,
    file: String,
    record: Option<String>,
    /// Where it points: the `nth` occurrence of a text in the (edited) file, or line 1, column 1.
    at: Option<(&'static str, usize)>,
    says: Vec<String>,
    help: Vec<String>,
}

fn want(rule: &'static str, level: &'static str, doc: Doc) -> Want {
    Want {
        rule,
        level,
        file: doc.file.to_string(),
        record: doc.record.map(str::to_string),
        at: None,
        says: Vec::new(),
        help: Vec::new(),
    }
}

fn error(rule: &'static str, doc: Doc) -> Want {
    want(rule, "error", doc)
}

fn warning(rule: &'static str, doc: Doc) -> Want {
    want(rule, "warning", doc)
}

impl Want {
    /// Points at the first occurrence of `needle`.
    fn at(self, needle: &'static str) -> Want {
        self.at_nth(needle, 1)
    }

    fn at_nth(mut self, needle: &'static str, nth: usize) -> Want {
        self.at = Some((needle, nth));
        self
    }

    /// The message contains this text.
    fn says(mut self, text: impl Into<String>) -> Want {
        self.says.push(text.into());
        self
    }

    /// The help contains this text.
    fn help(mut self, text: impl Into<String>) -> Want {
        self.help.push(text.into());
        self
    }

    fn in_file(mut self, file: impl Into<String>) -> Want {
        self.file = file.into();
        self
    }

    fn record(mut self, record: Option<&str>) -> Want {
        self.record = record.map(str::to_string);
        self
    }
}

/// A change to the clean pack and every finding it must produce.
#[derive(Debug, Clone)]
struct Case {
    name: String,
    edits: Vec<Edit>,
    args: Vec<&'static str>,
    wants: Vec<Want>,
}

fn case(name: &str) -> Case {
    Case {
        name: name.to_string(),
        edits: Vec::new(),
        args: Vec::new(),
        wants: Vec::new(),
    }
}

impl Case {
    fn line(mut self, doc: Doc, prefix: &'static str, new: impl Into<String>) -> Case {
        self.edits.push(Edit::Line(doc.file, prefix, new.into()));
        self
    }

    fn delete_line(self, doc: Doc, prefix: &'static str) -> Case {
        self.line(doc, prefix, "")
    }

    fn replace(mut self, doc: Doc, from: &'static str, to: impl Into<String>) -> Case {
        self.edits.push(Edit::Text(doc.file, from, to.into()));
        self
    }

    fn write(mut self, rel: impl Into<String>, text: impl AsRef<[u8]>) -> Case {
        self.edits
            .push(Edit::Write(rel.into(), text.as_ref().to_vec()));
        self
    }

    fn symlink(mut self, rel: impl Into<String>, target: impl Into<std::path::PathBuf>) -> Case {
        self.edits.push(Edit::Symlink(rel.into(), target.into()));
        self
    }

    fn args(mut self, args: &[&'static str]) -> Case {
        self.args.extend_from_slice(args);
        self
    }

    fn expect(mut self, want: Want) -> Case {
        self.wants.push(want);
        self
    }

    /// Applies the edits to a copy of the clean pack.
    fn build(&self) -> TempPack {
        let pack = TempPack::copy_of("rules-clean");
        for edit in &self.edits {
            match edit {
                Edit::Line(file, prefix, new) => {
                    let text = pack.read(file);
                    let matching: Vec<usize> = text
                        .lines()
                        .enumerate()
                        .filter(|(_, l)| l.starts_with(prefix))
                        .map(|(i, _)| i)
                        .collect();
                    assert_eq!(
                        matching.len(),
                        1,
                        "{}: {file} should have one line starting {prefix:?}",
                        self.name
                    );
                    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
                    if new.is_empty() {
                        lines.remove(matching[0]);
                    } else {
                        lines[matching[0]] = new.clone();
                    }
                    pack.write(file, lines.join("\n") + "\n");
                }
                Edit::Text(file, from, to) => pack.replace(file, from, to),
                Edit::Write(rel, bytes) => pack.write(rel, bytes),
                Edit::Symlink(rel, target) => {
                    #[cfg(unix)]
                    std::os::unix::fs::symlink(target, pack.file(rel)).expect("symlink");
                    #[cfg(not(unix))]
                    let _ = (rel, target);
                }
            }
        }
        pack
    }

    /// Runs `check` and asserts exactly the wanted findings, and the exit code.
    #[track_caller]
    fn check(self) -> JsonReport {
        let pack = self.build();
        let (code, report) = check_json(pack.path(), &self.args);
        let shown = || {
            report
                .findings
                .iter()
                .map(|f| {
                    format!(
                        "  {} {} {}:{}:{} {:?}: {} / {}",
                        f.level, f.rule, f.file, f.line, f.column, f.record, f.message, f.help
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        let mut used: Vec<*const JsonFinding> = Vec::new();
        for want in &self.wants {
            let (line, column) = match want.at {
                Some((needle, nth)) => {
                    let text = std::fs::read_to_string(pack.file(&want.file))
                        .unwrap_or_else(|e| panic!("{}: read {}: {e}", self.name, want.file));
                    locate(&text, needle, nth)
                }
                None => (1, 1),
            };
            let candidates: Vec<&JsonFinding> = report
                .findings
                .iter()
                .filter(|f| f.rule == want.rule && f.file == want.file && f.line == line)
                .collect();
            // Several findings of one rule can share a line: take the one whose message says
            // what this one should (and that no earlier want took).
            let found = candidates
                .iter()
                .copied()
                .find(|f| {
                    !used.contains(&std::ptr::from_ref(*f))
                        && want.says.iter().all(|t| f.message.contains(t.as_str()))
                })
                .or_else(|| candidates.first().copied());
            let Some(found) = found else {
                panic!(
                    "{}: expected {} at {}:{line}:{column}; the findings were:\n{}",
                    self.name,
                    want.rule,
                    want.file,
                    shown()
                );
            };
            used.push(std::ptr::from_ref(found));
            assert_eq!(
                found.level, want.level,
                "{}: level of {found:#?}",
                self.name
            );
            assert_eq!(found.column, column, "{}: column of {found:#?}", self.name);
            assert_eq!(
                found.record, want.record,
                "{}: record of {found:#?}",
                self.name
            );
            for text in &want.says {
                assert!(
                    found.message.contains(text.as_str()),
                    "{}: the message should say {text:?}: {found:#?}",
                    self.name
                );
            }
            for text in &want.help {
                assert!(
                    found.help.contains(text.as_str()),
                    "{}: the help should say {text:?}: {found:#?}",
                    self.name
                );
            }
            assert_sensible(found);
        }
        assert_eq!(
            report.findings.len(),
            self.wants.len(),
            "{}: expected only {:?}; the findings were:\n{}",
            self.name,
            self.wants.iter().map(|w| w.rule).collect::<Vec<_>>(),
            shown()
        );
        let errors = report
            .findings
            .iter()
            .filter(|f| f.level == "error")
            .count();
        let warnings = report.findings.len() - errors;
        assert_eq!(report.summary.errors, errors, "{}", self.name);
        assert_eq!(report.summary.warnings, warnings, "{}", self.name);
        let deny = self.args.contains(&"--deny-warnings");
        let expected_code = i32::from(errors > 0 || (deny && warnings > 0));
        assert_eq!(code, expected_code, "{}: exit code", self.name);
        report
    }

    /// The human report of `check` on the case's pack.
    fn human(self) -> String {
        let pack = self.build();
        crate::support::run_check(pack.path(), &self.args).stdout
    }

    /// Runs `check` and asserts there are no findings at all (exit 0).
    #[track_caller]
    fn clean(self) {
        assert!(self.wants.is_empty());
        self.check();
    }
}

/// The date lines of D-001's two `[[reviews]]` (28 September and 26 October 2026).
const D1_REVIEW_1: &str = "on = 2026-09-28";
const D1_REVIEW_2: &str = "on = 2026-10-26";

/// Tables of the clean pack, as written, for cases that remove them.
const D2_ALTERNATIVES: &str = "[[alternatives]]\noption = \"Be home by 9pm every night\"\nwhy_not = \"Removes what matters most to CD.\"\n\n";
const D2_ESCALATION: &str = "[escalation]\nto = \"Risk enablement panel\"\non = 2026-04-08\noutcome = \"Approved with monthly review.\"\nsigned_off_by = \"Head of Quality\"\n\n";
const X1_CONSENT: &str = "[consent]\nstatus = \"given\"\non = 2026-05-01\nexpires = 2027-05-01\nscope = \"Anonymised use in tenders and inspection packs\"\ngiven_by = \"person\"\n";

fn words(n: usize) -> String {
    const WORDS: [&str; 5] = ["the", "choice", "was", "supported", "safely"];
    (0..n)
        .map(|i| WORDS[i % WORDS.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

// ---------------------------------------------------------------------------------------------
// The clean pack itself.

#[test]
fn the_clean_pack_has_no_findings() {
    let report = case("clean").check();
    assert_eq!(report.as_of, AS_OF);
    assert_eq!(report.summary.decisions, 4);
    assert_eq!(report.summary.examples, 2);
    let run = run_check(&fixture("rules-clean"), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "Checked 4 decision records and 2 practice examples: no problems found.\n"
    );
}

#[test]
fn the_demo_pack_has_no_errors() {
    let demo = crate::support::demo_pack();
    let (code, report) = check_json(&demo, &[]);
    assert_eq!(code, 0, "{:#?}", report.findings);
    assert_eq!(report.summary.errors, 0, "{:#?}", report.findings);
    assert!(report.summary.decisions >= 10, "{:?}", report.summary);
    assert!(report.summary.examples >= 4, "{:?}", report.summary);
}

/// The README's rule tables and the registry list the same rules, in the same order, at the same
/// default levels (`check --help` is tested against the registry in workflow.rs).
#[test]
fn the_readme_rule_tables_match_the_rule_registry() {
    let readme = std::fs::read_to_string(crate::support::demo_pack().join("README.md")).unwrap();
    let in_readme: Vec<(String, String)> = readme
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            match cells.as_slice() {
                ["", name, level, _, ""] if matches!(*level, "error" | "warning") => {
                    Some((name.trim_matches('`').to_string(), level.to_string()))
                }
                _ => None,
            }
        })
        .collect();
    // A rule that applies in two places (possible-identifier, for records and for tender answers) is
    // listed again in the second table; its first place is the one that counts.
    let mut seen = std::collections::HashSet::new();
    let in_readme: Vec<(String, String)> = in_readme
        .into_iter()
        .filter(|(name, _)| seen.insert(name.clone()))
        .collect();
    let registry: Vec<(String, String)> = evidence_pack::diagnostics::Rule::ALL
        .iter()
        .map(|r| (r.name().to_string(), r.default_level().as_str().to_string()))
        .collect();
    assert_eq!(in_readme, registry);
}

// ---------------------------------------------------------------------------------------------
// The planted-defects fixture: JSON as data, human output as a snapshot.

/// Every finding planted in tests/fixtures/planted-defects, in output order:
/// (rule, level, file, line, column, record).
type Planted<'a> = (&'a str, &'a str, &'a str, usize, usize, Option<&'a str>);

#[rustfmt::skip]
const PLANTED: &[Planted<'static>] = &[
    ("skipped-file", "warning", "content/decisions/.draft.toml", 1, 1, None),
    ("review-overdue", "error", "content/decisions/d-011.toml", 34, 1, Some("D-011")),
    ("review-without-person", "warning", "content/decisions/d-011.toml", 34, 1, Some("D-011")),
    ("limiting-capacitous-choice", "warning", "content/decisions/d-012.toml", 22, 1, Some("D-012")),
    ("missing-alternatives", "error", "content/decisions/d-012.toml", 22, 1, Some("D-012")),
    // Version 2: a limit with no legal basis, and no senior oversight of it.
    ("restriction-without-basis", "error", "content/decisions/d-012.toml", 22, 1, Some("D-012")),
    ("restrictive-not-escalated", "warning", "content/decisions/d-012.toml", 22, 1, Some("D-012")),
    ("restrictive-without-justification", "error", "content/decisions/d-012.toml", 22, 1, Some("D-012")),
    ("high-risk-not-escalated", "error", "content/decisions/d-013.toml", 12, 3, Some("D-013")),
    ("safeguarding-not-considered", "error", "content/decisions/d-013.toml", 12, 3, Some("D-013")),
    ("possible-identifier", "error", "content/decisions/d-014.toml", 9, 1, Some("D-014")),
    ("missing-rationale", "error", "content/decisions/d-014.toml", 26, 1, Some("D-014")),
    ("unknown-statement", "error", "content/decisions/d-015.toml", 6, 21, Some("D-015")),
    ("invalid-record", "error", "content/decisions/d-016.toml", 25, 1, Some("D-016")),
    ("unknown-reference", "error", "content/examples/px-011.toml", 5, 14, Some("PX-011")),
    ("example-no-consent", "error", "content/examples/px-011.toml", 14, 1, Some("PX-011")),
    ("example-over-word-limit", "error", "content/examples/px-012.toml", 6, 1, Some("PX-012")),
    ("example-missing-outcome", "error", "content/examples/px-012.toml", 9, 1, Some("PX-012")),
    ("example-stale", "warning", "content/examples/px-012.toml", 10, 1, Some("PX-012")),
    ("coverage-gap", "error", "pack.toml", 6, 30, None),
];

#[test]
fn json_output_is_the_documented_document() {
    let pack = fixture("planted-defects");
    let run = run_check(&pack, &["--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();

    // Exactly the keys of SPEC section 8, in its order.
    let keys =
        |v: &serde_json::Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
    assert_eq!(keys(&value), ["as_of", "findings", "summary"]);
    assert_eq!(
        keys(&value["summary"]),
        ["decisions", "errors", "examples", "warnings"]
    );
    for finding in value["findings"].as_array().unwrap() {
        assert_eq!(
            keys(finding),
            [
                "column", "file", "help", "key", "level", "line", "message", "record", "rule"
            ]
        );
        assert!(finding["key"].is_string() || finding["key"].is_null());
        assert!(finding["line"].is_u64() && finding["column"].is_u64());
        assert!(finding["record"].is_string() || finding["record"].is_null());
    }
    assert!(
        run.stdout
            .starts_with("{\n  \"as_of\": \"2026-11-01\",\n  \"summary\": {"),
        "as_of, then summary, then findings:\n{}",
        run.stdout
    );

    let report: JsonReport = serde_json::from_value(value).unwrap();
    assert_eq!(report.as_of, "2026-11-01");
    assert_eq!(
        report.summary.decisions, 7,
        "six records and one broken file"
    );
    assert_eq!(report.summary.examples, 3);
    let errors = PLANTED.iter().filter(|p| p.1 == "error").count();
    assert_eq!(report.summary.errors, errors);
    assert_eq!(report.summary.warnings, PLANTED.len() - errors);

    let actual: Vec<Planted<'_>> = report
        .findings
        .iter()
        .map(|f| {
            (
                f.rule.as_str(),
                f.level.as_str(),
                f.file.as_str(),
                f.line,
                f.column,
                f.record.as_deref(),
            )
        })
        .collect();
    assert_eq!(actual, PLANTED);
    for f in &report.findings {
        assert_sensible(f);
        let source = pack.join(&f.file);
        if f.rule != "skipped-file" {
            assert!(source.is_file(), "{} exists", f.file);
        }
    }

    // The clean records and examples of the fixture have no findings.
    for clean in ["D-010", "PX-010"] {
        assert!(
            report
                .findings
                .iter()
                .all(|f| f.record.as_deref() != Some(clean)),
            "{clean} is clean"
        );
    }

    let by_rule =
        |rule: &str| -> &JsonFinding { report.findings.iter().find(|f| f.rule == rule).unwrap() };
    assert_eq!(
        by_rule("review-overdue").message,
        "The review was due on 3 October 2026 and is 29 days overdue."
    );
    assert_eq!(
        by_rule("review-overdue").help,
        "Record the review under [[reviews]], with the person's own view."
    );
    assert!(
        by_rule("invalid-record")
            .help
            .contains("Did you mean `rationale`?")
    );
    assert!(
        by_rule("example-over-word-limit")
            .message
            .contains("over its limit of 20")
    );
    assert!(by_rule("coverage-gap").message.contains("W2"));
}

#[test]
fn json_output_of_a_clean_pack_has_an_empty_list() {
    let run = run_check(&fixture("rules-clean"), &["--format", "json"]);
    assert_eq!(run.code, 0);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        value,
        serde_json::json!({
            "as_of": "2026-11-01",
            "summary": {"decisions": 4, "examples": 2, "errors": 0, "warnings": 0},
            "findings": []
        })
    );
}

#[test]
fn human_output_snapshot() {
    let run = run_check(&fixture("planted-defects"), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    insta::assert_snapshot!("planted_defects_human", run.stdout);
}

#[test]
fn human_output_blocks_follow_rustc() {
    let run = run_check(&fixture("planted-defects"), &[]);
    let blocks: Vec<&str> = run.stdout.trim_end().split("\n\n").collect();
    let (summary, blocks) = blocks.split_last().unwrap();
    assert_eq!(blocks.len(), PLANTED.len());
    assert_eq!(
        *summary,
        "Checked 7 decision records and 3 practice examples: 15 errors and 5 warnings."
    );
    for (block, (rule, level, file, line, column, _)) in blocks.iter().zip(PLANTED) {
        let lines: Vec<&str> = block.lines().collect();
        assert!(
            lines[0].starts_with(&format!("{level}[{rule}]: ")),
            "{block}"
        );
        assert!(
            lines[1]
                .trim_start()
                .starts_with(&format!("--> {file}:{line}:{column}")),
            "{block}"
        );
        assert!(lines.last().unwrap().starts_with("help: "), "{block}");
        if *rule != "skipped-file" {
            // The source line, then a caret under the column.
            let source = std::fs::read_to_string(fixture("planted-defects").join(file)).unwrap();
            let source_line = source.lines().nth(line - 1).unwrap().trim_end_matches('\r');
            let shown = format!("{line} | ");
            let numbered = lines
                .iter()
                .position(|l| l.trim_start().starts_with(&shown))
                .unwrap_or_else(|| panic!("no source line in\n{block}"));
            let text = lines[numbered].trim_start().strip_prefix(&shown).unwrap();
            if *rule == "possible-identifier" {
                // The line is shown with the identifier taken out.
                assert!(text.contains("removed]"), "{block}");
                assert_ne!(text, source_line, "{block}");
            } else {
                assert!(
                    source_line.starts_with(text.trim_end_matches("...")),
                    "{block}"
                );
            }
            let caret_line = lines[numbered + 1];
            let bar = caret_line.find('|').unwrap();
            let caret = caret_line
                .find('^')
                .unwrap_or_else(|| panic!("no caret in\n{block}"));
            assert_eq!(
                caret - bar - 2,
                column - 1,
                "caret under column {column}:\n{block}"
            );
        }
    }
}

#[test]
fn quiet_leaves_out_the_summary_line() {
    let run = run_check(&fixture("planted-defects"), &["--quiet"]);
    assert_eq!(run.code, 1);
    assert!(!run.stdout.contains("Checked "), "{}", run.stdout);
    assert!(run.stdout.contains("error[review-overdue]"));
    let run = run_check(&fixture("rules-clean"), &["--quiet"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout, "");
}

#[test]
fn no_colour_off_a_terminal_or_with_no_color() {
    for no_color in [None, Some("1")] {
        let mut cmd = evidence_pack();
        cmd.env_remove("NO_COLOR");
        if let Some(value) = no_color {
            cmd.env("NO_COLOR", value);
        }
        cmd.env("CLICOLOR_FORCE", "1").env("TERM", "xterm-256color");
        let output = cmd
            .args(["check", "--as-of", AS_OF])
            .arg(fixture("planted-defects"))
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert!(
            !stdout.contains('\u{1b}'),
            "ANSI escapes with NO_COLOR={no_color:?}:\n{stdout}"
        );
        assert!(stdout.contains("error[review-overdue]"));
    }
}
