//! Reads `tenders/<id>/tender.toml` and `tenders/<id>/answers/*.toml` as the pack's records are
//! read: a broken file is a located `invalid-record` finding, and every other file is still read.

use std::fs;
use std::path::Path;

use crate::diagnostics::{Finding, Rule};
use crate::load::{Loaded, Pack, Parsed, find_toml_files, parse_file};
use crate::model::tender::{Answer, TenderFile};

pub const TENDERS_DIR: &str = "tenders";

/// One folder of `tenders/`.
#[derive(Debug)]
pub struct LoadedTender {
    /// The folder's name: the id `evidence-pack tender ID` takes.
    pub id: String,
    /// `tenders/<id>`.
    pub dir: String,
    /// tender.toml, when it could be read (its source is in `pack.sources`).
    pub file: Option<Loaded<TenderFile>>,
    pub answers: Vec<Loaded<Answer>>,
    /// Every file read for this tender, relative to the pack root.
    pub input_files: Vec<String>,
    /// The `question = "…"` of answer files that could not be read.
    pub unreadable_answers: Vec<String>,
}

/// Every tender of a pack, with the findings from reading them.
#[derive(Debug, Default)]
pub struct Tenders {
    pub list: Vec<LoadedTender>,
    pub findings: Vec<Finding>,
}

impl Tenders {
    pub fn get(&self, id: &str) -> Option<&LoadedTender> {
        self.list.iter().find(|t| t.id == id)
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut LoadedTender> {
        self.list.iter_mut().find(|t| t.id == id)
    }

    pub fn ids(&self) -> Vec<&str> {
        self.list.iter().map(|t| t.id.as_str()).collect()
    }
}

/// Reads every tender under `tenders/`, in sorted order. The files read are added to
/// `pack.sources`, so findings in them show their lines as any other file's do.
pub fn load_tenders(pack: &mut Pack) -> Tenders {
    let root = pack.root.clone();
    let mut tenders = Tenders::default();
    let dir = root.join(TENDERS_DIR);
    let Ok(entries) = fs::read_dir(&dir) else {
        return tenders;
    };
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.clone());
    let mut ids = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let rel = format!("{TENDERS_DIR}/{name}");
        let path = entry.path();
        let is_dir = fs::metadata(&path).is_ok_and(|m| m.is_dir());
        let inside = path
            .canonicalize()
            .is_ok_and(|target| target.starts_with(&canonical_root));
        if is_dir && inside {
            ids.push(name);
        } else if is_dir {
            tenders.findings.push(skipped(
                &rel,
                "it is a link to a folder outside the pack folder",
                "Move the tender's folder into tenders/ itself.",
            ));
        } else if name.to_ascii_lowercase().ends_with(".toml") {
            tenders.findings.push(skipped(
                &rel,
                "only folders in tenders/ are read, one per tender",
                "Put it in a folder of its own: tenders/<name>/tender.toml, with its answers in tenders/<name>/answers/.",
            ));
        }
    }
    ids.sort();
    for id in ids {
        let loaded = load_one(pack, &root, &canonical_root, &id, &mut tenders.findings);
        tenders.list.push(loaded);
    }
    tenders
}

fn load_one(
    pack: &mut Pack,
    root: &Path,
    canonical_root: &Path,
    id: &str,
    findings: &mut Vec<Finding>,
) -> LoadedTender {
    let dir = format!("{TENDERS_DIR}/{id}");
    let tender_rel = format!("{dir}/tender.toml");
    let mut input_files = Vec::new();
    let file = if root.join(&tender_rel).is_file() {
        input_files.push(tender_rel.clone());
        match parse_file::<TenderFile>(&root.join(&tender_rel), &tender_rel) {
            Parsed::Ok(source, item) => {
                findings.extend(super::validate::tender(&item, &source));
                findings.extend(duplicate_questions(&item, &source));
                pack.sources.push(source.into());
                Some(Loaded {
                    item: item.into(),
                    source: pack.sources.len() - 1,
                })
            }
            Parsed::Invalid(source, found) => {
                pack.sources.extend(source.map(std::sync::Arc::new));
                findings.extend(found);
                None
            }
        }
    } else {
        findings.push(Finding::in_file(
            Rule::InvalidRecord,
            &dir,
            1,
            1,
            format!("The tender folder {dir} has no tender.toml, so its answers cannot be checked."),
            format!(
                "Create it with `evidence-pack new tender --title \"…\"`, or move the folder out of {TENDERS_DIR}/."
            ),
        ));
        None
    };
    let answer_files = find_toml_files(root, canonical_root, &format!("{dir}/answers"), findings);
    let mut answers = Vec::new();
    let mut unreadable_answers = Vec::new();
    for rel in answer_files {
        input_files.push(rel.clone());
        match parse_file::<Answer>(&root.join(&rel), &rel) {
            Parsed::Ok(source, item) => {
                findings.extend(super::validate::answer(&item, &source));
                pack.sources.push(source.into());
                answers.push(Loaded {
                    item: item.into(),
                    source: pack.sources.len() - 1,
                });
            }
            Parsed::Invalid(source, found) => {
                unreadable_answers.extend(
                    source
                        .as_ref()
                        .and_then(|s| question_in_broken_file(&s.text)),
                );
                pack.sources.extend(source.map(std::sync::Arc::new));
                findings.extend(found);
            }
        }
    }
    LoadedTender {
        id: id.to_string(),
        dir,
        file,
        answers,
        input_files,
        unreadable_answers,
    }
}

/// The `question = "…"` of an answer file that cannot be read as an answer, read line by line.
fn question_in_broken_file(text: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let value = line
            .trim()
            .strip_prefix("question")?
            .trim_start()
            .strip_prefix('=')?;
        let value = value.trim();
        let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let inner = &value[1..];
        inner.find(quote).map(|end| inner[..end].trim().to_string())
    })
}

fn skipped(rel: &str, why: &str, help: &str) -> Finding {
    Finding::in_file(
        Rule::SkippedFile,
        rel,
        1,
        1,
        format!("{rel} was not read: {why}."),
        help,
    )
}

/// Question ids must be unique in a tender: the second use of one is an `invalid-record`.
fn duplicate_questions(tender: &TenderFile, source: &crate::source::SourceFile) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (i, q) in tender.questions.iter().enumerate() {
        if let Some(first) = tender.questions[..i]
            .iter()
            .position(|p| p.id.trim() == q.id.trim())
        {
            findings.push(Finding::at(
                Rule::InvalidRecord,
                source,
                source.span(&format!("questions[{i}].id")),
                None,
                format!(
                    "Two questions have the id {} (question {} and question {}).",
                    crate::text::printable(q.id.trim()),
                    first + 1,
                    i + 1
                ),
                "Give each question the id the tender documents use, once.",
            ));
        }
    }
    findings
}
