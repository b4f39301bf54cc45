//! The crate's layout is its architecture: top-level modules form a strict stack, each using only
//! the modules below it (CONTRIBUTING.md, "Project layout"). This test reads the source and fails when a
//! module reaches up the stack or into a module it does not know.

use std::collections::BTreeMap;
use std::path::Path;

/// The top-level modules of `src/`, lowest first. A module may use only modules listed before it.
const LAYERS: &[&str] = &[
    // Leaves that everything may share.
    "text",
    "error",
    "hash",
    "timings",
    "privacy",
    "fonts",
    "cleanup",
    "markdown",
    // The stack.
    "model",
    "source",
    "diagnostics",
    "load",
    "select",
    // Writing records (ids, templates, one-key edits): below everything that creates or edits one.
    "authoring",
    "rules",
    "view",
    // Tender answers are filled in with the dashboard's figures, so they stand above the view.
    "tender",
    // One checked pack: loading, the rules (the tenders' too) and [select], for every command.
    "checked",
    // Importing sheets: writes records, incidents and a tender's questions.
    "importer",
    "render",
    "cli",
    // The live preview: the render layer's page, served and rebuilt as files are saved.
    "serve",
    "commands",
];

#[test]
fn every_module_uses_only_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut uses: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel == "lib.rs" || rel == "main.rs" {
            continue;
        }
        let module = rel
            .split('/')
            .next()
            .unwrap()
            .trim_end_matches(".rs")
            .to_string();
        let text = std::fs::read_to_string(path).unwrap();
        for (at, _) in text.match_indices("crate::") {
            let used: String = text[at + 7..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if used.is_empty() {
                uses.entry(module.clone())
                    .or_default()
                    .push(("{".to_string(), rel.clone()));
            } else if used != module {
                uses.entry(module.clone())
                    .or_default()
                    .push((used, rel.clone()));
            }
        }
    }
    let position = |name: &str| LAYERS.iter().position(|layer| *layer == name);
    let mut wrong = Vec::new();
    for (module, used) in &uses {
        let Some(own) = position(module) else {
            wrong.push(format!(
                "src/{module} is not in LAYERS: add it where it belongs"
            ));
            continue;
        };
        for (target, file) in used {
            if target == "{" {
                wrong.push(format!("src/{file} groups crate imports in braces: write one `use crate::module::…` per module"));
                continue;
            }
            match position(target) {
                Some(theirs) if theirs < own => {}
                Some(_) => wrong.push(format!(
                    "src/{file} uses crate::{target}, which is above it"
                )),
                None => wrong.push(format!(
                    "src/{file} uses crate::{target}, which is not in LAYERS"
                )),
            }
        }
    }
    wrong.sort();
    wrong.dedup();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
