//! `EVIDENCE_PACK_TIMINGS=1`: how long each stage of a command took, printed to stderr, to see
//! where the time goes on a large pack.

use std::time::Instant;

/// Whether timings were asked for.
pub fn wanted() -> bool {
    std::env::var_os("EVIDENCE_PACK_TIMINGS").is_some_and(|v| !v.is_empty() && v != "0")
}

/// Prints the time since the last stage ended, when timings were asked for, with the CPU time
/// the stage used (on all threads: twice the wall time means both cores were busy) and the
/// memory resident at its end.
pub struct Stages {
    last: Option<Instant>,
    last_cpu: u128,
}

impl Stages {
    pub fn start() -> Stages {
        Stages {
            last: wanted().then(Instant::now),
            last_cpu: cpu_time_ms().unwrap_or(0),
        }
    }

    /// Ends a stage.
    pub fn end(&mut self, stage: &str) {
        if let Some(last) = self.last {
            let cpu = cpu_time_ms();
            let mut extra = Vec::new();
            if let Some(cpu) = cpu {
                extra.push(format!("CPU {} ms", cpu.saturating_sub(self.last_cpu)));
            }
            if let Some(mb) = resident_memory() {
                extra.push(format!("{mb} MB resident"));
            }
            eprintln!(
                "timings: {stage}: {} ms ({})",
                last.elapsed().as_millis(),
                extra.join(", ")
            );
            self.last = Some(Instant::now());
            self.last_cpu = cpu.unwrap_or(0);
        }
    }
}

/// The process's resident memory in MB, where the system says (Linux).
fn resident_memory() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096 / 1_000_000)
}

/// User and system CPU time of the whole process so far, in ms (Unix).
#[cfg(unix)]
fn cpu_time_ms() -> Option<u128> {
    // SAFETY: getrusage only writes into the zeroed struct we pass it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
        return None;
    }
    let ms = |t: libc::timeval| t.tv_sec as u128 * 1000 + t.tv_usec as u128 / 1000;
    Some(ms(usage.ru_utime) + ms(usage.ru_stime))
}

#[cfg(not(unix))]
fn cpu_time_ms() -> Option<u128> {
    None
}
