use std::process::ExitCode;

use clap::Parser;

/// mimalloc rather than the system allocator: loading and rendering a pack allocate millions of
/// small strings. Measured side by side (session 9, 10,000 records, BENCHMARKS.md): with the
/// system allocator `build --html` took 1.14x the time (median 6.33 s against 5.53 s, CPU 6.04 s
/// against 5.16 s) and peaked at 271 MB against 240 MB, over the 250 MB target; `check` was the
/// same (1.78 s against 1.75 s; 134 MB against 146 MB).
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
/// however little of it is used. Measured side by side (session 9, 10,000 records, BENCHMARKS.md;
/// this machine's THP setting is `madvise`, and mimalloc asks for huge pages): without this flag
/// `build --html` peaked at 261 MB against 232 MB, over the 250 MB target, and `check` at 176 MB
/// against 143 MB, for no gain in time (5.75 s against 6.20 s, CPU 4.98 s against 5.08 s: within
/// the noise). The flag also applies to the Typst process a build starts.
fn no_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE only sets a flag on this process.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}
