//! Issues 20 and 23: a field added to any file is scanned for identifiers with nobody listing it.
//! Each kind of file is written from its own JSON Schema (`evidence-pack schema KIND`, generated
//! from the types the loader reads) with a phone number in EVERY string field the schema has,
//! and `check` must report a `possible-identifier` finding naming each of those keys. A new
//! string field that the scanner did not see would make this test fail, without anyone adding
//! the field here.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use crate::support::*;

/// What goes in every free-text field: a UK phone number.
const PLANTED: &str = "Call 07700 900123";

fn schema(kind: &str) -> Value {
    let out = evidence_pack()
        .args(["schema", kind])
        .output()
        .expect("runs");
    assert!(out.status.success(), "schema {kind}");
    serde_json::from_slice(&out.stdout).expect("a schema is JSON")
}

/// An instance of `schema` with [`PLANTED`] in every string that is free text (not a date, not
/// one of a fixed set of values); each such key path goes into `planted`.
fn instance(root: &Value, schema: &Value, path: &str, planted: &mut BTreeSet<String>) -> Value {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference.rsplit('/').next().expect("a name");
        let target = &root["$defs"][name];
        assert!(!target.is_null(), "{reference}");
        return instance(root, target, path, planted);
    }
    for key in ["anyOf", "oneOf", "allOf"] {
        if let Some(alternatives) = schema.get(key).and_then(Value::as_array) {
            let chosen = alternatives
                .iter()
                .find(|a| a.get("type") != Some(&json!("null")))
                .expect("an alternative that is not null");
            return instance(root, chosen, path, planted);
        }
    }
    if let Some(value) = schema.get("const") {
        return value.clone();
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return values[0].clone();
    }
    let kind = match schema.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .expect("a type")
            .to_string(),
        _ if schema.get("properties").is_some() => "object".to_string(),
        other => panic!("no type at `{path}`: {other:?} in {schema}"),
    };
    match kind.as_str() {
        "string" if schema.get("format") == Some(&json!("date")) => json!("2026-01-01"),
        "string" => {
            planted.insert(path.to_string());
            json!(PLANTED)
        }
        "integer" | "number" => json!(1),
        "boolean" => json!(false),
        "array" => {
            let item = schema.get("items").expect("an array's items");
            json!([instance(root, item, &format!("{path}[0]"), planted)])
        }
        "object" => {
            let mut object = Map::new();
            if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
                for (key, property) in properties {
                    let inner = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    object.insert(key.clone(), instance(root, property, &inner, planted));
                }
            }
            Value::Object(object)
        }
        other => panic!("a schema type this test does not know: {other} at `{path}`"),
    }
}

/// The file a schema describes, as TOML, with the keys it plants.
fn planted_file(kind: &str) -> (String, BTreeSet<String>) {
    let root = schema(kind);
    let mut planted = BTreeSet::new();
    let value = instance(&root, &root, "", &mut planted);
    let toml = toml::to_string(&value).expect("the instance is TOML");
    (toml, planted)
}

/// The keys of `file` that `check` reports a phone number in.
fn keys_flagged(pack: &TempPack, file: &str) -> BTreeSet<String> {
    let (_, report) = check_json(pack.path(), &[]);
    report
        .of("possible-identifier")
        .into_iter()
        .filter(|f| f.file == file && f.message.contains("phone number"))
        .filter_map(|f| {
            let start = f.message.find('`')? + 1;
            let end = start + f.message[start..].find('`')?;
            Some(f.message[start..end].to_string())
        })
        .collect()
}

fn assert_every_key_flagged(kind: &str, planted: &BTreeSet<String>, flagged: &BTreeSet<String>) {
    assert!(planted.len() > 3, "{kind}: the schema has string fields");
    let missed: Vec<&String> = planted.difference(flagged).collect();
    assert!(
        missed.is_empty(),
        "{kind}: a phone number in these keys was not reported: {missed:?}\n(flagged: {flagged:?})"
    );
}

#[test]
fn every_string_field_of_a_decision_record_is_scanned() {
    let pack = TempPack::copy_of("rules-clean");
    let (text, planted) = planted_file("decision");
    let file = "content/decisions/d-900-generated.toml";
    pack.write(file, text);
    assert!(planted.contains("choice.summary") && planted.contains("risks[0].description"));
    assert_every_key_flagged("decision", &planted, &keys_flagged(&pack, file));
}

#[test]
fn every_string_field_of_a_practice_example_is_scanned() {
    let pack = TempPack::copy_of("rules-clean");
    let (text, planted) = planted_file("example");
    let file = "content/examples/px-900-generated.toml";
    pack.write(file, text);
    assert!(planted.contains("situation") && planted.contains("decisions[0]"));
    assert_every_key_flagged("example", &planted, &keys_flagged(&pack, file));
}

#[test]
fn every_string_field_of_a_tender_and_an_answer_is_scanned() {
    let pack = TempPack::copy_of("rules-clean");
    let (tender, tender_keys) = planted_file("tender");
    let (answer, mut answer_keys) = planted_file("answer");
    pack.write("tenders/gen/tender.toml", tender);
    pack.write("tenders/gen/answers/a1.toml", answer);
    assert!(tender_keys.contains("tender.buyer") && tender_keys.contains("questions[0].id"));
    assert_every_key_flagged(
        "tender",
        &tender_keys,
        &keys_flagged(&pack, "tenders/gen/tender.toml"),
    );
    // The body is scanned as it is filled in, under its own key.
    assert!(answer_keys.contains("body"));
    answer_keys.insert("body".to_string());
    assert_every_key_flagged(
        "answer",
        &answer_keys,
        &keys_flagged(&pack, "tenders/gen/answers/a1.toml"),
    );
}

#[test]
fn every_string_value_of_pack_toml_is_scanned() {
    let pack = TempPack::copy_of("rules-clean");
    let file = "pack.toml";
    let mut config: toml::Table = toml::from_str(&pack.read(file)).expect("pack.toml");
    let pack_table = config["pack"].as_table_mut().expect("[pack]");
    pack_table.insert("summary".into(), PLANTED.into());
    pack_table.insert("title".into(), PLANTED.into());
    let select = config
        .entry("select")
        .or_insert_with(|| toml::Table::new().into())
        .as_table_mut()
        .expect("[select]");
    select.insert(
        "statements".into(),
        toml::Value::Array(vec!["S4".into(), PLANTED.into()]),
    );
    pack.write(file, toml::to_string(&config).expect("TOML"));
    let flagged = keys_flagged(&pack, file);
    for key in ["pack.title", "pack.summary", "select.statements[1]"] {
        assert!(flagged.contains(key), "{key} not flagged: {flagged:?}");
    }
    assert!(!flagged.contains("select.statements[0]"), "{flagged:?}");
}

#[test]
fn a_file_name_that_holds_an_identifier_is_flagged_and_not_repeated() {
    let pack = TempPack::copy_of("rules-clean");
    let text = pack.read("content/decisions/d-001.toml");
    let file = "content/decisions/d-001-margaret-07700900123.toml";
    pack.remove("content/decisions/d-001.toml");
    pack.write(file, text);
    let (_, report) = check_json(pack.path(), &[]);
    let found = report.of("possible-identifier");
    assert!(
        found.iter().any(|f| f.file
            == "content/decisions/d-001-margaret-[phone number removed].toml"
            && f.message.starts_with("This file's name contains")
            && f.message.contains("phone number")),
        "{found:?}"
    );
    // No finding of the file repeats the number in the file's name.
    assert!(
        report
            .findings
            .iter()
            .all(|f| !f.file.contains("07700900123"))
    );
    let _ = file;
    let clean = TempPack::copy_of("rules-clean");
    let (_, report) = check_json(clean.path(), &[]);
    assert!(report.of("possible-identifier").is_empty());
}
