//! Ctrl-C during a build: the temporary folders of builds in progress are removed (they are
//! remembered with every other temporary folder, in [`crate::cleanup`]).

use std::sync::atomic::{AtomicBool, Ordering};

/// On Ctrl-C or SIGTERM, removes the temporary folders of builds in progress (and Typst's private
/// work folder: Typst itself ends with this process) and ends the process with exit code 130, so
/// an interrupted build leaves the previous output as it was and nothing half-written beside it.
/// A build killed outright (SIGKILL, a power cut) cannot do this; the next build tidies up after
/// it ([`super::remove_stale`]).
pub fn remove_on_interrupt() {
    let _ = ctrlc::set_handler(|| {
        INTERRUPTED.store(true, Ordering::SeqCst);
        crate::cleanup::on_interrupt();
        eprintln!("Stopped: the build was interrupted, and the previous output is unchanged.");
        std::process::exit(130);
    });
}

/// Set as an interruption begins: the build then fails as its folder disappears, and must not
/// report that failure (exit 2) before the handler ends the process with 130. No file is made
/// once it is set ([`wait_if_interrupted`]), so the folders being removed stop growing.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Called as a build fails: while an interruption is being handled, waits for it to end the
/// process.
pub(super) fn wait_if_interrupted() {
    while INTERRUPTED.load(Ordering::SeqCst) {
        std::thread::park();
    }
}
