//! `evidence-pack tender ID`: checks one tender and, unless it has errors (or with `--draft`),
//! writes its answers into `output/tenders/<ID>/` atomically, as `build` writes a pack.

use std::io::IsTerminal;

use super::{EXIT_FINDINGS, EXIT_OK};
use crate::checked::{Blocked, CheckOptions, Checked};
use crate::cli::TenderArgs;
use crate::diagnostics::{Level, plural};
use crate::error::Error;
use crate::load::Pack;
use crate::render::output::{Staging, WrittenFile};
use crate::render::tender::{TenderReport, docx, html, portal_text, txt_names, xlsx};
use crate::tender::{Tenders, prepare};

pub fn run(args: &TenderArgs) -> Result<u8, Error> {
    let mut checked = Checked::run(&args.pack, &CheckOptions::at(args.as_of).hashed())?;
    let Some((loaded, _)) = checked.tender(&args.id) else {
        return Err(Error::new(unknown_tender(&args.id, &checked.tenders)));
    };
    // The manifest hashes the pack's files (the figures come from every selected record) and
    // the tender's own.
    let tender_files = loaded.input_files.clone();
    checked.pack.input_files.extend(tender_files);
    let pack = &checked.pack;
    let Some((loaded, findings)) = checked.tender(&args.id) else {
        return Err(Error::new(unknown_tender(&args.id, &checked.tenders)));
    };
    let errors = findings.iter().filter(|f| f.level == Level::Error).count();
    let warnings = findings.len() - errors;
    let unreadable = loaded.file.is_none();
    let colour = super::use_colour(std::io::stderr().is_terminal());
    let summary = format!(
        "Checked tender {} ({} and {}): {} and {}.",
        loaded.id,
        plural(
            loaded.file.as_ref().map_or(0, |f| f.item.questions.len()),
            "question",
            "questions"
        ),
        plural(loaded.answers.len(), "answer", "answers"),
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings"),
    );
    let blocked = checked.tender_blocked(findings, args.draft);
    if unreadable || blocked.is_some() {
        let mut err = std::io::stderr().lock();
        if blocked == Some(Blocked::Settings) {
            let settings: Vec<_> = checked.settings_errors().cloned().collect();
            let _ = write_findings(&mut err, pack, &settings, colour);
        }
        let _ = write_findings(&mut err, pack, findings, colour);
        eprintln!("{summary}");
        if unreadable {
            eprintln!(
                "The answers were not written: {}/tender.toml cannot be read. Fix it first; --draft does not write past this.",
                loaded.dir
            );
        } else if blocked == Some(Blocked::Settings) {
            eprintln!(
                "The answers were not written: pack.toml has an error, so its settings (including the privacy register) cannot be trusted. Fix pack.toml first; --draft does not write past this."
            );
        } else {
            eprintln!(
                "The answers were not written: {} must be fixed first. To share a working copy, write a draft with --draft.",
                plural(errors, "error", "errors")
            );
        }
        return Ok(EXIT_FINDINGS);
    }

    // The outputs are made from texts with every identifier taken out, whatever field it is in
    // (a draft may have them; a record's title can reach the answers without a tender finding).
    let mut findings = findings.to_vec();
    for f in &mut findings {
        f.file = pack.identifiers.redact(&f.file);
    }
    let id = loaded.id.clone();
    if let Some(loaded) = checked.tenders.get_mut(&id) {
        crate::tender::redact::redact_for_draft(&mut checked.pack, loaded)?;
    }
    let (pack, as_of, selected) = (&checked.pack, checked.as_of, &checked.selected);
    let loaded = checked
        .tenders
        .get(&id)
        .expect("the tender was found above");
    let tender = prepare(pack, loaded, selected, as_of)
        .ok_or_else(|| Error::new(format!("{}/tender.toml cannot be read", loaded.dir)))?;
    let report = TenderReport::new(
        pack,
        &tender,
        &findings,
        tender.figures.as_of,
        args.draft,
        selected.decisions.len(),
    );
    let out_dir = args.output.clone().unwrap_or_else(|| {
        pack.root
            .join("output")
            .join(crate::render::output::TENDERS_OUTPUT)
            .join(&loaded.id)
    });
    let written = write_outputs(pack, &report, &out_dir)?;

    if !args.quiet {
        if !findings.is_empty() {
            let mut out = std::io::stdout().lock();
            let _ = write_findings(&mut out, pack, &findings, super::stdout_colour());
            println!("{summary}");
        }
        let texts = written.iter().filter(|f| f.name.ends_with(".txt")).count();
        println!(
            "Wrote {}: answers.docx, matrix.xlsx, tender.html, {} for the portal and manifest.json.",
            super::build::display_path(&out_dir),
            plural(texts, "text file", "text files")
        );
        for row in &report.rows {
            let count = match row.answer {
                Some(_) => row.count_text(),
                None => "no answer".to_string(),
            };
            println!(
                "  {:<8} {:<32} {}",
                crate::text::printable(row.question.id.trim()),
                count,
                row.standing.words(row.question.count)
            );
        }
        if args.draft && !findings.is_empty() {
            println!(
                "This is a draft: {} shown on tender.html.",
                plural(
                    findings.len(),
                    "unresolved finding is",
                    "unresolved findings are"
                )
            );
        }
    }
    Ok(EXIT_OK)
}

fn unknown_tender(id: &str, tenders: &Tenders) -> String {
    let ids = tenders.ids();
    let shown = crate::text::printable(id);
    if ids.is_empty() {
        return format!(
            "There is no tender \"{shown}\": this pack has no tenders/ folder with a tender in it. Create one with `evidence-pack new tender --title \"…\"`."
        );
    }
    let names: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
    let best = crate::text::closest(id, &names)
        .map(|b| format!(" Did you mean `{b}`?"))
        .unwrap_or_default();
    format!(
        "There is no tender \"{shown}\" in tenders/.{best} The tenders there are: {}.",
        names.join(", ")
    )
}

fn write_findings(
    out: &mut impl std::io::Write,
    pack: &Pack,
    findings: &[crate::diagnostics::Finding],
    colour: bool,
) -> std::io::Result<()> {
    let summary = crate::diagnostics::Summary::default();
    crate::diagnostics::write_human(
        out,
        &pack.sources,
        &pack.identifiers,
        findings,
        &summary,
        true,
        colour,
    )
}

/// Writes every output into a folder beside `out_dir`, then swaps it into place.
fn write_outputs(
    pack: &Pack,
    report: &TenderReport,
    out_dir: &std::path::Path,
) -> Result<Vec<WrittenFile>, Error> {
    crate::render::output::remove_on_interrupt();
    let staging = Staging::for_tender(out_dir)?;
    let mut written = Vec::new();
    let answered: Vec<_> = report.rows.iter().filter(|r| r.answer.is_some()).collect();
    let names = txt_names(answered.iter().map(|r| r.question.id.as_str()));
    for (row, name) in answered.iter().zip(names) {
        if let Some(answer) = row.answer {
            written.push(staging.write(&name, &portal_text(answer, report.draft))?);
        }
    }
    let docx = docx::render(report).map_err(Error::new)?;
    written.push(staging.write("answers.docx", &docx)?);
    let xlsx = xlsx::render(report).map_err(Error::new)?;
    written.push(staging.write("matrix.xlsx", &xlsx)?);
    let templates = crate::render::templates::Templates::for_pack(&pack.root)?;
    written.push(staging.write("tender.html", &html::render(report, &templates)?)?);
    let inputs = crate::render::manifest::hash_inputs(pack)
        .map_err(|e| Error::new(format!("could not start hashing the input files: {e}")))?
        .join()
        .map_err(|_| Error::new("the input files could not be hashed".to_string()))?;
    let manifest = crate::render::manifest::manifest_json(
        report.as_of,
        crate::render::manifest::redacted_selection(pack).as_ref(),
        inputs,
        &written,
    );
    written.push(staging.write("manifest.json", manifest.as_bytes())?);
    staging.commit()?;
    Ok(written)
}
