//! Importing into what a pack already holds: an incident log attached to its records (and a
//! record saved on Windows kept as it was), and a buyer's questionnaire becoming a tender's
//! questions.

use super::*;
use crate::support::check_json;

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
