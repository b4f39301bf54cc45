//! Writes the built files into a temporary folder beside the output folder, then swaps it into
//! place, so a failed or interrupted build leaves the previous output untouched.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The files a build may leave in its output folder; anything else there means the folder is not
/// ours, and it is never replaced.
pub const OUTPUT_FILES: &[&str] = &["pack.html", "pack.pdf", "pack.json", "manifest.json"];

#[derive(Debug)]
pub struct OutputError(pub String);

/// Replaces `dir` with a folder holding exactly `files`.
pub fn write_atomically(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), OutputError> {
    check_replaceable(dir)?;
    let parent = parent_of(dir);
    fs::create_dir_all(&parent)
        .map_err(|e| OutputError(format!("could not create {}: {e}", parent.display())))?;
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".to_string());
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.building-"))
        .tempdir_in(&parent)
        .map_err(|e| OutputError(format!("could not write in {}: {e}", parent.display())))?;
    for (file, bytes) in files {
        let path = staging.path().join(file);
        let mut f = fs::File::create(&path)
            .map_err(|e| OutputError(format!("could not write {file}: {e}")))?;
        f.write_all(bytes)
            .and_then(|_| f.sync_all())
            .map_err(|e| OutputError(format!("could not write {file}: {e}")))?;
    }
    let staging = staging.keep();
    let swap = || -> Result<(), OutputError> {
        if dir.exists() {
            let old = parent.join(format!(".{name}.previous-{}", std::process::id()));
            fs::rename(dir, &old)
                .map_err(|e| OutputError(format!("could not replace {}: {e}", dir.display())))?;
            if let Err(e) = fs::rename(&staging, dir) {
                let _ = fs::rename(&old, dir);
                return Err(OutputError(format!(
                    "could not replace {}: {e}",
                    dir.display()
                )));
            }
            let _ = fs::remove_dir_all(&old);
        } else {
            fs::rename(&staging, dir)
                .map_err(|e| OutputError(format!("could not create {}: {e}", dir.display())))?;
        }
        Ok(())
    };
    let result = swap();
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

fn parent_of(dir: &Path) -> PathBuf {
    match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// An existing output folder may be replaced only when it holds nothing but files a build writes.
fn check_replaceable(dir: &Path) -> Result<(), OutputError> {
    if !dir.exists() {
        return Ok(());
    }
    let meta = fs::symlink_metadata(dir)
        .map_err(|e| OutputError(format!("could not read {}: {e}", dir.display())))?;
    if !meta.is_dir() || meta.file_type().is_symlink() {
        return Err(OutputError(format!(
            "{} exists and is not a folder. Choose another output folder with -o.",
            dir.display()
        )));
    }
    let entries = fs::read_dir(dir)
        .map_err(|e| OutputError(format!("could not read {}: {e}", dir.display())))?;
    for entry in entries {
        let entry =
            entry.map_err(|e| OutputError(format!("could not read {}: {e}", dir.display())))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !OUTPUT_FILES.contains(&name.as_str()) {
            return Err(OutputError(format!(
                "{} holds other files (such as {name}), so it was not replaced. Choose an empty or new output folder with -o.",
                dir.display()
            )));
        }
    }
    Ok(())
}
