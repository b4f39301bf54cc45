//! Each decision record's own findings, kept between the live preview's rebuilds: after a save,
//! a rebuild runs each record's rules only on the records whose parse changed (serve's cache shares
//! an unchanged record's `Arc`), and the rules across the pack in full. Everything a record's own
//! rules look at besides the record is in the context key: the as-of date and every file read that
//! is not a record (pack.toml, frameworks, the privacy register); when it changes, nothing is kept.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

use crate::diagnostics::Finding;
use crate::load::Pack;
use crate::model::{Date, DecisionRecord};
use crate::source::SourceFile;

/// The findings of each decision record's own rules at the last check (see the module).
#[derive(Default)]
pub struct Remembered {
    inner: Mutex<Inner>,
}

#[derive(Default)]
pub(super) struct Inner {
    context: u64,
    by_file: HashMap<String, Entry>,
}

pub(super) struct Entry {
    record: Arc<DecisionRecord>,
    source: Arc<SourceFile>,
    findings: Vec<Finding>,
}

impl Remembered {
    pub fn new() -> Remembered {
        Remembered::default()
    }

    /// What was kept for `pack` at `as_of` (nothing when the context changed), taken out for one
    /// check to look records up in.
    pub(super) fn take(&self, pack: &Pack, as_of: Date) -> Inner {
        let context = context_key(pack, as_of);
        let mut inner = std::mem::take(&mut *self.inner.lock().unwrap_or_else(|e| e.into_inner()));
        if inner.context != context {
            inner.by_file.clear();
        }
        inner.context = context;
        inner
    }

    /// Keeps each record's findings from this check for the next.
    pub(super) fn put(&self, context: u64, by_file: HashMap<String, Entry>) {
        *self.inner.lock().unwrap_or_else(|e| e.into_inner()) = Inner { context, by_file };
    }
}

impl Inner {
    pub(super) fn context(&self) -> u64 {
        self.context
    }

    /// The findings kept for this very record (the same parse of the same file), if any.
    pub(super) fn findings_of(
        &self,
        pack: &Pack,
        record: &crate::load::Loaded<DecisionRecord>,
    ) -> Option<&[Finding]> {
        let source = &pack.sources[record.source];
        let entry = self.by_file.get(&source.rel)?;
        (Arc::ptr_eq(&entry.record, &record.item) && Arc::ptr_eq(&entry.source, source))
            .then_some(entry.findings.as_slice())
    }
}

/// The entry to keep for `record`, whose own rules found `findings`.
pub(super) fn entry(
    pack: &Pack,
    record: &crate::load::Loaded<DecisionRecord>,
    findings: &[Finding],
) -> (String, Entry) {
    let source = &pack.sources[record.source];
    (
        source.rel.clone(),
        Entry {
            record: Arc::clone(&record.item),
            source: Arc::clone(source),
            findings: findings.to_vec(),
        },
    )
}

/// The as-of date and every file read that is not a record or an example, as one number.
fn context_key(pack: &Pack, as_of: Date) -> u64 {
    let records: std::collections::HashSet<usize> = pack
        .decisions
        .iter()
        .map(|d| d.source)
        .chain(pack.examples.iter().map(|e| e.source))
        .collect();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    as_of.iso().hash(&mut hasher);
    pack.privacy_names.hash(&mut hasher);
    for (i, source) in pack.sources.iter().enumerate() {
        if !records.contains(&i) {
            source.rel.hash(&mut hasher);
            source.text.hash(&mut hasher);
        }
    }
    hasher.finish()
}
