//! The draft banner and the findings: on the page only with `--draft`.

use super::*;

#[test]
fn the_draft_banner_and_findings_appear_only_with_draft() {
    // A clean pack built normally: no banner, no findings section.
    let (_out, clean) = build_page(&fixture(PACK), &[]);
    assert!(all(&clean, ".draft-banner").is_empty());
    assert!(all(&clean, "#findings").is_empty());
    assert!(!text(one(&clean, "title")).starts_with("Draft"));

    // A pack with errors is refused without --draft …
    let pack = pack_with_findings();
    let (_code, report) = check_json(pack.path(), &[]);
    let errors = report.summary.errors;
    let warnings = report.summary.warnings;
    assert_eq!(
        report.of("coverage-gap").len(),
        2,
        "E6 and W1: {:?}",
        report.rules()
    );
    assert_eq!(report.of("review-overdue").len(), 1, "{:?}", report.rules());
    let out = tempfile::tempdir().unwrap();
    let refused = build(pack.path(), &out.path().join("output"), &[]);
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    assert!(refused.stderr.contains("The pack was not built"));
    assert!(refused.stderr.contains("--draft"));
    assert!(
        refused.stderr.contains("coverage-gap"),
        "findings printed as check prints them:\n{}",
        refused.stderr
    );
    assert!(!out.path().join("output").exists(), "nothing is written");
    assert_eq!(
        std::fs::read_dir(out.path()).unwrap().count(),
        0,
        "no temporary folder is left"
    );

    // … and built with it, with the banner and the findings last.
    let (_out, draft) = build_page(pack.path(), &["--draft"]);
    let total = errors + warnings;
    let banner = text(one(&draft, ".draft-banner"));
    assert!(
        banner.starts_with(&format!(
            "Draft — not for submission: {total} unresolved findings."
        )),
        "{banner}"
    );
    assert!(text(one(&draft, "title")).starts_with("Draft: "));
    let findings = one(&draft, "main > section:last-of-type");
    assert_eq!(findings.value().id(), Some("findings"));
    assert_eq!(
        text(one_in(findings, "h2")),
        "Unresolved findings",
        "findings come last"
    );
    let rows = findings.select(&sel("tbody tr")).count();
    assert_eq!(rows, total);
    let levels: Vec<String> = findings.select(&sel("tbody .tag")).map(text).collect();
    assert_eq!(levels.iter().filter(|l| *l == "Error").count(), errors);
    assert_eq!(levels.iter().filter(|l| *l == "Warning").count(), warnings);
    assert!(
        all(&draft, "nav.contents a[href='#findings']").len() == 1,
        "the contents link to the findings"
    );
    // The overdue review shows in the dashboard of the draft.
    let oversight = counts(&draft, "Reviews and oversight");
    assert_eq!(oversight["Review overdue"], 1);
    assert_eq!(oversight["Review in date"], 4);
    let d2 = one(&draft, "article#d-002");
    assert_eq!(
        text(one_in(d2, ".tag-review-overdue")),
        "Review overdue",
        "status in words"
    );
    // The printed page repeats the draft notice in its margin on every page.
    let style = text(one(&draft, "head style"));
    assert!(
        style.contains("@bottom-left"),
        "draft notice in the page margin"
    );
}
