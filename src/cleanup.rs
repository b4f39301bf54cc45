//! Temporary folders that are removed on every way out the process can see: dropped (an error, a
//! panic as it unwinds) or on Ctrl-C and SIGTERM ([`on_interrupt`], called by the interrupt
//! handler). One registry holds them all: the private folders ([`PrivateTempDir`], readable by
//! their owner only, as they hold the pack's data) and the output folders of builds in progress.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Temporary folders in use in this process, to remove if it is interrupted.
static FOLDERS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Makes a temporary folder with `make` and remembers it, to remove if the process is
/// interrupted. The interrupt handler waits while the folder is being made, so an interruption at
/// any moment either finds the folder remembered or comes before it exists.
pub fn remember(
    make: impl FnOnce() -> std::io::Result<tempfile::TempDir>,
) -> std::io::Result<tempfile::TempDir> {
    let mut folders = lock(&FOLDERS);
    let folder = make()?;
    folders.push(folder.path().to_path_buf());
    Ok(folder)
}

/// A folder no longer to remove on an interruption: removed already, or being moved into place.
pub fn forget(folder: &Path) {
    lock(&FOLDERS).retain(|f| f != folder);
}

/// A temporary folder only its owner can read (0700 on Unix), removed when dropped or on
/// interrupt.
pub struct PrivateTempDir {
    dir: Option<tempfile::TempDir>,
}

impl PrivateTempDir {
    /// A new folder in the system's temporary folder, its name starting `prefix`.
    pub fn new(prefix: &str) -> std::io::Result<PrivateTempDir> {
        let mut builder = tempfile::Builder::new();
        builder.prefix(prefix);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(fs::Permissions::from_mode(0o700));
        }
        let dir = remember(|| builder.tempdir())?;
        Ok(PrivateTempDir { dir: Some(dir) })
    }

    pub fn path(&self) -> &Path {
        self.dir.as_ref().expect("not yet dropped").path()
    }
}

impl Drop for PrivateTempDir {
    fn drop(&mut self) {
        if let Some(dir) = self.dir.take() {
            forget(dir.path());
            drop(dir);
        }
    }
}

/// Opens a new file that only its owner can read (0600 on Unix), never through an existing file
/// or link.
pub fn create_private_file(path: &Path) -> std::io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// Removes every temporary folder still in use: for the interrupt handler, just before the
/// process ends.
pub fn on_interrupt() {
    for folder in std::mem::take(&mut *lock(&FOLDERS)) {
        remove_while_written(&folder);
    }
}

/// Removes a folder that other threads may still be writing files into: a file created while
/// the folder is being emptied makes the removal fail, so it is tried again until the folder is
/// gone. A build makes no file once the interruption has begun, so a second try succeeds; the
/// bound (a minute) only guards against a folder that cannot be removed.
fn remove_while_written(folder: &Path) {
    let started = std::time::Instant::now();
    while fs::remove_dir_all(folder).is_err()
        && fs::symlink_metadata(folder).is_ok()
        && started.elapsed() < std::time::Duration::from_secs(60)
    {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn the_folder_and_its_files_are_private_and_removed() {
        use std::os::unix::fs::PermissionsExt;
        let dir = PrivateTempDir::new("evidence-pack-test-").unwrap();
        let path = dir.path().to_path_buf();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
        create_private_file(&path.join("data.json")).unwrap();
        let mode = fs::metadata(path.join("data.json"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600);
        drop(dir);
        assert!(!path.exists());

        let dir = PrivateTempDir::new("evidence-pack-test-").unwrap();
        let path = dir.path().to_path_buf();
        on_interrupt();
        assert!(!path.exists());
        drop(dir);
    }
}
