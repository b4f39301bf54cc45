//! Every record and example is on the page, with its anchor, title and contents link; a tender
//! pack puts the examples first.

use super::*;

#[test]
fn every_record_and_example_is_in_the_page_with_its_anchor_title_and_contents_link() {
    let fx = Fixture::read(&fixture(PACK));
    assert_eq!(
        fx.decisions.len(),
        6,
        "the fixture has six decision records"
    );
    assert_eq!(
        fx.examples.len(),
        2,
        "the fixture has two practice examples"
    );
    let (_out, page) = build_page(&fixture(PACK), &[]);

    assert_eq!(
        all(&page, "article.record.decision").len(),
        fx.decisions.len()
    );
    assert_eq!(
        all(&page, "article.record.example").len(),
        fx.examples.len()
    );
    let records = fx
        .decisions
        .iter()
        .map(|d| (&d.id, &d.title))
        .chain(fx.examples.iter().map(|e| (&e.id, &e.title)));
    for (id, title) in records {
        let article = one(&page, &format!("article#{}", anchor(id)));
        assert_eq!(text(one_in(article, "h3")), *title, "{id}'s heading");
        assert_eq!(text(one_in(article, ".record-id")), *id);
        let link = one(&page, &format!("nav.contents a[href='#{}']", anchor(id)));
        assert_eq!(text(link), format!("{id} {title}"), "{id}'s contents entry");
    }
    // Records appear in id order, decisions before examples for a commissioner pack.
    let order: Vec<String> = all(&page, "article.record")
        .into_iter()
        .map(|a| text(one_in(a, ".record-id")))
        .collect();
    assert_eq!(
        order,
        [
            "D-001", "D-002", "D-003", "D-004", "D-005", "D-006", "PX-001", "PX-002"
        ]
    );
    let sections: Vec<&str> = all(&page, "main > section")
        .into_iter()
        .map(|s| s.value().id().unwrap())
        .collect();
    assert_eq!(
        sections,
        [
            "summary",
            "registers",
            "coverage",
            "decisions",
            "examples",
            "glossary"
        ]
    );

    // DESIGN.md's reading order inside a record: choice and voice first, then risks, then what
    // was decided and why, then the plan, then the review history.
    let d3 = one(&page, "article#d-003");
    let h4s: Vec<String> = d3.select(&sel("h4")).map(text).collect();
    let at = |name: &str| {
        h4s.iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("D-003 has no {name:?} heading: {h4s:?}"))
    };
    assert!(at("The choice") < at("Risks"));
    assert!(at("Risks") < at("What was decided and why"));
    assert!(at("What was decided and why") < at("The plan, agreed together"));
    assert!(at("The plan, agreed together") < at("Reviews"));
    assert_eq!(
        text(one_in(d3, "figure.voice blockquote")),
        "Cooking is mine. I don't want someone standing over me."
    );
    assert_eq!(
        text(one_in(d3, "figure.voice figcaption")),
        "EF, in their own words"
    );
    // The person's view at each review sits in the review history.
    let views: Vec<String> = d3.select(&sel("table.reviews q")).map(text).collect();
    assert_eq!(
        views,
        ["I made my mother's stew on Sunday.", "Leave me to it."]
    );
    // Each example links to its decisions. Its word count is for whoever writes the pack: shown
    // in a draft and a tender pack only (SPEC 9a), not to the reader of the finished pack.
    let px2 = one(&page, "article#px-002");
    assert_eq!(px2.select(&sel(".tag-words")).count(), 0);
    let (_draft_out, draft_page) = build_page(&fixture(PACK), &["--draft"]);
    let draft_px2 = one(&draft_page, "article#px-002");
    assert!(
        text(one_in(draft_px2, ".tag-words")).ends_with("of 80 words"),
        "{}",
        text(one_in(draft_px2, ".tag-words"))
    );
    let tender = TempPack::copy_of(PACK);
    tender.replace(
        "pack.toml",
        "audience = \"commissioner\"",
        "audience = \"tender\"",
    );
    let (_tender_out, tender_page) = build_page(tender.path(), &[]);
    assert!(
        text(one_in(one(&tender_page, "article#px-002"), ".tag-words")).ends_with("of 80 words")
    );
    let backing = one_in(px2, ".link-list a");
    assert_eq!(backing.value().attr("href"), Some("#d-003"));

    assert_heading_outline(&page);
    assert!(
        all(&page, "main [id]").len() >= 8,
        "records carry their anchors"
    );
}

#[test]
fn a_tender_pack_puts_the_examples_first_and_summarises_the_records() {
    let pack = TempPack::copy_of(PACK);
    let config = pack.read("pack.toml");
    pack.write(
        "pack.toml",
        config.replace("audience = \"commissioner\"", "audience = \"tender\""),
    );
    let (_out, page) = build_page(pack.path(), &[]);
    let html = page.html();
    let at = |needle: &str| {
        html.find(needle)
            .unwrap_or_else(|| panic!("{needle} not in the page"))
    };
    assert!(at("id=\"examples\"") < at("id=\"decisions\""));
    assert!(
        html.contains("Decision records are summarised: their detail stays with the provider.")
    );
    // Every example in full, once; no decision record in full.
    let articles: Vec<(bool, String)> = page
        .select(&Selector::parse("article.record").unwrap())
        .map(|a| {
            let example = a.value().classes().any(|c| c == "example");
            (example, a.value().attr("id").unwrap().to_string())
        })
        .collect();
    assert!(articles.iter().all(|(e, _)| *e), "{articles:?}");
    let unique: BTreeSet<&String> = articles.iter().map(|(_, id)| id).collect();
    assert_eq!(unique.len(), articles.len(), "each example once");
    let files = |dir: &str| std::fs::read_dir(pack.path().join(dir)).unwrap().count();
    assert_eq!(articles.len(), files("content/examples"));
    // One summary row per record, which the examples' links still reach.
    let rows = all(&page, "table.decision-summary tbody tr[id]");
    assert_eq!(rows.len(), files("content/decisions"));
    let d3 = one(&page, "tr#d-003");
    let row = text(d3);
    for part in ["D-003", "Limited", "High", "S4"] {
        assert!(row.contains(part), "{part} in {row}");
    }
    assert!(
        !all(&page, "a[href='#d-003']").is_empty(),
        "links to the record reach its row"
    );
}
