//! `evidence-pack import` (SPEC section 13) on sheets made the way providers make them: a risk
//! register saved as XLSX by LibreOffice (made here from a CSV, with UK dates), a Windows-1252
//! CSV with semicolons, an incident log, a buyer's questionnaire. Each is imported, then checked,
//! then imported again, which must change nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::support::{TempPack, check_json, evidence_pack};

const AS_OF: &str = "2026-11-01";

/// A new pack made by `init` (two sample records: D-001 for JS, D-002 for MT).
fn new_pack() -> TempPack {
    let dir = tempfile::tempdir().expect("temporary folder");
    let out = evidence_pack()
        .arg("init")
        .arg(dir.path().join("pack"))
        .output()
        .expect("run init");
    assert!(out.status.success(), "{out:?}");
    // The pack is in pack/; the sheets and maps are written beside it, outside the pack.
    TempPack { dir }
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn import(pack: &Path, args: &[&str]) -> Run {
    let out = evidence_pack()
        .current_dir(pack)
        .arg("import")
        .args(args)
        .output()
        .expect("run import");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Every file of the pack's content and tenders, with its bytes.
fn files(pack: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for top in ["content", "tenders"] {
        if !pack.join(top).is_dir() {
            continue;
        }
        for entry in walkdir::WalkDir::new(pack.join(top)) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(pack).unwrap();
                out.insert(
                    rel.to_string_lossy().replace('\\', "/"),
                    std::fs::read(entry.path()).unwrap(),
                );
            }
        }
    }
    out
}

fn new_files(before: &BTreeMap<String, Vec<u8>>, after: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    after
        .keys()
        .filter(|k| !before.contains_key(*k))
        .cloned()
        .collect()
}

/// Converts a CSV file to XLSX with LibreOffice, reading it as a UK user's LibreOffice does
/// (comma-separated, UTF-8, English (UK) dates), as a quality lead saving her register would.
fn libreoffice_xlsx(csv: &Path) -> PathBuf {
    let dir = csv.parent().unwrap();
    let profile = format!("file://{}", dir.join("lo-profile").display());
    let out = std::process::Command::new("soffice")
        .arg(format!("-env:UserInstallation={profile}"))
        .args([
            "--headless",
            "--infilter=CSV:44,34,76,1,,2057",
            "--convert-to",
            "xlsx",
            "--outdir",
        ])
        .arg(dir)
        .arg(csv)
        .output()
        .expect("LibreOffice (soffice) must be installed: scripts/setup.sh test installs it");
    assert!(out.status.success(), "LibreOffice failed: {out:?}");
    let xlsx = csv.with_extension("xlsx");
    assert!(
        xlsx.is_file(),
        "LibreOffice wrote no {}: {out:?}",
        xlsx.display()
    );
    xlsx
}

const REGISTER_CSV: &str = "Ref,Person code,Risk,Hazard,Likelihood,Severity,Date identified,Control measures,Owner\n\
1,AB,Going to the gym alone,\"Falls on the treadmill:\n\u{2022} slipped twice in 2025\n\u{2022}\tuses the \u{201c}fast\u{201d} setting\",Med,H,03/04/2026,Staff check in by phone at\u{a0}6pm,Key worker\n\
2,CD,Taking the bus to college,Getting lost,Low,Moderate,31/02/2026,,\n\
3,EF,Cooking my own tea,\"AB\u{2019}s kitchen: burns\",High,Low,14/05/2026,Smoke alarm tested weekly,EF\n";

const REGISTER_MAP: &str = r#"kind = "decisions"
[columns]
title = "Risk"
person = "Person code"
opened = "Date identified"
"risks.description" = "Hazard"
"risks.likelihood" = "Likelihood"
"risks.impact" = "Severity"
"plan.action" = "Control measures"
"plan.owner" = "Owner"
[values."risks.likelihood"]
"Med" = "medium"
[values."risks.impact"]
"H" = "high"
"Moderate" = "medium"
[fixed]
"risks.to" = "self"
service = "Riverside supported living"
"#;

#[test]
fn a_risk_register_saved_by_libreoffice_becomes_drafts_and_a_second_import_changes_nothing() {
    let pack = new_pack();
    let root = pack.file("pack");
    pack.write("register.csv", REGISTER_CSV);
    pack.write("register.map.toml", REGISTER_MAP);
    let xlsx = libreoffice_xlsx(&pack.file("register.csv"));
    let xlsx = xlsx.to_str().unwrap();
    let before = files(&root);

    // A dry run says what it would write and writes nothing.
    let dry = import(
        &root,
        &[
            "decisions",
            xlsx,
            "--map",
            "../register.map.toml",
            "--as-of",
            AS_OF,
            "--dry-run",
        ],
    );
    assert_eq!(dry.code, 1, "{}", dry.stdout);
    assert!(
        dry.stdout.contains(
            "row 2: D-003 content/decisions/d-003-going-to-the-gym-alone.toml (new draft)"
        ),
        "{}",
        dry.stdout
    );
    assert!(
        dry.stdout.contains("Nothing was written (--dry-run)."),
        "{}",
        dry.stdout
    );
    assert_eq!(files(&root), before);

    let first = import(
        &root,
        &[
            "decisions",
            xlsx,
            "--map",
            "../register.map.toml",
            "--as-of",
            AS_OF,
        ],
    );
    // Exit 1: one row could not be imported; the other two were.
    assert_eq!(first.code, 1, "{}{}", first.stdout, first.stderr);
    assert!(
        first.stderr.is_empty(),
        "no progress bar off a terminal: {}",
        first.stderr
    );
    assert!(
        first
            .stdout
            .contains("Read 3 rows from register.xlsx, sheet \"register\"."),
        "{}",
        first.stdout
    );
    assert!(
        first
            .stdout
            .contains("Created 2 draft decision records: D-003, D-004, in content/decisions/."),
        "{}",
        first.stdout
    );
    assert!(
        first.stdout.contains(
            "Row 3, column \"Date identified\": \"31/02/2026\" is not a real date: check the day and the month."
        ),
        "{}",
        first.stdout
    );
    let after = files(&root);
    assert_eq!(
        new_files(&before, &after),
        vec![
            "content/decisions/d-003-going-to-the-gym-alone.toml",
            "content/decisions/d-004-cooking-my-own-tea.toml"
        ]
    );

    let gym: toml::Table =
        toml::from_str(&pack.read("pack/content/decisions/d-003-going-to-the-gym-alone.toml"))
            .unwrap();
    assert_eq!(gym["draft"].as_bool(), Some(true));
    assert_eq!(gym["person"].as_str(), Some("AB"));
    assert_eq!(gym["service"].as_str(), Some("Riverside supported living"));
    // 03/04/2026 is 3 April (UK), stored by LibreOffice as an Excel date.
    assert_eq!(gym["opened"].to_string(), "2026-04-03");
    let risk = &gym["risks"][0];
    assert_eq!(
        risk["description"].as_str(),
        Some("Falls on the treadmill:\n- slipped twice in 2025\n- uses the \"fast\" setting")
    );
    assert_eq!(risk["likelihood"].as_str(), Some("medium"));
    assert_eq!(risk["impact"].as_str(), Some("high"));
    assert_eq!(risk["to"].as_str(), Some("self"));
    assert_eq!(
        gym["plan"][0]["action"].as_str(),
        Some("Staff check in by phone at 6pm")
    );
    let source = gym["source"].as_table().unwrap();
    assert_eq!(source["file"].as_str(), Some("register.xlsx"));
    assert_eq!(source["sheet"].as_str(), Some("register"));
    assert_eq!(source["row"].as_integer(), Some(2));
    assert_eq!(source["sha256"].as_str().unwrap().len(), 64);
    let tea = pack.read("pack/content/decisions/d-004-cooking-my-own-tea.toml");
    assert!(
        tea.contains("description = \"AB's kitchen: burns\""),
        "{tea}"
    );
    assert!(tea.contains("row = 4"), "{tea}");
    // The sheet itself is never copied into the pack.
    assert!(
        !after.keys().any(|k| k.contains("register")),
        "{:?}",
        after.keys()
    );

    // The drafts load and are checked as drafts: warnings, no invalid-record.
    let (code, report) = check_json(&root, &[]);
    assert!(
        report.of("invalid-record").is_empty(),
        "{:#?}",
        report.findings
    );
    assert_eq!(report.summary.decisions, 4);
    let _ = code;
    assert!(
        !report.findings.iter().any(|f| f.level == "error"
            && f.file.contains("d-00")
            && !f.file.contains("d-001")
            && !f.file.contains("d-002")),
        "{:#?}",
        report.findings
    );
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.file.ends_with("d-003-going-to-the-gym-alone.toml") && f.level == "warning"),
        "{:#?}",
        report.findings
    );

    // Again, on another day: nothing changes.
    let second = import(
        &root,
        &[
            "decisions",
            xlsx,
            "--map",
            "../register.map.toml",
            "--as-of",
            "2026-12-01",
        ],
    );
    assert_eq!(second.code, 1);
    assert!(
        second
            .stdout
            .contains("2 drafts are already imported and unchanged."),
        "{}",
        second.stdout
    );
    assert_eq!(files(&root), after);

    // A draft edited by hand is left as it is; a draft no longer a draft too; an unedited one
    // follows the sheet.
    pack.replace(
        "pack/content/decisions/d-003-going-to-the-gym-alone.toml",
        "in_their_words = \"\"",
        "in_their_words = \"I want to go on my own.\"",
    );
    let edited = pack.read("pack/content/decisions/d-003-going-to-the-gym-alone.toml");
    pack.write(
        "register.csv",
        REGISTER_CSV
            .replace("Staff check in by phone", "Staff ring")
            .replace("Smoke alarm tested weekly", "Smoke alarm tested daily"),
    );
    let xlsx = libreoffice_xlsx(&pack.file("register.csv"));
    let third = import(
        &root,
        &[
            "decisions",
            xlsx.to_str().unwrap(),
            "--map",
            "../register.map.toml",
        ],
    );
    assert!(
        third
            .stdout
            .contains("D-003 (row 2) was left as it is: it was edited since it was imported."),
        "{}",
        third.stdout
    );
    assert!(
        third
            .stdout
            .contains("Updated 1 draft that the sheet changed: D-004 (row 4)."),
        "{}",
        third.stdout
    );
    assert_eq!(
        pack.read("pack/content/decisions/d-003-going-to-the-gym-alone.toml"),
        edited
    );
    assert!(
        pack.read("pack/content/decisions/d-004-cooking-my-own-tea.toml")
            .contains("Smoke alarm tested daily")
    );
    assert_eq!(files(&root).len(), after.len(), "no duplicates");
}

#[test]
fn a_windows_1252_csv_with_semicolons_imports_and_a_second_import_changes_nothing() {
    let pack = new_pack();
    let root = pack.file("pack");
    // As Excel saves "CSV" on a UK or European Windows computer: Windows-1252, semicolons, CR LF.
    let csv: &[u8] = b"Risk;Person;Description;Likelihood;Severity;Date raised\r\n\
Managing money;GH;\x93I want my own bank card\x94 \x96 \xa320 a week;low;medium;1/6/26\r\n\
Night-time walks;JK;\"\x95 walks after 10pm\r\n\x95 phone kept charged\";high;high;15/06/2026\r\n";
    pack.write("risks.csv", csv);
    pack.write(
        "risks.map.toml",
        "kind = \"decisions\"\n[columns]\ntitle = \"Risk\"\nperson = \"Person\"\n\"choice.summary\" = \"Description\"\n\"risks.likelihood\" = \"Likelihood\"\n\"risks.impact\" = \"Severity\"\nopened = \"Date raised\"\n",
    );
    let run = import(
        &root,
        &[
            "decisions",
            "../risks.csv",
            "--map",
            "../risks.map.toml",
            "--as-of",
            AS_OF,
        ],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("Created 2 draft decision records: D-003, D-004"),
        "{}",
        run.stdout
    );
    let money = pack.read("pack/content/decisions/d-003-managing-money.toml");
    let parsed: toml::Table = toml::from_str(&money).unwrap();
    assert_eq!(
        parsed["choice"]["summary"].as_str(),
        Some("\"I want my own bank card\" \u{2013} \u{a3}20 a week")
    );
    assert!(money.contains("opened = 2026-06-01"), "{money}");
    // Where it came from, at the end of the file: a CSV file has no sheets.
    assert!(
        money.contains("\n[source]\nfile = \"risks.csv\"\nrow = 2\nsha256 = \""),
        "{money}"
    );
    let walks = pack.read("pack/content/decisions/d-004-night-time-walks.toml");
    assert!(
        walks.contains("summary = \"\"\"\n- walks after 10pm\n- phone kept charged\"\"\""),
        "{walks}"
    );
    let (_, report) = check_json(&root, &[]);
    assert!(
        report.of("invalid-record").is_empty(),
        "{:#?}",
        report.findings
    );
    let after = files(&root);
    let again = import(
        &root,
        &["decisions", "../risks.csv", "--map", "../risks.map.toml"],
    );
    assert_eq!(again.code, 0);
    assert_eq!(files(&root), after);
}

#[test]
fn an_incident_log_attaches_rows_to_their_records_and_lists_the_rows_that_match_none() {
    let pack = new_pack();
    let root = pack.file("pack");
    // D-001 is JS's record (opened 2 November 2026), D-002 MT's (opened 28 October 2026).
    pack.write(
        "incidents.csv",
        "Date of incident,Person,Record,What happened,Injury,Police involved,Safeguarding,CQC notified on\n\
         03/11/2026,JS,,Burnt a finger on the \u{201c}big\u{201d} pan,Minor,No,No,\n\
         05/11/2026,,D-002,Lost on the way back from the match,None,Yes,SG-2026-114,06/11/2026\n\
         07/11/2026,ZZ,,Fell in the garden,Minor,No,No,\n\
         01/10/2026,JS,,Before the record was opened,None,No,No,\n\
         08/11/2026,,D-999,A record that does not exist,None,No,No,\n\
         09/11/2026,JS,,Cut a finger,Bad,No,No,\n",
    );
    pack.write(
        "incidents.map.toml",
        r#"kind = "incidents"
[columns]
person = "Person"
record = "Record"
on = "Date of incident"
summary = "What happened"
harm = "Injury"
police = "Police involved"
safeguarding_referral = "Safeguarding"
notified_on = "CQC notified on"
"#,
    );
    let before = files(&root);
    let run = import(
        &root,
        &[
            "incidents",
            "../incidents.csv",
            "--map",
            "../incidents.map.toml",
        ],
    );
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    for line in [
        "Read 6 rows from incidents.csv.",
        "Added 2 incidents to 2 decision records: D-001, D-002.",
        "3 rows match no decision record, and were not written anywhere:",
        "  Row 4: no decision record for ZZ was open on 7 November 2026.",
        "  Row 5: no decision record for JS was open on 1 October 2026.",
        "  Row 6: there is no decision record D-999.",
        "Row 7, column \"Injury\": \"Bad\" is not a value the map knows for harm.",
    ] {
        assert!(run.stdout.contains(line), "{line}\n---\n{}", run.stdout);
    }
    let after = files(&root);
    assert!(
        new_files(&before, &after).is_empty(),
        "unmatched rows are written nowhere"
    );
    let d1: toml::Table =
        toml::from_str(&pack.read("pack/content/decisions/d-001-cooking-my-own-meals.toml"))
            .unwrap();
    let incident = d1["incidents"].as_array().unwrap().last().unwrap();
    assert_eq!(incident["on"].to_string(), "2026-11-03");
    assert_eq!(
        incident["summary"].as_str(),
        Some("Burnt a finger on the \"big\" pan")
    );
    assert_eq!(incident["harm"].as_str(), Some("minor"));
    assert_eq!(incident["safeguarding_referral"].as_str(), Some("none"));
    let d2 = pack.read("pack/content/decisions/d-002-going-to-the-football-on-my-own.toml");
    assert!(
        d2.contains("safeguarding_referral = \"SG-2026-114\"\nnotified_on = 2026-11-06"),
        "{d2}"
    );
    // Every other byte of the record is kept: the new entry follows the record's last incident.
    let old_d2 = String::from_utf8(
        before["content/decisions/d-002-going-to-the-football-on-my-own.toml"].clone(),
    )
    .unwrap();
    let added = "[[incidents]]\non = 2026-11-05\nsummary = \"Lost on the way back from the match\"\nharm = \"none\"\npolice = true\nsafeguarding_referral = \"SG-2026-114\"\nnotified_on = 2026-11-06\n\n";
    assert_eq!(d2.replacen(added, "", 1), old_d2);

    let (_, report) = check_json(&root, &[]);
    assert!(
        report.of("invalid-record").is_empty(),
        "{:#?}",
        report.findings
    );

    let again = import(
        &root,
        &[
            "incidents",
            "../incidents.csv",
            "--map",
            "../incidents.map.toml",
        ],
    );
    assert!(
        again
            .stdout
            .contains("2 incidents were already in their record."),
        "{}",
        again.stdout
    );
    assert_eq!(files(&root), after);
}

#[test]
fn an_incident_that_fits_two_records_of_the_same_person_is_written_nowhere() {
    let pack = new_pack();
    let root = pack.file("pack");
    let d1 = "pack/content/decisions/d-001-cooking-my-own-meals.toml";
    let copy = pack
        .read(d1)
        .replacen("id = \"D-001\"", "id = \"D-010\"", 1);
    pack.write("pack/content/decisions/d-010-copy.toml", copy);
    pack.write(
        "log.csv",
        "Date,Person,Summary,Harm\n04/11/2026,JS,Slipped,None\n",
    );
    pack.write(
        "log.map.toml",
        "kind = \"incidents\"\n[columns]\nperson = \"Person\"\non = \"Date\"\nsummary = \"Summary\"\nharm = \"Harm\"\n",
    );
    let before = files(&root);
    let run = import(
        &root,
        &["incidents", "../log.csv", "--map", "../log.map.toml"],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("  Row 2: 2 decision records for JS were open on 4 November 2026 (D-001, D-010). Add a column with the record's id, and map it to record."),
        "{}",
        run.stdout
    );
    assert_eq!(files(&root), before);
}

#[test]
fn a_record_saved_on_windows_keeps_its_byte_order_mark_and_line_endings() {
    let pack = new_pack();
    let root = pack.file("pack");
    // As Notepad saves it: a byte order mark, and CR LF at the end of every line.
    let d1 = "pack/content/decisions/d-001-cooking-my-own-meals.toml";
    let windows = format!("\u{feff}{}", pack.read(d1).replace('\n', "\r\n"));
    pack.write(d1, &windows);
    pack.write(
        "log.csv",
        "Date,Record,Summary,Harm\n03/11/2026,D-001,\"Burnt a finger:\n\u{2022} cold water\",Minor\n",
    );
    pack.write(
        "log.map.toml",
        "kind = \"incidents\"\n[columns]\nrecord = \"Record\"\non = \"Date\"\nsummary = \"Summary\"\nharm = \"Harm\"\n",
    );
    let run = import(
        &root,
        &["incidents", "../log.csv", "--map", "../log.map.toml"],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let after = pack.read(d1);
    let added = "[[incidents]]\r\non = 2026-11-03\r\nsummary = \"\"\"\r\nBurnt a finger:\r\n- cold water\"\"\"\r\nharm = \"minor\"\r\n";
    assert!(after.contains(added), "{after:?}");
    assert_eq!(
        after.matches('\n').count(),
        after.matches("\r\n").count(),
        "{after:?}"
    );
    // Every other byte is as it was: the incident is the only change.
    let mut without = after.replacen(added, "", 1);
    if !without.ends_with("\r\n\r\n") || !windows.ends_with("\r\n\r\n") {
        without = without.trim_end().to_string() + "\r\n";
    }
    assert_eq!(without.trim_end(), windows.trim_end());
    assert!(after.starts_with('\u{feff}'));
    let (_, report) = check_json(&root, &[]);
    assert!(
        report.of("invalid-record").is_empty(),
        "{:#?}",
        report.findings
    );
    let again = import(
        &root,
        &["incidents", "../log.csv", "--map", "../log.map.toml"],
    );
    assert_eq!(again.code, 0, "{}", again.stdout);
    assert_eq!(pack.read(d1), after);
}

#[test]
fn a_questionnaire_with_word_limits_and_weights_becomes_the_tenders_questions_keeping_its_comments()
{
    let pack = new_pack();
    let root = pack.file("pack");
    let new = evidence_pack()
        .current_dir(&root)
        .args(["new", "tender", "--title", "Supported living 2027"])
        .output()
        .unwrap();
    assert!(new.status.success(), "{new:?}");
    let rel = "pack/tenders/supported-living-2027/tender.toml";
    let template = pack.read(rel);
    pack.write(
        "questionnaire.csv",
        "Question No.,Question,Word limit,Weighting,Evaluation criteria\n\
         2.1,\"Describe how you support people to take positive risks.\",750 words,15%,\"\u{2022} co-production\n\u{2022} review\"\n\
         2.2,How do you hear the person\u{2019}s own voice?,\"Max 2,000 characters (including spaces)\",10%,voice; advocacy\n\
         2.3,How does learning change practice?,about five hundred,5%,\n",
    );
    let xlsx = libreoffice_xlsx(&pack.file("questionnaire.csv"));
    let xlsx = xlsx.to_str().unwrap();
    pack.write(
        "questions.map.toml",
        "kind = \"questions\"\n[columns]\nid = \"Question No.\"\ntext = \"Question\"\nlimit = \"Word limit\"\nweight = \"Weighting\"\ncriteria = \"Evaluation criteria\"\n",
    );
    let run = import(
        &root,
        &[
            "questions",
            xlsx,
            "--tender",
            "supported-living-2027",
            "--map",
            "../questions.map.toml",
        ],
    );
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("Added 2 questions in tenders/supported-living-2027/tender.toml: 2.1, 2.2."),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("Row 4, column \"Word limit\": \"about five hundred\" is not a number."),
        "{}",
        run.stdout
    );
    let text = pack.read(rel);
    // The template's comments are all still there, in order, before the new questions.
    let kept: Vec<&str> = template.lines().filter(|l| l.starts_with('#')).collect();
    let now: Vec<&str> = text.lines().filter(|l| l.starts_with('#')).collect();
    assert_eq!(kept, now);
    assert!(text.starts_with(template.trim_end()), "{text}");
    let tender: toml::Table = toml::from_str(&text).unwrap();
    let questions = tender["questions"].as_array().unwrap();
    let q21 = questions
        .iter()
        .find(|q| q["id"].as_str() == Some("2.1"))
        .unwrap();
    assert_eq!(q21["limit"].as_integer(), Some(750));
    assert_eq!(q21["count"].as_str(), Some("words"));
    assert_eq!(q21["weight"].as_integer(), Some(15));
    assert_eq!(q21["criteria"].as_array().unwrap().len(), 2);
    let q22 = questions
        .iter()
        .find(|q| q["id"].as_str() == Some("2.2"))
        .unwrap();
    assert_eq!(
        q22["text"].as_str(),
        Some("How do you hear the person's own voice?")
    );
    assert_eq!(q22["limit"].as_integer(), Some(2000));
    assert_eq!(q22["count"].as_str(), Some("characters"));
    assert_eq!(q22["weight"].as_integer(), Some(10));

    // The tender is checked with everything else: the new questions are read (they have no answers yet).
    let (_, report) = check_json(&root, &[]);
    let missing: Vec<&str> = report
        .of("answer-missing")
        .iter()
        .map(|f| f.message.as_str())
        .collect();
    assert!(missing.iter().any(|m| m.contains("2.2")), "{missing:?}");

    let after = files(&root);
    let again = import(
        &root,
        &[
            "questions",
            xlsx,
            "--tender",
            "supported-living-2027",
            "--map",
            "../questions.map.toml",
        ],
    );
    assert!(
        again
            .stdout
            .contains("2 questions are already in the tender as the sheet has them."),
        "{}",
        again.stdout
    );
    assert_eq!(files(&root), after);
}

#[test]
fn an_identifier_in_a_cell_is_a_finding_on_the_new_file_and_never_printed() {
    let pack = new_pack();
    let root = pack.file("pack");
    pack.write(
        "ids.csv",
        "Risk,Hazard\nWalks with 943 476 5919,Falls near 943 476 5919\n31/02/2026 walk,Falls\n",
    );
    pack.write(
        "ids.map.toml",
        "kind = \"decisions\"\n[columns]\ntitle = \"Risk\"\n\"risks.description\" = \"Hazard\"\nopened = \"Hazard\"\n",
    );
    let run = import(
        &root,
        &[
            "decisions",
            "../ids.csv",
            "--map",
            "../ids.map.toml",
            "--dry-run",
        ],
    );
    assert!(!run.stdout.contains("943"), "{}", run.stdout);
    assert!(
        run.stdout.contains("Row 2, column \"Hazard\": \""),
        "{}",
        run.stdout
    );
    pack.write(
        "ids.map.toml",
        "kind = \"decisions\"\n[columns]\ntitle = \"Risk\"\n\"risks.description\" = \"Hazard\"\n",
    );
    let run = import(
        &root,
        &[
            "decisions",
            "../ids.csv",
            "--map",
            "../ids.map.toml",
            "--as-of",
            AS_OF,
            "--dry-run",
        ],
    );
    assert!(!run.stdout.contains("943"), "{}", run.stdout);
    // The file is named by its id alone: the title's words would show the number.
    assert!(
        run.stdout
            .contains("row 2: D-003 content/decisions/d-003.toml (new draft)"),
        "{}",
        run.stdout
    );
    let run = import(
        &root,
        &[
            "decisions",
            "../ids.csv",
            "--map",
            "../ids.map.toml",
            "--as-of",
            AS_OF,
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(!run.stdout.contains("943"), "{}", run.stdout);
    let (code, report) = check_json(&root, &[]);
    assert_eq!(code, 1);
    let found = report.of("possible-identifier");
    assert!(
        found
            .iter()
            .any(|f| f.file == "content/decisions/d-003.toml"),
        "{:#?}",
        report.findings
    );
}

#[test]
fn import_map_writes_a_starting_map_from_the_header_row_and_never_overwrites() {
    let pack = new_pack();
    let dir = pack.path();
    pack.write("register.csv", REGISTER_CSV);
    let run = |args: &[&str]| {
        evidence_pack()
            .current_dir(dir)
            .args(["import", "map", "decisions", "register.csv"])
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&[]);
    assert!(out.status.success(), "{out:?}");
    let text = pack.read("register.map.toml");
    assert!(
        text.contains("\n\"risks.likelihood\" = \"Likelihood\""),
        "{text}"
    );
    assert!(
        text.contains("\"Med\" = \"medium\"   # a guess: check it"),
        "{text}"
    );
    // The map as written imports the register.
    let root = pack.file("pack");
    let import = import(
        &root,
        &[
            "decisions",
            "../register.csv",
            "--map",
            "../register.map.toml",
            "--as-of",
            AS_OF,
        ],
    );
    assert!(
        import.stdout.contains("Created 2 draft decision records"),
        "{}",
        import.stdout
    );
    let again = run(&[]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("never overwrites"));
    assert_eq!(pack.read("register.map.toml"), text);
}

#[test]
fn a_missing_column_or_a_broken_map_stops_before_anything_is_written() {
    let pack = new_pack();
    let root = pack.file("pack");
    pack.write("register.csv", REGISTER_CSV);
    pack.write(
        "bad.map.toml",
        "kind = \"decisions\"\n[columns]\ntitle = \"Risk name\"\n",
    );
    let before = files(&root);
    let run = import(
        &root,
        &["decisions", "../register.csv", "--map", "../bad.map.toml"],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("The sheet has no column \"Risk name\" (for title)."),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("\"Person code\""), "{}", run.stderr);
    pack.write("bad.map.toml", "kind = \"decisions\"\n[columns\n");
    let run = import(
        &root,
        &["decisions", "../register.csv", "--map", "../bad.map.toml"],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("The map is not valid TOML"),
        "{}",
        run.stderr
    );
    // A tender is a folder in tenders/, never a path out of the pack.
    pack.write(
        "q.map.toml",
        "kind = \"questions\"\n[columns]\nid = \"Ref\"\ntext = \"Risk\"\nlimit = \"Ref\"\n",
    );
    let run = import(
        &root,
        &[
            "questions",
            "../register.csv",
            "--tender",
            "../..",
            "--map",
            "../q.map.toml",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("is not the name of a tender's folder"),
        "{}",
        run.stderr
    );
    let run = import(
        &root,
        &[
            "questions",
            "../register.csv",
            "--tender",
            "no-such-tender",
            "--map",
            "../q.map.toml",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("There is no tender \"no-such-tender\""),
        "{}",
        run.stderr
    );
    assert_eq!(files(&root), before);
}

/// The README's three steps, on the sample register in examples/import/, and the other samples.
#[test]
fn the_readme_steps_import_the_sample_register_and_the_samples_import_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let repo = crate::support::demo_pack();
    let samples = repo.join("examples/import");
    let sample = |name: &str| samples.join(name).to_str().unwrap().to_string();
    let run = |args: &[&str]| {
        let out = evidence_pack()
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    assert_eq!(run(&["init", "mypack"]).0, 0);
    let (code, out) = run(&["import", "map", "decisions", &sample("risk-register.csv")]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("Wrote a starting map to risk-register.map.toml."),
        "{out}"
    );
    let (code, out) = run(&[
        "import",
        "decisions",
        &sample("risk-register.csv"),
        "mypack",
        "--map",
        "risk-register.map.toml",
        "--dry-run",
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("Would create 3 draft decision records: D-003, D-004, D-005"),
        "{out}"
    );
    let (code, out) = run(&[
        "import",
        "decisions",
        &sample("risk-register.csv"),
        "mypack",
        "--map",
        "risk-register.map.toml",
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(
            "Created 3 draft decision records: D-003, D-004, D-005, in content/decisions/."
        ),
        "{out}"
    );

    // The finished sample map, into a second pack, with the incident log and the questionnaire.
    assert_eq!(run(&["init", "second"]).0, 0);
    let (code, out) = run(&[
        "import",
        "decisions",
        &sample("risk-register.csv"),
        "second",
        "--map",
        &sample("risk-register.map.toml"),
    ]);
    assert_eq!(code, 0, "{out}");
    let (code, out) = run(&[
        "import",
        "incidents",
        &sample("incident-log.csv"),
        "second",
        "--map",
        &sample("incident-log.map.toml"),
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("Added 2 incidents to 2 decision records: D-003, D-004."),
        "{out}"
    );
    assert_eq!(
        run(&[
            "new",
            "tender",
            "second",
            "--title",
            "Supported living 2027"
        ])
        .0,
        0
    );
    let (code, out) = run(&[
        "import",
        "questions",
        &sample("questionnaire.csv"),
        "second",
        "--tender",
        "supported-living-2027",
        "--map",
        &sample("questionnaire.map.toml"),
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Added 2 questions"), "{out}");
    let (_, report) = check_json(&dir.path().join("second"), &[]);
    assert!(
        report.of("invalid-record").is_empty(),
        "{:#?}",
        report.findings
    );
    assert!(
        report.of("possible-identifier").is_empty(),
        "{:#?}",
        report.findings
    );
}
