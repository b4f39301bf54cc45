//! `evidence-pack build`: check, then render the selected records as HTML and PDF, written
//! atomically into the output folder.

use std::io::IsTerminal;
use std::path::PathBuf;

use super::{EXIT_FINDINGS, EXIT_OK};
use crate::checked::{Blocked, CheckOptions, Checked};
use crate::cli::BuildArgs;
use crate::diagnostics::{Level, Summary, plural, write_human};
use crate::error::Error;
use crate::render::html::HtmlRenderer;
use crate::render::pdf::PdfRenderer;
use crate::render::templates::Templates;
use crate::render::{RenderContext, Renderer, output};
use crate::view;

const PACK_JSON: &str = "pack.json";
const MANIFEST_JSON: &str = "manifest.json";

pub fn run(args: &BuildArgs) -> Result<u8, Error> {
    let progress = Progress::new(args.quiet);
    progress.step("Checking the records");
    let mut checked = Checked::run(&args.pack, &CheckOptions::at(args.as_of).hashed())?;
    let mut stages = crate::timings::Stages::start();
    if checked.selects_nothing() {
        progress.finish();
        return Err(Error::new(
            "The [select] table in pack.toml matches no decision records or practice examples, so there is nothing to build. Check its values against your records' services, themes, statements, status and ids.".to_string(),
        ));
    }
    let as_of = checked.as_of;
    let summary = Summary::count(
        checked.pack.decision_files,
        checked.pack.example_files,
        &checked.findings,
    );

    if let Some(blocked) = checked.blocked(args.draft) {
        progress.finish();
        let mut err = std::io::stderr().lock();
        let colour = super::use_colour(std::io::stderr().is_terminal());
        let _ = write_human(
            &mut err,
            &checked.pack.sources,
            &checked.pack.identifiers,
            &checked.findings,
            &summary,
            false,
            colour,
        );
        match blocked {
            Blocked::Settings => eprintln!(
                "The pack was not built: pack.toml has an error, so its settings (including the privacy register) cannot be trusted. Fix pack.toml first; --draft does not build past this."
            ),
            Blocked::Errors(errors) => eprintln!(
                "The pack was not built: {} must be fixed first. To share a working copy, build a draft with --draft.",
                plural(errors, "error", "errors")
            ),
        }
        return Ok(EXIT_FINDINGS);
    }

    checked.pack.drop_source_texts();
    let notes = notes(&checked);
    let pack = &checked.pack;
    let selected = &checked.selected;
    let templates = Templates::for_pack(&pack.root)?;
    let (html, pdf) = match (args.html, args.pdf) {
        (false, false) => (true, true),
        chosen => chosen,
    };
    let mut renderers: Vec<Box<dyn Renderer>> = Vec::new();
    if html {
        renderers.push(Box::new(HtmlRenderer));
    }
    if pdf {
        crate::render::pdf::check_fits_in_memory(
            selected.decisions.len() + selected.examples.len(),
            crate::render::pdf::available_memory(),
        )?;
        renderers.push(Box::new(PdfRenderer::new(
            args.typst.clone(),
            &pack.root,
            as_of,
        )?));
    }

    let out_dir = args
        .output
        .clone()
        .unwrap_or_else(|| pack.root.join("output"));
    output::remove_on_interrupt();
    let staging = output::Staging::new(&out_dir)?;
    let inputs = crate::render::manifest::hash_inputs(pack)
        .map_err(|e| Error::new(format!("could not start hashing the input files: {e}")))?;

    progress.step("Preparing the pack");
    let input = checked.view_input(args.draft);
    let mut json = staging.create(PACK_JSON)?;
    let view = view::build(&input, Some(&mut json))
        .map_err(|e| Error::new(format!("could not write {PACK_JSON}: {e}")))?;
    let json = json.finish()?;
    // The renderers are given the view alone: the records it was built from are freed for them.
    drop(input);
    checked.pack.drop_records();
    let pack = &checked.pack;
    let findings = &checked.findings;
    stages.end("building the view and writing pack.json");
    let mut written = Vec::new();
    let cx = RenderContext {
        view: &view,
        pack_json: &staging.path().join(PACK_JSON),
        templates: &templates,
    };
    for renderer in &renderers {
        progress.step(&format!(
            "Rendering the {} pack",
            renderer.name().to_uppercase()
        ));
        let file = renderer.render(&cx, &staging).map_err(|e| {
            Error::new(format!(
                "the {} pack could not be built: {e}",
                renderer.name().to_uppercase()
            ))
        })?;
        written.push(file);
        stages.end(&format!("rendering {}", renderer.name().to_uppercase()));
    }
    written.push(json);
    progress.step("Writing the files");
    let inputs = inputs
        .join()
        .map_err(|_| Error::new("the input files could not be hashed".to_string()))?;
    let manifest = crate::render::manifest::manifest_json(
        as_of,
        crate::render::manifest::redacted_selection(pack).as_ref(),
        inputs,
        &written,
    );
    written.push(staging.write(MANIFEST_JSON, manifest.as_bytes())?);
    stages.end("writing manifest.json");
    staging.commit()?;
    stages.end("syncing to disk and replacing the output folder");
    progress.finish();

    if !args.quiet {
        let names: Vec<String> = written
            .iter()
            .map(|file| display_path(&out_dir.join(&file.name)))
            .collect();
        println!(
            "Built {} from {} and {}.",
            names.join(", "),
            plural(view.decisions.len(), "decision record", "decision records"),
            plural(view.examples.len(), "practice example", "practice examples"),
        );
        for note in &notes {
            println!("{note}");
        }
        if args.draft && !findings.is_empty() {
            println!(
                "This is a draft: {} listed at the end of the pack.",
                plural(
                    findings.len(),
                    "unresolved finding is",
                    "unresolved findings are"
                )
            );
        } else if summary.warnings > 0 {
            let warnings = findings
                .iter()
                .filter(|f| f.level == Level::Warning)
                .count();
            println!(
                "{} worth a look: run `evidence-pack check` to see them.",
                plural(warnings, "warning is", "warnings are")
            );
        }
    }
    Ok(EXIT_OK)
}

/// What a build says after it is done about the records themselves: each example that cites
/// records left out of the pack, and the files marked `draft = true`. Worked out before the
/// records are freed for the renderers.
fn notes(checked: &Checked) -> Vec<String> {
    let pack = &checked.pack;
    let mut notes = Vec::new();
    for (&index, ids) in &checked.selected.left_out {
        notes.push(format!(
            "Note: {} cites {} not in this pack ({}); the pack says so beside the example.",
            crate::text::printable(&pack.examples[index].item.id),
            if ids.len() == 1 {
                "a decision record"
            } else {
                "decision records"
            },
            ids.iter()
                .map(|id| crate::text::printable(id))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let drafts: Vec<String> = pack
        .decisions
        .iter()
        .map(|d| (&d.item.id, d.item.draft))
        .chain(pack.examples.iter().map(|e| (&e.item.id, e.item.draft)))
        .filter(|(_, draft)| *draft)
        .map(|(id, _)| crate::text::printable(id))
        .collect();
    if !drafts.is_empty() {
        notes.push(format!(
            "Left out {} marked `draft = true` ({}): delete that line when {} complete.",
            plural(drafts.len(), "file", "files"),
            drafts.join(", "),
            if drafts.len() == 1 {
                "it is"
            } else {
                "each is"
            }
        ));
    }
    notes
}

/// A path as the user typed it, without `./` parts.
pub(super) fn display_path(path: &std::path::Path) -> String {
    let cleaned: PathBuf = path
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect();
    cleaned.display().to_string()
}

/// A spinner on stderr while a build runs: only on a terminal, never with -q.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
}

impl Progress {
    fn new(quiet: bool) -> Progress {
        let show = !quiet && std::io::stderr().is_terminal();
        let bar = show.then(|| {
            let bar = indicatif::ProgressBar::new_spinner();
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            bar
        });
        Progress { bar }
    }

    fn step(&self, message: &str) {
        if let Some(bar) = &self.bar {
            bar.set_message(format!("{message}…"));
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
