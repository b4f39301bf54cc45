//! Ctrl-C during a build: the temporary folders of builds in progress are removed.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// Temporary output folders of builds in progress in this process.
static IN_PROGRESS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// On Ctrl-C or SIGTERM, removes the temporary folders of builds in progress and ends the
/// process with exit code 130, so an interrupted build leaves the previous output as it was and
/// nothing half-written beside it. A build killed outright (SIGKILL, a power cut) cannot do
/// this; the next build tidies up after it ([`super::remove_stale`]).
pub fn remove_on_interrupt() {
    let _ = ctrlc::set_handler(|| {
        INTERRUPTED.store(true, Ordering::SeqCst);
        let folders = std::mem::take(&mut *IN_PROGRESS.lock().unwrap_or_else(|e| e.into_inner()));
        for folder in folders {
            remove_while_written(&folder);
        }
        // Typst's private work folder too (Typst itself ends with this process).
        crate::cleanup::on_interrupt();
        eprintln!("Stopped: the build was interrupted, and the previous output is unchanged.");
        std::process::exit(130);
    });
}

/// Removes a folder that the build's other threads may still be writing files into: a file
/// created while the folder is being emptied makes the removal fail, so it is tried again until
/// the folder is gone. No file is made once the interruption has begun ([`wait_if_interrupted`]), so a
/// second try succeeds; the bound (a minute) only guards against a folder that cannot be removed.
fn remove_while_written(folder: &Path) {
    let started = std::time::Instant::now();
    while fs::remove_dir_all(folder).is_err()
        && fs::symlink_metadata(folder).is_ok()
        && started.elapsed() < std::time::Duration::from_secs(60)
    {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

/// Set as an interruption begins: the build then fails as its folder disappears, and must not
/// report that failure (exit 2) before the handler ends the process with 130.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Called as a build fails: while an interruption is being handled, waits for it to end the
/// process.
pub(super) fn wait_if_interrupted() {
    while INTERRUPTED.load(Ordering::SeqCst) {
        std::thread::park();
    }
}

/// Makes a temporary folder with `make` and remembers it, to remove if the build is
/// interrupted. The handler waits while the folder is being made, so an interruption at any
/// moment either finds the folder remembered or comes before it exists.
pub(super) fn make_in_progress(
    make: impl FnOnce() -> std::io::Result<tempfile::TempDir>,
) -> std::io::Result<tempfile::TempDir> {
    let mut in_progress = IN_PROGRESS.lock().unwrap_or_else(|e| e.into_inner());
    let folder = make()?;
    in_progress.push(folder.path().to_path_buf());
    Ok(folder)
}

/// A folder no longer to remove on an interruption: removed already, or being swapped into place.
pub(super) fn forget_in_progress(folder: &Path) {
    IN_PROGRESS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .retain(|f| f != folder);
}
