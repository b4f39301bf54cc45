//! The first page's chart of reviews in date (issue 27): a table of bars in the HTML that reads at
//! any width, bars in the PDF; each year shown once, the records behind each month, and the
//! months before the first active record left out (not drawn as 0%). Asserted on pack.json's
//! chart, the HTML's markup and the PDF's text.

use scraper::{ElementRef, Selector};

use crate::build_pdf::{build_pdf, tool_stdout};
use crate::registers::build_html;
use crate::support::{demo_pack, fixture};

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

fn text(e: ElementRef) -> String {
    e.text()
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_chart_shows_each_year_once_and_the_records_behind_each_month() {
    // html-pack's first record opens in January 2026: November and December 2025 had none.
    let (page, json) = build_html(&fixture("html-pack"));
    let trend = json["dashboard"]["review_trend"].as_array().expect("trend");
    let chart = &json["headline"]["chart"];
    let first_active = trend
        .iter()
        .position(|p| p["active"].as_u64() > Some(0))
        .expect("an active month");
    assert!(first_active > 0, "the fixture starts with empty months");
    let shown = &trend[first_active..];

    let figure = page.select(&sel("figure.chart")).next().expect("the chart");
    assert!(
        page.select(&sel("svg")).next().is_none(),
        "no SVG that shrinks its text"
    );
    let rows: Vec<ElementRef> = figure.select(&sel("tbody tr:not(.chart-year)")).collect();
    assert_eq!(
        rows.len(),
        shown.len(),
        "one row per month from the first active one"
    );
    for (row, point) in rows.iter().zip(shown) {
        let month = point["month"].as_str().unwrap();
        let abbr = row.select(&sel("th abbr")).next().expect("the month");
        assert_eq!(abbr.value().attr("title"), Some(month));
        assert_eq!(text(abbr), month[..3]);
        let cells: Vec<String> = row.select(&sel("td")).map(text).collect();
        let (active, in_date) = (
            point["active"].as_u64().unwrap(),
            point["in_date"].as_u64().unwrap(),
        );
        assert_eq!(cells[1], format!("{in_date} of {active}"), "{month}");
        match point["percent"].as_u64() {
            Some(pc) => {
                assert_eq!(cells[0], format!("{pc}%"), "{month}");
                let bar = row
                    .select(&sel(".chart-track > span"))
                    .next()
                    .expect("a bar");
                assert_eq!(
                    bar.value().attr("style"),
                    Some(format!("width: {pc}%").as_str())
                );
            }
            None => panic!("{month} is shown though no record was active"),
        }
    }
    // Each year once, as the heading of its months.
    let years: Vec<String> = figure.select(&sel("tr.chart-year th")).map(text).collect();
    let mut expected: Vec<&str> = shown
        .iter()
        .map(|p| p["month"].as_str().unwrap().rsplit(' ').next().unwrap())
        .collect();
    expected.dedup();
    assert_eq!(years, expected);
    for row in &rows {
        for year in &expected {
            assert!(
                !text(*row).contains(year),
                "the year is not repeated in a row"
            );
        }
    }
    let left_out = figure
        .select(&sel(".chart-left-out"))
        .next()
        .expect("says what is left out");
    assert_eq!(
        text(left_out),
        "No record was active at the ends of November 2025 to December 2025, so those months are left out."
    );
    assert_eq!(chart["left_out"].as_str(), Some(text(left_out).as_str()));
}

#[test]
fn the_pdf_chart_shows_each_year_once_and_the_records_behind_each_month() {
    let build = build_pdf(&demo_pack(), &[]);
    build.assert_ok();
    let first = tool_stdout(
        "pdftotext",
        &[
            "-f",
            "1",
            "-l",
            "1",
            "-layout",
            build.pdf().to_str().unwrap(),
            "-",
        ],
    );
    for needle in ["Records", "1 of 1", "14 of 14", "100%"] {
        assert!(
            first.contains(needle),
            "{needle} on the first page:\n{first}"
        );
    }
    assert!(!first.contains("l00%"), "{first}");
    // Under the month names, the records behind each month, then each year once.
    let lines: Vec<&str> = first.lines().filter(|l| !l.trim().is_empty()).collect();
    let months = lines
        .iter()
        .position(|l| {
            let w: Vec<&str> = l.split_whitespace().collect();
            w.first() == Some(&"Nov") && w.last() == Some(&"Oct")
        })
        .unwrap_or_else(|| panic!("the month names on one line:\n{first}"));
    let records: Vec<&str> = lines[months + 1].split_whitespace().collect();
    assert_eq!(records.first(), Some(&"Records"), "{first}");
    assert_eq!(
        records.len(),
        1 + 12 * 3,
        "12 months of 'N of M': {records:?}"
    );
    let years: Vec<&str> = lines[months + 2].split_whitespace().collect();
    assert_eq!(years, ["2025", "2026"], "each year once:\n{first}");
}
