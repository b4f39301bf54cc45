//! The page in parts, for the live preview (`evidence-pack serve`): the page around the records,
//! with a marker where each list of records goes, and each record's HTML apart. An open page can
//! then be updated record by record; and a record whose template is given the same data as at
//! the last rebuild keeps the HTML it had rather than being rendered again.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::{
    DECISION, DECISIONS_MARK, EXAMPLE, HtmlRenderer, Records, base_context, page_context,
    render_shell, tera, uses_own_html,
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
        let seed = seed(cx)?;
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

/// What every record's fingerprint starts from: the templates and what every record's template
/// is given besides the record.
fn seed(cx: &RenderContext) -> Result<Hasher, Error> {
    let mut seed = Hasher::default();
    for (name, template) in cx.templates.iter() {
        seed.update(name.as_bytes());
        seed.update(&[0]);
        seed.update(template.text.as_bytes());
        seed.update(&[0]);
    }
    serde_json::to_writer(&mut seed, &(&cx.view.pack, &cx.view.draft))
        .map_err(|e| Error::new(format!("the page could not be prepared: {e}")))?;
    Ok(seed)
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
