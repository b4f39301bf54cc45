//! pack.json against its JSON Schema (`evidence-pack schema pack-json`), and the README's
//! description of pack.json against the schema.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value as Json;

use crate::support::{build_html_into, demo_pack, evidence_pack, fixture};

fn pack_json_schema() -> Json {
    let out = evidence_pack()
        .args(["schema", "pack-json"])
        .output()
        .expect("ran");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the schema is JSON")
}

fn validator() -> jsonschema::Validator {
    jsonschema::options()
        .build(&pack_json_schema())
        .expect("the schema is a valid JSON Schema")
}

/// Builds the HTML pack of `pack` (with `extra` arguments) and returns its pack.json.
fn built_pack_json(pack: &Path, extra: &[&str]) -> Json {
    let out = tempfile::tempdir().expect("temporary folder");
    let output = out.path().join("output");
    build_html_into(pack, &output, extra);
    let bytes = std::fs::read(output.join("pack.json")).expect("pack.json written");
    serde_json::from_slice(&bytes).expect("pack.json is JSON")
}

fn errors(validator: &jsonschema::Validator, instance: &Json) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn the_demo_packs_pack_json_meets_its_schema() {
    let validator = validator();
    let json = built_pack_json(&demo_pack(), &[]);
    assert!(json["draft"].is_null());
    assert!(json["decisions"].as_array().is_some_and(|d| !d.is_empty()));
    assert_eq!(errors(&validator, &json), Vec::<String>::new());
}

#[test]
fn a_draft_packs_pack_json_meets_its_schema() {
    let validator = validator();
    let json = built_pack_json(&fixture("planted-defects"), &["--draft"]);
    assert!(
        json["draft"]["findings"]
            .as_array()
            .is_some_and(|f| !f.is_empty())
    );
    assert_eq!(errors(&validator, &json), Vec::<String>::new());
}

#[test]
fn the_schema_rejects_what_pack_json_never_holds() {
    let validator = validator();
    let good = built_pack_json(&demo_pack(), &[]);
    let mut cases = Vec::new();
    let mut missing = good.clone();
    missing.as_object_mut().unwrap().remove("dashboard");
    cases.push(("no dashboard", missing));
    let mut unknown = good.clone();
    unknown["pack"]["colour"] = Json::from("blue");
    cases.push(("an unknown pack field", unknown));
    let mut wrong_type = good.clone();
    wrong_type["decisions"][0]["choice"]["summary"]["blocks"][0]["type"] = Json::from("table");
    cases.push(("an unknown block", wrong_type));
    let mut no_tree = good;
    no_tree["decisions"][0]["reviews"][0]["on"] = Json::from("2026-01-01");
    cases.push(("a date as a string", no_tree));
    for (what, json) in cases {
        assert!(!errors(&validator, &json).is_empty(), "{what} passed");
    }
}

/// The properties of the object schema at `pointer` (following a `$ref` into `$defs`).
fn properties(schema: &Json, pointer: &str) -> BTreeSet<String> {
    let mut node = schema.pointer(pointer).expect("in the schema");
    while let Some(reference) = node.get("$ref").and_then(Json::as_str) {
        node = schema
            .pointer(reference.trim_start_matches('#'))
            .expect("the reference resolves");
    }
    node["properties"]
        .as_object()
        .expect("an object schema")
        .keys()
        .cloned()
        .collect()
}

/// The `code` spans (`` `name` ``) in a piece of Markdown.
fn code_spans(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// `text` without its parenthesised parts.
fn outside_parentheses(text: &str) -> String {
    let mut depth = 0usize;
    text.chars()
        .filter(|c| {
            match c {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                _ => return depth == 0,
            }
            false
        })
        .collect()
}

#[test]
fn the_readme_describes_every_top_level_and_dashboard_key_of_pack_json() {
    let readme = std::fs::read_to_string(demo_pack().join("README.md")).expect("README");
    let section = readme
        .split("\n### pack.json\n")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("the README has a pack.json section");
    let rows: Vec<(String, String)> = section
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let key = cells.get(1)?.strip_prefix('`')?.strip_suffix('`')?;
            Some((key.to_string(), cells.get(2)?.to_string()))
        })
        .collect();
    let schema = pack_json_schema();
    let named: BTreeSet<String> = rows.iter().map(|(k, _)| k.clone()).collect();
    assert_eq!(
        named,
        properties(&schema, ""),
        "the README's pack.json table"
    );

    let dashboard_row = &rows
        .iter()
        .find(|(k, _)| k == "dashboard")
        .expect("a row")
        .1;
    // The keys are the code spans outside parentheses; inside them are explanations, apart from
    // "(with `_percent`)", which stands for the percentage beside the two counts before it.
    let mut named: BTreeSet<String> = code_spans(&outside_parentheses(dashboard_row))
        .into_iter()
        .collect();
    if dashboard_row.contains("`supported`, `restrictive` (with `_percent`)") {
        named.insert("supported_percent".to_string());
        named.insert("restrictive_percent".to_string());
    }
    assert_eq!(
        named,
        properties(&schema, "/properties/dashboard"),
        "the README's dashboard keys"
    );
}
