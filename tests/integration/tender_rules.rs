//! The rules on tender answers (SPEC section 10): each triggered by one change to a clean
//! tender, and silent on the clean one; the limits exactly at and one over, for each unit.

use crate::support::{JsonFinding, TempPack, assert_sensible, check_json, copy_dir, fixture};

const Q1: &str = "tenders/bid/answers/q1.toml";
const Q2: &str = "tenders/bid/answers/q2.toml";
const Q3: &str = "tenders/bid/answers/q3.toml";
const TENDER: &str = "tenders/bid/tender.toml";

/// The rules-clean pack with the clean tender `bid` (tests/fixtures/tender-answers).
pub fn tender_pack() -> TempPack {
    let pack = TempPack::copy_of("rules-clean");
    copy_dir(&fixture("tender-answers/tenders"), &pack.file("tenders"));
    pack
}

/// The findings of `check`, each checked to read as plain sentences.
fn findings(pack: &TempPack) -> (i32, Vec<JsonFinding>) {
    let (code, report) = check_json(pack.path(), &[]);
    for f in &report.findings {
        assert_sensible(f);
    }
    (code, report.findings)
}

/// The one finding of `rule`, with the exit code `check` gave.
fn only(pack: &TempPack, rule: &str) -> (i32, JsonFinding) {
    let (code, all) = findings(pack);
    let of: Vec<&JsonFinding> = all.iter().filter(|f| f.rule == rule).collect();
    assert_eq!(of.len(), 1, "one {rule} finding expected: {all:#?}");
    (code, of[0].clone())
}

#[test]
fn the_clean_tender_has_no_findings() {
    let pack = tender_pack();
    let (code, all) = findings(&pack);
    assert_eq!(code, 0);
    assert!(all.is_empty(), "{all:#?}");
}

#[test]
fn an_answer_exactly_at_its_word_limit_passes_and_one_word_over_fails() {
    let pack = tender_pack();
    pack.replace(TENDER, "limit = 82", "limit = 81");
    let (code, f) = only(&pack, "answer-over-limit");
    assert_eq!(code, 1);
    assert_eq!(f.level, "error");
    assert_eq!(f.file, Q1);
    assert_eq!(f.record.as_deref(), Some("Q1"));
    assert_eq!(
        f.message,
        "Q1's answer is 82 words; the limit is 81. Cut 1 word."
    );
}

#[test]
fn characters_count_each_line_break_as_the_question_says() {
    let pack = tender_pack();
    pack.replace(TENDER, "limit = 114", "limit = 113");
    let (_, f) = only(&pack, "answer-over-limit");
    assert_eq!(f.file, Q2);
    assert_eq!(
        f.message,
        "Q2's answer is 114 characters, counting each line break as 2; the limit is 113. Cut 1 character."
    );
    // The same answer with a line break counted as 1 is two characters shorter.
    let pack = tender_pack();
    pack.replace(TENDER, "line_break = 2", "line_break = 1");
    pack.replace(TENDER, "limit = 114", "limit = 111");
    let (_, f) = only(&pack, "answer-over-limit");
    assert!(
        f.message
            .starts_with("Q2's answer is 112 characters, counting each line break as 1"),
        "{f:#?}"
    );
}

#[test]
fn characters_without_spaces_exactly_at_and_one_over() {
    let pack = tender_pack();
    pack.replace(TENDER, "limit = 48", "limit = 47");
    let (_, f) = only(&pack, "answer-over-limit");
    assert_eq!(f.file, Q3);
    assert_eq!(
        f.message,
        "Q3's answer is 48 characters (not counting spaces); the limit is 47. Cut 1 character (not counting spaces)."
    );
}

#[test]
fn a_question_without_an_answer_is_missing() {
    let pack = tender_pack();
    pack.remove(Q3);
    let (code, f) = only(&pack, "answer-missing");
    assert_eq!(code, 1);
    assert_eq!(f.file, TENDER);
    assert_eq!(f.line, pack.line_of(TENDER, "id = \"Q3\""));
    assert_eq!(f.message, "Q3 has no answer.");
    assert!(
        f.help
            .contains("evidence-pack new answer --tender bid --question Q3"),
        "{f:#?}"
    );
}

#[test]
fn an_unreadable_answer_is_not_also_missing() {
    let pack = tender_pack();
    pack.replace(Q3, "status = \"ready\"", "status = ready");
    let (_, all) = findings(&pack);
    let rules: Vec<&str> = all.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(rules, vec!["invalid-record"], "{all:#?}");
}

#[test]
fn a_draft_answer_is_a_warning() {
    let pack = tender_pack();
    pack.replace(Q2, "status = \"ready\"", "status = \"draft\"");
    let (code, f) = only(&pack, "answer-not-ready");
    assert_eq!(code, 0);
    assert_eq!(f.level, "warning");
    assert_eq!(f.line, pack.line_of(Q2, "status"));
}

#[test]
fn an_answer_to_no_question_and_two_answers_to_one_are_errors() {
    let pack = tender_pack();
    pack.replace(Q3, "question = \"Q3\"", "question = \"Q33\"");
    let (_, all) = findings(&pack);
    let unknown: Vec<&JsonFinding> = all
        .iter()
        .filter(|f| f.rule == "answer-unknown-question")
        .collect();
    assert_eq!(unknown.len(), 1, "{all:#?}");
    assert!(
        unknown[0]
            .message
            .contains("Q33, which is not a question of this tender")
    );
    assert!(
        unknown[0].help.starts_with("Did you mean `Q3`?"),
        "{all:#?}"
    );
    assert!(
        all.iter().any(|f| f.rule == "answer-missing"),
        "Q3 is now unanswered"
    );

    let pack = tender_pack();
    pack.write("tenders/bid/answers/q2-again.toml", pack.read(Q2));
    let (_, f) = only(&pack, "answer-unknown-question");
    assert!(f.message.starts_with("Two answers are for Q2"), "{f:#?}");
}

#[test]
fn an_unknown_figure_is_reported_where_it_stands_with_a_suggestion() {
    let pack = tender_pack();
    pack.replace(Q1, "{{supported_percent}}", "{{supported_pc}}");
    let (code, f) = only(&pack, "unknown-figure");
    assert_eq!(code, 1);
    let text = pack.read(Q1);
    assert_eq!(
        (f.line, f.column),
        crate::support::locate(&text, "{{supported_pc}}", 1)
    );
    assert!(
        f.help.starts_with("Did you mean `{{supported_percent}}`?"),
        "{f:#?}"
    );
}

#[test]
fn an_example_in_the_middle_of_a_line_is_reported() {
    let pack = tender_pack();
    pack.replace(
        Q1,
        "\n{{example PX-001}}\n",
        "\nAs in {{example PX-001}} here.\n",
    );
    let (_, f) = only(&pack, "unknown-figure");
    assert!(
        f.message.contains("must stand on a line of its own"),
        "{f:#?}"
    );
}

#[test]
fn references_to_missing_or_left_out_evidence_are_errors() {
    let pack = tender_pack();
    pack.replace(Q1, "examples = [\"PX-001\"]", "examples = [\"PX-009\"]");
    pack.replace(Q1, "decisions = [\"D-001\"]", "decisions = [\"D-099\"]");
    pack.replace(Q1, "{{example PX-001}}", "{{example PX-010}}");
    let (_, all) = findings(&pack);
    let refs: Vec<&JsonFinding> = all
        .iter()
        .filter(|f| f.rule == "answer-unknown-reference")
        .collect();
    assert_eq!(refs.len(), 3, "{all:#?}");
    assert!(
        refs.iter().any(|f| f.message
            == "`examples` names PX-009, which is not a practice example in this pack.")
    );
    assert!(
        refs.iter().any(|f| f.message
            == "`decisions` names D-099, which is not a decision record in this pack.")
    );
    assert!(refs.iter().any(|f| f.message.contains("PX-010")));

    let pack = tender_pack();
    let config = pack.read("pack.toml");
    pack.write(
        "pack.toml",
        format!("{config}\n[select]\nids = [\"D-001\", \"D-002\", \"PX-002\"]\n"),
    );
    let (_, all) = findings(&pack);
    let refs: Vec<&JsonFinding> = all
        .iter()
        .filter(|f| f.rule == "answer-unknown-reference")
        .collect();
    assert!(!refs.is_empty(), "{all:#?}");
    assert!(
        refs.iter().all(|f| f
            .message
            .contains("PX-001, which the pack's [select] table leaves out")),
        "{refs:#?}"
    );
}

#[test]
fn an_example_whose_consent_ends_before_the_deadline_is_an_error() {
    let pack = tender_pack();
    // PX-001's consent ends on 1 May 2027.
    pack.replace(TENDER, "deadline = 2027-01-15", "deadline = 2027-06-01");
    let (code, f) = only(&pack, "answer-example-consent");
    assert_eq!(code, 1);
    assert_eq!(
        f.message,
        "The consent for PX-001 ends on 1 May 2027, before this tender's deadline of 1 June 2027."
    );
    assert_eq!(f.line, pack.line_of(Q1, "examples"));

    let pack = tender_pack();
    pack.replace(
        "content/examples/px-001.toml",
        "status = \"given\"",
        "status = \"withdrawn\"",
    );
    let (_, all) = findings(&pack);
    assert!(
        all.iter()
            .any(|f| f.rule == "answer-example-consent" && f.message.contains("withdrawn")),
        "{all:#?}"
    );
}

#[test]
fn a_criterion_the_answer_does_not_cover_is_a_warning() {
    let pack = tender_pack();
    pack.replace(
        Q1,
        "covers = [\"co-production\", \"review\"]",
        "covers = [\"Co-production\"]",
    );
    let (code, f) = only(&pack, "answer-criterion-not-covered");
    assert_eq!(code, 0);
    assert_eq!(f.level, "warning");
    assert!(f.message.contains("\"review\""), "{f:#?}");
}

#[test]
fn a_name_blind_answer_may_not_name_the_provider_or_a_service() {
    let pack = tender_pack();
    pack.replace(Q3, "- One review", "- At Riverside Care, one review");
    let (code, f) = only(&pack, "answer-names-provider");
    assert_eq!(code, 1);
    assert!(f.message.contains("\"Riverside Care\""), "{f:#?}");
    assert_eq!(f.line, pack.line_of(Q3, "Riverside Care"));

    let pack = tender_pack();
    pack.replace(
        Q3,
        "- One review",
        "- In riverside  supported living, one review",
    );
    let (_, f) = only(&pack, "answer-names-provider");
    assert!(
        f.message.contains("\"riverside supported living\""),
        "{f:#?}"
    );

    // Not name-blind: the provider may be named.
    let pack = tender_pack();
    pack.replace(TENDER, "name_blind = true", "name_blind = false");
    pack.replace(Q3, "- One review", "- At Riverside Care Ltd, one review");
    pack.replace(TENDER, "limit = 48", "limit = 100");
    let (code, all) = findings(&pack);
    assert_eq!(code, 0, "{all:#?}");
}

#[test]
fn referring_to_another_answer_is_a_warning() {
    for phrase in ["see Q2", "See question 2", "as above", "see our answer to"] {
        let pack = tender_pack();
        pack.replace(Q3, "- Their *own*", &format!("- {phrase}, their *own*"));
        pack.replace(TENDER, "limit = 48", "limit = 100");
        let (code, f) = only(&pack, "answer-refers-elsewhere");
        assert_eq!(code, 0);
        assert!(f.message.contains(phrase), "{phrase}: {f:#?}");
    }
}

#[test]
fn a_percentage_typed_by_hand_is_a_warning_but_a_figure_is_not() {
    let pack = tender_pack();
    pack.replace(Q3, "- One review", "- 92% had one review, 5 per cent two");
    pack.replace(TENDER, "limit = 48", "limit = 100");
    let (_, f) = only(&pack, "answer-typed-figure");
    assert_eq!(
        f.message,
        "Q3's answer has 2 percentages typed by hand (\"92%\", \"5 per cent\")."
    );
    assert_eq!(
        (f.line, f.column),
        crate::support::locate(&pack.read(Q3), "92%", 1)
    );
}

#[test]
fn identifiers_in_answers_and_questions_are_errors_and_never_repeated() {
    let pack = tender_pack();
    pack.replace(
        Q3,
        "- One review",
        "- Jane Smith had [one review](mailto:someone@example.org)",
    );
    pack.replace(TENDER, "limit = 48", "limit = 100");
    pack.replace(
        TENDER,
        "How does learning change practice?",
        "How does learning change practice? Call 01632 960 123.",
    );
    let (code, all) = findings(&pack);
    assert_eq!(code, 1);
    let ids: Vec<&JsonFinding> = all
        .iter()
        .filter(|f| f.rule == "possible-identifier")
        .collect();
    assert!(
        ids.iter()
            .any(|f| f.file == Q3 && f.message.contains("e-mail")),
        "a link's address is scanned too: {all:#?}"
    );
    assert!(
        ids.iter()
            .any(|f| f.file == Q3 && f.message.contains("privacy register")),
        "{all:#?}"
    );
    assert!(
        ids.iter()
            .any(|f| f.file == TENDER && f.message.contains("phone number")),
        "{all:#?}"
    );
    for f in &all {
        assert!(
            !f.message.contains("Jane Smith") && !f.message.contains("someone@example.org"),
            "{f:#?}"
        );
    }
}

#[test]
fn broken_tender_files_are_located_invalid_records() {
    let pack = tender_pack();
    pack.replace(Q2, "status = \"ready\"", "status = \"ready\"\ncovrs = []");
    pack.replace(
        TENDER,
        "name_blind = true",
        "name_blind = true\nbuyr = \"x\"",
    );
    let (code, all) = findings(&pack);
    assert_eq!(code, 1);
    let invalid: Vec<&JsonFinding> = all.iter().filter(|f| f.rule == "invalid-record").collect();
    assert_eq!(invalid.len(), 2, "{all:#?}");
    let answer = invalid
        .iter()
        .find(|f| f.file == Q2)
        .expect("the answer's finding");
    assert_eq!(answer.line, pack.line_of(Q2, "covrs"));
    assert!(
        answer.help.contains("Did you mean `covers`?"),
        "{answer:#?}"
    );
    assert!(
        invalid
            .iter()
            .any(|f| f.file == TENDER && f.line == pack.line_of(TENDER, "buyr"))
    );

    let pack = tender_pack();
    pack.remove(TENDER);
    let (_, f) = only(&pack, "invalid-record");
    assert_eq!(f.file, "tenders/bid");
    assert!(f.message.contains("has no tender.toml"), "{f:#?}");
}

#[test]
fn two_questions_with_one_id_are_an_invalid_record() {
    let pack = tender_pack();
    pack.replace(TENDER, "id = \"Q3\"", "id = \"Q2\"");
    let (_, all) = findings(&pack);
    assert!(
        all.iter()
            .any(|f| f.rule == "invalid-record"
                && f.message.contains("Two questions have the id Q2")),
        "{all:#?}"
    );
}

#[test]
fn tender_rules_take_their_level_from_pack_toml() {
    let pack = tender_pack();
    pack.replace(Q3, "- One review", "- 92% had one review");
    pack.replace(TENDER, "limit = 48", "limit = 100");
    let config = pack.read("pack.toml");
    pack.write(
        "pack.toml",
        format!("{config}\n[rules]\nanswer-typed-figure = \"error\"\n"),
    );
    let (code, f) = only(&pack, "answer-typed-figure");
    assert_eq!(code, 1);
    assert_eq!(f.level, "error");
    pack.write(
        "pack.toml",
        format!("{config}\n[rules]\nanswer-typed-figure = \"off\"\n"),
    );
    let (code, all) = findings(&pack);
    assert_eq!(code, 0);
    assert!(all.is_empty(), "{all:#?}");
}

#[test]
fn an_empty_body_a_zero_limit_and_a_ready_placeholder_are_invalid_records() {
    let pack = tender_pack();
    pack.replace(TENDER, "limit = 48", "limit = 0");
    pack.write(Q3, "question = \"Q3\"\nstatus = \"ready\"\nbody = \"  \"\n");
    pack.write(
        Q2,
        "question = \"Q2\"\nstatus = \"ready\"\nbody = \"\"\"\nWrite the answer here.\n\"\"\"\n",
    );
    let (code, all) = findings(&pack);
    assert_eq!(code, 1);
    let invalid: Vec<&JsonFinding> = all.iter().filter(|f| f.rule == "invalid-record").collect();
    assert!(
        invalid
            .iter()
            .any(|f| f.file == TENDER && f.message.contains("The limit is 0")),
        "{all:#?}"
    );
    assert!(
        invalid
            .iter()
            .any(|f| f.file == Q3 && f.message == "`body` is empty, and it is required."),
        "{all:#?}"
    );
    assert!(
        invalid
            .iter()
            .any(|f| f.file == Q2 && f.message.contains("still holds the placeholder")),
        "{all:#?}"
    );
}

#[test]
fn a_file_loose_in_tenders_and_a_link_leaving_the_pack_are_skipped_with_a_warning() {
    let pack = tender_pack();
    pack.write("tenders/notes.toml", "x = 1\n");
    #[cfg(unix)]
    {
        let outside = tempfile::tempdir().expect("temporary folder");
        std::os::unix::fs::symlink(outside.path(), pack.file("tenders/elsewhere")).expect("link");
        let (_, all) = findings(&pack);
        let skipped: Vec<&str> = all
            .iter()
            .filter(|f| f.rule == "skipped-file")
            .map(|f| f.file.as_str())
            .collect();
        assert_eq!(
            skipped,
            ["tenders/elsewhere", "tenders/notes.toml"],
            "{all:#?}"
        );
    }
}

/// SPEC 4b: consent that lists where the story may be used must include a tender.
#[test]
fn an_example_whose_consent_uses_leave_out_tenders_is_an_error() {
    let pack = tender_pack();
    pack.replace(
        "content/examples/px-001.toml",
        "given_by = \"person\"",
        "given_by = \"person\"\nuses = [\"inspection\"]",
    );
    let (code, f) = only(&pack, "answer-example-consent");
    assert_eq!(code, 1);
    assert!(f.message.contains("a tender is not among them"), "{f:#?}");
    assert_eq!(f.line, pack.line_of(Q1, "examples"));

    let pack = tender_pack();
    pack.replace(
        "content/examples/px-001.toml",
        "given_by = \"person\"",
        "given_by = \"person\"\nuses = [\"inspection\", \"tender\"]",
    );
    let (code, all) = findings(&pack);
    assert_eq!(code, 0);
    assert!(all.is_empty(), "{all:#?}");
}

/// SPEC 9a: `{{restrictions}}` counts the restrictions in place and
/// `{{restrictions_agreed_percent}}` only those the person agrees with as SPEC 4b derives it.
#[test]
fn the_restriction_figures_count_only_real_agreement() {
    let pack = tender_pack();
    pack.replace(
        Q1,
        "We start from yes:",
        "We hold {{restrictions}} restrictions, {{restrictions_agreed_percent}} agreed. We start from yes:",
    );
    // D-002 (limited, best interests, CD lacks capacity, agrees in part) is the one restriction.
    let out = crate::support::evidence_pack()
        .args(["tender", "bid"])
        .arg(pack.path())
        .args(["--as-of", crate::support::AS_OF, "--draft", "-q"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let q1 = pack.read("output/tenders/bid/Q1.txt");
    assert!(q1.contains("We hold 1 restrictions, 0% agreed."), "{q1}");

    // A "yes" from a person who lacks capacity is still not agreement.
    pack.replace(
        "content/decisions/d-002.toml",
        "person_agrees = \"partly\"",
        "person_agrees = \"yes\"",
    );
    let out = crate::support::evidence_pack()
        .args(["tender", "bid"])
        .arg(pack.path())
        .args(["--as-of", crate::support::AS_OF, "--draft", "-q"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let q1 = pack.read("output/tenders/bid/Q1.txt");
    assert!(q1.contains("We hold 1 restrictions, 0% agreed."), "{q1}");

    // Agreement from a person with capacity counts.
    pack.replace(
        "content/decisions/d-002.toml",
        "status = \"assessed-lacks\"",
        "status = \"assessed-has\"",
    );
    pack.replace(
        "content/decisions/d-002.toml",
        "basis = \"best-interests\"",
        "basis = \"person-agreed\"",
    );
    let out = crate::support::evidence_pack()
        .args(["tender", "bid"])
        .arg(pack.path())
        .args(["--as-of", crate::support::AS_OF, "--draft", "-q"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let q1 = pack.read("output/tenders/bid/Q1.txt");
    assert!(q1.contains("We hold 1 restrictions, 100% agreed."), "{q1}");
}
