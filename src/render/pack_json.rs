//! `output/pack.json`: the view model as compact JSON, written record by record while the view
//! is built, so that the records' Markdown trees (for the PDF template) are never all held at
//! once. The result is exactly `serde_json::to_vec(&view)` of the whole view with its trees,
//! followed by a newline.

use std::io;

use super::output::WritePieces;

use serde::Serialize;

use super::view::{
    CoverageFramework, Dashboard, DraftView, PackMeta, PackView, SCHEMA_VERSION, SectionLink,
};

/// The fields of [`PackView`] before the records, in the same order.
#[derive(Serialize)]
struct Head<'a> {
    schema_version: u32,
    generator: &'a str,
    pack: &'a PackMeta,
    draft: &'a Option<DraftView>,
    sections: &'a [SectionLink],
    dashboard: &'a Dashboard,
    headline: &'a super::first_page::Headline,
    coverage: &'a [CoverageFramework],
}

/// Writes pack.json: [`PackJson::start`] with the view's head, the decisions one by one, then
/// [`PackJson::examples`], the examples, and [`PackJson::finish`].
pub struct PackJson<W: WritePieces> {
    out: W,
}

impl<W: WritePieces> PackJson<W> {
    /// Writes everything before the first decision record.
    pub fn start(mut out: W, view: &PackView) -> io::Result<PackJson<W>> {
        debug_assert_eq!(view.schema_version, SCHEMA_VERSION);
        let head = Head {
            schema_version: view.schema_version,
            generator: &view.generator,
            pack: &view.pack,
            draft: &view.draft,
            sections: &view.sections,
            dashboard: &view.dashboard,
            headline: &view.headline,
            coverage: &view.coverage,
        };
        let mut bytes = serde_json::to_vec(&head).map_err(io::Error::other)?;
        // `{…}` becomes `{…,"decisions":[`: the records follow as they are built.
        bytes.pop();
        out.write_all(&bytes)?;
        out.write_all(b",\"decisions\":[")?;
        Ok(PackJson { out })
    }

    /// Records or examples, in order, as [`to_json`] gave them.
    pub fn items(&mut self, items: Vec<Vec<u8>>) -> io::Result<()> {
        self.out.write_pieces(items)
    }

    /// Ends the decision records; the practice examples follow.
    pub fn examples(&mut self) -> io::Result<()> {
        self.out.write_all(b"],\"examples\":[")
    }

    pub fn finish(mut self) -> io::Result<W> {
        self.out.write_all(b"]}\n")?;
        Ok(self.out)
    }
}

/// One record or example as compact JSON, with its Markdown trees; after a comma unless it is
/// the first of its list.
pub fn to_json<T: Serialize>(item: &T, first: bool) -> Vec<u8> {
    let mut json = Vec::with_capacity(16 * 1024);
    if !first {
        json.push(b',');
    }
    serde_json::to_writer(&mut json, item).expect("the view model serialises");
    json
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::load::load;
    use crate::render::view::{self, ViewInput};

    /// The demo pack, built as `build` builds it: pack.json as written, and the view kept.
    fn demo() -> (serde_json::Value, serde_json::Value) {
        let (written, kept) = demo_bytes();
        let json = serde_json::from_slice(&written).expect("pack.json is JSON");
        (json, kept)
    }

    fn demo_bytes() -> (Vec<u8>, serde_json::Value) {
        let pack = load(Path::new(env!("CARGO_MANIFEST_DIR"))).expect("the demo pack loads");
        let as_of = pack.config.pack.as_of.expect("the demo pack has as_of");
        let findings = crate::rules::check(&pack, as_of);
        let input = ViewInput {
            pack: &pack,
            decisions: pack.decisions.iter().map(|d| &d.item).collect(),
            examples: pack.examples.iter().map(|e| &e.item).collect(),
            as_of,
            findings: &findings,
            draft: false,
        };
        let mut written = Vec::new();
        let kept = view::build(&input, &mut written).expect("built");
        assert!(written.ends_with(b"}\n"));
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
                "decisions",
                "examples"
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
    fn the_view_kept_for_the_renderers_holds_no_record_trees() {
        let (json, kept) = demo();
        let mut in_json = Vec::new();
        trees(&json, &mut in_json, "");
        let fields: std::collections::BTreeSet<String> = in_json
            .iter()
            .map(|p| {
                p.split('.')
                    .map(|part| part.split('[').next().unwrap_or(part))
                    .collect::<Vec<_>>()
                    .join(".")
            })
            .collect();
        // Every kind of Markdown field in a record is in the demo pack, so each is checked.
        for field in [
            ".decisions.choice.summary",
            ".decisions.choice.what_matters",
            ".decisions.capacity.best_interests",
            ".decisions.decision.rationale",
            ".decisions.decision.least_restrictive",
            ".decisions.safeguarding.outcome",
            ".decisions.reviews.outcome",
            ".examples.situation",
            ".examples.action",
            ".examples.outcome",
            ".examples.learning",
        ] {
            assert!(fields.contains(field), "{field} in pack.json: {fields:?}");
        }
        let mut in_kept = Vec::new();
        trees(&kept, &mut in_kept, "");
        assert_eq!(in_kept, [".pack.summary"]);
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
