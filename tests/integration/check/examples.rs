//! `check`: identifiers, practice examples, coverage and skipped files, each firing and not on a
//! near-identical input.

use super::*;

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
