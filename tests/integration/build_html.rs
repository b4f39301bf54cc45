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

mod draft;
mod figures;
mod hostile_text;
mod output;
mod records;
mod templates;

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
