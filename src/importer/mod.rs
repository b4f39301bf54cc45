//! `evidence-pack import` (SPEC section 13): turns a sheet providers already keep (a risk
//! register, an incident log, a buyer's questionnaire) into draft records, incidents on records, or
//! a tender's questions.
//!
//! - `sheet.rs` reads the file (xlsx, xls, ods with calamine; CSV in UTF-8 or Windows-1252);
//! - `map.rs` is MAP.toml: which column holds each field (`fields.rs`), the words for values,
//!   the date order, fixed values; it reads each row, or says why it cannot;
//! - `value.rs` reads one cell: dates, numbers, choices, Word's text as Markdown;
//! - `decisions.rs`, `incidents.rs`, `questions.rs` plan what each row writes;
//! - `guess.rs` writes a starting map from a sheet's header row (`import map`).
//!
//! Nothing is written until the whole sheet is read and planned; a dry run stops there. The
//! sheet itself is never copied into the pack: only the values its map names.

pub mod decisions;
pub mod fields;
pub mod guess;
pub mod incidents;
pub mod map;
pub mod questions;
pub mod sheet;
pub mod toml_out;
pub mod value;

use std::fs;
use std::io::Write as _;
use std::path::Path;

use rayon::prelude::*;

pub use fields::Kind;
pub use map::{Map, Problem};

use crate::error::Error;
use crate::load::Pack;
use crate::model::Date;

/// What a row does to the pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A new record, incident or question.
    Create,
    /// A draft (or question) import made before, brought up to date with the row.
    Update,
    /// Already in the pack as the row has it.
    Unchanged,
    /// A draft import made that has been edited since: left as it is.
    LeftEdited,
    /// A record import made that is no longer a draft: left as it is.
    LeftNotDraft,
    /// An incident with no record to go to (why, in words).
    Unmatched(String),
    /// An incident that could go to more than one record (why, in words).
    Ambiguous(String),
}

/// One row's outcome: the record (or question) id and the file it went to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    pub row: usize,
    pub id: String,
    pub rel: String,
    pub change: Change,
}

impl Planned {
    pub fn new(row: usize, id: &str, rel: &str, change: Change) -> Planned {
        Planned {
            row,
            id: id.to_string(),
            rel: rel.to_string(),
            change,
        }
    }
}

/// A file to write: its path in the pack and its whole text. `new` files must not exist yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Write {
    pub rel: String,
    pub text: String,
    pub new: bool,
}

/// Where the rows came from, as a record's `source` names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The file's name, without its folder.
    pub file: String,
    pub sheet: Option<String>,
}

/// What to import, from where.
pub struct Request<'a> {
    pub kind: Kind,
    pub file: &'a Path,
    pub map: &'a Map,
    /// `--sheet`, before the map's `sheet`.
    pub sheet: Option<&'a str>,
    /// For questions: the tender's folder name in tenders/.
    pub tender: Option<&'a str>,
    pub as_of: Date,
}

/// An import read and planned, not yet written.
#[derive(Debug)]
pub struct Outcome {
    pub origin: Origin,
    pub rows: usize,
    pub problems: Vec<Problem>,
    pub planned: Vec<Planned>,
    pub writes: Vec<Write>,
}

impl Outcome {
    pub fn count(&self, wanted: fn(&Change) -> bool) -> usize {
        self.planned.iter().filter(|p| wanted(&p.change)).count()
    }
}

/// Reads the sheet through the map and plans every row; writes nothing.
pub fn prepare(
    pack: &Pack,
    request: &Request,
    progress: &indicatif::ProgressBar,
) -> Result<Outcome, Error> {
    let wanted_sheet = request.sheet.or(request.map.sheet.as_deref());
    let sheet = sheet::read(request.file, wanted_sheet)?;
    let bound = request.map.bind(&sheet)?;
    let read: Vec<Result<map::ReadRow, Vec<Problem>>> =
        sheet.rows.par_iter().map(|row| bound.read(row)).collect();
    let mut rows = Vec::with_capacity(read.len());
    let mut problems = Vec::new();
    for result in read {
        match result {
            Ok(row) => rows.push(row),
            Err(found) => problems.extend(found),
        }
    }
    let file_name = request
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let origin = Origin {
        file: pack.identifiers.redact(&file_name),
        sheet: sheet.name.as_deref().map(|s| pack.identifiers.redact(s)),
    };
    progress.set_length(rows.len() as u64);
    let (planned, writes) = match request.kind {
        Kind::Decisions => decisions::plan(pack, &origin, &rows, request.as_of, progress),
        Kind::Incidents => incidents::plan(pack, &rows, progress),
        Kind::Questions => {
            let tender = request.tender.unwrap_or_default();
            let plain_name = !tender.is_empty()
                && tender != "."
                && tender != ".."
                && !tender.contains(['/', '\\', ':']);
            if !plain_name {
                return Err(Error::new(format!(
                    "\"{tender}\" is not the name of a tender's folder."
                ))
                .with_help("Give --tender the name of the tender's folder in tenders/, for example --tender supported-living-2027."));
            }
            let rel = format!("tenders/{tender}/tender.toml");
            let text = fs::read_to_string(pack.root.join(&rel)).map_err(|_| {
                Error::new(format!("There is no tender \"{tender}\" in this pack ({rel} is missing)."))
                    .with_help("Create it first with `evidence-pack new tender --title \"…\"`, then import its questions with --tender and the name of its folder.")
            })?;
            questions::plan(&rel, &text, &rows, progress)?
        }
    };
    Ok(Outcome {
        origin,
        rows: sheet.rows.len(),
        problems,
        planned,
        writes,
    })
}

/// Writes the planned files: new ones only where no file is (never overwriting), changed ones
/// whole and atomically (the authoring layer's write), so that a failure leaves the old file as
/// it was.
pub fn write(
    root: &Path,
    writes: &[Write],
    progress: &indicatif::ProgressBar,
) -> Result<(), Error> {
    let mut folders: Vec<&Path> = writes
        .iter()
        .filter_map(|w| Path::new(&w.rel).parent())
        .collect();
    folders.sort();
    folders.dedup();
    for folder in folders {
        fs::create_dir_all(root.join(folder)).map_err(|e| {
            Error::new(format!(
                "could not create the folder {}: {e}",
                folder.display()
            ))
        })?;
    }
    progress.set_length(writes.len() as u64);
    progress.set_position(0);
    let failures: Vec<Error> = writes
        .par_iter()
        .filter_map(|w| {
            let result = if w.new {
                write_new(&root.join(&w.rel), &w.text)
            } else {
                crate::authoring::atomic::write_atomic(&root.join(&w.rel), w.text.as_bytes())
            };
            progress.inc(1);
            result.err()
        })
        .collect();
    match failures.into_iter().next() {
        None => Ok(()),
        Some(first) => Err(first),
    }
}

fn write_new(path: &Path, text: &str) -> Result<(), Error> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Error::new(format!("could not write {}: {e}", path.display())))?;
    file.write_all(text.as_bytes())
        .map_err(|e| Error::new(format!("could not write {}: {e}", path.display())))
}
