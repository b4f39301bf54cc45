//! One build at a time per output folder: a lock file beside it (`.output.lock`), held with the
//! operating system's file lock (flock on Unix) for the whole build. The lock is the system's, not
//! a process id in a file, so it holds across containers and is released whatever ends the build.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::error::Error;

/// How long a build waits for another to finish writing the same output folder.
const WAIT: Duration = Duration::from_secs(120);

/// The output folder `parent/name` locked for this build until the returned file is dropped.
pub(super) fn lock_output(parent: &Path, name: &str) -> Result<fs::File, Error> {
    let path = parent.join(format!(".{name}.lock"));
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::new(format!("could not create {}: {e}", path.display())))?;
    let started = Instant::now();
    let mut told = false;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(fs::TryLockError::WouldBlock) => {}
            Err(fs::TryLockError::Error(e)) => {
                return Err(Error::new(format!(
                    "could not lock {} ({e}), so the build did not start.",
                    path.display()
                )));
            }
        }
        if !told {
            eprintln!(
                "Waiting: another build is writing {}/. This build starts when it has finished.",
                parent.join(name).display()
            );
            told = true;
        }
        if started.elapsed() > WAIT {
            return Err(Error::new(format!(
                "Another build is writing {}/, and it did not finish within {} seconds, so this build stopped without changing anything.",
                parent.join(name).display(),
                WAIT.as_secs()
            ))
            .with_help("Wait for the other build to finish (or stop it), then build again, or build into another folder with -o."));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}
