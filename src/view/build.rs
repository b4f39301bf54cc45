//! Builds the view of a pack and writes it to pack.json as it goes: serde writes the one
//! definition ([`PackView`]) with its record lists built a batch at a time, so the records'
//! Markdown trees (for the PDF template) are never all held at once.
//!
//! Why this is not one list built whole, written, then stripped of its trees (issue 20 asked):
//! that plain way was measured side by side (session 9, 10,000 records, medians of 6 runs):
//! `build --html` peaked at 304 MB against 239 MB this way, over the 250 MB target, for the same
//! CPU time (5.24 s against 5.19 s; BENCHMARKS.md, "Session 9").

use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};
use std::io::{self, Write};

use rayon::prelude::*;
use serde::ser::{Error as _, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

use super::ViewInput;
use super::coverage::coverage;
use super::dashboard::dashboard;
use super::front::{audience_label, draft_view, glossary, intro, sections};
use super::pack_json::{DateView, PackMeta, PackView, SCHEMA_VERSION, StatementView};
use super::record::{Trees, decision_view, example_view};
use super::redact::{Redactor, heading};
use crate::model::DecisionRecord;
use crate::model::pack_config::Audience;

/// Records whose views are built (and written to pack.json) at a time.
const BATCH: usize = 512;

/// Builds the view of the pack and writes it to `json` as `pack.json` (compact, then a newline);
/// the live preview, which writes no pack.json, gives `None`.
///
/// The view returned holds each record's Markdown as HTML only: the trees for the PDF template
/// are written to pack.json batch by batch and then dropped (see BENCHMARKS.md for the memory
/// this saves).
pub fn build(input: &ViewInput, json: Option<&mut dyn Write>) -> io::Result<PackView> {
    let pack = input.pack;
    let redactor = Redactor::new(pack, input.findings);
    let statement_label = |reference: &str| -> StatementView {
        let label = match pack.frameworks.lookup(reference) {
            Some((_, s)) => format!("{} {}", s.id, s.name),
            None => reference.to_string(),
        };
        // A statement id is the user's text too (`statements = ["Call 07700 900123"]`).
        StatementView {
            reference: redactor.text(reference),
            label: redactor.text(&label),
        }
    };

    let mut examples_by_decision: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for e in &input.examples {
        for d in &e.decisions {
            examples_by_decision
                .entry(d.trim())
                .or_default()
                .push(redactor.text(&e.id));
        }
    }
    let in_pack: HashSet<&str> = input.decisions.iter().map(|d| d.id.trim()).collect();
    let all_titles: BTreeMap<&str, &str> = pack
        .decisions
        .iter()
        .map(|d| (d.item.id.trim(), d.item.title.as_str()))
        .collect();
    let default_limit = pack.config.examples.word_limit;

    let coverage = coverage(input);
    let dashboard = dashboard(input, &coverage);
    let audience = pack.config.pack.audience;
    // A tender pack shows its records only as a summary table, never their text (SPEC 4a).
    let tender = audience == Audience::Tender;
    let in_full: &[&DecisionRecord] = if tender { &[] } else { &input.decisions };
    let headline = super::first_page::headline(
        pack,
        &dashboard,
        &dashboard.outcomes,
        (input.decisions.len(), input.examples.len()),
        tender.then(|| {
            super::first_page::tender_summary(&input.decisions, |d| {
                super::first_page::summary_row(d, input.as_of, &redactor, &statement_label)
            })
        }),
    );
    let document = PackView {
        schema_version: SCHEMA_VERSION,
        generator: format!("evidence-pack {}", env!("CARGO_PKG_VERSION")),
        pack: PackMeta {
            title: heading(redactor.text(&pack.config.pack.title)),
            provider: redactor.text(&pack.config.pack.provider),
            audience: audience.as_str(),
            audience_label: audience_label(audience),
            intro: intro(audience, &redactor.text(&pack.config.pack.provider)),
            as_of: input.as_of.into(),
            summary: pack
                .config
                .pack
                .summary
                .as_deref()
                .map(|s| redactor.markdown(s)),
            framework: pack
                .frameworks
                .primary()
                .map_or_else(|| pack.frameworks.primary.clone(), |f| f.name.clone()),
            language: "en-GB",
            location_id: clean(pack.config.pack.location_id.as_deref(), &redactor),
            signed_off_by: clean(pack.config.pack.signed_off_by.as_deref(), &redactor),
            signed_off_on: pack.config.pack.signed_off_on.map(DateView::from),
            logo: pack.logo.as_ref().map(super::pack_json::LogoView::new),
        },
        draft: input.draft.then(|| draft_view(input.findings)),
        sections: sections(audience, input.draft),
        dashboard,
        headline,
        coverage,
        registers: (!tender).then(|| {
            super::registers::registers(
                &input.decisions,
                input.as_of,
                &pack.config.policy,
                &redactor,
            )
        }),
        decisions: Streamed::new(in_full, |d| {
            decision_view(
                d,
                input.as_of,
                &pack.config.policy,
                pack.config.policy.incident_review_days(),
                &redactor,
                &statement_label,
                examples_by_decision
                    .get(d.id.trim())
                    .cloned()
                    .unwrap_or_default(),
            )
        }),
        examples: Streamed::new(&input.examples, |e| {
            example_view(
                e,
                default_limit,
                &redactor,
                &statement_label,
                &in_pack,
                &all_titles,
                input.draft || tender,
            )
        }),
        glossary: glossary(),
    };

    match json {
        Some(json) => {
            serde_json::to_writer(&mut *json, &document)?;
            json.write_all(b"\n")?;
        }
        None => {
            document.decisions.build_all();
            document.examples.build_all();
        }
    }
    Ok(PackView {
        schema_version: document.schema_version,
        generator: document.generator,
        pack: document.pack,
        draft: document.draft,
        sections: document.sections,
        dashboard: document.dashboard,
        headline: document.headline,
        coverage: document.coverage,
        registers: document.registers,
        decisions: document.decisions.built.into_inner(),
        examples: document.examples.built.into_inner(),
        glossary: document.glossary,
    })
}

/// A cover field as written: trimmed, redacted, none when empty.
fn clean(text: Option<&str>, redactor: &Redactor) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| redactor.text(t))
}

/// A list of views that serde writes as it builds them, [`BATCH`] at a time: each batch's views
/// are built in parallel, each is serialised with its Markdown trees, then kept without them for
/// the renderers (in `built`).
struct Streamed<'a, R, V, F> {
    items: &'a [R],
    view_of: F,
    built: RefCell<Vec<V>>,
}

impl<'a, R, V, F: Fn(&R) -> V> Streamed<'a, R, V, F> {
    fn new(items: &'a [R], view_of: F) -> Self {
        Streamed {
            items,
            view_of,
            built: RefCell::new(Vec::with_capacity(items.len())),
        }
    }
}

impl<R, V, F> Streamed<'_, R, V, F>
where
    R: Sync,
    V: Send + Trees,
    F: Fn(&R) -> V + Sync,
{
    /// Builds every view, with no pack.json to write.
    fn build_all(&self) {
        let view_of = &self.view_of;
        *self.built.borrow_mut() = self
            .items
            .par_iter()
            .map(|item| {
                let mut view = view_of(item);
                view.drop_trees();
                view
            })
            .collect();
    }
}

impl<R, V, F> Serialize for Streamed<'_, R, V, F>
where
    R: Sync,
    V: Serialize + Send + Trees,
    F: Fn(&R) -> V + Sync,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut list = serializer.serialize_seq(Some(self.items.len()))?;
        let view_of = &self.view_of;
        let mut built = self.built.borrow_mut();
        for batch in self.items.chunks(BATCH) {
            let views: Vec<(V, Box<RawValue>)> = batch
                .par_iter()
                .map(|item| {
                    let mut view = view_of(item);
                    let json = serde_json::value::to_raw_value(&view)?;
                    view.drop_trees();
                    Ok((view, json))
                })
                .collect::<Result<_, serde_json::Error>>()
                .map_err(S::Error::custom)?;
            for (view, json) in views {
                list.serialize_element(&json)?;
                built.push(view);
            }
        }
        list.end()
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::load::load;
    use crate::view::{self, ViewInput};

    /// The demo pack, built as `build` builds it: pack.json as written, and the view kept.
    fn demo_bytes() -> (Vec<u8>, serde_json::Value) {
        demo_built(true)
    }

    /// The demo's pack.json (when `with_json`) and the view kept.
    fn demo_built(with_json: bool) -> (Vec<u8>, serde_json::Value) {
        built(&[""], with_json)
    }

    /// [`demo_built`] for the pack made of `folders` (under the repository; "" is the demo),
    /// each copied over the one before.
    fn built(folders: &[&str], with_json: bool) -> (Vec<u8>, serde_json::Value) {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let copy = tempfile::tempdir().expect("a temporary folder");
        let root = if let [folder] = folders {
            repo.join(folder)
        } else {
            for folder in folders {
                let from = repo.join(folder);
                for entry in walkdir::WalkDir::new(&from) {
                    let entry = entry.expect("readable");
                    let to = copy
                        .path()
                        .join(entry.path().strip_prefix(&from).expect("inside"));
                    if entry.file_type().is_dir() {
                        std::fs::create_dir_all(&to).expect("a folder");
                    } else {
                        std::fs::copy(entry.path(), &to).expect("copied");
                    }
                }
            }
            copy.path().to_path_buf()
        };
        let pack = load(&root).expect("the pack loads");
        let as_of = pack
            .config
            .pack
            .as_of
            .or(crate::model::Date::from_ymd(2026, 11, 1))
            .expect("a date");
        let findings = crate::rules::check(&pack, as_of);
        let input = ViewInput::of_whole_pack(&pack, as_of, &findings, false);
        let mut written = Vec::new();
        let kept = if with_json {
            let kept = view::build(&input, Some(&mut written)).expect("built");
            assert!(written.ends_with(b"}\n"));
            kept
        } else {
            view::build(&input, None).expect("built")
        };
        (
            written,
            serde_json::to_value(&kept).expect("the view serialises"),
        )
    }

    fn trees(value: &serde_json::Value, found: &mut Vec<String>, path: &str) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, v) in map {
                    if key == "blocks" && v.as_array().is_some_and(|b| !b.is_empty()) {
                        found.push(path.to_string());
                    }
                    trees(v, found, &format!("{path}.{key}"));
                }
            }
            serde_json::Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    trees(v, found, &format!("{path}[{i}]"));
                }
            }
            _ => {}
        }
    }

    /// The keys of the outermost object, in the order they are written.
    fn top_level_keys(json: &[u8]) -> Vec<String> {
        let text = std::str::from_utf8(json).expect("UTF-8");
        let (mut depth, mut in_string, mut escaped) = (0, false, false);
        let (mut keys, mut key_start, mut expect_key) = (Vec::new(), None, false);
        for (i, c) in text.char_indices() {
            if in_string {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == '"' {
                    in_string = false;
                    if let Some(start) = key_start.take() {
                        keys.push(text[start..i].to_string());
                    }
                }
                continue;
            }
            match c {
                '"' => {
                    in_string = true;
                    if depth == 1 && expect_key {
                        key_start = Some(i + 1);
                        expect_key = false;
                    }
                }
                '{' | '[' => {
                    depth += 1;
                    expect_key = depth == 1;
                }
                '}' | ']' => depth -= 1,
                ',' => expect_key = depth == 1,
                _ => {}
            }
        }
        keys
    }

    #[test]
    fn pack_json_is_the_whole_view_in_order_with_every_markdown_tree() {
        let (written, kept) = demo_bytes();
        let json: serde_json::Value = serde_json::from_slice(&written).expect("JSON");
        let keys = top_level_keys(&written);
        assert_eq!(
            keys,
            [
                "schema_version",
                "generator",
                "pack",
                "draft",
                "sections",
                "dashboard",
                "headline",
                "coverage",
                "registers",
                "decisions",
                "examples",
                "glossary"
            ]
        );
        assert_eq!(json["decisions"].as_array().map(Vec::len), Some(15));
        assert_eq!(json["examples"].as_array().map(Vec::len), Some(5));
        for d in json["decisions"].as_array().expect("decisions") {
            assert!(
                d["choice"]["summary"]["blocks"]
                    .as_array()
                    .is_some_and(|b| !b.is_empty()),
                "{}",
                d["id"]
            );
        }
        // Apart from the trees, what is written is what the renderers are given.
        let mut without_trees = json.clone();
        strip_trees(&mut without_trees);
        let mut kept_stripped = kept.clone();
        strip_trees(&mut kept_stripped);
        assert_eq!(without_trees, kept_stripped);
    }

    #[test]
    fn the_view_is_the_same_without_pack_json() {
        let (_, with_json) = demo_built(true);
        let (written, without) = demo_built(false);
        assert!(written.is_empty());
        assert_eq!(with_json, without);
        assert!(
            without["decisions"]
                .as_array()
                .is_some_and(|d| !d.is_empty())
        );
    }

    #[test]
    fn the_view_kept_for_the_renderers_holds_no_record_trees() {
        // The demo and two fixtures that hold the Markdown fields the demo does not.
        let mut fields = std::collections::BTreeSet::new();
        for folder in [
            &[""][..],
            &["tests/fixtures/html-pack"],
            &[
                "tests/fixtures/rules-clean",
                "tests/fixtures/rules/advance-decision-not-followed/clean",
            ],
        ] {
            let (written, kept) = built(folder, true);
            let json: serde_json::Value = serde_json::from_slice(&written).expect("JSON");
            let mut in_json = Vec::new();
            trees(&json, &mut in_json, "");
            fields.extend(in_json.iter().map(|p| {
                p.split('.')
                    .map(|part| part.split('[').next().unwrap_or(part))
                    .collect::<Vec<_>>()
                    .join(".")
            }));
            let mut in_kept = Vec::new();
            trees(&kept, &mut in_kept, "");
            in_kept.retain(|p| p != ".pack.summary");
            assert!(in_kept.is_empty(), "{folder:?}: trees kept at {in_kept:?}");
        }
        // Every kind of Markdown field in a record is in one of these packs, so each is checked.
        for field in [
            ".decisions.capacity.wishes",
            ".decisions.capacity.advance_decision",
            ".decisions.capacity.advance_decision_reason",
            ".decisions.restrictions.description",
            ".decisions.choice.summary",
            ".decisions.choice.what_matters",
            ".decisions.capacity.best_interests",
            ".decisions.decision.rationale",
            ".decisions.decision.least_restrictive",
            ".decisions.safeguarding.outcome",
            ".decisions.reviews.outcome",
            ".decisions.safeguarding.person_wants",
            ".decisions.incidents.summary",
            ".decisions.incidents.learning",
            ".decisions.outcomes.summary",
            ".decisions.liberty.reasons",
            ".examples.situation",
            ".examples.action",
            ".examples.outcome",
            ".examples.learning",
        ] {
            assert!(fields.contains(field), "{field} in pack.json: {fields:?}");
        }
    }

    fn strip_trees(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                map.remove("blocks");
                map.values_mut().for_each(strip_trees);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip_trees),
            _ => {}
        }
    }
}
