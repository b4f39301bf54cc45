//! Which files a pack holds: `.toml` files under each folder, sorted by path, and the files that
//! are not read (hidden, links leaving the pack, misnamed) reported as `skipped-file`.

use std::fs;
use std::path::Path;

use walkdir::WalkDir;

use super::read::io_reason;
use crate::diagnostics::{Finding, Rule};

/// What a thing that is neither a file nor a folder is, in words.
pub(super) fn special_file_kind(meta: &fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = meta.file_type();
        if kind.is_fifo() {
            return "a named pipe";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "a device";
        }
    }
    #[cfg(not(unix))]
    let _ = meta;
    "a special file"
}

/// `.toml` files under `root/dir`, relative to root with `/`, sorted by path. Hidden files, links
/// that leave the pack and files ending `.TOML` in another case are skipped with a warning.
pub fn find_toml_files(
    root: &Path,
    canonical_root: &Path,
    dir: &str,
    findings: &mut Vec<Finding>,
) -> Vec<String> {
    let start = root.join(dir);
    if !start.is_dir() {
        return Vec::new();
    }
    if start
        .canonicalize()
        .is_ok_and(|target| !target.starts_with(canonical_root))
    {
        findings.push(skipped(
            dir,
            "it is a link to a folder outside the pack folder",
        ));
        return Vec::new();
    }
    let mut files = Vec::new();
    // Not sorted while walking (sorting by name took most of the walk's time, as walkdir finds
    // each name in its path on every comparison): the files are sorted below, and findings are
    // sorted before they are shown.
    let mut walker = WalkDir::new(&start).follow_links(true).into_iter();
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let rel = err
                    .path()
                    .map(|p| relative(root, p))
                    .unwrap_or_else(|| dir.to_string());
                let why = if err.loop_ancestor().is_some() {
                    "it is a link that loops back to a folder that contains it".to_string()
                } else {
                    format!("it could not be read ({})", io_reason(err.io_error()))
                };
                findings.push(skipped(&rel, &why));
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let rel = relative(root, entry.path());
        let name = entry.file_name().to_string_lossy();
        if name.starts_with('.') {
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            if entry.file_type().is_dir() || ends_toml_any_case(&name) {
                findings.push(skipped(&rel, "hidden files and folders are not read"));
            }
            continue;
        }
        if entry.path_is_symlink() {
            let inside = entry
                .path()
                .canonicalize()
                .map(|target| target.starts_with(canonical_root))
                .unwrap_or(false);
            if !inside {
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                findings.push(skipped(
                    &rel,
                    "it is a link to something outside the pack folder",
                ));
                continue;
            }
        }
        if entry.file_type().is_dir() {
            continue;
        }
        if !ends_toml_any_case(&name) {
            if has_toml_inside(&name) && entry.file_type().is_file() {
                // `d-004.toml.txt`, as some editors save it: never read, so say so.
                findings.push(skipped_with_help(
                    &rel,
                    "only files whose names end in .toml are read",
                    "If it is a record, rename it so that its name ends in .toml (some editors add .txt when saving).",
                ));
            }
            continue;
        }
        if !entry.file_type().is_file() {
            // A pipe, socket or device would block the read or never end.
            findings.push(skipped(&rel, "it is not an ordinary file"));
        } else if name.ends_with(".toml") {
            files.push(rel);
        } else {
            findings.push(wrong_case(&rel, &name, entry.path()));
        }
    }
    files.sort();
    files
}

fn skipped(rel: &str, why: &str) -> Finding {
    skipped_with_help(
        rel,
        why,
        "Move the record into content/ as an ordinary file if it belongs in the pack.",
    )
}

/// A `skipped-file` warning: "REL was not read: WHY.", with `help`.
fn skipped_with_help(rel: &str, why: &str, help: impl Into<String>) -> Finding {
    Finding::in_file(
        Rule::SkippedFile,
        rel,
        1,
        1,
        format!("{rel} was not read: {why}."),
        help,
    )
}

/// Whether `name` ends `.toml.txt` (in any case), as Notepad and TextEdit can save a record.
/// Backups such as `d-004.toml.bak` are left alone.
fn has_toml_inside(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with(".toml.txt")
}

/// Folders and files directly in `content/` other than `decisions/` and `examples/`, which are
/// never read: a record saved in `content/decision/` or `content/` would otherwise go unseen.
pub(super) fn strays_in_content(root: &Path, findings: &mut Vec<Finding>) {
    let Ok(entries) = fs::read_dir(root.join("content")) else {
        return;
    };
    let mut strays: Vec<(String, bool)> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let dir = e.file_type().ok()?.is_dir();
            let ours = dir && (name == "decisions" || name == "examples");
            let shown = dir || ends_toml_any_case(&name) || has_toml_inside(&name);
            (!ours && !name.starts_with('.') && shown).then_some((name, dir))
        })
        .collect();
    strays.sort();
    for (name, dir) in strays {
        let rel = format!("content/{name}");
        let what = if dir { "folder" } else { "file" };
        findings.push(Finding::in_file(
            Rule::SkippedFile,
            &rel,
            1,
            1,
            format!("The {what} {rel} was not read: only content/decisions and content/examples are."),
            "Move decision records into content/decisions/ and practice examples into content/examples/.",
        ));
    }
}

/// Whether a file name ends in `.toml` in any mix of upper and lower case.
fn ends_toml_any_case(name: &str) -> bool {
    name.len() >= 5 && name.as_bytes()[name.len() - 5..].eq_ignore_ascii_case(b".toml")
}

/// A file such as `D-001.TOML`: only names ending in `.toml` in lower case are read (SPEC
/// section 2), so say so, and how to rename it without overwriting a file already there.
fn wrong_case(rel: &str, name: &str, path: &Path) -> Finding {
    // The last five bytes are ASCII (they matched ".toml"), so this cut is on a character boundary.
    let renamed = format!("{}.toml", &name[..name.len() - 5]);
    // Compared by name rather than with `exists()`, which on a case-insensitive disk would find
    // this very file.
    let taken = path
        .parent()
        .and_then(|p| fs::read_dir(p).ok())
        .is_some_and(|entries| {
            entries
                .flatten()
                .any(|e| e.file_name().to_string_lossy() == renamed)
        });
    let help = if taken {
        format!(
            "There is already a {renamed} beside it: keep the one you mean, and delete or move the other."
        )
    } else {
        format!("Rename it to {renamed}.")
    };
    skipped_with_help(
        rel,
        "only files ending in .toml (lower case) are read",
        help,
    )
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    // Paths the walk builds are already clean (`content/decisions/d-001.toml`): most need no
    // taking apart.
    #[cfg(unix)]
    if let Some(text) = rel.to_str()
        && !text.starts_with('/')
        && !text.starts_with("./")
        && !text.ends_with('/')
        && !text.contains("//")
        && !text.contains("/./")
    {
        return text.to_string();
    }
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_use_slashes_and_no_dots() {
        let root = Path::new("/packs/care");
        for (path, rel) in [
            (
                "/packs/care/content/decisions/d-001.toml",
                "content/decisions/d-001.toml",
            ),
            (
                "/packs/care/content//decisions/./d-001.toml",
                "content/decisions/d-001.toml",
            ),
            ("/packs/care/content/decisions/", "content/decisions"),
            ("/packs/care", ""),
            ("/elsewhere/d-001.toml", "//elsewhere/d-001.toml"),
        ] {
            assert_eq!(relative(root, Path::new(path)), rel, "{path}");
        }
    }
}
