//! Tests: `build --html`. The rendered page is parsed with scraper and asserted as data: records,
//! dashboard figures, the coverage matrix, the draft banner and findings, hostile text, template
//! overrides and errors, byte-identical rebuilds and the atomic output folder.
//!
//! Expected figures are worked out from the fixture's own TOML files (see [`Fixture`]), never
//! read back from the output.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use scraper::{ElementRef, Html, Selector};

use crate::support::{
    AS_OF, TempPack, check_json, evidence_pack, fixture, pack_with_findings, review_due_from_toml,
};

const PACK: &str = "html-pack";
const HOSTILE: &str = "html-hostile";

// ---------------------------------------------------------------------------------------------
// Running a build

struct Build {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `evidence-pack build PACK --html --as-of 2026-11-01 -o OUT EXTRA…`.
fn build(pack: &Path, out: &Path, extra: &[&str]) -> Build {
    let output = evidence_pack()
        .arg("build")
        .arg(pack)
        .args(["--html", "--as-of", AS_OF, "-o"])
        .arg(out)
        .args(extra)
        .output()
        .expect("run evidence-pack");
    Build {
        code: output.status.code().expect("exited, not killed"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// Builds and returns the parsed page, failing the test on any exit code but 0.
fn build_page(pack: &Path, extra: &[&str]) -> (tempfile::TempDir, Html) {
    let out = tempfile::tempdir().expect("temporary folder");
    let dir = out.path().join("output");
    let run = build(pack, &dir, extra);
    assert_eq!(
        run.code, 0,
        "build failed:\nstdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    let html = std::fs::read_to_string(dir.join("pack.html")).expect("pack.html written");
    (out, Html::parse_document(&html))
}

// ---------------------------------------------------------------------------------------------
// Reading the page

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"))
}

/// An element's text with runs of whitespace made one space, trimmed.
fn text(el: ElementRef) -> String {
    el.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn one<'a>(root: &'a Html, css: &str) -> ElementRef<'a> {
    let selector = sel(css);
    let mut found = root.select(&selector);
    let first = found
        .next()
        .unwrap_or_else(|| panic!("nothing matches {css}"));
    assert!(
        found.next().is_none(),
        "more than one element matches {css}"
    );
    first
}

fn one_in<'a>(el: ElementRef<'a>, css: &str) -> ElementRef<'a> {
    el.select(&sel(css))
        .next()
        .unwrap_or_else(|| panic!("nothing in the element matches {css}"))
}

fn all<'a>(root: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    root.select(&sel(css)).collect()
}

/// The rows of a table body as (row header text, cell texts).
fn table_rows(table: ElementRef) -> Vec<(String, Vec<String>)> {
    table
        .select(&sel("tbody > tr"))
        .filter_map(|tr| {
            let th = tr.select(&sel("th")).next()?;
            let cells = tr.select(&sel("td")).map(text).collect();
            Some((text(th), cells))
        })
        .collect()
}

/// The table whose caption reads `caption`.
fn table_captioned<'a>(page: &'a Html, caption: &str) -> ElementRef<'a> {
    all(page, "table")
        .into_iter()
        .find(|t| {
            t.select(&sel("caption"))
                .next()
                .is_some_and(|c| text(c) == caption)
        })
        .unwrap_or_else(|| panic!("no table is captioned {caption:?}"))
}

/// "Label" → count from a dashboard table with a count in its first cell.
fn counts(page: &Html, caption: &str) -> BTreeMap<String, usize> {
    table_rows(table_captioned(page, caption))
        .into_iter()
        .map(|(label, cells)| {
            let n = cells[0]
                .parse()
                .unwrap_or_else(|_| panic!("{caption}: {label} has no count: {cells:?}"));
            (label, n)
        })
        .collect()
}

/// The headline figures of the cover, as "figure label" strings.
fn headlines(page: &Html) -> Vec<String> {
    all(page, ".headlines li").into_iter().map(text).collect()
}

/// Headings in document order never skip a level on the way down (h2 → h4 is wrong), and there
/// is exactly one h1.
fn assert_heading_outline(page: &Html) {
    let levels: Vec<(usize, String)> = all(page, "h1, h2, h3, h4, h5, h6")
        .into_iter()
        .map(|h| (h.value().name()[1..].parse().unwrap(), text(h)))
        .collect();
    assert_eq!(
        levels.iter().filter(|(l, _)| *l == 1).count(),
        1,
        "one h1: {levels:?}"
    );
    assert_eq!(levels[0].0, 1, "the page starts with its h1");
    for pair in levels.windows(2) {
        assert!(
            pair[1].0 <= pair[0].0 + 1,
            "heading {:?} follows {:?}: a level is skipped",
            pair[1],
            pair[0]
        );
    }
}

// ---------------------------------------------------------------------------------------------
// What the fixture says, read from its TOML files

#[derive(Debug, Clone)]
struct Rec {
    id: String,
    title: String,
    person: String,
    outcome: String,
    active: bool,
    risk: &'static str,
    escalated: bool,
    lacks_capacity: bool,
    review_in_date: bool,
    review_overdue: bool,
    statements: Vec<String>,
}

#[derive(Debug, Clone)]
struct Ex {
    id: String,
    title: String,
    statements: Vec<String>,
}

struct Fixture {
    required: Vec<String>,
    decisions: Vec<Rec>,
    examples: Vec<Ex>,
}

fn strings(v: Option<&toml::Value>) -> Vec<String> {
    v.and_then(|v| v.as_array())
        .map(|a| a.iter().map(|s| s.as_str().unwrap().to_string()).collect())
        .unwrap_or_default()
}

/// The level of one risk from its likelihood and impact (SPEC's risk matrix).
fn risk_level(likelihood: &str, impact: &str) -> &'static str {
    match (likelihood, impact) {
        ("high", "high") | ("high", "medium") | ("medium", "high") => "high",
        ("low", "low") | ("low", "medium") | ("medium", "low") => "low",
        _ => "medium",
    }
}

fn rank(level: &str) -> u8 {
    match level {
        "high" => 3,
        "medium" => 2,
        _ => 1,
    }
}

impl Fixture {
    fn read(root: &Path) -> Fixture {
        let as_of = NaiveDate::parse_from_str(AS_OF, "%Y-%m-%d").unwrap();
        let table = |path: PathBuf| -> toml::Table {
            std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
                .parse()
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        };
        let files = |dir: &str| -> Vec<PathBuf> {
            let mut v: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
                .map(|d| d.map(|e| e.unwrap().path()).collect())
                .unwrap_or_default();
            v.sort();
            v
        };
        let pack = table(root.join("pack.toml"));
        let required = strings(pack["pack"].get("required_statements"));
        let decisions = files("content/decisions")
            .into_iter()
            .map(|path| {
                let d = table(path);
                let active = d.get("status").and_then(|s| s.as_str()) != Some("closed");
                let risk = d
                    .get("risks")
                    .and_then(|r| r.as_array())
                    .map(|risks| {
                        risks
                            .iter()
                            .map(|r| {
                                risk_level(
                                    r["likelihood"].as_str().unwrap(),
                                    r["impact"].as_str().unwrap(),
                                )
                            })
                            .max_by_key(|l| rank(l))
                            .unwrap_or("low")
                    })
                    .unwrap_or("low");
                let due = review_due_from_toml(&d);
                Rec {
                    id: d["id"].as_str().unwrap().to_string(),
                    title: d["title"].as_str().unwrap().to_string(),
                    person: d["person"].as_str().unwrap().to_string(),
                    outcome: d["decision"]["outcome"].as_str().unwrap().to_string(),
                    active,
                    risk,
                    escalated: d.contains_key("escalation"),
                    lacks_capacity: d
                        .get("capacity")
                        .and_then(|c| c.get("status"))
                        .and_then(|s| s.as_str())
                        == Some("assessed-lacks"),
                    review_in_date: active && due.is_some_and(|due| due >= as_of),
                    review_overdue: active && due.is_some_and(|due| due < as_of),
                    statements: strings(d.get("statements")),
                }
            })
            .collect();
        let examples = files("content/examples")
            .into_iter()
            .map(|path| {
                let e = table(path);
                Ex {
                    id: e["id"].as_str().unwrap().to_string(),
                    title: e["title"].as_str().unwrap().to_string(),
                    statements: strings(e.get("statements")),
                }
            })
            .collect();
        Fixture {
            required,
            decisions,
            examples,
        }
    }

    fn count(&self, f: impl Fn(&Rec) -> bool) -> usize {
        self.decisions.iter().filter(|d| f(d)).count()
    }

    /// Statement id → (records, examples, evidence ids in record-then-example order).
    fn coverage(&self) -> BTreeMap<String, (usize, usize, Vec<String>)> {
        let mut map: BTreeMap<String, (usize, usize, Vec<String>)> = BTreeMap::new();
        for d in &self.decisions {
            for s in d.statements.iter().collect::<BTreeSet<_>>() {
                let e = map.entry(s.clone()).or_default();
                e.0 += 1;
                e.2.push(d.id.clone());
            }
        }
        for x in &self.examples {
            for s in x.statements.iter().collect::<BTreeSet<_>>() {
                let e = map.entry(s.clone()).or_default();
                e.1 += 1;
                e.2.push(x.id.clone());
            }
        }
        map
    }
}

fn percent(part: usize, whole: usize) -> usize {
    if whole == 0 {
        0
    } else {
        (part as f64 * 100.0 / whole as f64).round() as usize
    }
}

fn anchor(id: &str) -> String {
    id.to_ascii_lowercase()
}

// ---------------------------------------------------------------------------------------------
// The tests

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

#[test]
fn hostile_text_is_inert_and_reads_as_written() {
    let pack = fixture(HOSTILE);
    let (out, page) = build_page(&pack, &[]);
    let raw = std::fs::read_to_string(out.path().join("output/pack.html")).unwrap();

    // Nothing executable, framed, embedded or styled by the user survives.
    assert!(all(&page, "script").is_empty(), "no script element");
    for tag in [
        "iframe",
        "object",
        "embed",
        "form",
        "input",
        "button",
        "img",
        "marquee",
        "link",
        "base",
        "meta[http-equiv]",
    ] {
        assert!(all(&page, tag).is_empty(), "no {tag} element");
    }
    // No SVG: the chart of reviews in date is a table of bars.
    assert!(all(&page, "svg").is_empty(), "no svg element");
    assert_eq!(all(&page, "style").len(), 1, "only the pack's own styles");
    assert!(all(&page, "body style").is_empty());
    for el in all(&page, "*") {
        for (name, value) in el.value().attrs() {
            assert!(
                !name.to_ascii_lowercase().starts_with("on"),
                "event handler {name}={value:?} on <{}>",
                el.value().name()
            );
            if name == "href" || name == "src" || name == "action" {
                let v = value.trim().to_ascii_lowercase();
                assert!(
                    v.starts_with('#') || v.starts_with("https://") || v.starts_with("http://"),
                    "unsafe address {value:?} on <{}>",
                    el.value().name()
                );
            }
            if name == "style" {
                // The only inline styles are the dashboard bars' widths.
                let ok = value.starts_with("width: ")
                    && value.ends_with('%')
                    && value[7..value.len() - 1].parse::<u32>().is_ok();
                assert!(ok, "style attribute {value:?} on <{}>", el.value().name());
            }
        }
    }
    // The page's own style element holds no markup; the running header escapes the title.
    let style = one(&page, "head style").inner_html();
    assert!(!style.contains('<'), "no markup inside the style element");
    assert!(style.contains(r"Choice \000026  risk \00003C script\00003E "));

    // Plain fields read exactly as written, markup and all, as text.
    let title = r#"Choice & risk <script>alert("title")</script> — Ŵyn ŷ â"#;
    assert_eq!(text(one(&page, "h1")), title);
    assert_eq!(
        text(one(&page, "title")),
        format!(
            "{title} — {}",
            r#"Gofal Cymru "Ltd" <img src=x onerror=alert(1)>"#
        )
    );
    assert_eq!(
        text(one(&page, ".cover-provider")),
        r#"Gofal Cymru "Ltd" <img src=x onerror=alert(1)>"#
    );
    let d1 = one(&page, "article#d-001");
    assert_eq!(
        text(one_in(d1, "h3")),
        r#"Going to the café <script>alert("d")</script> & "pub" 🍺 ŵ"#
    );
    assert_eq!(
        text(one_in(d1, "figure.voice blockquote")),
        r#"I said "no" & meant it — <b>not bold</b> &lt;b&gt; ŵ 👍"#
    );
    assert_eq!(
        text(one_in(d1, "figure.voice figcaption")),
        "A&B, in their own words"
    );
    assert_eq!(
        text(one_in(d1, "table.reviews q")),
        r#"&lt;b&gt; literal & "quoted" ŷ 🙂"#
    );
    let plan = table_captioned(&page, "Actions agreed for D-001 and who owns them");
    let plan_cells: Vec<String> = plan.select(&sel("tbody td")).map(text).collect();
    assert_eq!(
        plan_cells[0], "javascript:alert(14)",
        "a plain field is text, not a link"
    );
    assert_eq!(plan_cells[1], "<img src=x onerror=alert(15)>");
    assert!(text(d1).contains("decided with A&B and <img src=x onerror=alert(11)>."));
    let px1 = one(&page, "article#px-001");
    assert_eq!(
        text(one_in(px1, "h3")),
        "Cymraeg: Ŵyn a’r ŷd <svg onload=alert(17)>"
    );
    assert!(text(px1).contains("🏴󠁧󠁢󠁷󠁬󠁳󠁿"), "the Welsh flag emoji survives");

    // Markdown fields keep their text and safe formatting, and lose anything active.
    let summary = one(&page, ".cover-summary");
    let summary_text = text(summary);
    assert!(summary_text.contains("Entities: &lt;b&gt; and <i> and AT&T."));
    assert!(summary_text.contains("Emoji: 🙂 🏴󠁧󠁢󠁷󠁬󠁳󠁿. Welsh: Ŵ ŵ Ŷ ŷ â ê î ô û."));
    assert!(summary_text.contains("A Markdown javascript link, a DATA link and a safe link."));
    assert!(summary_text.contains("A styled paragraph"));
    assert!(!summary_text.contains("alert"), "{summary_text}");
    let links: Vec<(String, Option<&str>)> = summary
        .select(&sel("a"))
        .map(|a| (text(a), a.value().attr("href")))
        .collect();
    assert_eq!(
        links,
        [
            ("an HTML javascript link".to_string(), None),
            ("safe link".to_string(), Some("https://example.com/page")),
        ]
    );
    assert_eq!(
        text(one_in(summary, "strong")),
        "A heading in a field",
        "a Markdown heading is shown in bold, not as a heading"
    );
    assert!(text(one_in(d1, ".prose")).contains("A&B wants to go out alone — 😀"));
    assert_eq!(text(one_in(px1, "h4 + .prose em")), "nights out");

    // Entities in the source never reach the page undecoded twice, and nothing is double-escaped.
    assert!(!raw.contains("&amp;amp;"), "nothing is escaped twice");
    assert_heading_outline(&page);
}

#[test]
fn a_pack_template_overrides_the_built_in_one_by_file_name() {
    let pack = TempPack::copy_of(PACK);
    pack.write(
        "templates/example.html",
        "<article class=\"record example\" id=\"{{ e.anchor }}\"><h3>CUSTOM-EXAMPLE {{ e.id }}: {{ e.title }}</h3><p>{{ e.word_count }} words</p></article>\n",
    );
    pack.write(
        "templates/decision.html",
        "<article class=\"record decision\" id=\"{{ d.anchor }}\"><h3>CUSTOM-DECISION {{ d.id }}</h3>{{ d.choice.summary.html | safe }}</article>\n",
    );
    let (_out, page) = build_page(pack.path(), &[]);
    let examples: Vec<String> = all(&page, "article.example h3")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(
        examples,
        [
            "CUSTOM-EXAMPLE PX-001: Taking back control of medication and travel",
            "CUSTOM-EXAMPLE PX-002: Cooking safely after a stroke"
        ]
    );
    let decisions: Vec<String> = all(&page, "article.decision h3")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(decisions.len(), 6);
    assert!(
        decisions
            .iter()
            .all(|h| h.starts_with("CUSTOM-DECISION D-00"))
    );
    // The built-in page template and styles are still used around them.
    assert_eq!(text(one(&page, "h1")), "Choice, risk and review");
    assert!(one(&page, "head style").inner_html().contains("--accent"));
}

#[test]
fn a_broken_template_is_reported_with_its_file_and_line_and_exit_2() {
    let pack = TempPack::copy_of(PACK);
    pack.write(
        "templates/decision.html",
        "<article id=\"{{ d.anchor }}\">\n  <h3>{{ d.title }}</h3>\n  {% if d.service %}<p>{{ d.service }}</p>\n</article>\n",
    );
    let out = tempfile::tempdir().unwrap();
    let run = build(pack.path(), &out.path().join("output"), &[]);
    assert_eq!(run.code, 2, "stderr:\n{}", run.stderr);
    assert!(
        run.stderr.contains("templates/decision.html"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("line 5"),
        "where the template ended: {}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("The {% if %} opened on line 3 is never closed: add {% endif %}"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("fix the template, or delete it"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(!out.path().join("output").exists());

    // A mistake found while rendering (an unknown field) is located the same way.
    pack.write(
        "templates/example.html",
        "<article>\n<h3>{{ e.no_such_field }}</h3>\n</article>\n",
    );
    pack.remove("templates/decision.html");
    let run = build(pack.path(), &out.path().join("output"), &[]);
    assert_eq!(run.code, 2, "stderr:\n{}", run.stderr);
    assert!(
        run.stderr
            .contains("templates/example.html, line 2, column 10"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("no_such_field"), "{}", run.stderr);
}

#[test]
fn rebuilding_gives_byte_identical_html_and_json() {
    let out = tempfile::tempdir().unwrap();
    let first = out.path().join("first");
    let second = out.path().join("second");
    for dir in [&first, &second] {
        let run = build(&fixture(PACK), dir, &[]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    for name in ["pack.html", "pack.json"] {
        let a = std::fs::read(first.join(name)).unwrap();
        let b = std::fs::read(second.join(name)).unwrap();
        assert!(a == b, "{name} differs between two builds");
    }
    // Building again over the same folder gives the same bytes too.
    let before = std::fs::read(first.join("pack.html")).unwrap();
    assert_eq!(build(&fixture(PACK), &first, &[]).code, 0);
    assert!(std::fs::read(first.join("pack.html")).unwrap() == before);
    // The same holds for the hostile pack (emoji, entities, Welsh) and for a draft.
    for (pack, extra) in [(HOSTILE, &[][..]), (PACK, &["--draft"][..])] {
        let a = out.path().join(format!("{pack}-a"));
        let b = out.path().join(format!("{pack}-b"));
        assert_eq!(build(&fixture(pack), &a, extra).code, 0);
        assert_eq!(build(&fixture(pack), &b, extra).code, 0);
        for name in ["pack.html", "pack.json"] {
            assert!(
                std::fs::read(a.join(name)).unwrap() == std::fs::read(b.join(name)).unwrap(),
                "{pack}: {name} differs"
            );
        }
    }
}

/// Names in `dir` that look like a build's temporary or previous output folders.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".building-") || n.contains(".previous-"))
        .collect()
}

#[test]
fn timings_are_printed_only_when_asked_for() {
    let out = tempfile::tempdir().expect("temporary folder");
    let quiet = build(&fixture(PACK), &out.path().join("a"), &[]);
    assert_eq!(quiet.code, 0, "{}", quiet.stderr);
    assert!(!quiet.stderr.contains("timings:"), "{}", quiet.stderr);

    let output = crate::support::evidence_pack()
        .env("EVIDENCE_PACK_TIMINGS", "1")
        .arg("build")
        .arg(fixture(PACK))
        .args(["--html", "--as-of", AS_OF, "-o"])
        .arg(out.path().join("b"))
        .output()
        .expect("run evidence-pack");
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).expect("UTF-8");
    let stages: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("timings: "))
        .map(|l| l.split_once(": ").expect("stage: N ms").0)
        .collect();
    assert_eq!(
        stages,
        [
            "loading the pack",
            "checking the records",
            "building the view and writing pack.json",
            "rendering HTML",
            "writing manifest.json",
            "syncing to disk and replacing the output folder"
        ]
    );
    assert!(
        stderr
            .lines()
            .filter_map(|l| l.strip_prefix("timings: "))
            .all(|l| {
                let (_, figures) = l.split_once(": ").expect("stage: figures");
                let (wall, _) = figures.split_once(" ms").expect("N ms");
                wall.parse::<u64>().is_ok()
            }),
        "{stderr}"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let pack = TempPack::copy_of(PACK);
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("output");
    assert_eq!(build(pack.path(), &dir, &[]).code, 0);
    let html = std::fs::read(dir.join("pack.html")).unwrap();
    let json = std::fs::read(dir.join("pack.json")).unwrap();
    let unchanged = |why: &str| {
        assert!(
            std::fs::read(dir.join("pack.html")).unwrap() == html,
            "{why}: pack.html changed"
        );
        assert!(
            std::fs::read(dir.join("pack.json")).unwrap() == json,
            "{why}: pack.json changed"
        );
        assert_eq!(leftovers(out.path()), Vec::<String>::new(), "{why}");
    };

    // A template that fails while rendering, after the checks passed.
    pack.write("templates/example.html", "{{ e.title | no_such_filter }}\n");
    let run = build(pack.path(), &dir, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    unchanged("a broken template");
    pack.remove("templates/example.html");

    // A record edited so the pack has errors: refused, old output kept.
    pack.replace(
        "content/decisions/d-002.toml",
        "every_days = 90",
        "every_days = 28",
    );
    let run = build(pack.path(), &dir, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    unchanged("a refused build");
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

#[test]
fn the_current_folder_cannot_be_the_output_folder() {
    let out = tempfile::tempdir().unwrap();
    for name in [".", ".."] {
        let run = crate::support::evidence_pack()
            .current_dir(out.path())
            .arg("build")
            .arg(fixture(PACK))
            .args(["--html", "--as-of", AS_OF, "-o", name])
            .output()
            .expect("run evidence-pack");
        assert_eq!(run.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(stderr.contains("cannot be"), "{stderr}");
        assert!(stderr.contains("-o output"), "{stderr}");
    }
    assert_eq!(
        std::fs::read_dir(out.path()).unwrap().count(),
        0,
        "nothing written"
    );
}

#[test]
fn an_output_folder_holding_other_files_is_not_replaced() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("output");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("notes.txt"), "mine").unwrap();
    let run = build(&fixture(PACK), &dir, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("holds other files"), "{}", run.stderr);
    assert!(run.stderr.contains("notes.txt"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.join("notes.txt")).unwrap(),
        "mine"
    );
    assert!(!dir.join("pack.html").exists());
    assert_eq!(leftovers(out.path()), Vec::<String>::new());
}
