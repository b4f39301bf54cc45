//! Issue 23, "Done when": a pack with an identifier in each place (every kind, and names split by
//! each disguise) is flagged by `check` in every file, and no byte of any output of
//! `build --draft` or `tender --draft` holds any of them (pack.html, pack.json, the PDF's text,
//! manifest.json, the portal `.txt` files and their names, tender.html, and answers.docx and
//! matrix.xlsx read as their XML with the tags removed).

use std::io::Read;
use std::path::Path;

use crate::build_pdf::typst;
use crate::support::*;

const D1: &str = "content/decisions/d-001.toml";
const D2: &str = "content/decisions/d-002.toml";
const D3: &str = "content/decisions/d-003.toml";
const D4: &str = "content/decisions/d-004.toml";
/// D-004 moved to a file whose name holds a registered name.
const D4_NAMED: &str = "content/decisions/d-004-jane-smith.toml";
const X1: &str = "content/examples/px-001.toml";
const TENDER: &str = "tenders/bid/tender.toml";
const Q1: &str = "tenders/bid/answers/q1.toml";

/// What no output may hold: each planted identifier, in the forms it was written.
const NEEDLES: &[&str] = &[
    "943 476 5919",
    "9434765919",
    "SW1A",
    "900123",
    "jo.bloggs",
    "Ellison",
    "Margaret",
    "Marg[",
    "Marg<",
    "Smith",
    "900999",
    "jane-smith",
    "B33 8TH",
];

/// Replaces the first `key = ` line of a TOML file with `key = value`.
fn set(pack: &TempPack, file: &str, key: &str, value: &str) {
    let text = pack.read(file);
    let line = text
        .lines()
        .find(|l| l.starts_with(&format!("{key} = ")))
        .unwrap_or_else(|| panic!("{key} in {file}"))
        .to_string();
    pack.write(file, text.replacen(&line, &format!("{key} = {value}"), 1));
}

fn planted_pack() -> TempPack {
    let pack = TempPack::copy_of("rules-clean");
    copy_dir(&fixture("tender-answers/tenders"), &pack.file("tenders"));
    pack.write(
        "private/people.toml",
        "names = [\"Jane Smith\", \"Margaret Ellison\"]\n",
    );
    // Every kind, in the records.
    set(&pack, D1, "title", "\"Medication for NHS 943 476 5919\"");
    set(
        &pack,
        D1,
        "statements",
        "[\"S4\", \"C3\", \"Call 07700 900123\"]",
    );
    set(
        &pack,
        D1,
        "description",
        "\"Missed doses at home, SW1A 1AA: two errors last year.\"",
    );
    set(
        &pack,
        X1,
        "title",
        "\"Ask jo.bloggs@example.org about the keys\"",
    );
    // Names split by markup that vanishes on render, and by invisible characters.
    set(&pack, D2, "title", "\"Marg[]()aret Ellison's bus pass\"");
    set(
        &pack,
        D3,
        "title",
        "\"Marg<!-- a note -->aret Ellison goes out\"",
    );
    let d4 = pack.read(D4);
    pack.remove(D4);
    pack.write(D4_NAMED, d4);
    set(
        &pack,
        D4_NAMED,
        "title",
        "\"Ja\u{3164}ne Smith, Jane\u{FE0F} Smith, Jan\u{E0041}e Smith and \u{2066}Jane\u{2069} Smith\"",
    );
    // pack.toml and the tender.
    set(&pack, "pack.toml", "title", "\"Pack for B33 8TH\"");
    set(
        &pack,
        TENDER,
        "title",
        "\"Call 07700 900999 about the bid\"",
    );
    let q1 = pack.read(Q1);
    pack.write(
        Q1,
        q1.replacen(
            "We start from yes",
            "Margaret\\\\\nEllison agreed. We start from yes",
            1,
        ),
    );
    pack
}

#[test]
fn check_flags_an_identifier_in_every_place() {
    let pack = planted_pack();
    let (_, report) = check_json(pack.path(), &[]);
    let flagged: Vec<(String, String)> = report
        .of("possible-identifier")
        .into_iter()
        .map(|f| (f.file.clone(), f.message.clone()))
        .collect();
    for (file, key, kind) in [
        (D1, "`title`", "NHS number"),
        (D1, "`statements[2]`", "phone number"),
        (D1, "`risks[0].description`", "postcode"),
        (X1, "`title`", "e-mail address"),
        (D2, "`title`", "privacy register"),
        (D3, "`title`", "privacy register"),
        ("pack.toml", "`pack.title`", "postcode"),
        (TENDER, "`tender.title`", "phone number"),
        (Q1, "`body`", "privacy register"),
        (
            "content/decisions/d-004-[name removed].toml",
            "`title`",
            "privacy register",
        ),
        (
            "content/decisions/d-004-[name removed].toml",
            "This file's name",
            "privacy register",
        ),
    ] {
        assert!(
            flagged
                .iter()
                .any(|(f, m)| f == file && m.contains(key) && m.contains(kind)),
            "{kind} in {key} of {file} not flagged: {flagged:#?}"
        );
    }
    // And the console never quotes one.
    let run = run_check(pack.path(), &[]);
    for needle in NEEDLES {
        assert!(!run.stdout.contains(needle), "{needle} on the console");
    }
}

/// Every file under `dir` as the text a reader or a search finds in it.
fn texts_under(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).expect("read the output") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            texts_under(&path, out);
            continue;
        }
        let name = path.to_string_lossy().into_owned();
        let text = match path.extension().and_then(|e| e.to_str()) {
            Some("docx" | "xlsx") => office_text(&path),
            Some("pdf") => {
                let pdf = crate::build_pdf::tool_stdout("pdftotext", &[&name, "-"]);
                pdf + &String::from_utf8_lossy(&std::fs::read(&path).expect("read"))
            }
            _ => String::from_utf8_lossy(&std::fs::read(&path).expect("read")).into_owned(),
        };
        out.push((name.clone(), name.clone()));
        out.push((name, text));
    }
}

/// Every XML part of an Office file, with the tags removed, and the raw XML too.
fn office_text(path: &Path) -> String {
    let file = std::fs::File::open(path).expect("open");
    let mut zip = zip::ZipArchive::new(file).expect("a zip file");
    let mut all = String::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        all.push_str(&entry.name().map(|n| n.into_owned()).unwrap_or_default());
        let mut xml = String::new();
        let _ = entry.read_to_string(&mut xml);
        let mut untagged = String::new();
        let mut in_tag = false;
        for c in xml.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => untagged.push(c),
                _ => {}
            }
        }
        all.push_str(&xml);
        all.push('\n');
        all.push_str(&untagged);
    }
    all
}

#[test]
fn no_draft_output_holds_any_of_them() {
    let pack = planted_pack();
    let out = tempfile::tempdir().expect("temporary folder");
    let built = evidence_pack()
        .arg("build")
        .arg(pack.path())
        .args(["--draft", "--as-of", AS_OF, "-o"])
        .arg(out.path().join("pack"))
        .arg("--typst")
        .arg(typst())
        .output()
        .expect("run");
    assert_eq!(
        built.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let tender = evidence_pack()
        .args(["tender", "bid", "--draft", "--as-of", AS_OF, "-o"])
        .arg(out.path().join("tender"))
        .arg(pack.path())
        .output()
        .expect("run");
    assert_eq!(
        tender.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&tender.stderr)
    );
    let mut texts = Vec::new();
    texts_under(out.path(), &mut texts);
    let names: Vec<&str> = texts.iter().map(|(n, _)| n.as_str()).collect();
    for expected in [
        "pack.html",
        "pack.json",
        "pack.pdf",
        "answers.docx",
        "matrix.xlsx",
    ] {
        assert!(
            names.iter().any(|n| n.ends_with(expected)),
            "{expected} in {names:?}"
        );
    }
    for (name, text) in &texts {
        for needle in NEEDLES {
            assert!(!text.contains(needle), "{needle:?} in {name}");
        }
    }
    for console in [&built.stdout, &built.stderr, &tender.stdout, &tender.stderr] {
        let console = String::from_utf8_lossy(console);
        for needle in NEEDLES {
            assert!(
                !console.contains(needle),
                "{needle:?} on the console: {console}"
            );
        }
    }
    // Each draft output says it is one.
    let tender_dir = out.path().join("tender");
    let txt = std::fs::read_to_string(tender_dir.join("Q1.txt")).expect("Q1.txt");
    assert!(txt.starts_with("DRAFT — not for submission."), "{txt}");
    let matrix = office_text(&tender_dir.join("matrix.xlsx"));
    assert!(
        matrix.contains("DRAFT Compliance matrix"),
        "the sheet's name"
    );
    assert!(
        matrix.contains("DRAFT — not for submission."),
        "the title row"
    );
    assert!(office_text(&tender_dir.join("answers.docx")).contains("Draft — not for submission."));
    assert!(
        std::fs::read_to_string(tender_dir.join("tender.html"))
            .expect("tender.html")
            .contains("Draft — not for submission.")
    );
}

#[test]
fn a_name_a_person_is_known_as_is_found_like_a_full_name() {
    let pack = TempPack::copy_of("rules-clean");
    pack.write(
        "private/people.toml",
        "names = [\"Jane Smith\", { name = \"Ron Hughes\", known_as = [\"Ronnie\"] }]\n",
    );
    let (_, report) = check_json(pack.path(), &[]);
    assert!(report.of("possible-identifier").is_empty(), "{report:?}");
    assert!(report.of("invalid-record").is_empty(), "{report:?}");
    set(&pack, D2, "title", "\"Ronnie's bus pass\"");
    set(&pack, D3, "title", "\"Ron Hughes goes out\"");
    let (_, report) = check_json(pack.path(), &[]);
    let flagged: Vec<&str> = report
        .of("possible-identifier")
        .into_iter()
        .map(|f| f.file.as_str())
        .collect();
    assert_eq!(flagged, [D2, D3], "{report:?}");
}
