//! The page in parts, for the live preview (`evidence-pack serve`): the page around the records,
//! with a marker where each list of records goes, and each record's HTML apart. An open page can
//! then be updated record by record; and a record whose template is given the same data as at
//! the last rebuild keeps the HTML it had rather than being rendered again.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::{
    DECISION, DECISIONS_MARK, EXAMPLE, EXAMPLES_MARK, HtmlRenderer, Records, base_context,
    page_context, render_shell, tera, uses_own_html,
};
use crate::error::Error;
use crate::hash::Hasher;
use crate::render::RenderContext;

/// The page around its records, and the records.
#[derive(Debug)]
pub struct PageParts {
    /// The page with a marker (an HTML comment) where each list of records goes.
    pub frame: String,
    /// Each list of records, in the order of their markers in the frame.
    pub lists: Vec<RecordList>,
}

#[derive(Debug, Clone)]
pub struct RecordList {
    /// The comment that stands for this list in the frame.
    pub marker: &'static str,
    pub records: Vec<RenderedRecord>,
}

#[derive(Debug, Clone)]
pub struct RenderedRecord {
    /// The `id` of the record's element on the page.
    pub anchor: String,
    /// The SHA-256 of everything the record's template was given, and of the templates.
    fingerprint: [u8; 32],
    /// The record's HTML, one element, without the white space around it.
    pub html: Arc<str>,
}

impl PageParts {
    /// Puts `html` (one element whose id is `anchor`) among the decision records (or the
    /// examples) before the one at `at`: the live preview's card for a file that could not be
    /// read, in the place its record would have. Nothing when the page has no such list.
    pub fn insert_card(&mut self, decisions: bool, at: usize, anchor: String, html: String) {
        let marker = if decisions {
            DECISIONS_MARK
        } else {
            EXAMPLES_MARK
        };
        let Some(list) = self.lists.iter_mut().find(|l| l.marker == marker) else {
            return;
        };
        let at = at.min(list.records.len());
        list.records.insert(
            at,
            RenderedRecord {
                anchor,
                fingerprint: crate::hash::sha256(html.as_bytes()),
                html: Arc::from(html),
            },
        );
    }
}

/// Writes `frame` with each list's marker replaced by its records, one per line.
pub fn fill(frame: &str, lists: &[RecordList], out: &mut Vec<u8>) {
    let mut rest = frame;
    for list in lists {
        let Some(at) = rest.find(list.marker) else {
            continue;
        };
        out.extend_from_slice(&rest.as_bytes()[..at]);
        for (i, record) in list.records.iter().enumerate() {
            if i > 0 {
                out.push(b'\n');
            }
            out.extend_from_slice(record.html.as_bytes());
        }
        rest = &rest[at + list.marker.len()..];
    }
    out.extend_from_slice(rest.as_bytes());
}

impl HtmlRenderer {
    /// The page in parts, as the live preview shows it (each record's findings beside it). The
    /// HTML of each record of `previous` whose template would be given the same data is kept.
    /// `None` when the pack's own HTML templates place the records, so that the page can only
    /// be rendered whole ([`HtmlRenderer::render_page`]).
    pub fn render_parts(
        &self,
        cx: &RenderContext,
        previous: Option<&PageParts>,
    ) -> Result<Option<PageParts>, Error> {
        if uses_own_html(cx.templates) {
            return Ok(None);
        }
        let tera = tera(cx.templates)?;
        let view = cx.view;
        let base = base_context(view, true);
        let mut page = page_context(view, &base);
        let Some(shell) = render_shell(&tera, cx, &mut page)? else {
            return Ok(None);
        };
        let records = Records {
            tera: &tera,
            templates: cx.templates,
            base: &base,
        };
        let seed = seed(cx);
        let known: HashMap<[u8; 32], Arc<str>> = previous
            .into_iter()
            .flat_map(|p| &p.lists)
            .flat_map(|l| &l.records)
            .map(|r| (r.fingerprint, Arc::clone(&r.html)))
            .collect();
        let mut lists = Vec::new();
        for &(_, marker) in &shell.marks {
            let records = if marker == DECISIONS_MARK {
                render_list(
                    &records,
                    &seed,
                    &known,
                    DECISION,
                    "d",
                    &view.decisions,
                    |d| &d.anchor,
                )?
            } else {
                render_list(&records, &seed, &known, EXAMPLE, "e", &view.examples, |e| {
                    &e.anchor
                })?
            };
            lists.push(RecordList { marker, records });
        }
        Ok(Some(PageParts {
            frame: shell.html,
            lists,
        }))
    }
}

/// What every record's fingerprint starts from: the HTML templates (the built-in ones, as parts
/// are only rendered with those). Their record templates read nothing but their record (and
/// `serve`, always true here; a test checks this), so a change to the pack's findings, settings,
/// `style.css` or `pack.typ` does not make every record render again.
fn seed(cx: &RenderContext) -> Hasher {
    let mut seed = Hasher::default();
    for (name, template) in cx
        .templates
        .iter()
        .filter(|(name, _)| name.ends_with(".html"))
    {
        seed.update(name.as_bytes());
        seed.update(&[0]);
        seed.update(template.text.as_bytes());
        seed.update(&[0]);
    }
    seed
}

/// Each item's HTML: the known HTML for its fingerprint, or rendered afresh.
fn render_list<T: Serialize + Sync>(
    records: &Records,
    seed: &Hasher,
    known: &HashMap<[u8; 32], Arc<str>>,
    template: &str,
    key: &'static str,
    items: &[T],
    anchor: impl Fn(&T) -> &String + Sync,
) -> Result<Vec<RenderedRecord>, Error> {
    items
        .par_iter()
        .map(|item| {
            let mut hasher = seed.clone();
            hasher.update(template.as_bytes());
            serde_json::to_writer(&mut hasher, item)
                .map_err(|e| Error::new(format!("the page could not be prepared: {e}")))?;
            let fingerprint = hasher.finish();
            let html = match known.get(&fingerprint) {
                Some(html) => Arc::clone(html),
                None => {
                    let html = records.one(template, key, item)?;
                    let html = String::from_utf8(html).expect("templates render UTF-8");
                    Arc::from(html.trim())
                }
            };
            Ok(RenderedRecord {
                anchor: anchor(item).clone(),
                fingerprint,
                html,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use super::{PageParts, fill};
    use crate::load::load;
    use crate::render::RenderContext;
    use crate::render::html::HtmlRenderer;
    use crate::render::templates::Templates;
    use crate::view::{self, ViewInput};

    /// The demo pack's page as the live preview renders it: whole, and in parts (twice, the
    /// second time from the first).
    fn demo_pages() -> (Vec<u8>, PageParts, PageParts) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let pack = load(root).expect("the demo pack loads");
        let as_of = pack.config.pack.as_of.expect("the demo pack has as_of");
        let findings = crate::rules::check(&pack, as_of);
        let input = ViewInput::of_whole_pack(&pack, as_of, &findings, true);
        let view = view::build(&input, None).expect("built");
        // The demo's templates/ folder holds copies of the built-in templates.
        let templates = Templates::for_pack(root).expect("templates");
        let cx = RenderContext {
            view: &view,
            pack_json: Path::new("pack.json"),
            templates: &templates,
        };
        let mut whole = Vec::new();
        HtmlRenderer.render_page(&cx, true, &mut whole).unwrap();
        let first = HtmlRenderer
            .render_parts(&cx, None)
            .unwrap()
            .expect("parts");
        let second = HtmlRenderer
            .render_parts(&cx, Some(&first))
            .unwrap()
            .expect("parts");
        (whole, first, second)
    }

    /// The page with the white space between tags taken out.
    fn squeezed(html: &[u8]) -> String {
        let html = String::from_utf8(html.to_vec()).unwrap();
        regex::Regex::new(r">\s+<")
            .unwrap()
            .replace_all(&html, "><")
            .into_owned()
    }

    /// The fingerprint of a record leaves out what every template is given (`pack`, `draft`):
    /// so the built-in record templates must not read it.
    #[test]
    fn the_record_templates_read_only_their_record() {
        let tags = regex::Regex::new(r"(?s)\{\{.*?\}\}|\{%.*?%\}").unwrap();
        let shared = regex::Regex::new(r"\b(pack|draft)\b").unwrap();
        for name in ["decision.html", "example.html", "decision_outcomes.html"] {
            let text = crate::render::templates::built_in(name).unwrap();
            let includes: Vec<&str> = tags
                .find_iter(text)
                .map(|t| t.as_str())
                .filter(|t| t.contains("include"))
                .collect();
            assert!(tags.find_iter(text).count() > 5, "{name}: no tags found");
            for tag in tags.find_iter(text) {
                assert!(!shared.is_match(tag.as_str()), "{name}: {}", tag.as_str());
            }
            for include in includes {
                assert!(
                    include.contains("\"decision_outcomes.html\""),
                    "{name} includes a template this test does not read: {include}"
                );
            }
        }
    }

    #[test]
    fn the_parts_make_the_whole_page_and_unchanged_records_keep_their_html() {
        let (whole, first, second) = demo_pages();
        let mut filled = Vec::new();
        fill(&first.frame, &first.lists, &mut filled);
        assert_eq!(squeezed(&filled), squeezed(&whole));
        let records: Vec<_> = first.lists.iter().flat_map(|l| &l.records).collect();
        assert!(records.len() > 10, "{} records", records.len());
        for record in &records {
            assert!(record.html.starts_with("<article") && record.html.ends_with("</article>"));
            assert!(record.html.contains(&format!("id=\"{}\"", record.anchor)));
        }
        // Rendered again from the first: every record's HTML is the same one, not a copy.
        let again: Vec<_> = second.lists.iter().flat_map(|l| &l.records).collect();
        assert_eq!(again.len(), records.len());
        for (a, b) in records.iter().zip(&again) {
            assert!(Arc::ptr_eq(&a.html, &b.html), "{} rendered again", a.anchor);
        }
        assert_eq!(first.frame, second.frame);
    }
}
