//! Loads a decision record from arbitrary bytes the way the loader reads a file (UTF-8 check,
//! byte-order mark, nesting pre-scan, TOML, the typed record, the key index), then runs every rule
//! on a one-record pack, prints each finding as `check` does, and builds the view model and
//! pack.json. Nothing may panic, overflow the stack or run away.

#![no_main]

use evidence_pack::diagnostics::render_human;
use evidence_pack::load::{Loaded, Pack, Parsed, parse_text};
use evidence_pack::model::framework::{Framework, Frameworks};
use evidence_pack::model::{Date, DecisionRecord, PackConfig};
use evidence_pack::view::{self, ViewInput};
use evidence_pack::source::SourceFile;
use libfuzzer_sys::fuzz_target;

const REL: &str = "content/decisions/fuzz.toml";

const PACK_TOML: &str = r#"
[pack]
title = "Fuzz"
provider = "Fuzz Care Ltd"
required_statements = ["S4"]
"#;

fuzz_target!(|data: &[u8]| {
    let text = match std::str::from_utf8(data) {
        Ok(text) => text,
        Err(err) => {
            // As the loader does: locate the first byte that is not UTF-8.
            let valid = &data[..err.valid_up_to()];
            let probe = SourceFile::new(REL.to_string(), String::from_utf8_lossy(valid).into());
            let _ = probe.line_col(valid.len());
            return;
        }
    };
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let (source, record) = match parse_text::<DecisionRecord>(REL, text.to_string()) {
        Parsed::Ok(source, record) => (source, record),
        Parsed::Invalid(source, finding) => {
            let _ = render_human(&finding, source.as_ref(), false);
            return;
        }
    };
    let Parsed::Ok(config_source, config) = parse_text::<PackConfig>("pack.toml", PACK_TOML.into())
    else {
        panic!("the fuzz pack.toml is valid");
    };
    let load_findings = evidence_pack::load::validate::decision(&record, &source);
    let pack = Pack {
        root: "/nonexistent-fuzz-pack".into(),
        frameworks: Frameworks {
            primary: config.pack.framework.clone(),
            all: vec![Framework::built_in()],
        },
        config,
        config_source: Some(1),
        privacy_names: vec!["Jane Smith".to_string()],
        identifiers: evidence_pack::privacy::IdentifierScanner::new(&["Jane Smith".to_string()]),
        decisions: vec![Loaded {
            item: record,
            source: 0,
        }],
        examples: Vec::new(),
        sources: vec![source, config_source],
        findings: load_findings,
        input_files: vec![REL.to_string()],
        decision_files: 1,
        example_files: 0,
    };
    let as_of = Date::from_ymd(2026, 11, 1).expect("a date");
    let findings = evidence_pack::rules::check(&pack, as_of);
    for finding in &findings {
        let source = pack.sources.iter().find(|s| s.rel == finding.file);
        let _ = render_human(finding, source, false);
    }
    let input = ViewInput {
        pack: &pack,
        decisions: pack.decisions.iter().map(|d| &d.item).collect(),
        examples: Vec::new(),
        as_of,
        findings: &findings,
        draft: true,
    };
    let mut json = Vec::new();
    view::build(&input, Some(&mut json)).expect("pack.json is written to memory");
    assert!(serde_json::from_slice::<serde_json::Value>(&json).is_ok());
});
