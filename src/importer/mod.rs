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
use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use fields::Kind;
pub use map::{Map, Problem};

use crate::authoring::atomic;
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

/// A file to write: its path in the pack and its whole text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Write {
    pub rel: String,
    pub text: String,
    /// The text the change was made from, for a file that exists (the file must still hold it
    /// when the import writes); `None` for a new file, which must not exist yet.
    pub before: Option<String>,
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
            // The loader leaves a byte order mark out of a file's text; the write puts it back.
            let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
            questions::plan(&rel, text, &rows, progress)?
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

/// Writes the planned files, all or none. First every file is checked: a new one must not
/// exist, and a changed one must still hold the text the import read (else someone saved it in
/// between, and nothing is written). New files are made without ever replacing one, changed ones
/// replaced whole and atomically (the authoring layer's writes); a file that began with a byte
/// order mark keeps it. If any write fails, the ones already made are undone: new files removed,
/// changed ones given back their old bytes.
pub fn write(
    root: &Path,
    writes: &[Write],
    progress: &indicatif::ProgressBar,
) -> Result<(), Error> {
    let mut olds: Vec<Option<Vec<u8>>> = Vec::with_capacity(writes.len());
    for w in writes {
        let path = root.join(&w.rel);
        olds.push(match &w.before {
            None if fs::symlink_metadata(&path).is_ok() => {
                return Err(Error::new(format!(
                    "{} already exists, and import never overwrites a file, so nothing was written.",
                    w.rel
                ))
                .with_help("Run the import again: it chooses new file names from what is in the pack now."));
            }
            None => None,
            Some(before) => {
                let bytes = fs::read(&path).unwrap_or_default();
                if without_bom(&bytes) != before.as_bytes() {
                    return Err(Error::new(format!(
                        "{} changed while the import was reading the sheet, so nothing was written.",
                        w.rel
                    ))
                    .with_help("Save your changes, then run the import again."));
                }
                Some(bytes)
            }
        });
    }
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
    let results: Vec<Result<(), Error>> = writes
        .par_iter()
        .zip(olds.par_iter())
        .map(|(w, old)| {
            let path = root.join(&w.rel);
            let result = match old {
                None => atomic::write_new_unsynced(&path, w.text.as_bytes())
                    .map_err(|e| Error::new(format!("could not write {}: {e}", w.rel))),
                Some(old) => {
                    let bom = &old[..old.len() - without_bom(old).len()];
                    atomic::write_atomic(&path, &[bom, w.text.as_bytes()].concat())
                }
            };
            progress.inc(1);
            result
        })
        .collect();
    // The new files reach the disk together (a changed file was synced as it was replaced).
    let failure = match results.iter().position(Result::is_err) {
        Some(first) => results[first].clone().err(),
        None => {
            let made: Vec<PathBuf> = writes
                .iter()
                .filter(|w| w.before.is_none())
                .map(|w| root.join(&w.rel))
                .collect();
            atomic::sync_new_files(&made).err().map(|e| {
                Error::new(format!(
                    "could not make sure the new files are saved to disk: {e}"
                ))
            })
        }
    };
    let Some(failure) = failure else {
        return Ok(());
    };
    // Undo what was written, so that a failed import leaves the pack as it was.
    for ((w, old), result) in writes.iter().zip(&olds).zip(&results) {
        if result.is_ok() {
            let path = root.join(&w.rel);
            let _ = match old {
                None => fs::remove_file(&path).map_err(|e| Error::new(e.to_string())),
                Some(old) => atomic::write_atomic(&path, old),
            };
        }
    }
    Err(failure
        .with_help("Nothing was imported: the files written before it were put back as they were."))
}

/// The bytes after a UTF-8 byte order mark, which the loader leaves out of a file's text.
fn without_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new(rel: &str, text: &str) -> Write {
        Write {
            rel: rel.to_string(),
            text: text.to_string(),
            before: None,
        }
    }

    fn change(rel: &str, before: &str, text: &str) -> Write {
        Write {
            rel: rel.to_string(),
            text: text.to_string(),
            before: Some(before.to_string()),
        }
    }

    fn write_all(root: &Path, writes: &[Write]) -> Result<(), Error> {
        write(root, writes, &indicatif::ProgressBar::hidden())
    }

    #[test]
    fn a_changed_file_keeps_its_byte_order_mark() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join("b.toml"), b"\xEF\xBB\xBFid = \"D-001\"\r\n").unwrap();
        write_all(
            root,
            &[
                change(
                    "b.toml",
                    "id = \"D-001\"\r\n",
                    "id = \"D-001\"\r\nx = 1\r\n",
                ),
                new("content/a.toml", "made"),
            ],
        )
        .unwrap();
        assert_eq!(
            fs::read(root.join("b.toml")).unwrap(),
            b"\xEF\xBB\xBFid = \"D-001\"\r\nx = 1\r\n"
        );
        assert_eq!(fs::read(root.join("content/a.toml")).unwrap(), b"made");
    }

    #[test]
    fn a_failed_write_puts_back_every_file_it_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join("b.toml"), "old").unwrap();
        // A folder where a file is to be replaced: that write fails, whatever the order.
        fs::create_dir(root.join("taken")).unwrap();
        let writes = [
            new("a.toml", "made"),
            change("b.toml", "old", "new"),
            change("taken", "", "text"),
            new("c.toml", "made"),
        ];
        let error = write_all(root, &writes).unwrap_err();
        assert!(
            error
                .help
                .as_deref()
                .unwrap_or_default()
                .contains("Nothing was imported"),
            "{error:?}"
        );
        assert_eq!(fs::read_to_string(root.join("b.toml")).unwrap(), "old");
        assert!(!root.join("a.toml").exists());
        assert!(!root.join("c.toml").exists());
        assert!(root.join("taken").is_dir());
        let mut left: Vec<String> = fs::read_dir(root)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, vec!["b.toml", "taken"]);
    }

    #[test]
    fn nothing_is_written_when_a_file_changed_or_appeared_since_it_was_read() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join("b.toml"), "saved by hand").unwrap();
        let error = write_all(
            root,
            &[new("a.toml", "made"), change("b.toml", "old", "new")],
        )
        .unwrap_err();
        assert!(error.message.contains("b.toml changed"), "{error:?}");
        assert!(!root.join("a.toml").exists());
        assert_eq!(
            fs::read_to_string(root.join("b.toml")).unwrap(),
            "saved by hand"
        );

        fs::write(root.join("a.toml"), "someone's").unwrap();
        let error = write_all(
            root,
            &[
                change("b.toml", "saved by hand", "new"),
                new("a.toml", "made"),
            ],
        )
        .unwrap_err();
        assert!(error.message.contains("a.toml already exists"), "{error:?}");
        assert_eq!(
            fs::read_to_string(root.join("a.toml")).unwrap(),
            "someone's"
        );
        assert_eq!(
            fs::read_to_string(root.join("b.toml")).unwrap(),
            "saved by hand"
        );
    }
}
