//! Importing decision records from sheets: a risk register saved as XLSX by LibreOffice, a
//! Windows-1252 CSV with semicolons, identifiers in cells, the starting map, a broken map, and the
//! README's steps on the sample register.

use super::*;
use crate::support::check_json;

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
