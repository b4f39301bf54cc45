//! `EVIDENCE_PACK_TIMINGS=1`: how long each stage of a command took, printed to stderr, to see
//! where the time goes on a large pack.

use std::time::Instant;

/// Whether timings were asked for.
pub fn wanted() -> bool {
    std::env::var_os("EVIDENCE_PACK_TIMINGS").is_some_and(|v| !v.is_empty() && v != "0")
}

/// Prints the time since the last stage ended, when timings were asked for.
pub struct Stages {
    last: Option<Instant>,
}

impl Stages {
    pub fn start() -> Stages {
        Stages {
            last: wanted().then(Instant::now),
        }
    }

    /// Ends a stage.
    pub fn end(&mut self, stage: &str) {
        if let Some(last) = self.last {
            eprintln!("timings: {stage}: {} ms", last.elapsed().as_millis());
            self.last = Some(Instant::now());
        }
    }
}
