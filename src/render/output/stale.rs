//! Tidying up after builds that were killed part-way.

use std::fs;
use std::path::Path;

use super::{Owned, PACK_OUTPUT};

/// Removes the temporary folders (`.NAME.building-PID-…`) and set-aside previous outputs
/// (`.NAME.previous-PID`) that builds killed part-way left beside the output folder. A build
/// that is killed (SIGKILL, a power cut) cannot tidy up after itself; the next build does. A
/// folder is removed only when the process that made it is no longer running (or, for a name
/// without a process id, when it is more than a day old) and it holds nothing but files a build
/// writes, so a build running at the same time and anything that is not ours are left alone.
pub fn remove_stale(parent: &Path, name: &str) {
    remove_stale_owned(parent, name, PACK_OUTPUT)
}

/// As [`remove_stale`], for an output folder of the kind `owned` says.
pub(super) fn remove_stale_owned(parent: &Path, name: &str, owned: Owned) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let building = format!(".{name}.building-");
    let previous = format!(".{name}.previous-");
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name
            .strip_prefix(&building)
            .or_else(|| file_name.strip_prefix(&previous))
        else {
            continue;
        };
        let path = entry.path();
        let Ok(meta) = fs::symlink_metadata(&path) else {
            continue;
        };
        if !meta.is_dir() {
            continue;
        }
        let pid: Option<u32> = rest.split('-').next().and_then(|p| p.parse().ok());
        let stale = match pid {
            Some(pid) => pid != std::process::id() && !process_running(pid),
            None => meta
                .modified()
                .ok()
                .and_then(|m| m.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 24 * 60 * 60),
        };
        if !stale || !holds_only_outputs(&path, owned) {
            continue;
        }
        // Killed between its two renames, a build leaves no output folder, only the previous
        // one set aside: put it back.
        let dir = parent.join(name);
        if file_name.starts_with(&previous)
            && fs::symlink_metadata(&dir).is_err()
            && fs::rename(&path, &dir).is_ok()
        {
            continue;
        }
        let _ = fs::remove_dir_all(&path);
    }
}

/// Whether a process is running. Where this cannot be known (no /proc), it is assumed to be, so
/// nothing is removed.
fn process_running(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

fn holds_only_outputs(dir: &Path, owned: Owned) -> bool {
    let Ok(entries) = fs::read_dir(dir) else {
        return false;
    };
    entries.into_iter().all(|e| {
        e.ok().is_some_and(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (owned.file)(&name) && e.file_type().is_ok_and(|t| t.is_file())
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A process id above Linux's highest, so never a running process.
    const DEAD: u32 = 4_999_999;

    #[test]
    fn folders_left_by_killed_builds_are_removed_and_others_kept() {
        let parent = tempfile::tempdir().expect("temporary folder");
        let make = |name: &str, files: &[&str]| {
            let dir = parent.path().join(name);
            fs::create_dir(&dir).expect("folder");
            for f in files {
                fs::write(dir.join(f), "x").expect("file");
            }
            dir
        };
        let dead = make(&format!(".output.building-{DEAD}-abc"), &["pack.html"]);
        let empty = make(&format!(".output.building-{DEAD}-def"), &[]);
        let mine = make(
            &format!(".output.building-{}-ghi", std::process::id()),
            &["pack.json"],
        );
        let foreign = make(&format!(".output.building-{DEAD}-jkl"), &["notes.txt"]);
        let other_name = make(&format!(".site.building-{DEAD}-mno"), &["pack.html"]);
        let previous = make(&format!(".output.previous-{DEAD}"), &["pack.html"]);
        remove_stale(parent.path(), "output");
        assert!(!dead.exists() && !empty.exists());
        assert!(mine.exists(), "a running build's folder is kept");
        assert!(foreign.exists(), "a folder with other files is kept");
        assert!(
            other_name.exists(),
            "another output folder's leftovers are kept"
        );
        // With no output folder, the previous output set aside is put back.
        assert!(!previous.exists());
        assert_eq!(
            fs::read_to_string(parent.path().join("output/pack.html")).expect("restored"),
            "x"
        );
        // With an output folder, a stale previous one is removed.
        let previous = make(&format!(".output.previous-{DEAD}"), &["pack.json"]);
        remove_stale(parent.path(), "output");
        assert!(!previous.exists());
        assert!(parent.path().join("output/pack.html").exists());
    }
}
