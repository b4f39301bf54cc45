//! `serve`'s page: the pack as a draft build shows it, with each record's findings beside it and
//! a banner summing them up; broken files and templates show on the page; only changed files are
//! parsed again; and `build` is unchanged by any of it.

use evidence_pack::model::Date;
use evidence_pack::serve::preview::{Preview, served_page};
use scraper::{Html, Selector};

use crate::support::{AS_OF, evidence_pack};

const RECORD: &str = "content/decisions/d-001.toml";

fn as_of() -> Option<Date> {
    Some(Date::parse_iso(AS_OF).unwrap())
}

fn page_of(preview: &mut Preview) -> (evidence_pack::serve::preview::Built, Html) {
    let built = preview.rebuild();
    let html = String::from_utf8(served_page(&built, "n0nce", 7).html().to_vec()).unwrap();
    (built, Html::parse_document(&html))
}

fn count(page: &Html, css: &str) -> usize {
    page.select(&Selector::parse(css).unwrap()).count()
}

fn text_of(page: &Html, css: &str) -> String {
    page.select(&Selector::parse(css).unwrap())
        .map(|e| e.text().collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_clean_pack_shows_as_a_draft_with_the_reload_script() {
    let pack = crate::support::clean_html_pack();
    let mut preview = Preview::new(pack.path(), as_of());
    let (built, page) = page_of(&mut preview);
    assert_eq!((built.banner.errors, built.banner.warnings), (0, 0));
    assert_eq!(count(&page, "article.decision"), 6);
    assert_eq!(count(&page, ".serve-clean"), 1);
    assert_eq!(count(&page, ".serve-findings"), 0);
    let script = Selector::parse("script").unwrap();
    let scripts: Vec<_> = page.select(&script).collect();
    assert_eq!(scripts.len(), 1, "only the reload script");
    assert_eq!(scripts[0].value().attr("src"), Some("/assets/reload.js"));
    assert_eq!(scripts[0].value().attr("nonce"), Some("n0nce"));
    assert_eq!(scripts[0].value().attr("data-version"), Some("7"));
    assert_eq!(built.provider, "Northgate Support Services");
}

#[test]
fn findings_show_beside_their_record_and_in_the_banner() {
    let pack = crate::support::clean_html_pack();
    let mut preview = Preview::new(pack.path(), Some(Date::parse_iso("2028-01-01").unwrap()));
    let (built, page) = page_of(&mut preview);
    assert!(built.banner.errors > 0, "reviews are overdue by 2028");
    let beside = text_of(&page, "#d-001-findings");
    assert!(beside.contains("overdue"), "{beside}");
    assert!(
        beside.contains("content/decisions/d-001.toml, line"),
        "{beside}"
    );
    assert!(beside.contains("(review-overdue)"), "{beside}");
    // The banner links to it.
    assert_eq!(count(&page, ".serve-banner a[href=\"#d-001-findings\"]"), 1);
    // And the draft's appendix still lists every finding.
    assert_eq!(
        count(&page, "#findings tbody tr"),
        built.banner.errors + built.banner.warnings
    );
}

#[test]
fn a_file_that_does_not_parse_shows_as_its_finding_and_the_rest_still_shows() {
    let pack = crate::support::clean_html_pack();
    let mut preview = Preview::new(pack.path(), as_of());
    page_of(&mut preview);
    pack.write(RECORD, "id = \"D-001\"\ntitle = \"unclosed\n");
    let (built, page) = page_of(&mut preview);
    assert_eq!(built.banner.errors, 1);
    let banner = text_of(&page, ".serve-banner");
    assert!(
        banner.contains("content/decisions/d-001.toml, line 2"),
        "{banner}"
    );
    assert!(banner.contains("(invalid-record)"), "{banner}");
    assert_eq!(count(&page, "article.decision"), 5);
}

#[test]
fn a_broken_template_shows_over_the_last_good_page() {
    let pack = crate::support::clean_html_pack();
    let mut preview = Preview::new(pack.path(), as_of());
    page_of(&mut preview);
    pack.write("templates/decision.html", "{% if d.id %}<p>never closed");
    let (built, page) = page_of(&mut preview);
    let failure = built.banner.failure.as_deref().expect("a failure");
    assert!(
        failure.contains("templates/decision.html, line 1"),
        "{failure}"
    );
    assert!(text_of(&page, ".serve-failed").contains("templates/decision.html"));
    // The last good page is under it.
    assert_eq!(count(&page, "article.decision"), 6);
    // Fixed: the page is back, without the banner.
    pack.remove("templates");
    let (built, page) = page_of(&mut preview);
    assert!(built.banner.failure.is_none());
    assert_eq!(count(&page, ".serve-failed"), 0);
}

#[test]
fn with_no_page_yet_the_failure_shows_on_a_page_of_its_own() {
    let pack = crate::support::clean_html_pack();
    pack.write("templates/pack.html", "{% for x in %}");
    let mut preview = Preview::new(pack.path(), as_of());
    let (built, page) = page_of(&mut preview);
    assert!(built.banner.failure.is_some());
    assert!(text_of(&page, "h1").contains("Choice, risk and review"));
    assert!(text_of(&page, ".serve-failed").contains("templates/pack.html"));
}

#[test]
fn only_changed_files_are_parsed_again() {
    let pack = crate::support::clean_html_pack();
    let mut preview = Preview::new(pack.path(), as_of());
    let first = preview.rebuild();
    assert_eq!((first.cache.parsed, first.cache.reused), (8, 0));
    let again = preview.rebuild();
    assert_eq!((again.cache.parsed, again.cache.reused), (0, 8));
    let text = pack.read(RECORD);
    pack.write(
        RECORD,
        text.replacen("title = \"", "title = \"Changed: ", 1),
    );
    let changed = preview.rebuild();
    assert_eq!((changed.cache.parsed, changed.cache.reused), (1, 7));
    assert!(String::from_utf8_lossy(&changed.page.html()).contains("Changed: "));
    // Saved back as it was: the bytes match the first version, parsed again once.
    pack.write(RECORD, &text);
    let back = preview.rebuild();
    assert_eq!((back.cache.parsed, back.cache.reused), (1, 7));
    assert!(!String::from_utf8_lossy(&back.page.html()).contains("Changed: "));
    pack.remove(RECORD);
    let gone = preview.rebuild();
    assert_eq!((gone.cache.parsed, gone.cache.reused), (0, 7));
}

#[test]
fn a_broken_pack_toml_keeps_the_last_good_page() {
    let pack = crate::support::clean_html_pack();
    let mut preview = Preview::new(pack.path(), as_of());
    page_of(&mut preview);
    pack.write("pack.toml", "[pack\ntitle = ");
    let (built, page) = page_of(&mut preview);
    assert!(
        built
            .banner
            .failure
            .as_deref()
            .unwrap()
            .contains("pack.toml has an error")
    );
    assert!(text_of(&page, ".serve-banner").contains("pack.toml, line 1"));
    assert_eq!(count(&page, "article.decision"), 6);
    // Gone altogether (as mid-way through some saves): the page stays, saying so.
    pack.remove("pack.toml");
    let (built, _) = page_of(&mut preview);
    assert!(
        built
            .banner
            .failure
            .as_deref()
            .unwrap()
            .contains("no pack.toml")
    );
}

#[test]
fn build_output_has_nothing_of_serve() {
    let pack = crate::support::clean_html_pack();
    let out = tempfile::tempdir().unwrap();
    evidence_pack()
        .args(["build", "--html", "--draft", "--as-of", "2028-01-01", "-o"])
        .arg(out.path().join("o"))
        .arg(pack.path())
        .assert()
        .success();
    let html = std::fs::read_to_string(out.path().join("o/pack.html")).unwrap();
    assert!(
        !html.contains("serve-"),
        "a build must not show serve's findings"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("o/pack.json")).unwrap()).unwrap();
    for kind in ["decisions", "examples"] {
        for record in json[kind].as_array().unwrap() {
            assert!(record.get("findings").is_none(), "{kind} in pack.json");
        }
    }
    assert!(html.contains("id=\"findings\""), "the draft's own appendix");
}

/// SPEC 7a and issue 25: with nothing to resolve the page is a preview, not a draft next to "no
/// problems found"; with findings it stays a draft.
#[test]
fn a_clean_pack_is_a_preview_and_a_pack_with_findings_a_draft() {
    let pack = crate::support::clean_html_pack();
    let mut preview = Preview::new(pack.path(), as_of());
    let (_, page) = page_of(&mut preview);
    let banners = format!(
        "{}\n{}",
        text_of(&page, ".serve-banner"),
        text_of(&page, ".draft-banner")
    );
    assert!(banners.contains("Preview"), "{banners}");
    assert!(!banners.contains("Draft"), "{banners}");
    let mut preview = Preview::new(pack.path(), Some(Date::parse_iso("2028-01-01").unwrap()));
    let (_, page) = page_of(&mut preview);
    let banners = format!(
        "{}\n{}",
        text_of(&page, ".serve-banner"),
        text_of(&page, ".draft-banner")
    );
    assert!(banners.contains("Draft"), "{banners}");
    assert!(!banners.contains("No problems found"), "{banners}");
    assert!(!banners.contains("Preview"), "{banners}");
}

/// A record that cannot be read shows as a card in its place, and the banner says the figures
/// leave it out.
#[test]
fn a_record_that_cannot_be_read_shows_as_a_card_in_its_place() {
    let pack = crate::support::clean_html_pack();
    let mut preview = Preview::new(pack.path(), as_of());
    page_of(&mut preview);
    pack.write(
        "content/decisions/d-003.toml",
        "id = \"D-003\"\ntitle = \"unclosed\nperson = \"EF\"\n",
    );
    let (built, page) = page_of(&mut preview);
    assert_eq!(built.banner.unreadable, 1);
    let order: Vec<String> = page
        .select(&Selector::parse("article.decision, article.serve-unreadable").unwrap())
        .map(|a| a.value().attr("id").unwrap_or("").to_string())
        .collect();
    let card = order
        .iter()
        .position(|id| id.starts_with("unreadable-"))
        .expect("a card");
    assert_eq!(order.len(), 6, "{order:?}");
    assert_eq!(card, 2, "between D-002 and D-004: {order:?}");
    let text = text_of(&page, "article.serve-unreadable");
    assert!(text.contains("D-003 could not be read: "), "{text}");
    assert!(text.contains("no closing quote"), "{text}");
    let banner = text_of(&page, ".serve-banner");
    assert!(
        banner.contains("The figures leave out 1 file that could not be read."),
        "{banner}"
    );
    // Fixed: the card goes.
    pack.write(
        "content/decisions/d-003.toml",
        std::fs::read(crate::support::fixture("html-pack").join("content/decisions/d-003.toml"))
            .unwrap(),
    );
    let (built, page) = page_of(&mut preview);
    assert_eq!(built.banner.unreadable, 0);
    assert_eq!(count(&page, "article.serve-unreadable"), 0);
}
