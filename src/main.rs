use std::process::ExitCode;

use clap::Parser;

/// mimalloc rather than the system allocator: loading and rendering a pack allocate millions of
/// small strings, and mimalloc serves them markedly faster (side by side in BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    restore_default_sigpipe();
    let cli = evidence_pack::cli::Cli::parse();
    evidence_pack::commands::run(cli)
}

/// `evidence-pack check | head` should stop quietly when `head` has seen enough, as other
/// command-line tools do, instead of failing on a closed pipe.
fn restore_default_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any other thread exists; SIG_DFL is a valid
    // disposition for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
