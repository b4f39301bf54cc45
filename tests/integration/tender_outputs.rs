//! `evidence-pack tender ID` (SPEC section 10): what it writes, that it writes nothing while
//! errors remain, that two runs are byte-identical, that Word, Excel and LibreOffice can read
//! what it writes, and `new tender`, `new answer` and `schema tender|answer`.

use std::path::{Path, PathBuf};

use crate::support::{
    AS_OF, TempPack, check_json, copy_dir, demo_pack, evidence_pack, toml_to_json,
};
use crate::tender_rules::tender_pack;

const OUT: &str = "output/tenders/bid";

fn tender(pack: &Path, args: &[&str]) -> std::process::Output {
    evidence_pack()
        .arg("tender")
        .args(args)
        .arg(pack)
        .args(["--as-of", AS_OF])
        .output()
        .expect("run evidence-pack")
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn tender_writes_every_output_and_a_second_run_is_byte_identical() {
    let pack = tender_pack();
    let first = tender(pack.path(), &["bid"]);
    assert_eq!(first.status.code(), Some(0), "{first:?}");
    let stdout = String::from_utf8_lossy(&first.stdout);
    assert!(stdout.contains("82 of 82 words"), "{stdout}");
    assert_eq!(
        files_in(&pack.file(OUT)),
        [
            "Q1.txt",
            "Q2.txt",
            "Q3.txt",
            "answers.docx",
            "manifest.json",
            "matrix.xlsx",
            "tender.html"
        ]
    );
    let again = tempfile::tempdir().expect("temporary folder");
    let second = evidence_pack()
        .args(["tender", "bid"])
        .arg(pack.path())
        .args(["--as-of", AS_OF, "-o"])
        .arg(again.path().join("bid"))
        .output()
        .expect("run");
    assert_eq!(second.status.code(), Some(0), "{second:?}");
    for name in files_in(&pack.file(OUT)) {
        let a = std::fs::read(pack.file(OUT).join(&name)).expect("first");
        let b = std::fs::read(again.path().join("bid").join(&name)).expect("second");
        assert!(a == b, "{name} differs between two runs");
    }
    let manifest: serde_json::Value =
        serde_json::from_str(&pack.read(&format!("{OUT}/manifest.json"))).expect("JSON");
    let inputs: Vec<&str> = manifest["inputs"]
        .as_array()
        .expect("inputs")
        .iter()
        .map(|i| i["path"].as_str().expect("path"))
        .collect();
    for input in [
        "pack.toml",
        "tenders/bid/tender.toml",
        "tenders/bid/answers/q1.toml",
        "content/examples/px-001.toml",
        "content/decisions/d-001.toml",
    ] {
        assert!(inputs.contains(&input), "{input} in {inputs:?}");
    }
    assert_eq!(manifest["outputs"].as_array().expect("outputs").len(), 6);
}

#[test]
fn the_office_files_are_dated_from_the_as_of_date() {
    let pack = tender_pack();
    assert_eq!(tender(pack.path(), &["bid"]).status.code(), Some(0));
    for name in ["answers.docx", "matrix.xlsx"] {
        let file = std::fs::File::open(pack.file(OUT).join(name)).expect("open");
        let mut zip = zip::ZipArchive::new(file).expect("a zip file");
        for i in 0..zip.len() {
            let entry = zip.by_index(i).expect("entry");
            let t = entry.last_modified().expect("a date");
            assert_eq!(
                (t.year(), t.month(), t.day(), t.hour()),
                (2026, 11, 1, 0),
                "{name}"
            );
        }
        let mut core = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("docProps/core.xml").expect("core.xml"),
            &mut core,
        )
        .expect("read");
        assert!(core.contains("2026-11-01T00:00:00Z"), "{name}: {core}");
    }
}

#[test]
fn the_portal_text_has_cr_lf_line_breaks_and_is_as_long_as_the_count() {
    let pack = tender_pack();
    assert_eq!(tender(pack.path(), &["bid"]).status.code(), Some(0));
    let q2 = std::fs::read_to_string(pack.file(OUT).join("Q2.txt")).expect("Q2.txt");
    assert_eq!(q2.chars().count(), 114, "{q2:?}");
    assert!(q2.contains("words.\r\n\r\nThey say"), "{q2:?}");
    assert!(
        !q2.replace("\r\n", "").contains('\n') && !q2.ends_with('\n'),
        "{q2:?}"
    );
    assert!(
        q2.contains("person's own words") && !q2.contains("**"),
        "{q2:?}"
    );
    let q1 = std::fs::read_to_string(pack.file(OUT).join("Q1.txt")).expect("Q1.txt");
    assert!(
        q1.starts_with("We start from yes: on 1 November 2026, 75% of the 4 choices"),
        "{q1}"
    );
    assert!(
        q1.contains("\r\n\r\nTaking back control of medication\r\n\r\nA man who had"),
        "{q1}"
    );
    let q3 = std::fs::read_to_string(pack.file(OUT).join("Q3.txt")).expect("Q3.txt");
    assert_eq!(
        q3,
        "- One review with the person.\r\n- Their own view is recorded."
    );
}

#[test]
fn the_matrix_reads_back_with_every_question_and_says_what_is_wrong_in_words() {
    use calamine::{Data, Reader, Xlsx};
    let pack = tender_pack();
    pack.replace("tenders/bid/tender.toml", "limit = 82", "limit = 81");
    pack.remove("tenders/bid/answers/q3.toml");
    let out = tender(pack.path(), &["bid", "--draft"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let mut book: Xlsx<_> =
        calamine::open_workbook(pack.file(OUT).join("matrix.xlsx")).expect("xlsx");
    // A draft's sheet and first row say so.
    let range = book
        .worksheet_range("DRAFT Compliance matrix")
        .expect("the sheet");
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Float(f) => f.to_string(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect();
    assert_eq!(rows[0][0], "DRAFT — not for submission.", "{rows:#?}");
    let rows = &rows[1..];
    assert_eq!(rows.len(), 4, "{rows:#?}");
    assert_eq!(
        &rows[0][..8],
        [
            "Question",
            "Question text",
            "Weight (%)",
            "Limit",
            "Unit",
            "Count",
            "Headroom",
            "Status"
        ]
    );
    assert_eq!(rows[0].last().map(String::as_str), Some("Findings"));
    assert_eq!(
        &rows[1][..8],
        [
            "Q1",
            "Describe how you support people to take positive risks.",
            "20",
            "81",
            "words",
            "82",
            "-1",
            "Over the limit by 1 word"
        ]
    );
    assert!(rows[1][13].contains("answer-over-limit"), "{rows:#?}");
    assert_eq!(rows[2][7], "Ready");
    assert_eq!(rows[2][4], "characters (line break = 2)");
    assert_eq!(rows[3][0], "Q3");
    assert_eq!(rows[3][7], "Missing: no answer yet");
    assert_eq!(rows[1][10], "PX-001");
    assert_eq!(rows[1][11], "PX-001: 1 May 2027");
    assert_eq!(rows[1][12], "D-001");
}

/// Converts a file to PDF with LibreOffice and returns its text. LibreOffice is needed, as
/// Typst is for the PDF tests: when it is missing the test fails and says how to install it
/// (scripts/setup.sh test, which `make test` runs first).
fn libreoffice_text(file: &Path) -> String {
    let soffice = ["soffice", "libreoffice"]
        .into_iter()
        .find(|s| {
            std::process::Command::new(s)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .unwrap_or_else(|| {
            panic!(
                "the tender tests open answers.docx and matrix.xlsx with LibreOffice (soffice), which is not installed. Install it with scripts/setup.sh test"
            )
        });
    let dir = tempfile::tempdir().expect("temporary folder");
    let profile = format!("file://{}", dir.path().join("profile").display());
    let status = std::process::Command::new(soffice)
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(file)
        .output()
        .expect("run LibreOffice");
    assert!(status.status.success(), "LibreOffice failed: {status:?}");
    let pdf: PathBuf = dir
        .path()
        .join(file.with_extension("pdf").file_name().expect("a name"));
    let text = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("run pdftotext (poppler-utils)");
    assert!(text.status.success(), "{text:?}");
    String::from_utf8_lossy(&text.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn libreoffice_opens_the_word_document_and_the_matrix_and_they_hold_every_question() {
    let pack = tender_pack();
    assert_eq!(tender(pack.path(), &["bid"]).status.code(), Some(0));
    let docx = libreoffice_text(&pack.file(OUT).join("answers.docx"));
    for needle in [
        "Community support framework",
        "Q1 Describe how you support people to take positive risks.",
        "This answer: 82 of 82 words.",
        "Q2 How do you hear the person's own voice?",
        "114 of 114 characters",
        "Q3 How does learning change practice?",
        "We start from yes: on 1 November 2026, 75% of the 4 choices",
        "Taking back control of medication",
        "dŵr or łódź",
        "Their own view is recorded.",
        "Evidence behind these answers",
        "Decision record D-001: Managing my own medication",
        "Practice example PX-001: Taking back control of medication (consent until: 1 May 2027)",
    ] {
        assert!(
            docx.contains(needle),
            "answers.docx lacks {needle:?}:\n{docx}"
        );
    }
    let xlsx = libreoffice_text(&pack.file(OUT).join("matrix.xlsx"));
    for needle in ["Q1", "Q2", "Q3", "Describe how you support people", "Ready"] {
        assert!(
            xlsx.contains(needle),
            "matrix.xlsx lacks {needle:?}:\n{xlsx}"
        );
    }
}

#[test]
fn the_review_page_shows_each_count_and_escapes_user_text() {
    let pack = tender_pack();
    pack.replace(
        "tenders/bid/tender.toml",
        "How do you hear the person's own voice?",
        "How do you hear <script>alert(1)</script> voices?",
    );
    assert_eq!(tender(pack.path(), &["bid"]).status.code(), Some(0));
    let html = pack.read(&format!("{OUT}/tender.html"));
    assert!(html.contains("82 of 82 words"));
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "escaped"
    );
    assert!(!html.contains("<script>"), "no script");
    assert!(!html.contains("class=\"draft-banner\""));
    // "Made with" is on the pack's closing page only, not a watermark on the answers.
    assert!(!html.contains("Made with"), "no Made with footer");
}

#[test]
fn errors_stop_the_writing_and_leave_the_previous_output_but_a_draft_is_written() {
    let pack = tender_pack();
    assert_eq!(tender(pack.path(), &["bid"]).status.code(), Some(0));
    let before = std::fs::read(pack.file(OUT).join("answers.docx")).expect("docx");
    pack.replace("tenders/bid/tender.toml", "limit = 48", "limit = 47");
    let refused = tender(pack.path(), &["bid"]);
    assert_eq!(refused.status.code(), Some(1), "{refused:?}");
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("error[answer-over-limit]"), "{stderr}");
    assert!(
        stderr.contains("The answers were not written: 1 error must be fixed first."),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(pack.file(OUT).join("answers.docx")).expect("docx"),
        before
    );

    let draft = tender(pack.path(), &["bid", "--draft"]);
    assert_eq!(draft.status.code(), Some(0), "{draft:?}");
    let html = pack.read(&format!("{OUT}/tender.html"));
    assert!(html.contains("class=\"draft-banner\""));
    assert!(
        html.contains("Q3&#39;s answer is 48 characters"),
        "the finding is on the page"
    );
}

#[test]
fn an_unknown_tender_is_exit_2_with_the_tenders_there_are() {
    let pack = tender_pack();
    let out = tender(pack.path(), &["bids"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("There is no tender \"bids\" in tenders/. Did you mean `bid`? The tenders there are: bid."), "{stderr}");
    let bare = TempPack::copy_of("rules-clean");
    let out = tender(bare.path(), &["bid"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("evidence-pack new tender"));
}

#[test]
fn building_the_pack_keeps_the_tenders_outputs() {
    let pack = tender_pack();
    assert_eq!(tender(pack.path(), &["bid"]).status.code(), Some(0));
    let build = evidence_pack()
        .arg("build")
        .arg(pack.path())
        .args(["--html", "--as-of", AS_OF, "-q"])
        .output()
        .expect("run");
    assert_eq!(build.status.code(), Some(0), "{build:?}");
    assert!(pack.file("output/pack.html").is_file());
    assert!(
        pack.file(OUT).join("answers.docx").is_file(),
        "the tender's outputs are kept"
    );
    // And the other way round: writing the tender leaves the pack alone.
    assert_eq!(tender(pack.path(), &["bid"]).status.code(), Some(0));
    assert!(pack.file("output/pack.html").is_file());
}

/// The demo pack's files (not its build output or anything else in the repository).
fn demo_copy() -> TempPack {
    let dir = tempfile::tempdir().expect("temporary folder");
    for part in ["content", "private", "tenders"] {
        copy_dir(&demo_pack().join(part), &dir.path().join(part));
    }
    std::fs::copy(demo_pack().join("pack.toml"), dir.path().join("pack.toml")).expect("pack.toml");
    TempPack { dir }
}

#[test]
fn the_demo_tender_is_clean_and_writes_all_its_outputs() {
    let (_, report) = check_json(&demo_pack(), &[]);
    let tender_findings: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.file.starts_with("tenders/"))
        .collect();
    assert!(tender_findings.is_empty(), "{tender_findings:#?}");
    let demo = demo_copy();
    let out = tender(demo.path(), &["supported-living-2027"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let dir = demo.file("output/tenders/supported-living-2027");
    for name in [
        "Q3.1.txt",
        "Q3.2.txt",
        "Q3.3.txt",
        "Q3.4.txt",
        "Q3.5.txt",
        "answers.docx",
        "matrix.xlsx",
        "tender.html",
        "manifest.json",
    ] {
        assert!(dir.join(name).is_file(), "{name}");
    }
    // A second run, elsewhere, gives the same bytes.
    let again = tempfile::tempdir().expect("temporary folder");
    let second = evidence_pack()
        .args(["tender", "supported-living-2027"])
        .arg(demo.path())
        .args(["--as-of", AS_OF, "-o"])
        .arg(again.path())
        .output()
        .expect("run");
    assert_eq!(second.status.code(), Some(0), "{second:?}");
    for name in files_in(&dir) {
        assert!(
            std::fs::read(dir.join(&name)).expect("first")
                == std::fs::read(again.path().join(&name)).expect("second"),
            "{name} differs between two runs"
        );
    }
    // Every question, and the start of every answer, in the Word document as LibreOffice reads it.
    let docx = libreoffice_text(&dir.join("answers.docx"));
    let tender: toml::Table =
        std::fs::read_to_string(demo.file("tenders/supported-living-2027/tender.toml"))
            .expect("tender.toml")
            .parse()
            .expect("TOML");
    let xlsx = libreoffice_text(&dir.join("matrix.xlsx"));
    for q in tender["questions"].as_array().expect("questions") {
        let id = q["id"].as_str().expect("id");
        let text = q["text"].as_str().expect("text");
        assert!(
            docx.contains(&format!("{id} {text}")),
            "answers.docx lacks {id}: {docx}"
        );
        assert!(xlsx.contains(id), "matrix.xlsx lacks {id}: {xlsx}");
        let portal = std::fs::read_to_string(dir.join(format!("{id}.txt"))).expect("txt");
        let first: String = portal
            .split("\r\n")
            .next()
            .expect("a line")
            .split_whitespace()
            .take(12)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            docx.contains(&first),
            "answers.docx lacks the answer to {id} ({first:?})"
        );
    }
}

/// Every figure, printed by an answer, against pack.json's dashboard for the same date and
/// records: one number, computed once.
#[test]
fn each_figure_in_an_answer_equals_the_same_figure_in_pack_json() {
    use evidence_pack::tender::figures::FIGURE_NAMES;
    let demo = demo_copy();
    let body: String = FIGURE_NAMES
        .iter()
        .map(|n| format!("{n} = {{{{{n}}}}}\n\n"))
        .collect();
    demo.write(
        "tenders/figures/tender.toml",
        "[tender]\ntitle = \"Figures\"\nbuyer = \"A council\"\ndeadline = 2027-01-15\n\n[[questions]]\nid = \"F\"\ntext = \"Every figure.\"\nlimit = 1000\n",
    );
    demo.write(
        "tenders/figures/answers/f.toml",
        format!("question = \"F\"\nstatus = \"ready\"\nbody = \"\"\"\n{body}\"\"\"\n"),
    );
    let out = tender(demo.path(), &["figures"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = std::fs::read_to_string(demo.file("output/tenders/figures/F.txt")).expect("F.txt");
    let printed: std::collections::HashMap<&str, &str> = text
        .split("\r\n\r\n")
        .filter_map(|line| line.split_once(" = "))
        .collect();
    let build = evidence_pack()
        .arg("build")
        .arg(demo.path())
        .args(["--html", "--as-of", AS_OF, "-q"])
        .output()
        .expect("run");
    assert_eq!(build.status.code(), Some(0), "{build:?}");
    let json: serde_json::Value =
        serde_json::from_str(&demo.read("output/pack.json")).expect("pack.json");
    let dashboard = &json["dashboard"];
    let mut compared = 0;
    for name in FIGURE_NAMES {
        let shown = printed
            .get(name)
            .unwrap_or_else(|| panic!("{name} printed in {text:?}"));
        if let Some(value) = dashboard.get(*name) {
            if let Some(days) = value
                .as_f64()
                .filter(|_| *name == "median_days_to_decision")
            {
                // A median of whole days prints without ".0".
                assert_eq!(shown.parse::<f64>().ok(), Some(days), "{name}");
            } else if name.ends_with("_percent") {
                assert_eq!(*shown, format!("{value}%"), "{name}");
            } else {
                assert_eq!(*shown, value.to_string(), "{name}");
            }
            compared += 1;
        }
    }
    // Every figure but as_of is in the dashboard, incidents, outcomes and people supported too.
    assert_eq!(
        compared,
        FIGURE_NAMES.len() - 1,
        "{compared} figures compared"
    );
    assert_eq!(printed["as_of"], "1 November 2026");
    for name in [
        "incidents_12_months",
        "outcomes_12_months",
        "people_supported",
    ] {
        assert!(
            dashboard[name].as_u64().is_some_and(|n| n > 0),
            "the demo records {name}: {}",
            dashboard[name]
        );
    }
    // The median from the records' own dates, worked out here from their TOML.
    let mut days: Vec<i64> = std::fs::read_dir(demo.file("content/decisions"))
        .expect("decisions")
        .map(|e| {
            let text = std::fs::read_to_string(e.expect("entry").path()).expect("read");
            let record: toml::Table = text.parse().expect("TOML");
            let date = |v: &toml::Value| {
                chrono::NaiveDate::parse_from_str(&v.to_string(), "%Y-%m-%d").expect("a date")
            };
            (date(&record["decision"]["decided_on"]) - date(&record["opened"])).num_days()
        })
        .collect();
    days.sort();
    let n = days.len();
    let median = if n % 2 == 1 {
        days[n / 2] as f64
    } else {
        (days[n / 2 - 1] + days[n / 2]) as f64 / 2.0
    };
    assert_eq!(
        printed["median_days_to_decision"]
            .parse::<f64>()
            .expect(&text),
        median
    );
}

#[test]
fn new_tender_and_new_answer_write_files_that_check_reads() {
    let pack = TempPack::copy_of("rules-clean");
    let out = evidence_pack()
        .args(["new", "tender"])
        .arg(pack.path())
        .args(["--title", "Day services 2027", "--as-of", AS_OF])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(pack.file("tenders/day-services-2027/answers").is_dir());
    let (code, report) = check_json(pack.path(), &[]);
    assert_eq!(code, 1);
    // The buyer and the deadline `new tender` wrote are placeholders until they are replaced.
    let mut rules = report.rules();
    rules.sort();
    assert_eq!(
        rules,
        ["answer-missing", "placeholder-text", "placeholder-text"],
        "{:#?}",
        report.findings
    );

    let answer = |question: &str| {
        evidence_pack()
            .args(["new", "answer"])
            .arg(pack.path())
            .args(["--tender", "day-services-2027", "--question", question])
            .output()
            .expect("run")
    };
    let out = answer("Q1");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = pack.read("tenders/day-services-2027/answers/q1.toml");
    assert!(
        text.starts_with("# Q1:\n# Describe how you support people"),
        "{text}"
    );
    assert!(text.contains("# Limit: 750 words."), "{text}");
    assert!(text.contains("status = \"draft\""), "{text}");
    let (code, report) = check_json(pack.path(), &[]);
    assert_eq!(code, 0, "{:#?}", report.findings);
    assert!(
        report.rules().contains(&"answer-not-ready"),
        "{:#?}",
        report.findings
    );

    let again = answer("Q1");
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already has an answer"));
    let wrong = answer("Q9");
    assert_eq!(wrong.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("Its questions are: Q1."));
}

#[test]
fn schemas_describe_tender_and_answer_files() {
    for (kind, key) in [("tender", "questions"), ("answer", "body")] {
        let out = evidence_pack()
            .args(["schema", kind])
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(0));
        let schema: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        assert!(
            schema["title"].as_str().expect("a title").contains(kind),
            "{schema}"
        );
        assert!(schema.to_string().contains(key), "{kind}");
    }
}

#[test]
fn the_demo_tender_files_meet_their_schemas_and_a_misspelt_key_does_not() {
    let schema = |kind: &str| -> serde_json::Value {
        let out = evidence_pack()
            .args(["schema", kind])
            .output()
            .expect("run");
        serde_json::from_slice(&out.stdout).expect("JSON")
    };
    let tender_schema = jsonschema::validator_for(&schema("tender")).expect("a valid schema");
    let answer_schema = jsonschema::validator_for(&schema("answer")).expect("a valid schema");
    let dir = demo_pack().join("tenders/supported-living-2027");
    let read = |path: &Path| -> serde_json::Value {
        let text = std::fs::read_to_string(path).expect("read");
        toml_to_json(&toml::Value::Table(
            text.parse::<toml::Table>().expect("TOML"),
        ))
    };
    let tender = read(&dir.join("tender.toml"));
    assert!(
        tender_schema.is_valid(&tender),
        "{:?}",
        tender_schema
            .iter_errors(&tender)
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
    );
    let mut answers = 0;
    for entry in std::fs::read_dir(dir.join("answers")).expect("answers") {
        let answer = read(&entry.expect("entry").path());
        assert!(answer_schema.is_valid(&answer), "{answer}");
        answers += 1;
    }
    assert!(answers >= 5);
    let mut wrong = read(&dir.join("answers/q3-1-positive-risk.toml"));
    wrong["covrs"] = serde_json::json!([]);
    assert!(!answer_schema.is_valid(&wrong));
}

#[test]
fn hostile_text_is_kept_as_text_in_every_output() {
    let pack = tender_pack();
    pack.replace(
        "tenders/bid/tender.toml",
        "How does learning change practice?",
        "How does <w:p>learning</w:p> & \\\"change\\\" practice?",
    );
    pack.write(
        "tenders/bid/answers/q3.toml",
        "question = \"Q3\"\nstatus = \"ready\"\nbody = \"\"\"\n- A bell\\u0007 <script>alert(1)</script> ]]> &amp; </w:t></w:r>\n- Their *own* view.\n\"\"\"\n",
    );
    pack.replace("tenders/bid/tender.toml", "limit = 48", "limit = 500");
    let out = tender(pack.path(), &["bid", "--draft"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let html = pack.read(&format!("{OUT}/tender.html"));
    assert!(
        !html.contains("<script>") && !html.contains("<w:p>"),
        "escaped in tender.html"
    );
    // XML cannot hold a control character: Word would refuse the file.
    let file = std::fs::File::open(pack.file(OUT).join("answers.docx")).expect("open");
    let mut zip = zip::ZipArchive::new(file).expect("a zip file");
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("word/document.xml").expect("document.xml"),
        &mut xml,
    )
    .expect("read");
    assert!(
        xml.contains("A bell &lt;script&gt;"),
        "the text is there, escaped"
    );
    assert!(
        !xml.chars()
            .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')),
        "no control characters"
    );
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook(pack.file(OUT).join("matrix.xlsx")).expect("xlsx");
    use calamine::Reader;
    let range = book
        .worksheet_range("DRAFT Compliance matrix")
        .expect("sheet");
    assert_eq!(
        range.get((4, 1)).map(|c| c.to_string()).as_deref(),
        Some("How does <w:p>learning</w:p> & \"change\" practice?")
    );
    let docx = libreoffice_text(&pack.file(OUT).join("answers.docx"));
    assert!(
        docx.contains("How does <w:p>learning</w:p> & \"change\" practice?"),
        "{docx}"
    );
    assert!(
        // Markdown reads &amp; as &.
        docx.contains("A bell <script>alert(1)</script> ]]> & </w:t></w:r>"),
        "{docx}"
    );
}

#[test]
fn figures_count_only_what_the_packs_select_chooses() {
    let pack = tender_pack();
    let config = pack.read("pack.toml");
    pack.write(
        "pack.toml",
        format!("{config}\n[select]\nids = [\"D-001\", \"D-002\", \"PX-001\"]\n"),
    );
    // Fewer records, fewer words: the limit moves with the answer.
    let out = tender(pack.path(), &["bid", "--draft"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let q1 = std::fs::read_to_string(pack.file(OUT).join("Q1.txt")).expect("Q1.txt");
    assert!(q1.contains("of the 2 choices"), "{q1}");
    let build = evidence_pack()
        .arg("build")
        .arg(pack.path())
        .args(["--html", "--draft", "--as-of", AS_OF, "-q"])
        .output()
        .expect("run");
    assert_eq!(build.status.code(), Some(0), "{build:?}");
    let json: serde_json::Value =
        serde_json::from_str(&pack.read("output/pack.json")).expect("pack.json");
    let percent = json["dashboard"]["supported_percent"]
        .as_u64()
        .expect("a percentage");
    assert!(q1.contains(&format!("{percent}% of the 2 choices")), "{q1}");
}

/// docx-rs numbers paragraphs from a per-thread counter (and renumbers them as it builds): a
/// second document made by the same thread must still come out byte for byte the same.
#[test]
fn the_word_document_is_the_same_however_many_the_process_has_made() {
    use evidence_pack::render::tender::{TenderReport, docx};
    let pack = tender_pack();
    let mut loaded = evidence_pack::load::load(pack.path()).expect("the pack loads");
    let tenders = evidence_pack::tender::load_tenders(&mut loaded);
    let selected = evidence_pack::select::select(&loaded);
    let as_of = evidence_pack::model::Date::parse_iso(AS_OF).expect("a date");
    let bid = tenders.get("bid").expect("the tender");
    let prepared =
        evidence_pack::tender::prepare(&loaded, bid, &selected, as_of).expect("prepared");
    let report = TenderReport::new(
        &loaded,
        &prepared,
        &[],
        as_of,
        false,
        selected.decisions.len(),
    );
    let first = docx::render(&report).expect("a document");
    let second = docx::render(&report).expect("a document");
    assert!(first == second, "two documents from one process differ");
}
