//! `evidence-pack check`: every finding, in rustc style or as JSON.

use std::io::Write;

use super::{EXIT_FINDINGS, EXIT_OK, stdout_colour};
use crate::checked::{CheckOptions, Checked};
use crate::cli::{CheckArgs, Format};
use crate::diagnostics::{JsonFinding, JsonReport, Summary, write_human};
use crate::error::Error;

pub fn run(args: &CheckArgs) -> Result<u8, Error> {
    let checked = Checked::run(&args.pack, &CheckOptions::at(args.as_of))?;
    let findings = checked.all_findings();
    let (pack, tenders, as_of) = (&checked.pack, &checked.tenders, checked.as_of);
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
        .and_then(|()| match tenders_sentence(tenders) {
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
