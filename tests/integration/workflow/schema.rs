//! `schema`: every file the loader reads validates against its JSON Schema, and an unknown key fails
//! both.

use super::*;

fn schema(kind: &str) -> Json {
    let run = run_in(Path::new("."), &["schema", kind]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    json(&run.stdout)
}

fn validator(schema: &Json) -> jsonschema::Validator {
    jsonschema::options()
        .should_validate_formats(true)
        .build(schema)
        .expect("the schema is a valid JSON Schema")
}

fn as_json(text: &str) -> Option<Json> {
    text.parse::<toml::Table>()
        .ok()
        .map(|t| toml_to_json(&toml::Value::Table(t)))
}

fn schema_errors(validator: &jsonschema::Validator, text: &str) -> Vec<String> {
    let instance = as_json(text).expect("the file is TOML");
    validator
        .iter_errors(&instance)
        .map(|e| e.to_string())
        .collect()
}

/// Whether the loader reads the file into its type (`invalid-record` otherwise).
fn loads<T: serde::de::DeserializeOwned + schemars::JsonSchema>(path: &Path) -> bool {
    matches!(parse_file::<T>(path, "file.toml"), Parsed::Ok(..))
}

/// Every pack.toml, decision and example file of the demo pack, the fixtures and a new pack.
fn sample_files() -> (tempfile::TempDir, Vec<PathBuf>) {
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(run_in(tmp.path(), &["init", "new-pack"]).code, 0);
    let mut roots = vec![demo_pack(), tmp.path().join("new-pack")];
    if let Ok(entries) = fs::read_dir(fixture("")) {
        for e in entries.flatten() {
            if e.path().join("pack.toml").is_file() {
                roots.push(e.path());
            }
        }
    }
    let mut files = Vec::new();
    for root in roots {
        if root.join("pack.toml").is_file() {
            files.push(root.join("pack.toml"));
        }
        for dir in ["content/decisions", "content/examples"] {
            for e in walkdir::WalkDir::new(root.join(dir))
                .sort_by_file_name()
                .into_iter()
                .flatten()
            {
                if e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "toml") {
                    files.push(e.path().to_path_buf());
                }
            }
        }
    }
    (tmp, files)
}

#[test]
fn every_file_the_loader_reads_validates_against_the_schema() {
    let decision = validator(&schema("decision"));
    let example = validator(&schema("example"));
    let pack = validator(&schema("pack"));
    let (_tmp, files) = sample_files();
    let mut checked = 0;
    for path in files {
        let Ok(text) = fs::read_to_string(&path) else {
            continue;
        };
        let text = text.trim_start_matches('\u{feff}');
        let shown = path.display();
        let (validator, ok) = if path.file_name().unwrap() == "pack.toml" {
            (&pack, loads::<PackConfig>(&path))
        } else if path.to_string_lossy().contains("decisions") {
            (&decision, loads::<DecisionRecord>(&path))
        } else {
            (&example, loads::<PracticeExample>(&path))
        };
        if !ok {
            continue;
        }
        let errors = schema_errors(validator, text);
        assert!(
            errors.is_empty(),
            "{shown} loads but fails the schema: {errors:#?}"
        );
        checked += 1;
    }
    assert!(checked >= 4, "only {checked} files were checked");
}

#[test]
fn an_unknown_key_fails_both_the_loader_and_the_schema() {
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(run_in(tmp.path(), &["init", "p"]).code, 0);
    let p = tmp.path().join("p");
    let rel = "content/decisions/d-001-cooking-my-own-meals.toml";
    let good = fs::read_to_string(p.join(rel)).unwrap();
    let decision = validator(&schema("decision"));
    assert!(schema_errors(&decision, &good).is_empty());

    let cases = [
        // An unknown key at the top, a misspelt key in a table, a wrong type, a bad value and a
        // missing required field.
        good.replace("title = ", "colour = \"blue\"\ntitle = "),
        good.replace("in_their_words = ", "in_their_word = "),
        good.replace("every_days = 90", "every_days = \"90\""),
        good.replace(
            "outcome = \"supported-with-conditions\"",
            "outcome = \"maybe\"",
        ),
        good.replace("person = \"JS\"\n", ""),
    ];
    for bad in cases {
        assert_ne!(bad, good);
        fs::write(p.join(rel), &bad).unwrap();
        assert!(
            !loads::<DecisionRecord>(&p.join(rel)),
            "the loader read:\n{bad}"
        );
        assert!(
            !schema_errors(&decision, &bad).is_empty(),
            "the schema accepted:\n{bad}"
        );
        let report = json(&run_in(&p, &["check", "--format", "json"]).stdout);
        assert!(
            report["findings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["rule"] == "invalid-record" && f["file"] == rel),
            "{report:#}"
        );
    }

    // pack.toml: [select] is in the schema, with its keys checked too.
    let pack = validator(&schema("pack"));
    let settings = fs::read_to_string(p.join("pack.toml")).unwrap();
    let selected = settings.replace("# [select]\n", "[select]\nthemes = [\"daily-living\"]\n");
    assert!(schema_errors(&pack, &selected).is_empty());
    let misspelt = settings.replace("# [select]\n", "[select]\nservice = [\"Riverside\"]\n");
    assert!(!schema_errors(&pack, &misspelt).is_empty());
    fs::write(p.join("pack.toml"), &misspelt).unwrap();
    assert!(!loads::<PackConfig>(&p.join("pack.toml")));

    // An example too.
    let example = validator(&schema("example"));
    let rel = "content/examples/px-001-cooking-again.toml";
    let story = fs::read_to_string(p.join(rel)).unwrap();
    assert!(schema_errors(&example, &story).is_empty());
    let bad = story.replace("scope = ", "scopes = ");
    assert!(!schema_errors(&example, &bad).is_empty());
    fs::write(p.join(rel), &bad).unwrap();
    assert!(!loads::<PracticeExample>(&p.join(rel)));
}

#[test]
fn schemas_have_a_title_a_description_and_no_other_keys() {
    for kind in ["decision", "example", "pack"] {
        let s = schema(kind);
        assert!(
            s["title"].as_str().unwrap().contains("evidence-pack"),
            "{kind}"
        );
        assert!(!s["description"].as_str().unwrap().is_empty(), "{kind}");
        assert_eq!(s["additionalProperties"], false, "{kind}");
        for (name, def) in s["$defs"].as_object().unwrap() {
            if def["type"] == "object" && def.get("properties").is_some() {
                assert_eq!(def["additionalProperties"], false, "{kind}: {name}");
            }
        }
    }
    let run = run_in(Path::new("."), &["schema", "recipe"]);
    assert_eq!(run.code, 2);
}
