//! Tests: the first hour of a quality lead (SPEC section 7a). Each mistake a writer makes in a
//! record is explained in her terms, at the line of the mistake, and the rest of the file is still
//! read; the samples `init` writes and the words templates leave are reported; every command finds
//! pack.toml from a folder inside the pack; a title split by missing quotes is explained.
//!
//! Each mistake is made in D-001 of the clean pack (tests/fixtures/rules-clean), one at a time.

use crate::support::{JsonFinding, TempPack, assert_sensible, check_json, evidence_pack, line_of};

const D1: &str = "content/decisions/d-001.toml";

/// D-001 with `from` replaced by `to`, checked: the `invalid-record` findings of D-001.
fn mistake(from: &str, to: &str) -> (String, Vec<JsonFinding>) {
    let pack = TempPack::copy_of("rules-clean");
    let text = pack.read(D1);
    assert!(text.contains(from), "the clean record has {from:?}");
    let text = text.replacen(from, to, 1);
    pack.write(D1, &text);
    let (code, report) = check_json(pack.path(), &[]);
    assert_eq!(code, 1, "{report:#?}");
    let found: Vec<JsonFinding> = report
        .findings
        .into_iter()
        .filter(|f| f.file == D1)
        .collect();
    for f in &found {
        assert_eq!(f.rule, "invalid-record", "{f:#?}");
        assert_sensible(f);
        assert!(
            !f.message.to_lowercase().contains("remove")
                && !f.help.to_lowercase().contains("remove"),
            "never `remove it`: {f:#?}"
        );
    }
    (text, found)
}

/// The one finding of a mistake: its line is the line holding `at`, and it says `says`.
fn one(from: &str, to: &str, at: &str, says: &[&str], help: &[&str]) {
    let (text, found) = mistake(from, to);
    assert_eq!(found.len(), 1, "{to:?}: {found:#?}");
    let f = &found[0];
    assert_eq!(f.line, line_of(&text, at), "{to:?}: {f:#?}");
    for s in says {
        assert!(f.message.contains(s), "message should say {s:?}: {f:#?}");
    }
    for s in help {
        assert!(f.help.contains(s), "help should say {s:?}: {f:#?}");
    }
}

#[test]
fn curly_quotes_pasted_from_word() {
    one(
        "title = \"Managing my own medication\"",
        "title = \u{201C}Managing my own medication\u{201D}",
        "title =",
        &["curly quote", "use straight quotes \" \""],
        &["title = \"…\""],
    );
}

#[test]
fn a_quote_inside_a_text() {
    one(
        "summary = \"AB wants to keep and take their own medication again.\"",
        "summary = \"AB says \"I can do it\" and wants their medication back.\"",
        "summary =",
        &["A \" ends the text", "use ' inside it", "triple quotes"],
        &[],
    );
}

#[test]
fn a_text_running_onto_the_next_line() {
    one(
        "summary = \"AB wants to keep and take their own medication again.\"",
        "summary = \"AB wants to keep and take\ntheir own medication again.\"",
        "summary =",
        &["runs onto the next line", "triple quotes \"\"\" … \"\"\""],
        &["summary = \"\"\""],
    );
}

#[test]
fn a_triple_quoted_text_never_closed() {
    // The closing """ forgotten, with more of the file after it: not the last line of the file.
    let (text, found) = mistake(
        "a missed dose unlikely.\"\"\"",
        "a missed dose unlikely.\n\nleast_restrictive = \"\"\"Reminders, not staff holding the tablets.\"\"\"",
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    let line = line_of(&text, "rationale =");
    assert_eq!(found[0].line, line, "{:#?}", found[0]);
    assert!(
        found[0].message.contains(&format!(
            "The text that starts on line {line} is never closed"
        )),
        "{:#?}",
        found[0]
    );
    assert!(
        found[0].help.contains(&format!("end of line {line}")),
        "{:#?}",
        found[0]
    );
}

#[test]
fn single_brackets_for_a_list_of_tables() {
    one(
        "[[plan]]",
        "[plan]",
        "[plan]",
        &["write [[plan]], with double brackets, once for each plan action"],
        &[],
    );
    // Written twice, it is not even valid TOML: the same message, at the second heading too.
    let (text, found) = mistake(
        "[[risks]]",
        "[risks]\ndescription = \"Running out of tablets.\"\nto = \"self\"\nlikelihood = \"low\"\nimpact = \"low\"\n\n[risks]",
    );
    let lines: Vec<usize> = found.iter().map(|f| f.line).collect();
    let headings: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| *l == "[risks]")
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(headings.len(), 2);
    assert_eq!(lines, headings, "{found:#?}");
    for f in &found {
        assert!(f.message.contains("write [[risks]]"), "{f:#?}");
    }
}

#[test]
fn a_key_in_the_wrong_table_names_both_tables_and_is_kept() {
    let (text, found) = mistake(
        "impact = \"medium\"\n",
        "impact = \"medium\"\nassessed_by = \"Registered manager\"\n",
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = &found[0];
    assert_eq!(f.line, line_of(&text, "assessed_by ="));
    let risks = line_of(&text, "[[risks]]");
    assert_eq!(
        f.message,
        format!(
            "`assessed_by` belongs under [capacity], but this line is inside [[risks]] (from line {risks})."
        )
    );
    assert!(f.help.contains("below a [capacity] heading"), "{f:#?}");
}

#[test]
fn true_or_false_not_boolean() {
    let (text, found) = mistake(
        "[review]\nevery_days = 28",
        "[safeguarding]\nconsidered = \"yes\"\noutcome = \"No concern.\"\n\n[review]\nevery_days = 28",
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].line, line_of(&text, "considered ="));
    assert!(
        found[0].message.contains("true or false"),
        "{:#?}",
        found[0]
    );
    assert!(!found[0].message.contains("boolean") && !found[0].help.contains("boolean"));
    assert!(
        found[0].help.contains("considered = true"),
        "{:#?}",
        found[0]
    );
}

#[test]
fn a_date_written_as_people_write_it_gets_its_iso_form() {
    one(
        "opened = 2026-03-02",
        "opened = 28/11/2025",
        "opened =",
        &["28/11/2025", "2025-11-28"],
        &["28 November 2025"],
    );
    one(
        "opened = 2026-03-02",
        "opened = \"2 March 2026\"",
        "opened =",
        &["2026-03-02"],
        &["2 March 2026"],
    );
}

/// In a file that parses, every unknown key and wrong type is reported in one run.
#[test]
fn every_problem_of_a_file_that_parses_in_one_run() {
    let (text, found) = mistake(
        "to = \"self\"\nlikelihood = \"medium\"",
        "to = \"selfe\"\nlikelyhood = \"medium\"\nlikelihood = 2",
    );
    let lines: Vec<usize> = found.iter().map(|f| f.line).collect();
    assert_eq!(
        lines,
        vec![
            line_of(&text, "to = \"selfe\""),
            line_of(&text, "likelyhood ="),
            line_of(&text, "likelihood = 2"),
        ],
        "{found:#?}"
    );
    assert!(
        found[0].help.contains("Did you mean \"self\"?"),
        "{:#?}",
        found[0]
    );
    assert!(
        found[1].help.contains("Did you mean `likelihood`?"),
        "{:#?}",
        found[1]
    );
    assert!(found[2].message.contains("not text"), "{:#?}", found[2]);
}

/// After a syntax error the rest of the file is still read: a further mistake and an unknown key
/// below it are reported in the same run.
#[test]
fn after_a_syntax_error_the_rest_of_the_file_is_read() {
    let pack = TempPack::copy_of("rules-clean");
    let text = pack
        .read(D1)
        .replacen(
            "title = \"Managing my own medication\"",
            "title = \u{201C}Managing my own medication\u{201D}",
            1,
        )
        .replacen("opened = 2026-03-02", "opened = 2/3/2026", 1)
        .replacen(
            "impact = \"medium\"",
            "impact = \"medium\"\nassessed_by = \"RM\"",
            1,
        );
    pack.write(D1, &text);
    let (_, report) = check_json(pack.path(), &[]);
    let lines: Vec<(usize, String)> = report
        .findings
        .iter()
        .filter(|f| f.file == D1)
        .map(|f| (f.line, f.message.clone()))
        .collect();
    assert_eq!(lines.len(), 3, "{lines:#?}");
    assert_eq!(lines[0].0, line_of(&text, "title ="));
    assert_eq!(lines[1].0, line_of(&text, "opened ="));
    assert!(lines[1].1.contains("2026-03-02"), "{lines:#?}");
    assert_eq!(lines[2].0, line_of(&text, "assessed_by ="));
    assert!(
        lines[2].1.contains("belongs under [capacity]"),
        "{lines:#?}"
    );
}

// ---------------------------------------------------------------------------------------------
// The rules of section 7a: each fires, and does not on a near-identical input.

fn rules_of(pack: &TempPack) -> Vec<(String, String, usize)> {
    let (_, report) = check_json(pack.path(), &[]);
    report
        .findings
        .into_iter()
        .map(|f| (f.rule, f.file, f.line))
        .collect()
}

#[test]
fn sample_record() {
    let pack = TempPack::copy_of("rules-clean");
    assert!(rules_of(&pack).is_empty());
    pack.replace(D1, "person = \"AB\"", "person = \"AB\"\nsample = true");
    let text = pack.read(D1);
    assert_eq!(
        rules_of(&pack),
        vec![(
            "sample-record".to_string(),
            D1.to_string(),
            line_of(&text, "sample =")
        )]
    );
    pack.replace(D1, "sample = true", "sample = false");
    assert!(rules_of(&pack).is_empty());
}

#[test]
fn placeholder_text_in_drafts_and_finished_records() {
    let pack = TempPack::copy_of("rules-clean");
    pack.replace(
        D1,
        "what_matters = \"Not waiting for staff at set times.\"",
        "what_matters = \"Not waiting for staff at set times.\"\n\n[[incidents]]\non = 2026-10-01\nsummary = \"What happened.\"\nharm = \"none\"",
    );
    let text = pack.read(D1);
    let found = rules_of(&pack);
    assert!(
        found.contains(&(
            "placeholder-text".to_string(),
            D1.to_string(),
            line_of(&text, "summary = \"What happened")
        )),
        "{found:#?}"
    );
    // In a draft too, with the template's words in the choice.
    pack.replace(D1, "person = \"AB\"", "person = \"AB\"\ndraft = true");
    pack.replace(
        D1,
        "summary = \"AB wants to keep and take their own medication again.\"",
        "summary = \"Describe the choice the person wants to make.\"",
    );
    let text = pack.read(D1);
    let (_, report) = check_json(pack.path(), &[]);
    let placeholder: Vec<&JsonFinding> = report.of("placeholder-text");
    assert!(
        placeholder
            .iter()
            .any(|f| f.line == line_of(&text, "summary = \"Describe") && f.level == "warning"),
        "{placeholder:#?}"
    );
    // Real words are not placeholders.
    let pack = TempPack::copy_of("rules-clean");
    pack.replace(
        D1,
        "what_matters = \"Not waiting for staff at set times.\"",
        "what_matters = \"Not waiting for staff at set times.\"\n\n[[incidents]]\non = 2026-10-01\nsummary = \"What happened was a missed evening dose.\"\nharm = \"none\"",
    );
    assert!(
        !rules_of(&pack)
            .iter()
            .any(|(r, ..)| r == "placeholder-text")
    );
}

#[test]
fn no_statements() {
    let pack = TempPack::copy_of("rules-clean");
    pack.replace(D1, "statements = [\"S4\", \"C3\"]", "statements = []");
    let text = pack.read(D1);
    let found = rules_of(&pack);
    assert!(
        found.contains(&(
            "no-statements".to_string(),
            D1.to_string(),
            line_of(&text, "statements =")
        )),
        "{found:#?}"
    );
    let pack = TempPack::copy_of("rules-clean");
    pack.replace(D1, "statements = [\"S4\", \"C3\"]", "statements = [\"S4\"]");
    assert!(!rules_of(&pack).iter().any(|(r, ..)| r == "no-statements"));
}

#[test]
fn new_tenders_buyer_and_made_up_deadline_are_placeholders() {
    let pack = TempPack::copy_of("rules-clean");
    let run = evidence_pack()
        .args(["new", "tender", "--title", "Home care 2027"])
        .current_dir(pack.path())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let tender = "tenders/home-care-2027/tender.toml";
    let text = pack.read(tender);
    let (_, report) = check_json(pack.path(), &[]);
    let lines: Vec<usize> = report
        .of("placeholder-text")
        .iter()
        .filter(|f| f.file == tender)
        .map(|f| f.line)
        .collect();
    assert_eq!(
        lines,
        vec![line_of(&text, "buyer ="), line_of(&text, "deadline =")],
        "{report:#?}"
    );
    // Filled in: no placeholder left.
    let filled = text
        .replace("\"Name of the buyer\"", "\"Kent County Council\"")
        .lines()
        .map(|l| match l.strip_prefix("deadline = ") {
            Some(rest) => format!("deadline = {}", &rest[..10]),
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    pack.write(tender, filled);
    let (_, report) = check_json(pack.path(), &[]);
    assert!(
        !report
            .of("placeholder-text")
            .iter()
            .any(|f| f.file == tender),
        "{report:#?}"
    );
}

// ---------------------------------------------------------------------------------------------
// The command line

#[test]
fn check_inside_a_pack_finds_its_pack_toml() {
    let pack = TempPack::copy_of("rules-clean");
    pack.replace(D1, "statements = [\"S4\", \"C3\"]", "statements = []");
    let run = evidence_pack()
        .args(["check", "--format", "json"])
        .current_dir(pack.path().join("content/decisions"))
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        stdout.contains("\"file\": \"content/decisions/d-001.toml\"")
            && stdout.contains("no-statements"),
        "{stdout}"
    );
    // A folder with no pack above it is still told there is no pack.
    let empty = tempfile::tempdir().unwrap();
    let run = evidence_pack()
        .arg("check")
        .current_dir(empty.path())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("There is no pack.toml"));
}

#[test]
fn a_title_split_by_missing_quotes_is_explained() {
    let pack = TempPack::copy_of("rules-clean");
    for (args, whole) in [
        (
            &["new", "decision", "--title", "Swimming", "alone"][..],
            "--title \"Swimming alone\"",
        ),
        (
            &[
                "new",
                "decision",
                "--title",
                "Driving",
                "to",
                "my",
                "allotment",
            ][..],
            "--title \"Driving to my allotment\"",
        ),
    ] {
        let run = evidence_pack()
            .args(args)
            .current_dir(pack.path())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("cut short"), "{stderr}");
        assert!(stderr.contains(whole), "{stderr}");
        assert!(!stderr.contains("is not a folder"), "{stderr}");
    }
    let run = evidence_pack()
        .args(["new", "decision", "--title", "Swimming alone"])
        .current_dir(pack.path())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}
