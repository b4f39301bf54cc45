//! The dashboard's counts and the coverage matrix, worked out from the fixture's own files.

use super::*;

#[test]
fn dashboard_counts_are_right() {
    let fx = Fixture::read(&fixture(PACK));
    let (_out, page) = build_page(&fixture(PACK), &[]);

    let total = fx.decisions.len();
    let people: BTreeSet<&str> = fx.decisions.iter().map(|d| d.person.as_str()).collect();
    let restrictive = fx.count(|d| matches!(d.outcome.as_str(), "limited" | "not-supported"));
    let supported = total - restrictive;
    let active = fx.count(|d| d.active);
    let in_date = fx.count(|d| d.review_in_date);
    let escalated = fx.count(|d| d.escalated);
    // The fixture was written to give these figures; if it changes, so must they.
    assert_eq!(
        (total, people.len(), supported, active, in_date, escalated),
        (6, 5, 4, 5, 5, 2)
    );

    let figures = headlines(&page);
    let expected = [
        format!("{total} decisions about {} people", people.len()),
        // Days from opened to decided_on: 0, 7, 7, 9, 14 and 53; the middle two give 8.
        "8 days median from a request to a decision".to_string(),
        format!(
            "{}% of choices supported, with or without conditions ({supported} of {total}); {restrictive} restricting the person",
            percent(supported, total)
        ),
        // D-003 and D-004 are limits in place; GH, who has capacity, agrees with D-004 (SPEC 4b:
        // only a "yes" from a person who does not lack capacity counts).
        "1 of 2 restrictions in place agreed by the person".to_string(),
        format!(
            "{}% of active records with an in-date review ({in_date} of {active}); 100% of reviews give the person’s own view",
            percent(in_date, active)
        ),
        "0 incidents in the last 12 months".to_string(),
        "0 outcomes for people in the last 12 months".to_string(),
        // Both escalations came on or before the day of their decision.
        format!(
            "{escalated} escalated for senior oversight; 100% of dated escalations came before the decision ({escalated} of {escalated})"
        ),
        format!(
            "{0} of {0} required quality statements evidenced",
            fx.required.len()
        ),
        // EF lacks capacity for D-003, which is not a deprivation of liberty.
        "1 person lacks capacity for a decision recorded here".to_string(),
        "0 deprivations of liberty authorised; 0 applied for and waiting, 0 expiring within 28 days, none expired".to_string(),
        // D-003 restricts EF, who lacks capacity for it, and names no advocate.
        "0 of 1 restrictive decisions for people who lack capacity with an independent advocate (0%)".to_string(),
    ];
    assert_eq!(figures, expected);

    let by_outcome = counts(&page, "Decisions by outcome");
    let expect_outcome: BTreeMap<String, usize> = [
        ("Supported", "supported"),
        ("Supported with conditions", "supported-with-conditions"),
        ("Limited", "limited"),
        ("Not supported", "not-supported"),
    ]
    .into_iter()
    .map(|(label, key)| (label.to_string(), fx.count(|d| d.outcome == key)))
    .collect();
    assert_eq!(by_outcome, expect_outcome);
    assert_eq!(by_outcome.values().sum::<usize>(), total);
    // Shares are printed beside the counts.
    for (label, cells) in table_rows(table_captioned(&page, "Decisions by outcome")) {
        let share = format!("{}%", percent(expect_outcome[&label], total));
        assert_eq!(cells[1], share, "{label}'s share");
    }

    let by_risk = counts(&page, "Decisions by risk level");
    let expect_risk: BTreeMap<String, usize> =
        [("High", "high"), ("Medium", "medium"), ("Low", "low")]
            .into_iter()
            .map(|(label, key)| (label.to_string(), fx.count(|d| d.risk == key)))
            .collect();
    assert_eq!(by_risk, expect_risk);
    assert_eq!(
        (by_risk["High"], by_risk["Medium"], by_risk["Low"]),
        (1, 3, 2)
    );

    let oversight = counts(&page, "Reviews and oversight");
    let expect_oversight: BTreeMap<String, usize> = [
        ("Active records", active),
        ("Review in date", in_date),
        ("Review overdue", fx.count(|d| d.review_overdue)),
        ("Closed records", total - active),
        ("High risk", fx.count(|d| d.risk == "high")),
        ("Escalated for senior oversight", escalated),
        (
            "Person lacks capacity for the decision",
            fx.count(|d| d.lacks_capacity),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(oversight, expect_oversight);
}

#[test]
fn coverage_matrix_counts_each_statement_and_marks_required_ones_without_evidence() {
    let pack = pack_with_findings();
    let fx = Fixture::read(pack.path());
    let (_out, page) = build_page(pack.path(), &["--draft"]);

    let table = one(&page, "table.coverage");
    let caption = text(one_in(table, "caption"));
    assert_eq!(
        caption,
        "CQC Single Assessment Framework: 2 required statements have no evidence"
    );
    let expected = fx.coverage();
    let required: BTreeSet<&str> = fx.required.iter().map(String::as_str).collect();
    let mut seen = BTreeSet::new();
    for row in table.select(&sel("tbody > tr:not(.group)")) {
        let th = one_in(row, "th");
        let id = text(one_in(th, ".statement-id"));
        let cells: Vec<ElementRef> = row.select(&sel("td")).collect();
        let (records, examples, evidence) = expected.get(&id).cloned().unwrap_or_default();
        assert_eq!(text(cells[0]), records.to_string(), "{id}: records");
        assert_eq!(text(cells[1]), examples.to_string(), "{id}: examples");
        let links: Vec<(String, String)> = cells[2]
            .select(&sel("a"))
            .map(|a| (text(a), a.value().attr("href").unwrap().to_string()))
            .collect();
        let expect_links: Vec<(String, String)> = evidence
            .iter()
            .map(|e| (e.clone(), format!("#{}", anchor(e))))
            .collect();
        assert_eq!(links, expect_links, "{id}: evidence links");

        let is_required = required.contains(id.as_str());
        let gap = is_required && records + examples == 0;
        assert_eq!(
            th.select(&sel(".tag-required")).count(),
            usize::from(is_required),
            "{id}: Required tag"
        );
        assert_eq!(
            row.value()
                .has_class("gap", scraper::CaseSensitivity::CaseSensitive),
            gap,
            "{id}: gap row"
        );
        assert_eq!(
            text(cells[2]) == "No evidence",
            gap,
            "{id}: 'No evidence' in the evidence cell"
        );
        seen.insert(id);
    }
    // The required statements and those with evidence have a row, no other (SPEC 9a).
    let shown: BTreeSet<String> = expected
        .iter()
        .filter(|(_, (r, e, _))| r + e > 0)
        .map(|(id, _)| id.clone())
        .chain(required.iter().map(|s| s.to_string()))
        .collect();
    assert_eq!(seen, shown);
    let note = text(one(&page, "p.coverage-note"));
    assert_eq!(
        note,
        format!(
            "{} other statements have no evidence in this pack and are not listed.",
            34 - shown.len()
        )
    );

    // With coverage = "all", every statement of the framework has a row, grouped by key question.
    pack.replace("pack.toml", "[pack]\n", "[pack]\ncoverage = \"all\"\n");
    let (_out, page) = build_page(pack.path(), &["--draft"]);
    assert_eq!(
        all(&page, "table.coverage tbody > tr:not(.group)").len(),
        34,
        "CQC's 34 quality statements"
    );
    assert!(all(&page, "p.coverage-note").is_empty());
    let groups: Vec<String> = all(&page, "table.coverage tr.group th")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(
        groups,
        ["Safe", "Effective", "Caring", "Responsive", "Well-led"]
    );
    let gaps: Vec<String> = all(&page, "table.coverage tr.gap .statement-id")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(gaps, ["E6", "W1"]);
    assert!(
        headlines(&page)
            .contains(&"3 of 5 required quality statements evidenced: 2 with no evidence".into()),
        "{:?}",
        headlines(&page)
    );
}

/// A framework whose statements name a group it does not declare (a typo, or a group left out):
/// those statements still have a row, under "Other statements" after the declared groups, so
/// the evidence for them is never dropped from the pack.
#[test]
fn statements_in_an_undeclared_group_are_shown_under_other_statements() {
    let pack = TempPack::copy_of(PACK);
    pack.write(
        "frameworks/hscs.toml",
        r#"id = "hscs"
name = "Health and Social Care Standards"

[[groups]]
id = "other"
name = "I experience high quality care"

[[statements]]
id = "H1"
group = "other"
name = "I am fully involved in all decisions about my care"

[[statements]]
id = "H2"
group = "wellbeing"
name = "I am supported to make informed choices"

[[statements]]
id = "H3"
group = "Other"
name = "I can take positive risks"
"#,
    );
    pack.replace(
        "content/decisions/d-001.toml",
        r#"statements = ["S4", "C3", "S8"]"#,
        r#"statements = ["S4", "C3", "S8", "hscs:H3", "hscs:H1"]"#,
    );
    pack.replace(
        "content/decisions/d-002.toml",
        r#"statements = ["C3"]"#,
        r#"statements = ["C3", "hscs:H2"]"#,
    );
    let (out, page) = build_page(pack.path(), &[]);

    let tables = all(&page, "table.coverage");
    assert_eq!(tables.len(), 2, "the CQC framework and the pack's own one");
    let table = tables[1];
    assert_eq!(
        text(one_in(table, "caption")),
        "Health and Social Care Standards"
    );
    let groups: Vec<String> = table.select(&sel("tr.group th")).map(text).collect();
    assert_eq!(
        groups,
        ["I experience high quality care", "Other statements"]
    );
    let rows: Vec<(String, String)> = table
        .select(&sel("tbody > tr:not(.group)"))
        .map(|row| {
            let id = text(one_in(one_in(row, "th"), ".statement-id"));
            let evidence = text(row.select(&sel("td")).nth(2).expect("an evidence cell"));
            (id, evidence)
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("H1".to_string(), "D-001".to_string()),
            ("H2".to_string(), "D-002".to_string()),
            ("H3".to_string(), "D-001".to_string()),
        ],
        "every statement has a row, the undeclared groups' ones in file order"
    );

    // pack.json has the same groups; the extra one's id is not one the framework declares.
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.path().join("output/pack.json")).unwrap(),
    )
    .unwrap();
    let fw = &json["coverage"][1];
    assert_eq!(fw["id"], "hscs");
    let ids: Vec<&str> = fw["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 2);
    assert_eq!(ids[0], "other");
    assert_ne!(ids[1], "other");
    assert_eq!(fw["groups"][1]["name"], "Other statements");
}
