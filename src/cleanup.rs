//! Private temporary folders that are removed on every way out the process can see: dropped
//! (an error, a panic as it unwinds) or on Ctrl-C and SIGTERM ([`on_interrupt`], called by the
//! interrupt handler). They are made readable by their owner only, as they hold the pack's data.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Private temporary folders in use in this process.
static FOLDERS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

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
        let dir = builder.tempdir()?;
        lock(&FOLDERS).push(dir.path().to_path_buf());
        Ok(PrivateTempDir { dir: Some(dir) })
    }

    pub fn path(&self) -> &Path {
        self.dir.as_ref().expect("not yet dropped").path()
    }
}

impl Drop for PrivateTempDir {
    fn drop(&mut self) {
        if let Some(dir) = self.dir.take() {
            let path = dir.path().to_path_buf();
            lock(&FOLDERS).retain(|p| *p != path);
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

/// Removes every private temporary folder still in use: for the interrupt handler, just before
/// the process ends.
pub fn on_interrupt() {
    for folder in std::mem::take(&mut *lock(&FOLDERS)) {
        let _ = fs::remove_dir_all(folder);
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
