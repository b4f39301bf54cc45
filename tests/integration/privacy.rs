//! Issue 12: no identifier gets past `check`, however it is laid out, wherever it stands, and no
//! message repeats one. Each case is a copy of the clean fixture pack with one change.

use crate::support::*;

const D1: &str = "content/decisions/d-001.toml";
const X1: &str = "content/examples/px-001.toml";
const D1_WORDS: &str =
    "in_their_words = \"I managed my tablets for years. I want to do it myself.\"";

fn clean() -> TempPack {
    TempPack::copy_of("rules-clean")
}

/// The `possible-identifier` findings of `pack`, as (file, message).
fn identifiers_found(pack: &TempPack) -> Vec<(String, String)> {
    let (_, report) = check_json(pack.path(), &[]);
    report
        .of("possible-identifier")
        .into_iter()
        .map(|f| (f.file.clone(), f.message.clone()))
        .collect()
}

fn assert_found(pack: &TempPack, file: &str, field: &str, kind: &str, case: &str) {
    let found = identifiers_found(pack);
    assert!(
        found
            .iter()
            .any(|(f, m)| f == file && m.contains(&format!("`{field}`")) && m.contains(kind)),
        "{case}: expected {kind} in `{field}` of {file}, found {found:?}"
    );
}

#[test]
fn identifiers_laid_out_differently_are_found() {
    let cases: &[(&str, &str)] = &[
        (
            "an NHS number wrapped over lines",
            "\"\"\"NHS 943\n476\n5919\"\"\"",
        ),
        ("an NHS number with dots", "\"NHS 943.476.5919\""),
        (
            "an NHS number with several spaces",
            "\"NHS 943   476  5919\"",
        ),
        (
            "an NHS number with non-breaking spaces",
            "\"NHS 943\u{A0}476\u{A0}5919\"",
        ),
        (
            "an NHS number with en dashes",
            "\"NHS 943\u{2013}476\u{2013}5919\"",
        ),
        ("an NHS number in bold", "\"NHS **943 476 5919**\""),
    ];
    for (case, value) in cases {
        let pack = clean();
        pack.replace(D1, D1_WORDS, &format!("in_their_words = {value}"));
        assert_found(&pack, D1, "choice.in_their_words", "NHS number", case);
    }
    let phones: &[(&str, &str)] = &[
        ("a phone number with dots", "\"07700.900.123\""),
        ("a phone number in brackets", "\"(+44) 7700 900123\""),
        (
            "a phone number over two lines",
            "\"\"\"call 07700\n900123\"\"\"",
        ),
        ("a phone number with dashes", "\"07700-900-123\""),
    ];
    for (case, value) in phones {
        let pack = clean();
        pack.replace(D1, D1_WORDS, &format!("in_their_words = {value}"));
        assert_found(&pack, D1, "choice.in_their_words", "phone number", case);
    }
    let others: &[(&str, &str, &str)] = &[
        (
            "a postcode over two lines",
            "\"\"\"near SW1A\n1AA\"\"\"",
            "postcode",
        ),
        (
            "a postcode with two spaces",
            "\"near SW1A  1AA\"",
            "postcode",
        ),
        (
            "an e-mail address as an entity",
            "\"jo&#64;example.org\"",
            "e-mail",
        ),
        (
            "an e-mail address as a named entity",
            "\"jo&commat;example.org\"",
            "e-mail",
        ),
        (
            "a name with a non-breaking space",
            "\"Ask Jane\u{A0}Smith\"",
            "register",
        ),
        ("a name with &nbsp;", "\"Ask Jane&nbsp;Smith\"", "register"),
        (
            "a name over two lines",
            "\"\"\"Ask Jane\nSmith\"\"\"",
            "register",
        ),
        (
            "a name split by a line-break tag",
            "\"Ask Jane<br>Smith\"",
            "register",
        ),
        (
            "a name in full-width capitals",
            "\"Ask ＪＡＮＥ ＳＭＩＴＨ\"",
            "register",
        ),
    ];
    for (case, value, kind) in others {
        let pack = clean();
        pack.replace(D1, D1_WORDS, &format!("in_their_words = {value}"));
        assert_found(&pack, D1, "choice.in_their_words", kind, case);
    }
}

#[test]
fn identifiers_are_found_in_every_rendered_field() {
    // (what is replaced, its replacement, the field named in the finding)
    let cases: &[(&str, &str, &str, &str)] = &[
        (D1, "id = \"D-001\"", "id = \"D-07700.900.123\"", "id"),
        (
            D1,
            "owner = \"AB\"",
            "owner = \"Jane\u{A0}Smith\"",
            "plan[0].owner",
        ),
        (
            D1,
            "by = \"Key worker\"\noutcome = \"No missed",
            "by = \"Jane&nbsp;Smith\"\noutcome = \"No missed",
            "reviews[0].by",
        ),
        (
            D1,
            "title = \"Managing my own medication\"",
            "title = \"Managing jo&#64;example.org\"",
            "title",
        ),
        (
            "content/decisions/d-002.toml",
            "consulted = [\"Sister\", \"Social worker\"]",
            "consulted = [\"Sister\", \"Jane&nbsp;Smith\"]",
            "capacity.consulted[1]",
        ),
        (X1, "id = \"PX-001\"", "id = \"PX-943.476.5919\"", "id"),
    ];
    for (file, from, to, field) in cases {
        let pack = clean();
        pack.replace(file, from, to);
        let run = run_check(pack.path(), &["--format", "json"]);
        assert!(
            run.stdout
                .contains(&format!("`{field}` contains what looks like")),
            "{field} in {file}: {}",
            run.stdout
        );
    }
}

/// A register of `count` names, with "Jane Smith" last.
fn big_register(count: usize) -> String {
    let mut names: Vec<String> = (0..count - 1)
        .map(|i| format!("  \"Given{i} Family{i}\",\n"))
        .collect();
    names.push("  \"Jane Smith\",\n".to_string());
    format!("names = [\n{}]\n", names.concat())
}

#[test]
fn a_register_of_ten_thousand_names_still_finds_every_name() {
    let pack = clean();
    pack.write("private/people.toml", big_register(10_000));
    pack.replace(
        D1,
        D1_WORDS,
        "in_their_words = \"I asked Given4321 Family4321 and then jane smith.\"",
    );
    let (code, report) = check_json(pack.path(), &[]);
    assert_eq!(code, 1);
    let found = report.of("possible-identifier");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0]
            .message
            .contains("a name from the privacy register")
    );

    // And the names are removed from a draft's pages as well.
    let out = tempfile::tempdir().unwrap();
    let built = evidence_pack()
        .args(["build", "--html", "--draft", "--as-of", AS_OF, "-o"])
        .arg(out.path())
        .arg(pack.path())
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let html = std::fs::read_to_string(out.path().join("pack.html")).unwrap();
    assert!(
        !html.contains("Given4321"),
        "a registered name in the draft"
    );
    assert!(!html.to_lowercase().contains("jane smith"));
}

#[test]
fn a_file_that_does_not_parse_never_shows_an_identifier_in_its_line() {
    let pack = clean();
    pack.write(
        "content/decisions/d-009.toml",
        "id = \"D-009\"\ntitle = \"Call 07700 900123 or NHS 943 476 5919 \n",
    );
    let run = run_check(pack.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.contains("d-009.toml"), "{}", run.stdout);
    for secret in ["900123", "5919"] {
        assert!(
            !run.stdout.contains(secret),
            "{secret} shown:\n{}",
            run.stdout
        );
        assert!(
            !run.stderr.contains(secret),
            "{secret} shown:\n{}",
            run.stderr
        );
    }
}

#[test]
fn an_unknown_statement_or_example_reference_is_never_quoted_with_its_identifier() {
    let pack = clean();
    pack.replace(
        D1,
        "statements = [\"S4\", \"C3\"]",
        "statements = [\"S4\", \"Call 07700 900123\"]",
    );
    pack.replace(
        X1,
        "decisions = [\"D-001\"]",
        "decisions = [\"D-001\", \"jo@example.org\"]",
    );
    for format in ["human", "json"] {
        let run = run_check(pack.path(), &["--format", format]);
        assert_eq!(run.code, 1, "{}", run.stdout);
        assert!(run.stdout.contains("unknown-statement"), "{}", run.stdout);
        for secret in ["900123", "jo@example.org"] {
            assert!(
                !run.stdout.contains(secret),
                "{format}: {secret} in\n{}",
                run.stdout
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn a_link_from_content_to_the_register_is_not_read_as_a_record() {
    let pack = clean();
    std::os::unix::fs::symlink(
        pack.file("private/people.toml"),
        pack.file("content/decisions/people.toml"),
    )
    .unwrap();
    let run = run_check(pack.path(), &[]);
    assert!(!run.stdout.contains("Jane"), "{}", run.stdout);
    assert!(!run.stdout.contains("Smith"), "{}", run.stdout);
    assert!(
        run.stdout.contains("it is the privacy register"),
        "{}",
        run.stdout
    );
}

#[test]
fn new_refuses_a_title_holding_an_identifier_and_writes_nothing() {
    for title in [
        "Call Jane Smith on 07700 900123",
        "Jane\u{A0}Smith's gym",
        "NHS 943.476.5919",
    ] {
        let pack = clean();
        let before = std::fs::read_dir(pack.file("content/decisions"))
            .unwrap()
            .count();
        let run = evidence_pack()
            .current_dir(pack.path())
            .args(["new", "decision", "--title", title])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        let stdout = String::from_utf8_lossy(&run.stdout);
        assert_eq!(run.status.code(), Some(2), "{title}: {stderr}");
        assert!(
            stderr.contains("The title contains what looks like"),
            "{stderr}"
        );
        for secret in ["Jane", "Smith", "900123", "5919"] {
            assert!(
                !stderr.contains(secret) && !stdout.contains(secret),
                "{secret}: {stderr}"
            );
        }
        let after = std::fs::read_dir(pack.file("content/decisions"))
            .unwrap()
            .count();
        assert_eq!(before, after, "a file was written");
    }
}

#[test]
fn the_manifest_leaves_out_the_register_and_redacts_select_and_reads_only_templates() {
    let pack = clean();
    let text = pack.read("pack.toml");
    pack.write(
        "pack.toml",
        format!(
            "{text}\n[select]\nservices = [\"Riverside supported living\", \"Jane Smith's flat\"]\n"
        ),
    );
    std::fs::create_dir_all(pack.file("templates")).unwrap();
    // A backup in templates/, 6 GB on paper: never read.
    std::fs::File::create(pack.file("templates/backup.tar"))
        .unwrap()
        .set_len(6_000_000_000)
        .unwrap();
    let out = tempfile::tempdir().unwrap();
    // Within 4 GB of memory: reading the 6 GB backup would fail the build.
    // A name in [select] reaches the cover: an error, so the pack is built as a draft.
    let run = crate::support::evidence_pack_within(4_000_000_000)
        .args(["build", "--html", "--draft", "--as-of", AS_OF, "-o"])
        .arg(out.path().join("output"))
        .arg(pack.path())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        String::from_utf8_lossy(&run.stdout).contains("This is a draft: 1 unresolved finding"),
        "{}",
        String::from_utf8_lossy(&run.stdout)
    );
    let manifest = std::fs::read_to_string(out.path().join("output/manifest.json")).unwrap();
    assert!(!manifest.contains("private/people.toml"), "{manifest}");
    assert!(!manifest.contains("backup.tar"), "{manifest}");
    assert!(!manifest.contains("Jane"), "{manifest}");
    assert!(manifest.contains("[name removed]'s flat"), "{manifest}");
    assert!(
        manifest.contains("content/decisions/d-001.toml"),
        "{manifest}"
    );
}

#[test]
fn a_draft_never_shows_an_identifier_held_in_an_id() {
    let pack = clean();
    pack.replace(D1, "id = \"D-001\"", "id = \"D-07700 900123\"");
    pack.replace(
        X1,
        "decisions = [\"D-001\"]",
        "decisions = [\"D-07700 900123\"]",
    );
    pack.replace(X1, "id = \"PX-001\"", "id = \"PX-943 476 5919\"");
    let out = tempfile::tempdir().unwrap();
    let run = evidence_pack()
        .args(["build", "--html", "--draft", "--as-of", AS_OF, "-o"])
        .arg(out.path().join("output"))
        .arg(pack.path())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    for file in ["pack.html", "pack.json", "manifest.json"] {
        let text = std::fs::read_to_string(out.path().join("output").join(file)).unwrap();
        for secret in ["900123", "07700", "5919", "943-476"] {
            assert!(!text.contains(secret), "{secret} in {file}");
        }
    }
    let html = std::fs::read_to_string(out.path().join("output/pack.html")).unwrap();
    assert!(
        html.contains("D-[phone number removed]"),
        "the record is still there"
    );
}

/// An identifier wrapped over lines is on no line alone, so redacting each line shown would let
/// its parts through: such a line is not shown at all. One written with TOML escapes for its
/// spaces is redacted as its value reads.
#[test]
fn a_wrapped_identifier_is_not_shown_in_part_under_its_finding() {
    let cases: &[(&str, &[&str])] = &[
        ("\"\"\"NHS 943\n476\n5919\"\"\"", &["943", "476", "5919"]),
        ("\"\"\"call 07700\n900123\"\"\"", &["07700", "900123"]),
        ("\"\"\"Ask Jane\nSmith\"\"\"", &["Jane", "Smith"]),
        ("\"\"\"NHS 943 476\n\n\n5919\"\"\"", &["943", "5919"]),
        // On one line, but with TOML escapes for the white space between the parts.
        ("\"NHS 943\\t476\\t5919\"", &["943", "5919"]),
        ("\"Ask Jane\\u0020Smith\"", &["Jane", "Smith"]),
    ];
    for (value, parts) in cases {
        let pack = clean();
        pack.replace(D1, D1_WORDS, &format!("in_their_words = {value}"));
        let run = run_check(pack.path(), &[]);
        assert!(
            run.stdout.contains("possible-identifier"),
            "{value}: {}",
            run.stdout
        );
        assert!(run.stdout.contains("d-001.toml:"), "{}", run.stdout);
        for part in *parts {
            assert!(
                !run.stdout.contains(part),
                "{value}: `{part}` shown:\n{}",
                run.stdout
            );
        }
    }
}
