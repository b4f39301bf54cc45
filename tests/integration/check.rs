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

mod law;
mod lawful;
mod liberty;
mod outcomes;

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
// One test per rule: it fires, and it does not fire on a near-identical input.

#[test]
fn invalid_record() {
    case("a misspelt key")
        .line(
            D1,
            "rationale =",
            D1_RATIONALE.replacen("rationale", "rationle", 1),
        )
        .expect(
            error("invalid-record", D1)
                .at("rationle")
                .says("`rationle`")
                .help("Did you mean `rationale`?"),
        )
        .check();
    case("closed without closed_on (the record is still checked)")
        .delete_line(D4, "closed_on =")
        .expect(
            error("invalid-record", D4)
                .at("status =")
                .says("closed_on")
                .help("closed_on = "),
        )
        .check();
    case("a blank title")
        .line(D3, "title =", "title = \"  \"")
        .expect(
            error("invalid-record", D3)
                .at("title =")
                .says("`title` is empty"),
        )
        .check();
    case("no risks")
        .replace(
            D3,
            "[[risks]]\ndescription = \"Missing the morning day-centre transport.\"\nto = \"self\"\nlikelihood = \"medium\"\nimpact = \"low\"\n\n",
            "",
        )
        .expect(error("invalid-record", D3).at("choice]").says("no risks"))
        .check();
    case("the key spelt right")
        .line(D1, "rationale =", D1_RATIONALE)
        .clean();
}

#[test]
fn duplicate_id() {
    case("two decision records")
        .line(D4, "id =", "id = \"D-001\"")
        .expect(
            error("duplicate-id", D4)
                .record(Some("D-001"))
                .at("id =")
                .says("D-001")
                .says("content/decisions/d-001.toml")
                .says("content/decisions/d-004.toml"),
        )
        .check();
    case("a record and an example share the id space")
        .line(X2, "id =", "id = \"D-004\"")
        .expect(
            error("duplicate-id", X2)
                .record(Some("D-004"))
                .at("id =")
                .says("content/decisions/d-004.toml")
                .says("content/examples/px-002.toml"),
        )
        .check();
    case("ids that only look alike")
        .line(D4, "id =", "id = \"D-001a\"")
        .clean();
}

#[test]
fn unknown_statement() {
    case("in a record")
        .line(D1, "statements =", "statements = [\"S4\", \"C3\", \"S9\"]")
        .expect(
            error("unknown-statement", D1)
                .at("\"S9\"")
                .says("\"S9\"")
                .says("no statement S9"),
        )
        .check();
    case("written in small letters")
        .line(D1, "statements =", "statements = [\"S4\", \"c3\"]")
        .expect(
            error("unknown-statement", D1)
                .at("\"c3\"")
                .says("\"c3\"")
                .help("Did you mean \"C3\"?"),
        )
        .check();
    case("in an example, with an unknown framework")
        .line(X1, "statements =", "statements = [\"hscs:1.2\"]")
        .expect(
            error("unknown-statement", X1)
                .at("\"hscs:1.2\"")
                .says("no framework called \"hscs\""),
        )
        .check();
    case("in required_statements")
        .line(
            PACK,
            "required_statements =",
            "required_statements = [\"S4\", \"Q1\"]",
        )
        .expect(error("unknown-statement", PACK).at("\"Q1\"").says("\"Q1\""))
        .check();
    case("the last statement of each group")
        .line(
            D1,
            "statements =",
            "statements = [\"S4\", \"S8\", \"E6\", \"C5\", \"R7\", \"W8\"]",
        )
        .clean();
    case("a statement of a framework in frameworks/")
        .line(X1, "statements =", "statements = [\"S4\", \"hscs:1.2\"]")
        .write(
            "frameworks/hscs.toml",
            "id = \"hscs\"\nname = \"Health and Social Care Standards\"\n\n[[groups]]\nid = \"1\"\nname = \"I experience high quality care and support that is right for me\"\n\n[[statements]]\nid = \"1.2\"\ngroup = \"1\"\nname = \"I am supported to make my own decisions\"\n",
        )
        .clean();
}

#[test]
fn unknown_reference() {
    case("an id no record has")
        .line(X1, "decisions =", "decisions = [\"D-001\", \"D-099\"]")
        .expect(error("unknown-reference", X1).at("\"D-099\"").says("D-099"))
        .check();
    case("a closed record is still a record")
        .line(X1, "decisions =", "decisions = [\"D-001\", \"D-004\"]")
        .clean();
    case("an example is not a decision record")
        .line(X1, "decisions =", "decisions = [\"PX-002\"]")
        .expect(
            error("unknown-reference", X1)
                .at("\"PX-002\"")
                .says("PX-002"),
        )
        .check();
}

#[test]
fn missing_rationale() {
    case("14 words")
        .line(D1, "rationale =", format!("rationale = \"{}\"", words(14)))
        .expect(
            error("missing-rationale", D1)
                .at("rationale =")
                .says("only 14 words")
                .says("15")
                .help("rationale"),
        )
        .check();
    case("exactly 15 words")
        .line(D1, "rationale =", format!("rationale = \"{}\"", words(15)))
        .clean();
    case("15 words once Markdown is taken away")
        .line(
            D1,
            "rationale =",
            format!(
                "rationale = \"**{}** [link](http://example.org/a/b)\"",
                words(14)
            ),
        )
        .clean();
    case("blank")
        .line(D1, "rationale =", "rationale = \"  \"")
        .expect(
            error("missing-rationale", D1)
                .at("rationale =")
                .says("no rationale"),
        )
        .check();
    case("missing")
        .delete_line(D1, "rationale =")
        .expect(
            error("missing-rationale", D1)
                .at("decision]")
                .says("no rationale"),
        )
        .check();
}

#[test]
fn missing_review_plan() {
    case("no every_days")
        .delete_line(D1, "every_days =")
        .expect(
            error("missing-review-plan", D1)
                .at("review]")
                .help("every_days"),
        )
        .check();
    case("no [review] table")
        .replace(D3, "[review]\nevery_days = 28\n", "")
        .expect(error("missing-review-plan", D3).at("decision]"))
        .check();
    case("an active record that was closed")
        .line(D4, "status = \"closed\"", "status = \"active\"")
        .delete_line(D4, "closed_on =")
        .expect(error("missing-review-plan", D4).at("decision]"))
        .check();
    // The clean pack's D-004 is closed and has no [review]: closed records are exempt.
    case("a closed record needs no review plan").clean();
}

#[test]
fn no_review_evidence() {
    case("first review due the day before the as-of date (next_due)")
        .line(D3, "every_days =", "every_days = 28\nnext_due = 2026-10-31")
        .expect(
            error("no-review-evidence", D3)
                .at("review]")
                .says("31 October 2026")
                .says("1 day overdue"),
        )
        .check();
    case("first review due on the as-of date (next_due)")
        .line(D3, "every_days =", "every_days = 28\nnext_due = 2026-11-01")
        .clean();
    case("first review due the day before (decided_on + every_days)")
        .line(D3, "every_days =", "every_days = 21")
        .expect(
            error("no-review-evidence", D3)
                .at("review]")
                .says("31 October 2026")
                .says("1 day overdue"),
        )
        .check();
    case("first review due on the as-of date (decided_on + every_days)")
        .line(D3, "every_days =", "every_days = 22")
        .clean();
    case("long overdue")
        .line(D3, "every_days =", "every_days = 7")
        .expect(
            error("no-review-evidence", D3)
                .at("review]")
                .says("17 October 2026")
                .says("15 days overdue"),
        )
        .check();
    case("a closed record is exempt")
        .line(D4, "rationale =", "rationale = \"\"\"GH can manage a weekly budget with a prepaid card. The appointee tops it up each Monday, so a bad week never empties the account.\"\"\"\n\n[review]\nevery_days = 28")
        .clean();
}

#[test]
fn review_overdue() {
    case("due the day before the as-of date")
        .line(D1, D1_REVIEW_2, "on = 2026-10-03")
        .expect(
            error("review-overdue", D1)
                .at_nth("[[reviews]]", 2)
                .says("due on 31 October 2026")
                .says("1 day overdue"),
        )
        .check();
    case("due on the as-of date is not overdue")
        .line(D1, D1_REVIEW_2, "on = 2026-10-04")
        .clean();
    case("the latest review is judged, whatever the order")
        .line(D1, D1_REVIEW_1, "on = 2026-10-03")
        .line(D1, D1_REVIEW_2, "on = 2026-09-20")
        .expect(
            error("review-overdue", D1)
                .at_nth("[[reviews]]", 1)
                .says("due on 31 October 2026")
                .says("1 day overdue"),
        )
        .check();
    case("an earlier review listed last does not make it overdue")
        .line(D1, D1_REVIEW_2, "on = 2026-09-27")
        .line(D1, D1_REVIEW_1, "on = 2026-10-26")
        .clean();
    case("many days overdue")
        .line(D1, D1_REVIEW_1, "on = 2026-05-04")
        .line(D1, D1_REVIEW_2, "on = 2026-06-01")
        .expect(
            error("review-overdue", D1)
                .at_nth("[[reviews]]", 2)
                .says("due on 29 June 2026")
                .says("125 days overdue"),
        )
        .check();
    case("a closed record is exempt")
        .line(
            D1,
            "status = \"active\"",
            "status = \"closed\"\nclosed_on = 2026-10-30",
        )
        .line(D1, D1_REVIEW_2, "on = 2026-08-01")
        .clean();
}

#[test]
fn review_without_person() {
    case("no person_view")
        .delete_line(D1, "person_view = \"It's going fine")
        .expect(
            warning("review-without-person", D1)
                .at_nth("[[reviews]]", 1)
                .says("28 September 2026")
                .help("person_view"),
        )
        .check();
    case("a blank person_view")
        .line(D1, "person_view = \"I don't", "person_view = \" \"")
        .expect(
            warning("review-without-person", D1)
                .at_nth("[[reviews]]", 2)
                .says("26 October 2026"),
        )
        .check();
    case("a short person_view is enough")
        .line(D1, "person_view = \"I don't", "person_view = \"Fine.\"")
        .clean();
    case("a closed record is exempt, like the other review rules")
        .line(
            D1,
            "status = \"active\"",
            "status = \"closed\"\nclosed_on = 2026-10-30",
        )
        .delete_line(D1, "person_view = \"It's going fine")
        .clean();
}

#[test]
fn missing_person_voice() {
    case("blank")
        .line(D1, "in_their_words =", "in_their_words = \"\"")
        .expect(
            warning("missing-person-voice", D1)
                .at("in_their_words")
                .help("in_their_words"),
        )
        .check();
    case("missing")
        .delete_line(D1, "in_their_words =")
        .expect(warning("missing-person-voice", D1).at("choice]"))
        .check();
    case("present")
        .line(D1, "in_their_words =", "in_their_words = \"Let me.\"")
        .clean();
}

#[test]
fn person_not_involved() {
    case("the person is not listed")
        .line(
            D1,
            "involved =",
            "involved = [\"Key worker\", \"Community pharmacist\"]",
        )
        .expect(
            warning("person-not-involved", D1)
                .at("involved")
                .says("AB")
                .help("\"AB\""),
        )
        .check();
    case("nobody is listed")
        .delete_line(D1, "involved =")
        .expect(
            warning("person-not-involved", D1)
                .at("decision]")
                .says("AB"),
        )
        .check();
    case("the person is listed, not first")
        .line(
            D1,
            "involved =",
            "involved = [\"Key worker\", \"AB\", \"Community pharmacist\"]",
        )
        .clean();
}

#[test]
fn missing_alternatives() {
    case("a restrictive outcome")
        .replace(D2, D2_ALTERNATIVES, "")
        .expect(
            error("missing-alternatives", D2)
                .at("outcome = \"limited\"")
                .says("limited")
                .help("[[alternatives]]"),
        )
        .check();
    case("a high risk (high x medium), supported")
        .line(D1, "likelihood =", "likelihood = \"high\"")
        .expect(
            error("missing-alternatives", D1)
                .at("outcome =")
                .says("risk is high"),
        )
        .expect(error("high-risk-not-escalated", D1).at("risks]]"))
        .check();
    case("a medium risk (high x low), supported")
        .line(D1, "likelihood =", "likelihood = \"high\"")
        .line(D1, "impact =", "impact = \"low\"")
        .clean();
}

#[test]
fn restrictive_without_justification() {
    case("limited without least_restrictive")
        .delete_line(D2, "least_restrictive =")
        .expect(
            error("restrictive-without-justification", D2)
                .at("outcome = \"limited\"")
                .says("Limited")
                .help("least_restrictive"),
        )
        .check();
    case("not supported, blank least_restrictive")
        .line(D2, "outcome = \"limited\"", "outcome = \"not-supported\"")
        .line(
            D2,
            "least_restrictive =",
            "least_restrictive = \"\"\"\n\"\"\"",
        )
        .expect(
            error("restrictive-without-justification", D2)
                .at("outcome = \"not-supported\"")
                .says("Not supported"),
        )
        .check();
    case("supported with conditions needs no justification")
        .line(
            D2,
            "outcome = \"limited\"",
            "outcome = \"supported-with-conditions\"",
        )
        .delete_line(D2, "least_restrictive =")
        .clean();
}

// limiting-capacitous-choice changed meaning in version 2: see check/lawful.rs.

#[test]
fn capacity_not_recorded() {
    case("no [capacity]")
        .replace(D1, "[capacity]\nstatus = \"presumed\"\n\n", "")
        .expect(
            error("capacity-not-recorded", D1)
                .at("decision]")
                .help("[capacity]"),
        )
        .check();
    case("assessed without a date")
        .delete_line(D3, "assessed_on =")
        .expect(
            error("capacity-not-recorded", D3)
                .at("status = \"assessed-has\"")
                .says("assessed_on"),
        )
        .check();
    case("assessed without an assessor")
        .line(D3, "assessed_by =", "assessed_by = \"\"")
        .expect(
            error("capacity-not-recorded", D3)
                .at("status = \"assessed-has\"")
                .says("assessed_by"),
        )
        .check();
    case("lacks capacity without a best-interests decision")
        .delete_line(D2, "best_interests =")
        .expect(
            error("capacity-not-recorded", D2)
                .at("status = \"assessed-lacks\"")
                .says("best-interests")
                .help("best_interests"),
        )
        .check();
    case("presumed capacity needs no assessment")
        .replace(
            D3,
            "status = \"assessed-has\"\nassessed_on = 2026-10-05\nassessed_by = \"Registered manager\"\n",
            "status = \"presumed\"\n",
        )
        .clean();
}

#[test]
fn high_risk_not_escalated() {
    case("high risk without [escalation]")
        .replace(D2, D2_ESCALATION, "")
        .expect(
            error("high-risk-not-escalated", D2)
                .at("risks]]")
                .says("risk level is high")
                .help("[escalation]"),
        )
        .expect(warning("restrictive-not-escalated", D2).at("outcome = \"limited\""))
        .check();
    case("the highest risk counts (medium x high)")
        .replace(
            D1,
            "[capacity]",
            "[[risks]]\ndescription = \"A fall when collecting tablets.\"\nto = \"self\"\nlikelihood = \"medium\"\nimpact = \"high\"\n\n[capacity]",
        )
        .expect(error("high-risk-not-escalated", D1).at("risks]]"))
        .expect(error("missing-alternatives", D1).at("outcome ="))
        .check();
    case("a medium risk (low x high) needs no escalation")
        .replace(D2, D2_ESCALATION, "")
        .line(D2, "likelihood =", "likelihood = \"low\"")
        .line(D2, "impact =", "impact = \"high\"")
        // A restriction still deserves senior oversight (version 2), at warning level.
        .expect(warning("restrictive-not-escalated", D2).at("outcome = \"limited\""))
        .check();
}

#[test]
fn escalation_incomplete() {
    case("no signed_off_by")
        .delete_line(D2, "signed_off_by =")
        .expect(
            error("escalation-incomplete", D2)
                .at("escalation]")
                .says("signed_off_by"),
        )
        .check();
    case("no date and a blank outcome")
        .delete_line(D2, "on = 2026-04-08")
        .line(D2, "outcome = \"Approved", "outcome = \"\"")
        .expect(
            error("escalation-incomplete", D2)
                .at("escalation]")
                .says("on, outcome"),
        )
        .check();
    case("a complete escalation of a medium risk")
        .line(D1, "[capacity]", "[escalation]\nto = \"Team leader\"\non = 2026-03-02\noutcome = \"Agreed.\"\nsigned_off_by = \"Registered manager\"\n\n[capacity]")
        .clean();
}

#[test]
fn safeguarding_not_considered() {
    case("considered = false")
        .line(D2, "considered =", "considered = false")
        .expect(
            error("safeguarding-not-considered", D2)
                .at("safeguarding]")
                .help("considered = true"),
        )
        .check();
    case("no outcome")
        .delete_line(D2, "outcome = \"Safeguarding")
        .expect(error("safeguarding-not-considered", D2).at("safeguarding]"))
        .check();
    // SPEC 7, version 3: a risk to others is a safeguarding matter only when it is to other
    // people the service supports or to children; to staff or the public it is health and safety.
    for who in ["people-we-support", "children"] {
        case(&format!("a risk to others ({who}) and no [safeguarding]"))
            .line(
                D1,
                "to = \"self\"",
                format!("to = \"others\"\nothers = [\"staff\", \"{who}\"]"),
            )
            .expect(
                error("safeguarding-not-considered", D1)
                    .at("risks]]")
                    .says("A risk to "),
            )
            .check();
    }
    case("a risk to staff with no safeguarding table")
        .line(
            D1,
            "to = \"self\"",
            "to = \"others\"\nothers = [\"staff\", \"public\"]",
        )
        .clean();
    case("a risk to others, not said who, with no safeguarding table")
        .line(D1, "to = \"self\"", "to = \"others\"")
        .clean();
    case("a risk to self needs no safeguarding record")
        .line(D2, "to = \"both\"", "to = \"self\"")
        .delete_line(D2, "abuse_or_neglect =")
        .replace(
            D2,
            "[safeguarding]\nconsidered = true\n",
            "[safeguarding]\nconsidered = false\n",
        )
        .clean();
}

#[test]
fn date_order() {
    case("decided before opened")
        .line(D1, "decided_on =", "decided_on = 2026-03-01")
        .expect(
            error("date-order", D1)
                .at("decided_on")
                .says("1 March 2026")
                .says("2 March 2026"),
        )
        .check();
    case("decided the day it was opened").clean();
    case("a review before the decision")
        .line(D1, D1_REVIEW_1, "on = 2026-03-01")
        .expect(
            error("date-order", D1)
                .at("on = 2026-03-01")
                .says("1 March 2026")
                .says("before the decision"),
        )
        .check();
    case("a review on the day of the decision")
        .line(D1, D1_REVIEW_1, "on = 2026-03-02")
        .clean();
    case("closed before opened")
        .line(D4, "closed_on =", "closed_on = 2026-01-04")
        .expect(
            error("date-order", D4)
                .at("closed_on")
                .says("4 January 2026")
                .says("5 January 2026"),
        )
        .check();
    case("a review after the as-of date")
        .line(D1, D1_REVIEW_2, "on = 2026-11-02")
        .expect(
            error("date-order", D1)
                .at("on = 2026-11-02")
                .says("2 November 2026")
                .says("1 November 2026"),
        )
        .check();
    case("a review on the as-of date")
        .line(D1, D1_REVIEW_2, "on = 2026-11-01")
        .clean();
    case("an escalation and an assessment after the as-of date")
        .line(D2, "on = 2026-04-08", "on = 2026-12-01")
        .line(D2, "assessed_on =", "assessed_on = 2027-01-01")
        .expect(
            error("date-order", D2)
                .at("on = 2026-12-01")
                .says("1 December 2026"),
        )
        .expect(
            error("date-order", D2)
                .at("assessed_on")
                .says("1 January 2027"),
        )
        .expect(warning("escalation-after-decision", D2).at("on = 2026-12-01"))
        .check();
    case("consent given and text checked after the as-of date")
        .line(X1, "on =", "on = 2026-11-02")
        .line(X1, "last_reviewed =", "last_reviewed = 2026-11-03")
        .expect(
            error("date-order", X1)
                .at("on = 2026-11-02")
                .says("2 November 2026"),
        )
        .expect(
            error("date-order", X1)
                .at("last_reviewed")
                .says("3 November 2026"),
        )
        .check();
    case("closed after the as-of date")
        .line(D4, "closed_on =", "closed_on = 2026-11-02")
        .expect(
            error("date-order", D4)
                .at("closed_on")
                .says("2 November 2026"),
        )
        .check();
    case("opened after the as-of date")
        .line(D3, "opened =", "opened = 2026-11-05")
        .line(D3, "decided_on =", "decided_on = 2026-11-05")
        .line(D3, "assessed_on =", "assessed_on = 2026-10-30")
        .expect(error("date-order", D3).at("opened").says("5 November 2026"))
        .expect(
            error("date-order", D3)
                .at("decided_on")
                .says("5 November 2026"),
        )
        .check();
}

#[test]
fn possible_identifier() {
    case("an NHS number in a summary")
        .line(
            D1,
            "summary =",
            "summary = \"AB (NHS 943 476 5919) wants to keep their own medication.\"",
        )
        .expect(
            error("possible-identifier", D1)
                .at("summary =")
                .says("`choice.summary`")
                .says("an NHS number"),
        )
        .check();
    case("a number that fails the NHS check digit")
        .line(
            D1,
            "summary =",
            "summary = \"AB (ref 943 476 5918) wants to keep their own medication.\"",
        )
        .clean();
    case("a postcode in a review")
        .line(
            D2,
            "outcome = \"Five evenings",
            "outcome = \"Five evenings out near SW1A 1AA; no incidents.\"",
        )
        .expect(
            error("possible-identifier", D2)
                .at("outcome = \"Five evenings")
                .says("`reviews[0].outcome`")
                .says("a UK postcode"),
        )
        .check();
    case("a room number and a time are not a postcode")
        .line(
            D2,
            "outcome = \"Five evenings",
            "outcome = \"Five evenings out, back to room B12 by 11pm; no incidents.\"",
        )
        .clean();
    case("a phone number in an example")
        .line(
            X1,
            "action =",
            "action = \"We agreed a blister pack and reminders; his pharmacist is on 07700 900123.\"",
        )
        .expect(
            error("possible-identifier", X1)
                .at("action =")
                .says("`action`")
                .says("a UK phone number"),
        )
        .check();
    case("an e-mail address on the cover")
        .line(
            PACK,
            "summary =",
            "summary = \"Questions to jo.bloggs@example.org.\"",
        )
        .expect(
            error("possible-identifier", PACK)
                .at("summary =")
                .says("`pack.summary`")
                .says("an e-mail address"),
        )
        .check();
    case("a registered name, in other case")
        .line(
            D1,
            "person_view = \"I don't",
            "person_view = \"Ask JANE SMITH, she knows.\"",
        )
        .expect(
            error("possible-identifier", D1)
                .at("person_view = \"Ask")
                .says("`reviews[1].person_view`")
                .says("a name from the privacy register"),
        )
        .check();
    case("a name that only contains a registered name")
        .line(
            D1,
            "person_view = \"I don't",
            "person_view = \"Ask Janet Smithers, she knows.\"",
        )
        .clean();
}

#[test]
fn possible_identifier_never_prints_the_identifier() {
    let planted = || {
        case("several identifiers").line(
            D1,
            "summary =",
            "summary = \"NHS 943 476 5919, SW1A 1AA, 07700 900123, jo@example.org, Jane Smith\"",
        )
    };
    let human = planted().human();
    assert!(human.contains("possible-identifier"), "{human}");
    assert!(
        human.contains("summary = \"NHS [NHS number removed]"),
        "{human}"
    );
    for secret in ["5919", "SW1A", "900123", "jo@example.org", "Jane", "Smith"] {
        assert!(!human.contains(secret), "{secret} printed in\n{human}");
    }
    let report = planted()
        .expect(
            error("possible-identifier", D1)
                .at("summary =")
                .says("NHS number"),
        )
        .expect(
            error("possible-identifier", D1)
                .at("summary =")
                .says("postcode"),
        )
        .expect(
            error("possible-identifier", D1)
                .at("summary =")
                .says("phone"),
        )
        .expect(
            error("possible-identifier", D1)
                .at("summary =")
                .says("e-mail"),
        )
        .expect(
            error("possible-identifier", D1)
                .at("summary =")
                .says("register"),
        )
        .check();
    let json = serde_json::to_string(
        &report
            .findings
            .iter()
            .map(|f| (&f.message, &f.help))
            .collect::<Vec<_>>(),
    )
    .unwrap();
    for secret in ["5919", "SW1A", "900123", "jo@example.org", "Jane", "Smith"] {
        assert!(!json.contains(secret), "{secret} printed in {json}");
    }
}

#[test]
fn example_missing_outcome() {
    case("no outcome")
        .delete_line(X1, "outcome =")
        .expect(
            error("example-missing-outcome", X1)
                .at("action =")
                .help("outcome"),
        )
        .check();
    case("a blank outcome")
        .line(X1, "outcome =", "outcome = \"\"\"\n\n\"\"\"")
        .expect(error("example-missing-outcome", X1).at("action ="))
        .check();
    case("a one-line outcome")
        .line(X1, "outcome =", "outcome = \"No missed doses.\"")
        .clean();
}

#[test]
fn example_no_consent() {
    case("no [consent]")
        .replace(X1, X1_CONSENT, "")
        .expect(
            error("example-no-consent", X1)
                .at("title =")
                .help("[consent]"),
        )
        .check();
    case("withdrawn")
        .line(X1, "status =", "status = \"withdrawn\"")
        .expect(
            error("example-no-consent", X1)
                .at("status =")
                .says("withdrawn"),
        )
        .check();
    case("given without a date")
        .delete_line(X1, "on =")
        .expect(
            error("example-no-consent", X1)
                .at("status =")
                .help("consent.on"),
        )
        .check();
    case("not required without a reason")
        .line(X2, "status =", "status = \"not-required\"")
        .delete_line(X2, "on =")
        .expect(
            error("example-no-consent", X2)
                .at("status =")
                .help("consent.reason"),
        )
        .expect(warning("example-composite-traceable", X2).at("status ="))
        .check();
    case("expired the day before the as-of date")
        .line(X1, "expires =", "expires = 2026-10-31")
        .expect(
            error("example-no-consent", X1)
                .at("expires =")
                .says("31 October 2026"),
        )
        .check();
    case("expires on the as-of date")
        .line(X1, "expires =", "expires = 2026-11-01")
        .clean();
    case("given with no expiry")
        .delete_line(X1, "expires =")
        .clean();
}

#[test]
fn example_over_word_limit() {
    case("one word over its own limit")
        .line(X2, "word_limit =", "word_limit = 30")
        .expect(
            error("example-over-word-limit", X2)
                .at("word_limit =")
                .says("31 words")
                .says("limit of 30")
                .help("Cut 1 word "),
        )
        .check();
    case("exactly at its own limit")
        .line(X2, "word_limit =", "word_limit = 31")
        .clean();
    case("over the pack's limit")
        .delete_line(X2, "word_limit =")
        .line(PACK, "word_limit =", "word_limit = 30")
        .expect(
            error("example-over-word-limit", X1)
                .at("situation =")
                .says("53 words")
                .says("limit of 30")
                .help("Cut 23 words"),
        )
        .expect(
            error("example-over-word-limit", X2)
                .at("situation =")
                .says("31 words")
                .says("limit of 30")
                .help("Cut 1 word "),
        )
        .check();
    case("the example's own limit wins over the pack's")
        .line(PACK, "word_limit =", "word_limit = 25")
        .line(
            X1,
            "decisions =",
            "decisions = [\"D-001\"]\nword_limit = 53",
        )
        .clean();
    case("no limit anywhere")
        .delete_line(X2, "word_limit =")
        .delete_line(PACK, "word_limit =")
        .clean();
}

#[test]
fn example_unlinked() {
    case("an empty list")
        .line(X1, "decisions =", "decisions = []")
        .expect(
            warning("example-unlinked", X1)
                .at("title =")
                .help("decisions ="),
        )
        .check();
    case("no decisions key")
        .delete_line(X1, "decisions =")
        .expect(warning("example-unlinked", X1).at("title ="))
        .check();
    case("linked to one record")
        .line(X1, "decisions =", "decisions = [\"D-004\"]")
        .clean();
}

#[test]
fn example_stale() {
    case("checked 366 days before the as-of date")
        .line(X1, "last_reviewed =", "last_reviewed = 2025-10-31")
        .expect(
            warning("example-stale", X1)
                .at("last_reviewed =")
                .says("31 October 2025"),
        )
        .check();
    case("checked exactly 365 days before")
        .line(X1, "last_reviewed =", "last_reviewed = 2025-11-01")
        .clean();
    case("never checked")
        .delete_line(X1, "last_reviewed =")
        .expect(
            warning("example-stale", X1)
                .at("title =")
                .help("last_reviewed"),
        )
        .check();
}

#[test]
fn coverage_gap() {
    case("a required statement with no evidence")
        .line(
            PACK,
            "required_statements =",
            "required_statements = [\"S4\", \"W1\"]",
        )
        .expect(
            error("coverage-gap", PACK)
                .at("\"W1\"")
                .says("W1")
                .says("Shared direction and culture"),
        )
        .check();
    case("evidenced by a record, an example, or a closed record")
        .line(
            PACK,
            "required_statements =",
            "required_statements = [\"S4\", \"C3\", \"R1\", \"E1\", \"S1\"]",
        )
        .clean();
    case("no required statements")
        .delete_line(PACK, "required_statements =")
        .clean();
}

#[test]
fn skipped_file() {
    let d1 = std::fs::read_to_string(fixture("rules-clean").join(D1.file)).unwrap();
    case("a hidden file")
        .write("content/decisions/.d-001.toml", &d1)
        .expect(
            warning("skipped-file", D1)
                .in_file("content/decisions/.d-001.toml")
                .record(None)
                .says("content/decisions/.d-001.toml")
                .says("hidden"),
        )
        .check();
    case("a hidden folder")
        .write("content/examples/.old/px-001.toml", "id = \"PX-001\"\n")
        .expect(
            warning("skipped-file", X1)
                .in_file("content/examples/.old")
                .record(None)
                .says("hidden"),
        )
        .check();
    case("a record whose name ends .TOML in capitals")
        .write("content/decisions/D-009.TOML", d1.replace("D-001", "D-009"))
        .write("content/examples/x.Toml", "id = \"PX-009\"\n")
        .expect(
            warning("skipped-file", D1)
                .in_file("content/decisions/D-009.TOML")
                .record(None)
                .says("content/decisions/D-009.TOML was not read")
                .says("lower case")
                .help("Rename it to D-009.toml."),
        )
        .expect(
            warning("skipped-file", X1)
                .in_file("content/examples/x.Toml")
                .record(None)
                .help("Rename it to x.toml."),
        )
        .check();
    case("a .TOML file beside a .toml file of the same name")
        .write("content/decisions/d-001.TOML", &d1)
        .expect(
            warning("skipped-file", D1)
                .in_file("content/decisions/d-001.TOML")
                .record(None)
                .says("lower case")
                .help("There is already a d-001.toml"),
        )
        .check();
    case("a hidden .TOML file is reported once, as hidden")
        .write("content/decisions/.d-009.TOML", &d1)
        .expect(
            warning("skipped-file", D1)
                .in_file("content/decisions/.d-009.TOML")
                .record(None)
                .says("hidden"),
        )
        .check();
    case("a folder named like a .TOML file is a folder, and what it holds is read")
        .write(
            "content/decisions/Archive.TOML/d-009.toml",
            d1.replace("D-001", "D-009").replace("AB", "JK"),
        )
        .clean();
    case("a record saved with .txt added, and records outside the two folders")
        .write("content/decisions/d-009.toml.txt", &d1)
        .write("content/decision/d-010.toml", &d1)
        .write("content/d-011.toml", &d1)
        .write("content/README.md", "# Notes\n")
        .expect(
            warning("skipped-file", PACK)
                .in_file("content/d-011.toml")
                .says("content/d-011.toml was not read"),
        )
        .expect(
            warning("skipped-file", PACK)
                .in_file("content/decision")
                .says("folder content/decision was not read"),
        )
        .expect(
            warning("skipped-file", PACK)
                .in_file("content/decisions/d-009.toml.txt")
                .says("d-009.toml.txt was not read")
                .help("rename it"),
        )
        .check();
    case("hidden files that are not records, and other files")
        .write("content/decisions/.DS_Store", "junk")
        .write("content/decisions/notes.md", "# Notes\n")
        .write("content/examples/px-002.toml.bak", "junk")
        .clean();
    #[cfg(unix)]
    {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(
            outside.path().join("d-009.toml"),
            d1.replace("D-001", "D-009"),
        )
        .unwrap();
        case("a link to a file outside the pack")
            .symlink(
                "content/decisions/d-009.toml",
                outside.path().join("d-009.toml"),
            )
            .expect(
                warning("skipped-file", D1)
                    .in_file("content/decisions/d-009.toml")
                    .record(None)
                    .says("outside the pack"),
            )
            .check();
        case("a link to a folder outside the pack")
            .symlink("content/decisions/shared", outside.path())
            .expect(
                warning("skipped-file", D1)
                    .in_file("content/decisions/shared")
                    .record(None)
                    .says("outside the pack"),
            )
            .check();
        case("a link to a folder inside the pack is followed")
            .write(
                "archive/d-009.toml",
                d1.replace("D-001", "D-009").replace("AB", "JK"),
            )
            .symlink("content/decisions/archive", "../../archive")
            .clean();
    }
}

// ---------------------------------------------------------------------------------------------
// [rules] levels and --deny-warnings.

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
