//! The registers of SPEC 9a against the demo's own records: one row per record (decisions), per
//! restrictive record (restrictions) and per `[liberty]` (liberty), in the pack's order, each
//! row's id linking to that record's article in the HTML pack. The expectations are worked out
//! from the TOML files here, not from pack.json.

use std::path::Path;

use scraper::{ElementRef, Html, Selector};

use crate::support::{AS_OF, TempPack, build_html_into, demo_pack, review_due_from_toml};

/// The demo's decision records, in file order (the order the pack reads them).
fn demo_records() -> Vec<toml::Table> {
    let dir = demo_pack().join("content/decisions");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("the demo's decisions")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| toml::from_str(&std::fs::read_to_string(p).expect("read")).expect("TOML"))
        .collect()
}

/// Builds the HTML pack of `pack`: the page and pack.json.
pub fn build_html(pack: &Path) -> (Html, serde_json::Value) {
    let out = tempfile::tempdir().expect("temporary folder");
    let output = out.path().join("output");
    build_html_into(pack, &output, &[]);
    let html = std::fs::read_to_string(output.join("pack.html")).expect("pack.html");
    let json = std::fs::read(output.join("pack.json")).expect("pack.json");
    (
        Html::parse_document(&html),
        serde_json::from_slice(&json).expect("JSON"),
    )
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

fn text(e: ElementRef) -> String {
    e.text().collect::<String>().trim().to_string()
}

/// Each row of a register: its linked id, the link's target, and the text of its cells by label.
struct Row {
    id: String,
    href: String,
    cells: Vec<(String, String)>,
}

impl Row {
    fn cell(&self, label: &str) -> &str {
        self.cells
            .iter()
            .find(|(l, _)| l == label)
            .map(|(_, t)| t.as_str())
            .unwrap_or_else(|| panic!("no {label} cell in the row of {}", self.id))
    }
}

fn rows(page: &Html, class: &str) -> Vec<Row> {
    let table = page
        .select(&sel(&format!("section#registers table.{class}")))
        .next()
        .unwrap_or_else(|| panic!("the {class} table"));
    table
        .select(&sel("tbody > tr"))
        .filter_map(|tr| {
            let link = tr.select(&sel("th a")).next()?;
            Some(Row {
                id: text(link),
                href: link.value().attr("href").expect("href").to_string(),
                cells: tr
                    .select(&sel("td[data-label]"))
                    .map(|td| {
                        (
                            td.value().attr("data-label").expect("label").to_string(),
                            text(td),
                        )
                    })
                    .collect(),
            })
        })
        .collect()
}

fn long(d: chrono::NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// Every link goes to the article of the record it names, and that article exists once.
fn assert_links_to_records(page: &Html, rows: &[Row]) {
    for row in rows {
        let target = row.href.strip_prefix('#').expect("an anchor link");
        let articles: Vec<_> = page
            .select(&sel(&format!("article.decision[id=\"{target}\"]")))
            .collect();
        assert_eq!(articles.len(), 1, "{} links to {}", row.id, row.href);
        let heading = text(
            articles[0]
                .select(&sel(".record-id, h3"))
                .next()
                .expect("the record's heading"),
        );
        assert!(
            text(articles[0]).contains(&row.id),
            "{} links to a record headed {heading}",
            row.id
        );
    }
}

#[test]
fn the_demos_registers_list_its_records_and_link_to_them() {
    let records = demo_records();
    let (page, json) = build_html(&demo_pack());
    let as_of = chrono::NaiveDate::parse_from_str(AS_OF, "%Y-%m-%d").expect("date");
    let str_of = |t: &toml::Table, key: &str| t[key].as_str().expect(key).to_string();

    // Decisions: every record, in order, with its person and next review.
    // A register wider than the screen scrolls in its own frame, which a keyboard can reach.
    for table in page.select(&sel("table.register")) {
        let frame = ElementRef::wrap(table.parent().expect("parent")).expect("an element");
        assert_eq!(frame.value().attr("class"), Some("register-scroll"));
        assert_eq!(frame.value().attr("role"), Some("region"));
        assert_eq!(frame.value().attr("tabindex"), Some("0"));
        assert!(
            frame
                .value()
                .attr("aria-label")
                .is_some_and(|l| l.ends_with(" register"))
        );
    }
    let decisions = rows(&page, "register-decisions");
    let ids: Vec<String> = records.iter().map(|r| str_of(r, "id")).collect();
    assert_eq!(
        decisions.iter().map(|r| r.id.clone()).collect::<Vec<_>>(),
        ids
    );
    assert_links_to_records(&page, &decisions);
    let mut not_needed = 0;
    for (row, record) in decisions.iter().zip(&records) {
        assert_eq!(row.cell("Person"), str_of(record, "person"), "{}", row.id);
        let closed = record.get("status").and_then(|s| s.as_str()) == Some("closed");
        let expected = match review_due_from_toml(record) {
            _ if closed => "Closed".to_string(),
            Some(due) if due < as_of => {
                let days = (as_of - due).num_days();
                format!(
                    "Overdue by {days} {}",
                    if days == 1 { "day" } else { "days" }
                )
            }
            Some(due) => long(due),
            None => "No review plan".to_string(),
        };
        assert_eq!(row.cell("Next review"), expected, "{}", row.id);
        // A supported choice that restricts nothing needs no legal basis: its Basis cell says
        // so rather than "Not recorded", which would read as a gap.
        let decision = record["decision"].as_table().expect("[decision]");
        let outcome = decision["outcome"].as_str().expect("outcome");
        if !decision.contains_key("basis") {
            let restricts_nothing = outcome.starts_with("supported")
                && !record.contains_key("restrictions")
                && !record.contains_key("liberty");
            if restricts_nothing {
                not_needed += 1;
                assert_eq!(row.cell("Basis"), "Not needed", "{}", row.id);
            }
        }
        if !outcome.starts_with("supported") {
            assert_ne!(row.cell("Basis"), "Not needed", "{}", row.id);
        }
        let liberty = record.contains_key("liberty");
        assert_eq!(
            row.cell("Liberty") != "None recorded",
            liberty,
            "{}: {}",
            row.id,
            row.cell("Liberty")
        );
    }

    assert!(
        not_needed > 0,
        "the demo has a supported choice with no basis"
    );

    // Restrictions: each record whose outcome limits or refuses the choice (a refusal only
    // because the service cannot provide is a limit of the service, not of the person), then each
    // of its [[restrictions]] entries, with the date each began.
    let date = |v: &toml::Value| {
        chrono::NaiveDate::parse_from_str(&v.to_string(), "%Y-%m-%d").expect("a date")
    };
    let mut restrictive: Vec<(String, String)> = Vec::new();
    for r in &records {
        let entries = r
            .get("restrictions")
            .and_then(|v| v.as_array())
            .cloned()
            .unwrap_or_default();
        let outcome = r["decision"]["outcome"].as_str();
        let service_only = r["decision"].get("basis").and_then(|b| b.as_str())
            == Some("service-cannot-provide")
            && entries.is_empty();
        if outcome == Some("limited") || (outcome == Some("not-supported") && !service_only) {
            restrictive.push((str_of(r, "id"), long(date(&r["decision"]["decided_on"]))));
        }
        for e in &entries {
            restrictive.push((str_of(r, "id"), long(date(&e["since"]))));
        }
    }
    assert!(
        restrictive.len()
            > records
                .iter()
                .filter(|r| r.contains_key("restrictions"))
                .count(),
        "the demo has restrictive outcomes and [[restrictions]] entries"
    );
    let restrictions = rows(&page, "register-restrictions");
    assert_eq!(
        restrictions
            .iter()
            .map(|r| (r.id.clone(), r.cell("Since").to_string()))
            .collect::<Vec<_>>(),
        restrictive
    );
    assert_links_to_records(&page, &restrictions);
    let restrictive: Vec<String> = restrictive.into_iter().map(|(id, _)| id).collect();

    // Liberty: every record with a [liberty] table.
    let with_liberty: Vec<String> = records
        .iter()
        .filter(|r| r.contains_key("liberty"))
        .map(|r| str_of(r, "id"))
        .collect();
    assert!(!with_liberty.is_empty(), "the demo has liberty records");
    let liberty = rows(&page, "register-liberty");
    assert_eq!(
        liberty.iter().map(|r| r.id.clone()).collect::<Vec<_>>(),
        with_liberty
    );
    assert_links_to_records(&page, &liberty);

    // pack.json holds the same rows.
    let reg = &json["registers"];
    for (key, expected) in [
        ("decisions", &ids),
        ("restrictions", &restrictive),
        ("liberty", &with_liberty),
    ] {
        let got: Vec<&str> = reg[key]
            .as_array()
            .expect(key)
            .iter()
            .map(|r| r["id"].as_str().expect("id"))
            .collect();
        assert_eq!(got, *expected, "pack.json registers.{key}");
    }
    // The registers come straight after the summary.
    let sections: Vec<&str> = json["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .map(|s| s["id"].as_str().expect("id"))
        .collect();
    assert_eq!(&sections[..2], ["summary", "registers"]);
}

#[test]
fn a_tender_pack_has_no_registers_about_the_person() {
    let pack = TempPack::copy_of("html-pack");
    pack.replace(
        "pack.toml",
        "audience = \"commissioner\"",
        "audience = \"tender\"",
    );
    let (page, json) = build_html(pack.path());
    assert!(json["registers"].is_null());
    assert!(page.select(&sel("section#registers")).next().is_none());
    // Its decisions register is the tender summary: the tender columns and no person.
    let summary = page
        .select(&sel("table.decision-summary"))
        .next()
        .expect("the tender summary");
    let headers: Vec<String> = summary.select(&sel("thead th")).map(text).collect();
    assert_eq!(
        headers,
        [
            "Record",
            "Outcome",
            "Risk level",
            "Review",
            "Quality statements"
        ]
    );
    assert!(
        json["headline"]["tender"]["rows"][0]
            .get("person")
            .is_none()
    );
}

#[test]
fn a_pack_with_no_restriction_says_so_rather_than_showing_an_empty_table() {
    let pack = TempPack::copy_of("html-pack");
    // Make every outcome a supported one and drop any [liberty].
    for entry in std::fs::read_dir(pack.file("content/decisions")).expect("decisions") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("read");
        let text = text
            .replace("outcome = \"limited\"", "outcome = \"supported\"")
            .replace("outcome = \"not-supported\"", "outcome = \"supported\"");
        std::fs::write(&path, text).expect("write");
    }
    let (page, json) = build_html(pack.path());
    assert_eq!(json["registers"]["restrictions"], serde_json::json!([]));
    let table = page
        .select(&sel("table.register-restrictions"))
        .next()
        .expect("the restrictions register");
    assert!(
        text(table).contains("No record in this pack restricts the person."),
        "{}",
        text(table)
    );
}

#[test]
fn the_cover_names_the_location_and_sign_off_and_the_pack_closes_with_a_glossary() {
    let pack = TempPack::copy_of("html-pack");
    let (page, json) = build_html(pack.path());
    let cover = page.select(&sel("header.cover")).next().expect("cover");
    // Without the keys the cover says nothing of them.
    assert!(!text(cover).contains("CQC location ID"), "{}", text(cover));
    assert!(!text(cover).contains("Signed off"));
    assert_eq!(json["pack"]["location_id"], serde_json::Value::Null);

    pack.replace(
        "pack.toml",
        "provider = \"Northgate Support Services\"\n",
        "provider = \"Northgate Support Services\"\nlocation_id = \"1-123456789\"\nsigned_off_by = \"Registered Manager\"\nsigned_off_on = 2026-10-28\n",
    );
    let (page, json) = build_html(pack.path());
    let cover = text(page.select(&sel("header.cover")).next().expect("cover"));
    assert!(cover.contains("CQC location ID"), "{cover}");
    assert!(cover.contains("1-123456789"), "{cover}");
    assert!(
        cover.contains("Registered Manager, 28 October 2026"),
        "{cover}"
    );
    assert!(!cover.contains("Made with"), "{cover}");
    assert_eq!(json["pack"]["location_id"], "1-123456789");
    assert_eq!(json["pack"]["signed_off_on"]["iso"], "2026-10-28");

    // The glossary is the last section, and "Made with" is on it, nowhere else.
    let sections: Vec<&str> = json["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(sections.last(), Some(&"glossary"), "{sections:?}");
    let glossary = page
        .select(&sel("section#glossary"))
        .next()
        .expect("the glossary");
    let terms: Vec<String> = glossary.select(&sel("dt")).map(text).collect();
    for term in ["MCA", "DoLS", "IMCA", "LPA", "Court of Protection", "CQC"] {
        assert!(terms.iter().any(|t| t == term), "{term} in {terms:?}");
    }
    assert!(text(glossary).contains("Made with evidence-pack"));
    let whole = page.root_element().text().collect::<String>();
    assert_eq!(whole.matches("Made with").count(), 1);
    assert_eq!(
        json["glossary"].as_array().unwrap().len(),
        terms.len(),
        "pack.json has the same glossary"
    );
}
