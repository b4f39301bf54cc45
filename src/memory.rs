//! How the process asks the system for memory.
//!
//! On the 2-core machine the benchmarks run on, every page the heap grows by costs a page fault
//! and zeroing, and that was about a sixth of a large build's CPU time. Two settings cut it
//! (side by side in BENCHMARKS.md):
//! - memory the build frees is kept for reuse rather than handed back to the system mid-run
//!   (a run lasts a second or two; the system gets it all back at exit);
//! - no transparent huge pages: each one costs 2 MB of zeroing when first touched, however
//!   little of it is used.

/// mimalloc's `mi_option_purge_delay` (its `mimalloc.h`, version 3): milliseconds before freed
/// memory is returned to the system, -1 for never.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// mimalloc 3's default for [`MI_OPTION_PURGE_DELAY`]: seeing it confirms that the option
/// number still means what we think, should a new mimalloc renumber its options.
const DEFAULT_PURGE_DELAY: std::ffi::c_long = 1000;

/// Applies the settings above. Call once, first thing in `main`.
pub fn tune() {
    // SAFETY: mi_option_get and mi_option_set only read and write mimalloc's option table.
    unsafe {
        if libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) == DEFAULT_PURGE_DELAY {
            libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1);
        }
    }
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE only sets a flag on this process (inherited by the Typst
    // process it starts, which allocates the same way).
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// For a process that keeps running (`serve`, which rebuilds the page after every save): freed
/// memory goes back to the system after a second again, as mimalloc does by default, so that
/// the server does not keep its largest rebuild's memory for ever.
pub fn return_freed_memory() {
    // SAFETY: as in `tune`.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, DEFAULT_PURGE_DELAY);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_option_number_is_mimallocs() {
        // SAFETY: as in `tune`.
        let delay = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        assert_eq!(delay, DEFAULT_PURGE_DELAY);
    }
}
