//! Every rule of the registry has a fixture that fires it and one that does not (issue 20).
//!
//! tests/fixtures/rules/<rule-name>/fires/ and .../clean/ each hold a few files copied onto one
//! shared clean base pack (tests/fixtures/rules-clean with the tender of
//! tests/fixtures/tender-answers), which has no findings on 2026-11-01. Each is run through the
//! real binary with `check --format json --as-of 2026-11-01`: the rule must be among the findings
//! of `fires/` and absent from those of `clean/`, and absent from those of `fires/` run again
//! with the rule set to "off" in pack.toml's `[rules]`. The table test fails naming every rule of
//! `Rule::ALL` that has no folder, and every folder that names no rule. See
//! tests/fixtures/rules/README.md for how to add a rule's fixtures.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use evidence_pack::diagnostics::Rule;
use rayon::prelude::*;

use crate::support::{TempPack, check_json, copy_dir, fixture};

/// The shared clean base: rules-clean with the clean tender `bid`.
fn base_pack() -> TempPack {
    let pack = TempPack::copy_of("rules-clean");
    copy_dir(&fixture("tender-answers/tenders"), &pack.file("tenders"));
    pack
}

/// The rules `check` finds in the base pack with one overlay folder copied onto it, and with
/// `off` (if any) set to "off" in pack.toml's `[rules]`.
fn rules_found(overlay: &Path, off: Option<&str>) -> BTreeSet<String> {
    let pack = base_pack();
    copy_dir(overlay, pack.path());
    if let Some(rule) = off {
        let config = pack.read("pack.toml");
        let line = format!("{rule} = \"off\"\n");
        let config = match config.find("[rules]\n") {
            Some(at) => {
                let end = at + "[rules]\n".len();
                format!("{}{line}{}", &config[..end], &config[end..])
            }
            None => format!("{config}\n[rules]\n{line}"),
        };
        pack.write("pack.toml", config);
    }
    let (_, report) = check_json(pack.path(), &[]);
    report.findings.into_iter().map(|f| f.rule).collect()
}

/// The folders of tests/fixtures/rules/ (each named as a rule).
fn rule_folders() -> BTreeSet<String> {
    std::fs::read_dir(fixture("rules"))
        .expect("tests/fixtures/rules/ exists")
        .map(|entry| entry.expect("folder entry"))
        .filter(|entry| entry.file_type().expect("file type").is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect()
}

/// The problems with one rule's folder: missing or empty halves, `fires/` that does not fire it,
/// `clean/` that does, `fires/` that still fires it with the rule turned off.
fn problems_of(rule: &str) -> Vec<String> {
    let folder: PathBuf = fixture("rules").join(rule);
    let mut problems = Vec::new();
    for (half, should_fire) in [("fires", true), ("clean", false)] {
        let overlay = folder.join(half);
        let has_files = std::fs::read_dir(&overlay)
            .map(|mut entries| entries.next().is_some())
            .unwrap_or(false);
        if !has_files {
            problems.push(format!("{rule}: {half}/ is missing or empty"));
            continue;
        }
        let found = rules_found(&overlay, None);
        if found.contains(rule) != should_fire {
            problems.push(format!(
                "{rule}: {half}/ {} it (found: {})",
                if should_fire {
                    "does not fire"
                } else {
                    "fires"
                },
                found.into_iter().collect::<Vec<_>>().join(", ")
            ));
        }
        // A rule set to "off" in [rules] reports nothing, on the very input that fires it.
        if should_fire && rules_found(&overlay, Some(rule)).contains(rule) {
            problems.push(format!(
                "{rule}: fires/ still fires it with `{rule} = \"off\"` in [rules]"
            ));
        }
    }
    problems
}

#[test]
fn the_base_pack_is_clean() {
    let pack = base_pack();
    let (code, report) = check_json(pack.path(), &[]);
    assert_eq!(code, 0);
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
}

#[test]
fn every_rule_has_a_fixture_that_fires_it_and_one_that_does_not() {
    let folders = rule_folders();
    let names: BTreeSet<String> = Rule::names().map(str::to_string).collect();
    let mut problems: Vec<String> = Rule::ALL
        .iter()
        .filter(|rule| !folders.contains(rule.name()))
        .map(|rule| format!("{rule}: no folder tests/fixtures/rules/{rule}/"))
        .collect();
    problems.extend(
        folders
            .difference(&names)
            .map(|folder| format!("tests/fixtures/rules/{folder}/ names no rule of the registry")),
    );
    let checked: Vec<&String> = folders.intersection(&names).collect();
    problems.extend(
        checked
            .par_iter()
            .flat_map_iter(|rule| problems_of(rule))
            .collect::<Vec<_>>(),
    );
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}
