use std::process::ExitCode;

use clap::Parser;

/// mimalloc rather than the system allocator: loading and rendering a pack allocate millions of
/// small strings, and mimalloc serves them markedly faster (side by side in BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    restore_default_sigpipe();
    no_transparent_huge_pages();
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

/// With transparent huge pages, each huge page mimalloc touches is 2 MB of memory to zero,
/// however little of it is used: that took a large build to its memory limit, and made it slower
/// (BENCHMARKS.md).
/// The flag also applies to the Typst process a build starts.
fn no_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE only sets a flag on this process.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}
