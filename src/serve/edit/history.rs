//! Earlier versions of the files the editor writes, in the pack's own
//! `.evidence-pack/history/<relative path>/<timestamp>.toml`: a copy of the file as it was is kept
//! before each save, for "Undo the last save" and "Restore an earlier version". A file's copies
//! are kept for 30 days or the last 50, whichever keeps more. The folder is the tool's own: it is
//! hidden, so it is never read as content.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Serialize;

/// The pack's own folder, for the editor's history.
pub const HISTORY_DIR: &str = ".evidence-pack/history";

/// Copies younger than this are kept, however many there are.
pub const KEEP_DAYS: i64 = 30;
/// At least this many copies of a file are kept, however old.
pub const KEEP_LAST: usize = 50;

const STAMP: &str = "%Y%m%dT%H%M%S%.3fZ";

/// One earlier version of a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Version {
    /// Its name in the history folder (`20261207T191500.123Z.toml`), which names it in requests.
    pub name: String,
    /// When it was replaced, for people: `7 December 2026 at 19:15:00`.
    pub when: String,
    pub bytes: u64,
}

fn folder(root: &Path, rel: &str) -> PathBuf {
    root.join(HISTORY_DIR).join(rel)
}

/// Keeps a copy of `text` (the file `rel` as it is before a save), then forgets copies beyond
/// what is kept. Returns the copy's name.
pub fn keep(root: &Path, rel: &str, text: &[u8], now: DateTime<Utc>) -> std::io::Result<String> {
    let dir = folder(root, rel);
    fs::create_dir_all(&dir)?;
    let stamp = now.format(STAMP).to_string();
    let mut name = format!("{stamp}.toml");
    let mut n = 1;
    while dir.join(&name).exists() {
        n += 1;
        name = format!("{stamp}-{n}.toml");
    }
    fs::write(dir.join(&name), text)?;
    prune(&dir, now);
    Ok(name)
}

/// When a copy was made, from its name.
fn stamp_of(name: &str) -> Option<DateTime<Utc>> {
    let stem = name.strip_suffix(".toml")?;
    let stamp = stem.split('-').next()?;
    NaiveDateTime::parse_from_str(stamp, STAMP)
        .ok()
        .map(|t| t.and_utc())
}

/// The names of a file's copies, oldest first.
fn names(dir: &Path) -> Vec<String> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| stamp_of(n).is_some())
        .collect();
    names.sort_by_key(|n| (stamp_of(n), n.len(), n.clone()));
    names
}

/// Removes copies older than [`KEEP_DAYS`] beyond the last [`KEEP_LAST`].
fn prune(dir: &Path, now: DateTime<Utc>) {
    let names = names(dir);
    let beyond_last = names.len().saturating_sub(KEEP_LAST);
    for name in &names[..beyond_last] {
        let old = stamp_of(name).is_some_and(|t| (now - t).num_days() >= KEEP_DAYS);
        if old {
            let _ = fs::remove_file(dir.join(name));
        }
    }
}

/// A file's earlier versions, newest first.
pub fn list(root: &Path, rel: &str) -> Vec<Version> {
    let dir = folder(root, rel);
    let mut out: Vec<Version> = names(&dir)
        .into_iter()
        .map(|name| {
            let bytes = fs::metadata(dir.join(&name)).map_or(0, |m| m.len());
            let when = stamp_of(&name)
                .map(|t| {
                    let local = t.with_timezone(&chrono::Local);
                    format!(
                        "{} at {}",
                        crate::model::Date(local.date_naive()).long(),
                        local.format("%H:%M:%S")
                    )
                })
                .unwrap_or_default();
            Version { name, when, bytes }
        })
        .collect();
    out.reverse();
    out
}

/// The text of one earlier version, named as [`list`] names it (no other name is read).
pub fn read(root: &Path, rel: &str, name: &str) -> Option<Vec<u8>> {
    let known = names(&folder(root, rel)).into_iter().any(|n| n == name);
    if !known {
        return None;
    }
    fs::read(folder(root, rel).join(name)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(day: u32, second: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, day, 10, 0, second).unwrap()
    }

    #[test]
    fn copies_are_listed_newest_first_and_read_back_by_name_only() {
        let dir = tempfile::tempdir().unwrap();
        let rel = "content/decisions/d-001.toml";
        let first = keep(dir.path(), rel, b"one", at(1, 0)).unwrap();
        let second = keep(dir.path(), rel, b"two", at(1, 1)).unwrap();
        let same_time = keep(dir.path(), rel, b"three", at(1, 1)).unwrap();
        assert_ne!(second, same_time);
        let listed = list(dir.path(), rel);
        let names: Vec<&str> = listed.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, [same_time.as_str(), second.as_str(), first.as_str()]);
        assert_eq!(read(dir.path(), rel, &first).unwrap(), b"one");
        assert!(read(dir.path(), rel, "../../../pack.toml").is_none());
        assert!(read(dir.path(), "content/decisions/other.toml", &first).is_none());
        assert!(
            listed[0].when.contains("December 2026 at"),
            "{:?}",
            listed[0]
        );
    }

    #[test]
    fn thirty_days_or_the_last_fifty_whichever_keeps_more() {
        let dir = tempfile::tempdir().unwrap();
        let rel = "pack.toml";
        // Copies of `rel` a second apart from `day`.
        let keep_60 = |rel: &str, bytes: &[u8], day: u32| {
            for i in 0..60 {
                let when = at(day, 0) + chrono::Duration::seconds(i);
                keep(dir.path(), rel, bytes, when).unwrap();
            }
        };
        // 60 old copies: only the last 50 are kept.
        keep_60(rel, b"old", 1);
        let later = at(1, 0) + chrono::Duration::days(40);
        keep(dir.path(), rel, b"new", later).unwrap();
        assert_eq!(list(dir.path(), rel).len(), KEEP_LAST);
        // 60 recent copies: all kept.
        let rel = "content/examples/px.toml";
        keep_60(rel, b"x", 5);
        assert_eq!(list(dir.path(), rel).len(), 60);
    }
}
