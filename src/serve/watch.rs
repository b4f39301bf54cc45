//! Watches the pack's files for saves: `content/`, `frameworks/`, `templates/`, `tenders/` and `private/`
//! recursively, and the pack's own folder (for pack.toml, which editors often replace by renaming
//! a new file over it) on its own. Bursts of events are coalesced by notify-debouncer-full; access
//! events, hidden files, editors' swap and backup files and `output/` are ignored.

use std::collections::{BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use notify::{EventKind, PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer_opt};

/// The folders of a pack whose files are watched, recursively. `private/` holds the privacy
/// register (the names the `possible-identifier` rule looks for), which is never shown but
/// changes the findings.
pub const WATCHED_DIRS: &[&str] = &["content", "frameworks", "templates", "tenders", "private"];

/// How long events must have stopped before they are handed on as one change. Editors write a
/// file in several steps (a temporary file, a rename, a change of attributes) within a few
/// milliseconds; the browser editor's save, within one. Every millisecond here is waited for
/// between Save and the preview updated (issue 24: within 300 ms at 1,000 records).
const QUIET: Duration = Duration::from_millis(20);
const TICK: Duration = Duration::from_millis(10);
/// How often `--poll` looks at every file. It compares their contents, not only their times
/// (notify's polling keeps times in whole seconds, so a second save within a second would be
/// missed).
const POLL_EVERY: Duration = Duration::from_millis(500);

/// Whether a change to `path` can change the page: a file in one of [`WATCHED_DIRS`], or
/// pack.toml, that is not hidden and not an editor's swap or backup file.
pub fn relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let parts: Vec<&str> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_str().unwrap_or("\u{FFFD}")),
            _ => None,
        })
        .collect();
    let Some(name) = parts.last() else {
        return false;
    };
    if parts.iter().any(|p| p.starts_with('.')) || editor_litter(name) {
        return false;
    }
    match parts.as_slice() {
        [only] => *only == "pack.toml" || WATCHED_DIRS.contains(only),
        [first, ..] => WATCHED_DIRS.contains(first),
        [] => false,
    }
}

/// Files editors write beside the one being edited: Vim's swap files and its `4913` probe,
/// backups ending `~`, Emacs's `#autosave#` files.
fn editor_litter(name: &str) -> bool {
    name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name == "4913"
        || (name.starts_with('#') && name.ends_with('#'))
}

/// What the preview's rebuild is told about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A file the watcher saw change.
    Watched(PathBuf),
    /// A file the editor has just written, with the SHA-256 of what it wrote: the preview
    /// rebuilds at once, rather than when the watcher has seen the write (issue 24: Save to
    /// preview updated within 300 ms).
    Written(PathBuf, String),
}

/// The files the editor wrote, as written, once a rebuild has read them: the watcher's own report
/// of such a write, with the file still as written, needs no second rebuild.
#[derive(Debug, Default)]
pub struct Written {
    files: HashMap<PathBuf, String>,
}

impl Written {
    /// Whether `changes` hold anything a rebuild has not yet read: a write by the editor, or a
    /// change the watcher saw that is not the echo of one.
    pub fn anything_new(&mut self, changes: &[Change]) -> bool {
        let mut new = false;
        for change in changes {
            match change {
                Change::Written(path, sha256) => {
                    self.files.insert(path.clone(), sha256.clone());
                    new = true;
                }
                Change::Watched(path) => {
                    let echo = self.files.get(path).is_some_and(|sha256| {
                        std::fs::read(path)
                            .is_ok_and(|now| crate::hash::sha256_hex(&now) == *sha256)
                    });
                    if !echo {
                        self.files.remove(path);
                        new = true;
                    }
                }
            }
        }
        new
    }
}

enum AnyDebouncer {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, RecommendedCache>),
}

impl AnyDebouncer {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            AnyDebouncer::Native(d) => d.watch(path, mode),
            AnyDebouncer::Poll(d) => d.watch(path, mode),
        }
    }

    fn unwatch(&mut self, path: &Path) -> notify::Result<()> {
        match self {
            AnyDebouncer::Native(d) => d.unwatch(path),
            AnyDebouncer::Poll(d) => d.unwatch(path),
        }
    }
}

/// A running watch. Dropping it stops watching.
pub struct Watch {
    root: PathBuf,
    debouncer: AnyDebouncer,
    watched: BTreeSet<&'static str>,
}

impl Watch {
    /// Starts watching the pack at `root` (an absolute, canonical path). `on_change` is called,
    /// on the watcher's own thread, with the relevant paths of each burst of changes.
    pub fn start(
        root: &Path,
        poll: bool,
        on_change: impl Fn(Vec<PathBuf>) + Send + 'static,
    ) -> Result<Watch, String> {
        let filter_root = root.to_path_buf();
        let handler = move |result: DebounceEventResult| {
            let Ok(events) = result else {
                // The watcher lost track (for example, too many events at once): look again.
                on_change(vec![filter_root.join("content")]);
                return;
            };
            let paths: Vec<PathBuf> = events
                .into_iter()
                .filter(|e| !matches!(e.kind, EventKind::Access(_)))
                .flat_map(|e| e.event.paths)
                .filter(|p| relevant(&filter_root, p))
                .collect();
            if !paths.is_empty() {
                on_change(paths);
            }
        };
        let fail =
            |e: notify::Error| format!("the pack's files cannot be watched for changes: {e}");
        let debouncer = if poll {
            let config = notify::Config::default()
                .with_poll_interval(POLL_EVERY)
                .with_compare_contents(true);
            AnyDebouncer::Poll(
                new_debouncer_opt(QUIET, Some(TICK), handler, RecommendedCache::new(), config)
                    .map_err(fail)?,
            )
        } else {
            AnyDebouncer::Native(
                new_debouncer_opt(
                    QUIET,
                    Some(TICK),
                    handler,
                    RecommendedCache::new(),
                    notify::Config::default(),
                )
                .map_err(fail)?,
            )
        };
        let mut watch = Watch {
            root: root.to_path_buf(),
            debouncer,
            watched: BTreeSet::new(),
        };
        watch
            .debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(fail)?;
        watch.refresh(&[]);
        Ok(watch)
    }

    /// Watches the folders of [`WATCHED_DIRS`] that exist now, and stops watching those that are
    /// gone. A folder named in `changed` (made again since it was watched) is watched afresh.
    pub fn refresh(&mut self, changed: &[PathBuf]) {
        for &dir in WATCHED_DIRS {
            let path = self.root.join(dir);
            let exists = path.is_dir();
            let was = self.watched.contains(dir);
            let remade = changed.contains(&path);
            if was && (!exists || remade) {
                let _ = self.debouncer.unwatch(&path);
                self.watched.remove(dir);
            }
            if exists
                && !self.watched.contains(dir)
                && self
                    .debouncer
                    .watch(&path, RecursiveMode::Recursive)
                    .is_ok()
            {
                self.watched.insert(dir);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Change, Written, relevant};
    use std::path::Path;

    #[test]
    fn the_watchers_report_of_the_editors_own_write_is_passed_over_and_nothing_else() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let file = dir.path().join("d-001.toml");
        let other = dir.path().join("d-002.toml");
        std::fs::write(&file, "title = \"A\"\n").expect("written");
        let sha = crate::hash::sha256_hex(b"title = \"A\"\n");
        let mut written = Written::default();
        // The editor's write is new; the watcher's echo of it is not.
        assert!(written.anything_new(&[Change::Written(file.clone(), sha.clone())]));
        assert!(!written.anything_new(&[Change::Watched(file.clone())]));
        assert!(!written.anything_new(&[Change::Watched(file.clone())]));
        // Another file in the same batch is new.
        assert!(written.anything_new(&[Change::Watched(file.clone()), Change::Watched(other)]));
        // The file changed by something else since: new, and so is its next change.
        std::fs::write(&file, "title = \"B\"\n").expect("written");
        assert!(written.anything_new(&[Change::Watched(file.clone())]));
        std::fs::write(&file, "title = \"A\"\n").expect("written");
        assert!(written.anything_new(&[Change::Watched(file.clone())]));
    }

    #[test]
    fn only_the_packs_own_files_count() {
        let root = Path::new("/p");
        let yes = [
            "/p/pack.toml",
            "/p/content/decisions/d-001.toml",
            "/p/content",
            "/p/templates/pack.html",
            "/p/frameworks/x.toml",
            "/p/tenders/t/answers/q1.toml",
            "/p/private/people.toml",
        ];
        let no = [
            "/p/output/pack.html",
            "/p/README.md",
            "/p/content/decisions/.d-001.toml.swp",
            "/p/content/decisions/d-001.toml~",
            "/p/content/decisions/d-001.toml.swx",
            "/p/content/decisions/4913",
            "/p/content/decisions/#d-001.toml#",
            "/p/.git/index",
            "/p/.output.building-1/pack.html",
            "/elsewhere/pack.toml",
            "/p",
        ];
        for path in yes {
            assert!(relevant(root, Path::new(path)), "{path}");
        }
        for path in no {
            assert!(!relevant(root, Path::new(path)), "{path}");
        }
    }
}
