//! How an open page updates itself without reloading: the server keeps the parts of the last few
//! pages it served (the page around the records, and each record's HTML), and tells a page
//! showing an older version what changed since: the page around the records when it changed,
//! the order of each list of records, and the HTML of each record that changed or is new.
//! The reload script (assets/reload.js) applies it; a page reloads whole when it cannot be
//! patched (a pack's own HTML templates, a version the server no longer keeps, two records with
//! one anchor).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use serde::Serialize;

use crate::render::html::parts::{PageParts, RecordList, fill};

/// Where the reload script's tag goes in a frame; the page served has the tag itself.
pub const SCRIPT_SLOT: &str = "<!--evidence-pack:reload-script-->";

/// What is kept of a page served, to update an open page from it.
#[derive(Debug)]
pub struct ServedParts {
    /// The finished page (banner and styles included) with a marker where each list of records
    /// goes and [`SCRIPT_SLOT`] where the reload script's tag goes.
    pub frame: String,
    /// The records, shared with the rebuild that rendered them.
    pub page: Arc<PageParts>,
}

impl ServedParts {
    fn lists(&self) -> &[RecordList] {
        &self.page.lists
    }

    /// The page to serve: the frame with its records in place and `script` in its slot.
    pub fn page_html(&self, script: &str) -> Vec<u8> {
        let frame = self.frame.replacen(SCRIPT_SLOT, script, 1);
        let size: usize = self
            .lists()
            .iter()
            .flat_map(|l| &l.records)
            .map(|r| r.html.len() + 1)
            .sum();
        let mut out = Vec::with_capacity(frame.len() + size);
        fill(&frame, self.lists(), &mut out);
        out
    }

    /// Whether no anchor is used twice: an open page finds each record by its anchor.
    fn anchors_unique(&self) -> bool {
        let mut seen = HashSet::new();
        self.lists()
            .iter()
            .flat_map(|l| &l.records)
            .all(|r| seen.insert(r.anchor.as_str()))
    }
}

#[derive(Serialize)]
struct Patch<'a> {
    version: u64,
    /// True when the page must be loaded again whole.
    reload: bool,
    /// The new frame, when it changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    frame: Option<&'a str>,
    lists: Vec<ListPatch<'a>>,
    /// The HTML of each record that changed or is new, by anchor.
    records: BTreeMap<&'a str, &'a str>,
}

#[derive(Serialize)]
struct ListPatch<'a> {
    marker: &'a str,
    /// The anchors of the list's records on the open page, in order.
    from: Vec<&'a str>,
    /// The anchors of its records now, in order.
    to: Vec<&'a str>,
}

/// The JSON that tells a page showing `old` how to become `new` (version `version`); with `old`
/// or `new` unknown, or a page that cannot be patched, it says to reload.
pub fn patch(old: Option<&ServedParts>, new: Option<&ServedParts>, version: u64) -> String {
    let reload = || {
        serde_json::to_string(&Patch {
            version,
            reload: true,
            frame: None,
            lists: Vec::new(),
            records: BTreeMap::new(),
        })
        .expect("a patch serialises")
    };
    let (Some(old), Some(new)) = (old, new) else {
        return reload();
    };
    let same_lists = old.lists().len() == new.lists().len()
        && old
            .lists()
            .iter()
            .zip(new.lists())
            .all(|(a, b)| a.marker == b.marker);
    if !same_lists || !old.anchors_unique() || !new.anchors_unique() {
        return reload();
    }
    let before: HashMap<&str, &Arc<str>> = old
        .lists()
        .iter()
        .flat_map(|l| &l.records)
        .map(|r| (r.anchor.as_str(), &r.html))
        .collect();
    let records = new
        .lists()
        .iter()
        .flat_map(|l| &l.records)
        .filter(|r| {
            before
                .get(r.anchor.as_str())
                .is_none_or(|html| !Arc::ptr_eq(html, &r.html) && ***html != *r.html)
        })
        .map(|r| (r.anchor.as_str(), &*r.html))
        .collect();
    let lists = old
        .lists()
        .iter()
        .zip(new.lists())
        .map(|(a, b)| ListPatch {
            marker: b.marker,
            from: a.records.iter().map(|r| r.anchor.as_str()).collect(),
            to: b.records.iter().map(|r| r.anchor.as_str()).collect(),
        })
        .collect();
    serde_json::to_string(&Patch {
        version,
        reload: false,
        frame: (old.frame != new.frame).then_some(new.frame.as_str()),
        lists,
        records,
    })
    .expect("a patch serialises")
}
