//! `evidence-pack import` (SPEC section 13): reads the sheet through its map, prints what it
//! does with each row, and writes (unless `--dry-run`). `import map` writes a starting map.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use super::{EXIT_FINDINGS, EXIT_OK, resolve_as_of};
use crate::cli::{ImportArgs, ImportCommand, ImportFileArgs, ImportKind, ImportMapArgs};
use crate::error::Error;
use crate::importer::{self, Change, Kind, Outcome, Planned, Request};
use crate::load::load;
use crate::privacy::IdentifierScanner;

pub fn run(args: &ImportArgs) -> Result<u8, Error> {
    match &args.what {
        ImportCommand::Decisions(a) => import(Kind::Decisions, a, None),
        ImportCommand::Incidents(a) => import(Kind::Incidents, a, None),
        ImportCommand::Questions(a) => import(Kind::Questions, &a.common, Some(&a.tender)),
        ImportCommand::Map(a) => write_map(a),
    }
}

fn import(kind: Kind, args: &ImportFileArgs, tender: Option<&str>) -> Result<u8, Error> {
    let pack = load(&args.pack)?;
    let map_text = std::fs::read_to_string(&args.map).map_err(|e| {
        Error::new(format!("Could not read the map {}: {e}.", args.map.display())).with_help(
            "Give the map's file with --map. `evidence-pack import map KIND FILE` writes one to start from.",
        )
    })?;
    let map = importer::map::parse(&map_text, kind)?;
    let request = Request {
        kind,
        file: &args.file,
        map: &map,
        sheet: args.sheet.as_deref(),
        tender,
        as_of: resolve_as_of(args.as_of, &pack),
    };
    let progress = progress_bar(args.quiet);
    let outcome = importer::prepare(&pack, &request, &progress)?;
    if !args.dry_run {
        progress.set_message("writing");
        importer::write(&pack.root, &outcome.writes, &progress)?;
    }
    progress.finish_and_clear();

    let report = Report {
        kind,
        outcome: &outcome,
        dry_run: args.dry_run,
        scanner: &pack.identifiers,
    };
    if !args.quiet {
        report.summary();
    }
    let left_out = report.left_out();
    if args.dry_run {
        println!("Nothing was written (--dry-run).");
    } else if !args.quiet && outcome.writes.iter().any(|w| w.rel.ends_with(".toml")) {
        println!("Next: run `evidence-pack check` to see what is still missing.");
    }
    Ok(if left_out { EXIT_FINDINGS } else { EXIT_OK })
}

/// A bar on stderr while rows are read and written: only on a terminal, never with -q.
fn progress_bar(quiet: bool) -> indicatif::ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(0);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{msg:8} {wide_bar} {pos}/{len} rows")
    {
        bar.set_style(style);
    }
    bar.set_message("reading");
    bar
}

struct Report<'a> {
    kind: Kind,
    outcome: &'a Outcome,
    dry_run: bool,
    scanner: &'a IdentifierScanner,
}

impl Report<'_> {
    /// Prints a line, with any identifier in it removed.
    fn say(&self, line: &str) {
        println!("{}", self.scanner.redact(line));
    }

    fn summary(&self) {
        let o = self.outcome;
        let from = match &o.origin.sheet {
            Some(sheet) => format!("{}, sheet \"{sheet}\"", o.origin.file),
            None => o.origin.file.clone(),
        };
        self.say(&format!("Read {} from {from}.", rows(o.rows)));
        if self.dry_run {
            for p in &o.planned {
                if let Some(line) = self.dry_run_line(p) {
                    self.say(&line);
                }
            }
        }
        match self.kind {
            Kind::Decisions => self.decisions(),
            Kind::Incidents => self.incidents(),
            Kind::Questions => self.questions(),
        }
    }

    fn with(&self, wanted: fn(&Change) -> bool) -> Vec<&Planned> {
        self.outcome
            .planned
            .iter()
            .filter(|p| wanted(&p.change))
            .collect()
    }

    fn verb(&self, done: &str, would: &str) -> String {
        if self.dry_run {
            would.to_string()
        } else {
            done.to_string()
        }
    }

    fn dry_run_line(&self, p: &Planned) -> Option<String> {
        let what = match &p.change {
            Change::Create if self.kind == Kind::Decisions => "new draft",
            Change::Create => "added",
            Change::Update => "updated",
            _ => return None,
        };
        Some(format!("  row {}: {} {} ({what})", p.row, p.id, p.rel))
    }

    fn decisions(&self) {
        let created = self.with(|c| *c == Change::Create);
        if !created.is_empty() {
            self.say(&format!(
                "{} {} {}: {}, in content/decisions/.",
                self.verb("Created", "Would create"),
                created.len(),
                plural(
                    created.len(),
                    "draft decision record",
                    "draft decision records"
                ),
                ids(&created)
            ));
        }
        let updated = self.with(|c| *c == Change::Update);
        if !updated.is_empty() {
            self.say(&format!(
                "{} {} that the sheet changed: {}.",
                self.verb("Updated", "Would update"),
                plural(
                    updated.len(),
                    "1 draft",
                    &format!("{} drafts", updated.len())
                ),
                ids_and_rows(&updated)
            ));
        }
        let same = self.with(|c| *c == Change::Unchanged);
        if !same.is_empty() {
            self.say(&format!(
                "{} already imported and unchanged.",
                plural(
                    same.len(),
                    "1 draft is",
                    &format!("{} drafts are", same.len())
                )
            ));
        }
        let edited = self.with(|c| *c == Change::LeftEdited);
        if !edited.is_empty() {
            let n = edited.len();
            self.say(&format!(
                "{} {} left as {}: {} edited since {} imported. Copy any change in the sheet into {} by hand.",
                ids_and_rows(&edited),
                plural(n, "was", "were"),
                plural(n, "it is", "they are"),
                plural(n, "it was", "they were"),
                plural(n, "it was", "they were"),
                plural(n, "it", "them"),
            ));
        }
        let kept = self.with(|c| *c == Change::LeftNotDraft);
        if !kept.is_empty() {
            let n = kept.len();
            self.say(&format!(
                "{} {} left as {}: {} no longer {}.",
                ids_and_rows(&kept),
                plural(n, "was", "were"),
                plural(n, "it is", "they are"),
                plural(n, "it is", "they are"),
                plural(n, "a draft", "drafts"),
            ));
        }
        self.problems();
    }

    fn incidents(&self) {
        let added = self.with(|c| *c == Change::Create);
        if !added.is_empty() {
            let mut records: Vec<&str> = added.iter().map(|p| p.id.as_str()).collect();
            records.sort();
            records.dedup();
            self.say(&format!(
                "{} {} to {}: {}.",
                self.verb("Added", "Would add"),
                plural(
                    added.len(),
                    "1 incident",
                    &format!("{} incidents", added.len())
                ),
                plural(
                    records.len(),
                    "1 decision record",
                    &format!("{} decision records", records.len())
                ),
                records.join(", ")
            ));
        }
        let same = self.with(|c| *c == Change::Unchanged);
        if !same.is_empty() {
            self.say(&format!(
                "{} already in {} record.",
                plural(
                    same.len(),
                    "1 incident was",
                    &format!("{} incidents were", same.len())
                ),
                plural(same.len(), "its", "their")
            ));
        }
        let unmatched: Vec<&Planned> = self.with(|c| matches!(c, Change::Unmatched(_)));
        let ambiguous: Vec<&Planned> = self.with(|c| matches!(c, Change::Ambiguous(_)));
        for (list, what) in [
            (&unmatched, "no decision record"),
            (&ambiguous, "more than one decision record"),
        ] {
            if list.is_empty() {
                continue;
            }
            self.say(&format!(
                "{} {} {what}, and {} not written anywhere:",
                plural(list.len(), "1 row", &format!("{} rows", list.len())),
                plural(list.len(), "matches", "match"),
                plural(list.len(), "was", "were")
            ));
            for p in list {
                if let Change::Unmatched(why) | Change::Ambiguous(why) = &p.change {
                    self.say(&format!("  Row {}: {why}", p.row));
                }
            }
        }
        self.problems();
    }

    fn questions(&self) {
        let rel = self
            .outcome
            .planned
            .first()
            .map(|p| p.rel.clone())
            .unwrap_or_default();
        for (change, done, would) in [
            (Change::Create, "Added", "Would add"),
            (Change::Update, "Updated", "Would update"),
        ] {
            let list: Vec<&Planned> = self
                .outcome
                .planned
                .iter()
                .filter(|p| p.change == change)
                .collect();
            if !list.is_empty() {
                self.say(&format!(
                    "{} {} in {rel}: {}.",
                    self.verb(done, would),
                    plural(
                        list.len(),
                        "1 question",
                        &format!("{} questions", list.len())
                    ),
                    ids(&list)
                ));
            }
        }
        let same = self.with(|c| *c == Change::Unchanged);
        if !same.is_empty() {
            self.say(&format!(
                "{} already in the tender as the sheet has {}.",
                plural(
                    same.len(),
                    "1 question is",
                    &format!("{} questions are", same.len())
                ),
                plural(same.len(), "it", "them")
            ));
        }
        self.problems();
    }

    fn problems(&self) {
        let problems = &self.outcome.problems;
        if problems.is_empty() {
            return;
        }
        let mut rows: Vec<usize> = problems.iter().map(|p| p.row).collect();
        rows.dedup();
        self.say(&format!(
            "{} could not be imported:",
            plural(rows.len(), "1 row", &format!("{} rows", rows.len()))
        ));
        for problem in problems {
            self.say(&format!("  {}", problem.line()));
        }
        self.say(
            "Correct the sheet (or the map) and import it again: what is already imported is not duplicated.",
        );
    }

    /// Some rows were not imported: they could not be read, or match no record.
    fn left_out(&self) -> bool {
        !self.outcome.problems.is_empty()
            || self
                .outcome
                .planned
                .iter()
                .any(|p| matches!(p.change, Change::Unmatched(_) | Change::Ambiguous(_)))
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 { one } else { many }.to_string()
}

fn rows(n: usize) -> String {
    plural(n, "1 row", &format!("{n} rows"))
}

/// Ids in row order: all of them when few, else the first and last few.
fn ids(list: &[&Planned]) -> String {
    const SHOWN: usize = 8;
    if list.len() <= SHOWN {
        return list
            .iter()
            .map(|p| p.id.as_str())
            .collect::<Vec<_>>()
            .join(", ");
    }
    format!(
        "{}, … {}",
        list[..3]
            .iter()
            .map(|p| p.id.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        list[list.len() - 2..]
            .iter()
            .map(|p| p.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    )
}

fn ids_and_rows(list: &[&Planned]) -> String {
    list.iter()
        .map(|p| format!("{} (row {})", p.id, p.row))
        .collect::<Vec<_>>()
        .join(", ")
}

fn write_map(args: &ImportMapArgs) -> Result<u8, Error> {
    let kind = match args.kind {
        ImportKind::Decisions => Kind::Decisions,
        ImportKind::Incidents => Kind::Incidents,
        ImportKind::Questions => Kind::Questions,
    };
    let sheet = importer::sheet::read(&args.file, args.sheet.as_deref())?;
    if sheet.headers.is_empty() {
        return Err(Error::new(format!(
            "{} is empty: it has no header row.",
            args.file.display()
        ))
        .with_help("The first row with anything in it should hold the columns' headers."));
    }
    let file_name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let text = importer::guess::starting_map(kind, &sheet, &file_name);
    let output = args.output.clone().unwrap_or_else(|| {
        let stem = args.file.file_stem().unwrap_or_default().to_string_lossy();
        PathBuf::from(format!("{stem}.map.toml"))
    });
    if output == Path::new("-") {
        print!("{text}");
        return Ok(EXIT_OK);
    }
    if output.exists() {
        return Err(Error::new(format!(
            "{} already exists, and `import map` never overwrites a file.",
            output.display()
        ))
        .with_help("Give another name with -o, for example -o new.map.toml."));
    }
    std::fs::write(&output, &text)
        .map_err(|e| Error::new(format!("could not write {}: {e}", output.display())))?;
    println!("Wrote a starting map to {}.", output.display());
    println!(
        "Open it and check every line, above all those marked NEEDED or \"a guess\". Then try it with:"
    );
    println!(
        "  evidence-pack import {} {} --map {} --dry-run",
        kind.as_str(),
        args.file.display(),
        output.display()
    );
    Ok(EXIT_OK)
}
