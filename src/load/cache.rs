//! What `serve` keeps between rebuilds: each record file as parsed and validated, keyed by its
//! path and the SHA-256 of its bytes, so that after a save only the files whose bytes changed are
//! parsed and checked again. Every file is still read and hashed on each rebuild (that is cheap,
//! and it is what makes a save by rename, a restored backup or a missed event harmless).

use std::collections::HashMap;
use std::fs;
use std::path::Path;
use std::sync::{Arc, Mutex};

use super::read::{MAX_FILE_BYTES, Parsed};
use crate::diagnostics::Finding;
use crate::model::{DecisionRecord, PracticeExample};
use crate::source::{Digest, SourceFile};

/// The parsed record files of one pack, by kind.
#[derive(Default)]
pub struct RecordCache {
    decisions: Slot<DecisionRecord>,
    examples: Slot<PracticeExample>,
}

/// How many files the last rebuild parsed afresh, and how many it took from the cache.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    pub parsed: usize,
    pub reused: usize,
}

impl RecordCache {
    pub fn new() -> RecordCache {
        RecordCache::default()
    }

    /// Counts since the last call, and starts counting again.
    pub fn take_stats(&self) -> CacheStats {
        let mut total = CacheStats::default();
        for stats in [&self.decisions.stats, &self.examples.stats] {
            let s = std::mem::take(&mut *lock(stats));
            total.parsed += s.parsed;
            total.reused += s.reused;
        }
        total
    }
}

/// The kinds of record the cache holds.
pub trait Cached: Send + Sync + Sized {
    fn slot(cache: &RecordCache) -> &Slot<Self>;
}

impl Cached for DecisionRecord {
    fn slot(cache: &RecordCache) -> &Slot<Self> {
        &cache.decisions
    }
}

impl Cached for PracticeExample {
    fn slot(cache: &RecordCache) -> &Slot<Self> {
        &cache.examples
    }
}

pub struct Slot<T> {
    entries: Mutex<HashMap<String, Entry<T>>>,
    stats: Mutex<CacheStats>,
}

impl<T> Default for Slot<T> {
    fn default() -> Self {
        Slot {
            entries: Mutex::new(HashMap::new()),
            stats: Mutex::new(CacheStats::default()),
        }
    }
}

/// One file as it was parsed and validated.
pub struct Entry<T> {
    digest: Digest,
    parsed: Outcome<T>,
    validated: Vec<Finding>,
}

/// A file as read: its text and record, shared between the cache and the packs made from it (a
/// copy is two reference counts, not the record), or why it could not be read.
pub enum Outcome<T> {
    Ok(Arc<SourceFile>, Arc<T>),
    Invalid(Option<Arc<SourceFile>>, Vec<Finding>),
}

// Written out: a derived Clone would ask `T: Clone`, which sharing does not need.
impl<T> Clone for Outcome<T> {
    fn clone(&self) -> Self {
        match self {
            Outcome::Ok(source, item) => Outcome::Ok(Arc::clone(source), Arc::clone(item)),
            Outcome::Invalid(source, findings) => {
                Outcome::Invalid(source.clone(), findings.clone())
            }
        }
    }
}

impl<T> From<Parsed<T>> for Outcome<T> {
    fn from(parsed: Parsed<T>) -> Self {
        match parsed {
            Parsed::Ok(source, item) => Outcome::Ok(Arc::new(source), Arc::new(item)),
            Parsed::Invalid(source, findings) => Outcome::Invalid(source.map(Arc::new), findings),
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// The bytes of a file that may be a record, or `None` when it is not an ordinary file of a
/// size a record may be (the parser then says why).
fn read_record_bytes(path: &Path) -> Option<Vec<u8>> {
    let meta = fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_FILE_BYTES {
        return None;
    }
    fs::read(path).ok()
}

impl<T: Cached> Slot<T> {
    /// Takes every entry out, for one rebuild to look its files up in.
    pub(super) fn take(&self) -> HashMap<String, Entry<T>> {
        std::mem::take(&mut *lock(&self.entries))
    }

    /// Puts back the entries of the files the rebuild found (files gone since are forgotten).
    pub(super) fn put(&self, entries: HashMap<String, Entry<T>>, stats: CacheStats) {
        *lock(&self.entries) = entries;
        let mut total = lock(&self.stats);
        total.parsed += stats.parsed;
        total.reused += stats.reused;
    }
}

/// Reads one record file: from `old` when its bytes are the same as when it was cached, else by
/// `parse` (which reads it again: the entry is keyed by the digest of the bytes it parsed).
/// Returns the parsed file, its validation findings, and the entry to keep (`None`: the one in
/// `old`).
pub(super) fn read_cached<T>(
    old: &HashMap<String, Entry<T>>,
    path: &Path,
    rel: &str,
    parse: impl FnOnce() -> (Parsed<T>, Vec<Finding>),
) -> (Outcome<T>, Vec<Finding>, Option<Entry<T>>) {
    let bytes = read_record_bytes(path);
    let digest = bytes.as_deref().map(Digest::of);
    if let (Some(digest), Some(entry)) = (digest, old.get(rel))
        && entry.digest == digest
    {
        return (entry.parsed.clone(), entry.validated.clone(), None);
    }
    let (parsed, validated) = parse();
    let outcome = Outcome::from(parsed);
    let parsed_digest = match &outcome {
        Outcome::Ok(source, _) => source.digest,
        Outcome::Invalid(source, _) => source.as_ref().and_then(|s| s.digest),
    };
    // A file that could not be read has no digest: one that no file's bytes can have stands in,
    // so that it is read again next time.
    let digest = parsed_digest.or(digest).unwrap_or(Digest {
        sha256: [0; 32],
        bytes: u64::MAX,
    });
    let entry = Entry {
        digest,
        parsed: outcome.clone(),
        validated: validated.clone(),
    };
    (outcome, validated, Some(entry))
}

/// Reads `files` in parallel through the cache: each file whose bytes are unchanged is taken
/// from it, the others are read by `read`. The cache then holds exactly these files.
pub(super) fn load_all_cached<T: Cached>(
    cache: &RecordCache,
    root: &Path,
    files: &[String],
    overlay: &super::Overlay,
    read: impl Fn(&String) -> (Parsed<T>, Vec<Finding>) + Sync,
) -> Vec<(Outcome<T>, Vec<Finding>)> {
    use rayon::prelude::*;
    let slot = T::slot(cache);
    let mut old = slot.take();
    // A file with unsaved text in the overlay is read from there and never cached.
    let results: Vec<_> = files
        .par_iter()
        .map(|rel| match overlay.get(rel) {
            Some(_) => {
                let (parsed, validated) = read(rel);
                (Outcome::from(parsed), validated, None)
            }
            None => read_cached(&old, &root.join(rel), rel, || read(rel)),
        })
        .collect();
    let mut stats = CacheStats::default();
    let mut entries = HashMap::with_capacity(files.len());
    let mut out = Vec::with_capacity(files.len());
    for (rel, (parsed, validated, entry)) in files.iter().zip(results) {
        if overlay.get(rel).is_some() {
            // The saved file's entry (if any) stays for when the overlay is gone.
            stats.parsed += 1;
            if let Some(kept) = old.remove(rel) {
                entries.insert(rel.clone(), kept);
            }
            out.push((parsed, validated));
            continue;
        }
        let entry = match entry {
            Some(fresh) => {
                stats.parsed += 1;
                Some(fresh)
            }
            None => {
                stats.reused += 1;
                old.remove(rel)
            }
        };
        if let Some(entry) = entry {
            entries.insert(rel.clone(), entry);
        }
        out.push((parsed, validated));
    }
    slot.put(entries, stats);
    out
}
