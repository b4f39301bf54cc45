//! The demo PDF wastes no paper (issue 27): records continue on the page where the last one
//! ended, so no page but the last carries less than 40% of the median page's text, and no
//! heading is left alone at the foot of a page. Needs Typst and poppler-utils, as the other PDF
//! tests do: without them the test fails and says what to install.

use crate::build_pdf::{build_pdf, tool_stdout};
use crate::support::{TempPack, copy_dir, demo_pack};

/// The text of each page, by pdftotext.
fn pages(pdf: &std::path::Path) -> Vec<String> {
    let text = tool_stdout(
        "pdftotext",
        &["-enc", "UTF-8", pdf.to_str().expect("UTF-8 path"), "-"],
    );
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

fn amount(page: &str) -> usize {
    page.chars().filter(|c| !c.is_whitespace()).count()
}

#[test]
fn no_page_of_the_demo_pdf_but_the_last_is_near_empty() {
    let build = build_pdf(&demo_pack(), &[]);
    build.assert_ok();
    let pages = pages(&build.pdf());
    assert!(pages.len() > 10, "{} pages", pages.len());
    assert_no_near_empty_page(&pages);
}

#[test]
fn a_full_cover_with_a_logo_location_and_sign_off_stays_on_one_page() {
    // The demo's cover is full: with these three lines it once spilled on to a second page.
    let dir = tempfile::tempdir().expect("temporary folder");
    for part in ["content", "private"] {
        copy_dir(&demo_pack().join(part), &dir.path().join(part));
    }
    std::fs::copy(demo_pack().join("pack.toml"), dir.path().join("pack.toml")).expect("pack.toml");
    let pack = TempPack { dir };
    pack.write("logo.png", crate::cover_logo::png(300, 90));
    pack.replace(
        "pack.toml",
        "[pack]\n",
        "[pack]\nlogo = \"logo.png\"\nlocation_id = \"1-123456789\"\nsigned_off_by = \"Registered Manager\"\nsigned_off_on = 2026-10-28\n",
    );
    let build = build_pdf(pack.path(), &[]);
    build.assert_ok();
    let pages = pages(&build.pdf());
    assert!(
        pages[0].contains("CQC location ID: 1-123456789"),
        "{}",
        pages[0]
    );
    assert!(
        pages[0].contains("Quality statements from the"),
        "{}",
        pages[0]
    );
    assert!(
        pages[1]
            .trim_start()
            .starts_with("Balancing choice and duty of care"),
        "the second page is the contents, with the running header: {}",
        pages[1]
    );
    assert!(pages[1].contains("Contents"), "{}", pages[1]);
    assert_no_near_empty_page(&pages);
}

fn assert_no_near_empty_page(pages: &[String]) {
    assert!(pages.len() > 2, "{} pages", pages.len());
    let mut amounts: Vec<usize> = pages.iter().map(|p| amount(p)).collect();
    let by_page = amounts.clone();
    amounts.sort_unstable();
    let n = amounts.len();
    let median = if n % 2 == 1 {
        amounts[n / 2] as f64
    } else {
        (amounts[n / 2 - 1] + amounts[n / 2]) as f64 / 2.0
    };
    let short: Vec<(usize, usize)> = by_page[..n - 1]
        .iter()
        .enumerate()
        .filter(|&(_, &a)| (a as f64) < 0.4 * median)
        .map(|(i, &a)| (i + 1, a))
        .collect();
    assert!(
        short.is_empty(),
        "pages under 40% of the median page's text ({median} characters), as (page, characters): {short:?}"
    );
}

#[test]
fn no_heading_of_the_demo_pdf_is_left_alone_at_the_foot_of_a_page() {
    let build = build_pdf(&demo_pack(), &[]);
    build.assert_ok();
    let pages = pages(&build.pdf());
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(build.dir().join("pack.json")).expect("pack.json"),
    )
    .expect("JSON");
    let mut headings: Vec<String> = json["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap().to_string())
        .collect();
    for kind in ["decisions", "examples"] {
        for r in json[kind].as_array().unwrap() {
            headings.push(format!(
                "{}: {}",
                r["id"].as_str().unwrap(),
                r["title"].as_str().unwrap()
            ));
        }
    }
    for (i, page) in pages.iter().enumerate() {
        // The last lines of the body, above the footer (the provider and "Page X of Y").
        let lines: Vec<&str> = page
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let body_end = lines
            .iter()
            .rposition(|l| l.starts_with("Page "))
            .map_or(lines.len(), |p| p.saturating_sub(1));
        let tail = lines[..body_end]
            .iter()
            .rev()
            .take(2)
            .copied()
            .collect::<Vec<_>>();
        for h in &headings {
            assert!(
                !tail.iter().any(|l| h.starts_with(l) && l.len() > 8),
                "page {}: the heading {h:?} ends the page: {tail:?}",
                i + 1
            );
        }
    }
}
