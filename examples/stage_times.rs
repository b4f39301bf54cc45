//! Times each stage of `check` and `build --html` on a pack, to find where the time goes.
//!
//! ```text
//! cargo run --release --example stage_times -- target/bench-corpus/d10000 [RUNS]
//! ```
//!
//! Prints the median of RUNS (default 5) for the stages of `build --html`: loading, the rules,
//! the view model (written as pack.json as it is built), the HTML renderer (written as it
//! renders), the manifest (hashes of the inputs) and swapping the output folder into place; and
//! the peak memory after each stage of the first run. The output goes to a temporary folder,
//! removed at the end.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use evidence_pack::load::load;
use evidence_pack::render::html::HtmlRenderer;
use evidence_pack::render::output::Staging;
use evidence_pack::render::templates::Templates;
use evidence_pack::render::view::{self, ViewInput};
use evidence_pack::render::{RenderContext, Renderer};

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().expect("usage: stage_times PACK [RUNS]"));
    let runs: usize = args
        .next()
        .map_or(5, |r| r.parse().expect("RUNS is a number"));
    let names = [
        "load",
        "rules",
        "view and pack.json",
        "html",
        "manifest",
        "commit",
        "total",
    ];
    let out = std::env::temp_dir().join(format!("stage-times-{}", std::process::id()));
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); names.len()];
    // Peak memory after each stage of the first run (later runs reuse freed memory).
    let mut peaks: Vec<u64> = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        let mut lap = Instant::now();
        let first = peaks.is_empty();
        let mut stage_peaks = Vec::new();
        let mut mark = |i: usize, times: &mut Vec<Vec<Duration>>| {
            times[i].push(lap.elapsed());
            stage_peaks.push(peak_rss_kb());
            lap = Instant::now();
        };
        let pack = load(&root).expect("a pack");
        mark(0, &mut times);
        let as_of = pack.config.pack.as_of.expect("the pack has as_of");
        let findings = evidence_pack::rules::check(&pack, as_of);
        mark(1, &mut times);
        let input = ViewInput {
            pack: &pack,
            decisions: pack.decisions.iter().map(|d| &d.item).collect(),
            examples: pack.examples.iter().map(|e| &e.item).collect(),
            as_of,
            findings: &findings,
            draft: true,
        };
        let staging = Staging::new(&out).expect("staging");
        let mut json = staging.create("pack.json").expect("pack.json");
        let view = view::build(&input, &mut json).expect("view");
        let json = json.finish().expect("pack.json");
        mark(2, &mut times);
        let templates = Templates::for_pack(&pack.root).expect("templates");
        let cx = RenderContext {
            view: &view,
            pack_json: &staging.path().join("pack.json"),
            templates: &templates,
        };
        let html = HtmlRenderer.render(&cx, &staging).expect("html");
        mark(3, &mut times);
        let manifest = evidence_pack::manifest::manifest_json(
            &pack,
            as_of,
            pack.config.select.as_ref(),
            &[html, json],
        );
        staging
            .write("manifest.json", manifest.as_bytes())
            .expect("manifest");
        mark(4, &mut times);
        staging.commit().expect("committed");
        mark(5, &mut times);
        times[6].push(start.elapsed());
        if first {
            stage_peaks.push(peak_rss_kb());
            peaks = stage_peaks;
        }
    }
    let _ = std::fs::remove_dir_all(&out);
    for ((name, mut t), rss) in names.iter().zip(times).zip(&peaks) {
        t.sort();
        let median = t[t.len() / 2];
        println!(
            "{name:>10}: {:>8.1} ms   peak RSS after it {:>5} MB",
            median.as_secs_f64() * 1000.0,
            rss / 1024
        );
    }
}

/// The process's peak resident memory so far, in KB (Linux; 0 elsewhere).
fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}
