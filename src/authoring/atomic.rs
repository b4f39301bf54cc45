//! Writing one file so that it is never half-written: the text goes to a temporary file in the
//! same folder, which is then renamed over the old file. Any failure leaves the old file as it was
//! and removes the temporary one.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// Writes `bytes` to `path`, replacing the file there (if any) in one step. The new file keeps the
/// old one's permissions.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let shown = path.display();
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let could_not = |e: std::io::Error| {
        Error::new(format!(
            "could not save {shown}: {e}. The file was not changed."
        ))
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".evidence-pack-save-")
        .suffix(".tmp")
        .tempfile_in(folder)
        .map_err(could_not)?;
    temp.write_all(bytes).map_err(could_not)?;
    temp.as_file().sync_all().map_err(could_not)?;
    if let Ok(meta) = fs::metadata(path) {
        temp.as_file()
            .set_permissions(meta.permissions())
            .map_err(could_not)?;
    }
    // On failure the temporary file is dropped, which removes it.
    temp.persist(path).map_err(|e| could_not(e.error))?;
    Ok(())
}

/// Writes `bytes` to a new file at `path`, which must not exist yet: an existing file is never
/// replaced (the error is then of kind `AlreadyExists`, for the caller to explain). A write that
/// fails part-way removes the file it made, so no half-written file is left.
pub fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    create(path, bytes, true)
}

/// As `write_new`, but returns before the disk holds the bytes: for a batch of new files, made
/// durable together afterwards by `sync_new_files`. (One sync per file made importing 10,000 rows
/// take many seconds.)
pub fn write_new_unsynced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    create(path, bytes, false)
}

fn create(path: &Path, bytes: &[u8], sync: bool) -> std::io::Result<()> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    let written = file
        .write_all(bytes)
        .and_then(|()| if sync { file.sync_all() } else { Ok(()) });
    if written.is_err() {
        drop(file);
        let _ = fs::remove_file(path);
    }
    written
}

/// Makes files written by `write_new_unsynced` durable, with their folders' entries. On Linux
/// this is one `syncfs` per file system (of each distinct folder), which flushes a batch of
/// thousands of files in one step; elsewhere each file is synced.
pub fn sync_new_files(paths: &[PathBuf]) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let mut folders: Vec<&Path> = paths.iter().filter_map(|p| p.parent()).collect();
        folders.sort();
        folders.dedup();
        for folder in folders {
            let dir = fs::File::open(folder)?;
            // SAFETY: `dir` is an open file descriptor for the whole call.
            if unsafe { libc::syncfs(dir.as_raw_fd()) } != 0 {
                return Err(std::io::Error::last_os_error());
            }
        }
        Ok(())
    }
    #[cfg(not(target_os = "linux"))]
    {
        for path in paths {
            fs::File::open(path)?.sync_all()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".evidence-pack-save-"))
            .collect()
    }

    #[test]
    fn replaces_the_file_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d-001.toml");
        fs::write(&path, "old").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        write_atomic(&dir.path().join("new.toml"), b"made").unwrap();
        assert_eq!(fs::read(dir.path().join("new.toml")).unwrap(), b"made");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn a_new_file_never_replaces_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("d-001.toml");
        write_new(&path, b"made").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"made");
        let err = write_new(&path, b"again").unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&path).unwrap(), b"made");
    }

    #[test]
    fn a_batch_of_new_files_is_written_then_synced_together() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("incidents");
        fs::create_dir(&sub).unwrap();
        let paths = [dir.path().join("d-001.toml"), sub.join("d-002.toml")];
        for path in &paths {
            write_new_unsynced(path, b"made").unwrap();
        }
        sync_new_files(&paths).unwrap();
        for path in &paths {
            assert_eq!(fs::read(path).unwrap(), b"made");
        }
        let err = write_new_unsynced(&paths[0], b"again").unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&paths[0]).unwrap(), b"made");
        // A file that has gone is an error, not a panic.
        assert!(sync_new_files(&[dir.path().join("gone").join("x.toml")]).is_err());
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_untouched() {
        let dir = tempfile::tempdir().unwrap();
        // The target is a folder: the rename fails after the temporary file is written.
        let target = dir.path().join("taken");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("inside.toml"), "kept").unwrap();
        let err = write_atomic(&target, b"new").unwrap_err();
        assert!(err.message.contains("was not changed"), "{}", err.message);
        assert_eq!(fs::read(target.join("inside.toml")).unwrap(), b"kept");
        assert!(leftovers(dir.path()).is_empty());
        // A folder that does not exist: nothing is written anywhere.
        let missing = dir.path().join("no-such-folder").join("x.toml");
        assert!(write_atomic(&missing, b"new").is_err());
        assert!(!missing.exists());
    }
}
