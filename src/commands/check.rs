//! `evidence-pack check`: every finding, in rustc style or as JSON.

use std::io::Write;

use super::{EXIT_FINDINGS, EXIT_OK, resolve_as_of, stdout_colour};
use crate::cli::{CheckArgs, Format};
use crate::diagnostics::{JsonFinding, JsonReport, Summary, write_human};
use crate::error::Error;
use crate::load::load;

pub fn run(args: &CheckArgs) -> Result<u8, Error> {
    let mut pack = load(&args.pack)?;
    let tenders = crate::tender::load_tenders(&mut pack);
    let as_of = resolve_as_of(args.as_of, &pack);
    let mut findings = crate::rules::check(&pack, as_of);
    findings.extend(crate::tender::rules::check(&pack, &tenders, as_of));
    crate::diagnostics::sort_findings(&mut findings);
    if pack.config.select.is_some() {
        // What `build` will judge: the records [select] chooses must evidence the required
        // statements too, so that a pack that passes `check` builds.
        let (decisions, examples) = crate::select::select(&pack).items(&pack);
        crate::rules::add_selection_findings(&pack, &mut findings, &decisions, &examples);
    }
    let summary = Summary::count(pack.decision_files, pack.example_files, &findings);
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        Format::Json => {
            let report = JsonReport {
                as_of: as_of.iso(),
                summary,
                findings: findings.iter().map(JsonFinding::from).collect(),
            };
            serde_json::to_writer_pretty(&mut out, &report)
                .map_err(std::io::Error::from)
                .and_then(|_| writeln!(out))
        }
        Format::Human => write_human(
            &mut out,
            &pack.sources,
            &pack.identifiers,
            &findings,
            &summary,
            args.quiet,
            stdout_colour(),
        )
        .and_then(|()| match tenders_sentence(&tenders) {
            Some(line) if !args.quiet => writeln!(out, "{line}"),
            _ => Ok(()),
        }),
    };
    if let Err(err) = written
        && err.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(Error::new(format!("could not write the findings: {err}")));
    }
    let failed = summary.errors > 0 || (args.deny_warnings && summary.warnings > 0);
    super::drop_in_background((pack, findings));
    Ok(if failed { EXIT_FINDINGS } else { EXIT_OK })
}

/// "Also checked 1 tender (5 questions, 5 answers).", when the pack has tenders.
fn tenders_sentence(tenders: &crate::tender::Tenders) -> Option<String> {
    use crate::diagnostics::plural;
    if tenders.list.is_empty() {
        return None;
    }
    let questions: usize = tenders
        .list
        .iter()
        .filter_map(|t| t.file.as_ref())
        .map(|f| f.item.questions.len())
        .sum();
    let answers: usize = tenders.list.iter().map(|t| t.answers.len()).sum();
    Some(format!(
        "Also checked {} ({}, {}).",
        plural(tenders.list.len(), "tender", "tenders"),
        plural(questions, "question", "questions"),
        plural(answers, "answer", "answers")
    ))
}
