//! The cover's figures as the tests expect them: worked out from a pack's own TOML files (never
//! read back from the output), and read off the PDF's first page.

use super::*;

/// The cover's text (page 1) in the order it was set, whitespace collapsed: each headline panel
/// reads as its figure followed by its words, whatever the panels' layout on the page.
pub(super) fn cover_text(pdf: &Path) -> String {
    squash(&tool_stdout(
        "pdftotext",
        &[
            "-raw",
            "-enc",
            "UTF-8",
            "-f",
            "1",
            "-l",
            "1",
            pdf.to_str().expect("UTF-8 path"),
            "-",
        ],
    ))
}

/// The cover's headline figures, worked out from a pack's own TOML files (never read back from
/// the output), as the "figure words" strings of the HTML cover's "At a glance", in its order.
pub(super) fn expected_headlines(root: &Path) -> Vec<String> {
    let as_of = NaiveDate::parse_from_str(AS_OF, "%Y-%m-%d").unwrap();
    let table = |path: &Path| -> toml::Table {
        std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .parse()
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    let files = |dir: &str| -> Vec<toml::Table> {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .map(|d| d.map(|e| e.unwrap().path()).collect())
            .unwrap_or_default();
        paths.sort();
        paths.iter().map(|p| table(p)).collect()
    };
    let strings = |v: Option<&toml::Value>| -> Vec<String> {
        v.and_then(|v| v.as_array())
            .map(|a| a.iter().map(|s| s.as_str().unwrap().to_string()).collect())
            .unwrap_or_default()
    };
    let percent = |part: usize, whole: usize| {
        if whole == 0 {
            0
        } else {
            (part as f64 * 100.0 / whole as f64).round() as usize
        }
    };

    let pack = table(&root.join("pack.toml"));
    let required = strings(pack["pack"].get("required_statements"));
    let decisions = files("content/decisions");
    let examples = files("content/examples");

    let total = decisions.len();
    let people: BTreeSet<&str> = decisions
        .iter()
        .map(|d| d["person"].as_str().unwrap())
        .collect();
    let restrictive = decisions
        .iter()
        .filter(|d| {
            matches!(
                d["decision"]["outcome"].as_str(),
                Some("limited" | "not-supported")
            )
        })
        .count();
    let supported = total - restrictive;
    let active: Vec<&toml::Table> = decisions
        .iter()
        .filter(|d| d.get("status").and_then(|s| s.as_str()) != Some("closed"))
        .collect();
    let in_date = active
        .iter()
        .filter(|d| review_due_from_toml(d).is_some_and(|due| due >= as_of))
        .count();
    let escalated = decisions
        .iter()
        .filter(|d| d.contains_key("escalation"))
        .count();
    let evidence: BTreeSet<String> = decisions
        .iter()
        .chain(&examples)
        .flat_map(|r| strings(r.get("statements")))
        .collect();
    let evidenced = required.iter().filter(|s| evidence.contains(*s)).count();
    let gaps = required.len() - evidenced;

    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let date = |v: &toml::Value| {
        NaiveDate::parse_from_str(&v.to_string().replace('"', ""), "%Y-%m-%d").unwrap()
    };
    let mut days: Vec<i64> = decisions
        .iter()
        .map(|d| (date(&d["decision"]["decided_on"]) - date(&d["opened"])).num_days())
        .collect();
    days.sort_unstable();
    let middle = days.len() / 2;
    let median = if days.len() % 2 == 1 {
        days[middle] as f64
    } else {
        (days[middle - 1] + days[middle]) as f64 / 2.0
    };
    let reviews: Vec<&toml::Value> = decisions
        .iter()
        .flat_map(|d| {
            d.get("reviews")
                .and_then(|r| r.as_array())
                .into_iter()
                .flatten()
        })
        .collect();
    let with_view = reviews
        .iter()
        .filter(|r| r.get("person_view").is_some())
        .count();
    let (restrictions, lawful) = lawful_headlines(&active, &decisions, as_of);
    // What an evaluator scores: the records and examples here have no incidents or outcomes.
    let mut expected = vec![
        format!(
            "{} about {}",
            plural(total, "decision", "decisions"),
            plural(people.len(), "person", "people")
        ),
        format!(
            "{} median from a request to a decision",
            if median.fract() == 0.0 {
                plural(median as usize, "day", "days")
            } else {
                format!("{median:.1} days")
            }
        ),
        format!(
            "{}% of choices supported, with or without conditions ({supported} of {total}); {restrictive} restricting the person",
            percent(supported, total)
        ),
        restrictions,
        format!(
            "{}% of active records with an in-date review ({in_date} of {}); {}% of reviews give the person’s own view",
            percent(in_date, active.len()),
            active.len(),
            percent(with_view, reviews.len())
        ),
        "0 incidents in the last 12 months".to_string(),
        "0 outcomes for people in the last 12 months".to_string(),
    ];
    // Then the measures of the pack itself.
    expected.push(format!("{escalated} escalated for senior oversight"));
    if !required.is_empty() {
        let mut last = format!(
            "{evidenced} of {} required quality statements evidenced",
            required.len()
        );
        if gaps > 0 {
            last.push_str(&format!(": {gaps} with no evidence"));
        }
        expected.push(last);
    }
    expected.extend(lawful);
    expected
}

/// The panels the PDF's cover shows (what an evaluator scores); the measures of the pack follow
/// in its summary.
pub(super) const COVER_PANELS: usize = 7;

/// The cover's panels on restrictions and deprivation of liberty (SPEC 4a), from the records: the
/// restrictions agreed, and the measures of capacity and liberty.
fn lawful_headlines(
    active: &[&toml::Table],
    decisions: &[toml::Table],
    as_of: NaiveDate,
) -> (String, Vec<String>) {
    let text = |d: &toml::Table, table: &str, key: &str| -> Option<String> {
        d.get(table)?.get(key)?.as_str().map(str::to_string)
    };
    let date = |d: &toml::Table, key: &str| -> Option<NaiveDate> {
        let value = d.get("liberty")?.get(key)?;
        let iso = match value {
            toml::Value::Datetime(dt) => dt.to_string(),
            other => other.as_str()?.to_string(),
        };
        NaiveDate::parse_from_str(&iso, "%Y-%m-%d").ok()
    };
    let restrictive: Vec<&&toml::Table> = active
        .iter()
        .filter(|d| {
            matches!(
                text(d, "decision", "outcome").as_deref(),
                Some("limited" | "not-supported")
            )
        })
        .collect();
    let agreed = restrictive
        .iter()
        .filter(|d| {
            text(d, "decision", "basis").as_deref() == Some("person-agreed")
                || text(d, "decision", "person_agrees").as_deref() == Some("yes")
        })
        .count();
    let lacking: BTreeSet<&str> = decisions
        .iter()
        .filter(|d| text(d, "capacity", "status").as_deref() == Some("assessed-lacks"))
        .map(|d| d["person"].as_str().unwrap())
        .collect();
    let (mut authorised, mut pending, mut expiring, mut expired) = (0, 0, 0, 0);
    for d in active.iter().filter(|d| {
        matches!(
            text(d, "liberty", "deprivation").as_deref(),
            Some("yes" | "possible")
        )
    }) {
        match (
            date(d, "authorised_on"),
            date(d, "expires_on"),
            date(d, "applied_on"),
        ) {
            (Some(_), Some(end), _) if end < as_of => expired += 1,
            (Some(_), Some(end), _) => {
                authorised += 1;
                if (end - as_of).num_days() <= 28 {
                    expiring += 1;
                }
            }
            (Some(_), None, _) => authorised += 1,
            (None, _, Some(_)) => pending += 1,
            _ => {}
        }
    }
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let restrictions = format!(
        "{agreed} of {} in place agreed by the person",
        plural(restrictive.len(), "restriction", "restrictions")
    );
    let measures = vec![
        format!(
            "{} capacity for a decision recorded here",
            plural(lacking.len(), "person lacks", "people lack")
        ),
        format!(
            "{} of liberty authorised; {pending} applied for and waiting, {expiring} expiring within 28 days, {}",
            plural(authorised, "deprivation", "deprivations"),
            if expired == 0 {
                "none expired".to_string()
            } else {
                format!("{expired} expired")
            }
        ),
    ];
    (restrictions, measures)
}

/// Asserts the cover shows exactly these headlines, each as one run of text, one straight after
/// the other, starting right after the "At a glance" heading. Returns the cover's text after the
/// last one.
pub(super) fn assert_cover_headlines<'a>(cover: &'a str, expected: &[String]) -> &'a str {
    let heading = "At a glance ";
    let mut rest = match cover.find(heading) {
        Some(at) => &cover[at + heading.len()..],
        None => panic!("no \"At a glance\" on the cover: {cover}"),
    };
    for (i, headline) in expected.iter().enumerate() {
        assert!(
            rest.starts_with(headline.as_str()),
            "panel {} should read {headline:?}, but the cover goes on: {rest:?}\ncover: {cover}",
            i + 1
        );
        rest = rest[headline.len()..].trim_start();
    }
    rest
}
