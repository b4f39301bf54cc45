//! Findings keep their key (SPEC section 8, version 3): each JSON finding names the dotted path of
//! the key it is about, as the user would write it, so an editor can show it on its field.

use crate::support::{TempPack, check_json};

const D1: &str = "content/decisions/d-001.toml";
const D2: &str = "content/decisions/d-002.toml";
const D3: &str = "content/decisions/d-003.toml";

/// The (rule, key) of every finding of `check` on `pack`.
fn keys(pack: &TempPack) -> Vec<(String, Option<String>)> {
    let (_, report) = check_json(pack.path(), &[]);
    report
        .findings
        .into_iter()
        .map(|f| (f.rule, f.key))
        .collect()
}

fn one(rule: &str, key: Option<&str>) -> Vec<(String, Option<String>)> {
    vec![(rule.to_string(), key.map(str::to_string))]
}

#[test]
fn the_clean_pack_has_no_findings_to_key() {
    assert!(keys(&TempPack::copy_of("rules-clean")).is_empty());
}

#[test]
fn a_finding_about_a_key_names_it() {
    let pack = TempPack::copy_of("rules-clean");
    let text = pack.read(D1);
    let line = text
        .lines()
        .find(|l| l.starts_with("rationale ="))
        .expect("a rationale")
        .to_string();
    pack.replace(D1, &line, "rationale = \"  \"");
    let found = keys(&pack);
    assert!(
        found.contains(&(
            "missing-rationale".to_string(),
            Some("decision.rationale".to_string())
        )),
        "{found:?}"
    );
}

#[test]
fn an_item_of_a_list_is_named_with_its_index_from_0_in_file_order() {
    let pack = TempPack::copy_of("rules-clean");
    // D-001's second review, dated before the decision.
    let text = pack.read(D1);
    let second = text.match_indices("[[reviews]]").count();
    assert!(second >= 2, "D-001 has two reviews");
    let last_on = text
        .lines()
        .rfind(|l| l.starts_with("on = "))
        .expect("a review date")
        .to_string();
    pack.replace(D1, &last_on, "on = 2026-01-01");
    let found = keys(&pack);
    assert!(
        found.contains(&(
            "date-order".to_string(),
            Some(format!("reviews[{}].on", second - 1))
        )),
        "{found:?}"
    );
}

#[test]
fn an_identifier_inside_a_value_names_that_value_key() {
    let pack = TempPack::copy_of("rules-clean");
    pack.replace(
        D2,
        "description = \"CD has been",
        "description = \"Jane Smith said CD has been",
    );
    assert_eq!(
        keys(&pack),
        one("possible-identifier", Some("risks[0].description"))
    );
}

#[test]
fn a_missing_key_is_named_as_it_would_be_written() {
    let pack = TempPack::copy_of("rules-clean");
    pack.replace(D3, "[review]\nevery_days = 28\n", "");
    let found = keys(&pack);
    assert!(
        found.contains(&(
            "missing-review-plan".to_string(),
            Some("review.every_days".to_string())
        )),
        "{found:?}"
    );
}

#[test]
fn an_unknown_rule_in_pack_toml_names_its_key() {
    let pack = TempPack::copy_of("rules-clean");
    let mut settings = pack.read("pack.toml");
    settings.push_str("\n[rules]\nmising-review = \"off\"\n");
    pack.write("pack.toml", settings);
    assert_eq!(
        keys(&pack),
        one("invalid-record", Some("rules.mising-review"))
    );
}

#[test]
fn an_unknown_key_is_named_as_written() {
    let pack = TempPack::copy_of("rules-clean");
    pack.replace(D1, "rationale =", "rationle =");
    assert_eq!(
        keys(&pack),
        one("invalid-record", Some("decision.rationle"))
    );
}

#[test]
fn a_finding_about_a_whole_file_has_no_key() {
    let pack = TempPack::copy_of("rules-clean");
    pack.write("content/decisions/d-009.toml", "");
    assert_eq!(keys(&pack), one("invalid-record", None));
}
