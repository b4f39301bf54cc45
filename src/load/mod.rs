//! Reads a pack folder: walks it, reads and parses every file, keeping where each key stands.
//!
//! A broken file never stops the walk: it becomes an `invalid-record` finding and every other file
//! is still read. Only a missing pack.toml or content folder stops the command (exit 2).
//!
//! - [`walk`]: which files there are, and which are skipped (`skipped-file`);
//! - [`read`]: reading one file and parsing it (`invalid-record` for a broken one);
//! - [`toml_errors`]: the TOML parser's messages in plain English;
//! - [`validate`]: what a parsed record must hold that its types cannot say;
//! - [`config`] and [`register`]: pack.toml (salvaged when broken) and the privacy register;
//! - [`logo`]: the provider's logo named in pack.toml;
//! - [`cache`]: the parsed records `serve` keeps between rebuilds;
//! - [`Overlay`]: unsaved text read in place of a file (the live preview and the editor).

pub mod cache;
mod config;
mod frameworks;
pub mod logo;
mod overlay;
mod read;
mod register;
mod shape;
mod syntax;
pub mod toml_errors;
pub mod validate;
mod walk;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::diagnostics::Finding;
use crate::error::Error;
use crate::model::framework::Frameworks;
use crate::model::{DecisionRecord, PackConfig, PracticeExample};
use crate::privacy::IdentifierScanner;
use crate::source::SourceFile;
pub use cache::{CacheStats, RecordCache};
use cache::{Cached, Outcome};
pub use overlay::Overlay;
use read::read_or_overlay;
pub use read::{Parsed, parse_file, parse_text};
pub use walk::find_toml_files;

pub const DECISIONS_DIR: &str = "content/decisions";

pub const EXAMPLES_DIR: &str = "content/examples";

pub const FRAMEWORKS_DIR: &str = "frameworks";

/// A record or example with the index of the file it came from in [`Pack::sources`]. Shared
/// (`Arc`) with `serve`'s cache, so that a check as the user types reuses the parsed records of
/// the files that did not change rather than copying them.
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    pub item: Arc<T>,
    pub source: usize,
}

/// Everything read from a pack folder.
#[derive(Debug)]
pub struct Pack {
    pub root: PathBuf,
    pub config: PackConfig,
    /// Index of pack.toml in `sources`, when it could be read as text.
    pub config_source: Option<usize>,
    pub frameworks: Frameworks,
    pub privacy_names: Vec<String>,
    /// The provider's logo (`[pack] logo`), when it names one that can be shown.
    pub logo: Option<logo::Logo>,
    /// The identifier scanner for the register's names, built while the records load (for a
    /// register of 10,000 names its automaton takes some tens of milliseconds).
    pub identifiers: IdentifierScanner,
    pub decisions: Vec<Loaded<DecisionRecord>>,
    pub examples: Vec<Loaded<PracticeExample>>,
    /// Every file read, shared with `serve`'s cache as the records are.
    pub sources: Vec<Arc<SourceFile>>,
    /// Findings from reading the files (`invalid-record`, `skipped-file`).
    pub findings: Vec<Finding>,
    /// Every input file read, relative to the root, in sorted order.
    pub input_files: Vec<String>,
    /// How many decision and example files were found, readable or not.
    pub decision_files: usize,
    pub example_files: usize,
}

impl Pack {
    /// Frees the text of every file once all findings are made and shown (a build, past its
    /// checks): the records keep what was read from them, and a large pack's texts are most of its
    /// memory. (A text `serve`'s cache still holds is kept: a build has no cache.)
    pub fn drop_source_texts(&mut self) {
        self.sources
            .iter_mut()
            .filter_map(Arc::get_mut)
            .for_each(SourceFile::drop_text);
    }

    /// Frees the records and examples once the view is built from them (a build, before it
    /// renders): the renderers are given the view alone.
    pub fn drop_records(&mut self) {
        self.decisions = Vec::new();
        self.examples = Vec::new();
    }

    pub fn source(&self, index: usize) -> &SourceFile {
        &self.sources[index]
    }

    pub fn source_by_rel(&self, rel: &str) -> Option<&SourceFile> {
        self.sources.iter().map(|s| &**s).find(|s| s.rel == rel)
    }

    pub fn config_file(&self) -> Option<&SourceFile> {
        self.config_source.map(|i| self.source(i))
    }
}

fn not_a_folder(path: &Path) -> Error {
    Error::new(format!("{} is not a folder.", path.display()))
        .with_help("Give the folder that holds pack.toml.")
}

fn no_pack_toml(path: &Path) -> Error {
    Error::new(format!("There is no pack.toml in {}.", folder_name(path))).with_help(
        "Run this command in your pack folder, or create a new pack with `evidence-pack init my-pack`.",
    )
}

fn no_content(path: &Path) -> Error {
    Error::new(format!("There is no content folder in {}.", folder_name(path))).with_help(
        "Create content/decisions and content/examples for your records, or start from `evidence-pack init my-pack`.",
    )
}

/// "this folder" for `.`, else the path as given.
fn folder_name(path: &Path) -> String {
    if path.as_os_str().is_empty() || path == Path::new(".") {
        "this folder".to_string()
    } else {
        path.display().to_string()
    }
}

/// The folder holding pack.toml: `start` when it has one, else the nearest folder above it that
/// does (a command run from content/decisions), written relative to `start`; else `start`, whose
/// load then says there is no pack.toml.
pub fn find_pack_root(start: &Path) -> PathBuf {
    if start.join("pack.toml").is_file() || !start.is_dir() {
        return start.to_path_buf();
    }
    let Ok(absolute) = start.canonicalize() else {
        return start.to_path_buf();
    };
    let Some(up) = absolute
        .ancestors()
        .skip(1)
        .position(|dir| dir.join("pack.toml").is_file())
    else {
        return start.to_path_buf();
    };
    let mut root = if start == Path::new(".") {
        PathBuf::new()
    } else {
        start.to_path_buf()
    };
    for _ in 0..=up {
        root.push("..");
    }
    root
}

/// Reads a pack folder.
pub fn load(root: &Path) -> Result<Pack, Error> {
    load_with(root, &LoadOptions::default())
}

/// Reads a pack folder as [`load`] does, and hashes each record as it is read, for the manifest
/// of a build (`check` has no use for the hashes).
pub fn load_for_build(root: &Path) -> Result<Pack, Error> {
    load_with(
        root,
        &LoadOptions {
            hash: true,
            ..LoadOptions::default()
        },
    )
}

/// Reads a pack folder as [`load_for_build`] does, taking each record file whose bytes have not
/// changed from `cache` rather than parsing and validating it again (for `serve`).
pub fn load_cached(root: &Path, cache: &RecordCache) -> Result<Pack, Error> {
    load_with(
        root,
        &LoadOptions {
            hash: true,
            cache: Some(cache),
            ..LoadOptions::default()
        },
    )
}

/// How a pack is read: all off by default (read every file from disk, no hashes, no cache).
#[derive(Default, Clone, Copy)]
pub struct LoadOptions<'a> {
    /// Keep each file's SHA-256 for a build's manifest.
    pub hash: bool,
    /// Take unchanged record files from this cache (`serve`).
    pub cache: Option<&'a RecordCache>,
    /// Unsaved texts read in place of their files (pack.toml and records).
    pub overlay: Option<&'a Overlay>,
}

/// Reads a pack folder as `options` say.
pub fn load_with(root: &Path, options: &LoadOptions) -> Result<Pack, Error> {
    load_pack(root, options)
}

/// Whether `root` is a pack folder at all (a folder with pack.toml and a content folder): the
/// checks every load starts with, for a command that must know before it loads (`serve`).
pub fn check_pack_folder(root: &Path) -> Result<(), Error> {
    if !root.is_dir() {
        return Err(not_a_folder(root));
    }
    if !root.join("pack.toml").is_file() {
        return Err(no_pack_toml(root));
    }
    if !root.join("content").is_dir() {
        return Err(no_content(root));
    }
    Ok(())
}

fn load_pack(root: &Path, options: &LoadOptions) -> Result<Pack, Error> {
    let none = Overlay::new();
    let overlay = options.overlay.unwrap_or(&none);
    check_pack_folder(root)?;
    let config_path = root.join("pack.toml");

    let mut sources = Vec::new();
    let mut findings = Vec::new();
    let mut input_files = vec!["pack.toml".to_string()];

    let (config_source, config) =
        match read_or_overlay::<PackConfig>(&config_path, "pack.toml", true, overlay) {
            Parsed::Ok(source, config) => (Some(push(&mut sources, source)), config),
            Parsed::Invalid(source, found) => {
                findings.extend(found);
                let config = config::salvage(source.as_ref());
                (source.map(|s| push(&mut sources, s)), config)
            }
        };

    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let frameworks = Frameworks {
        primary: config.pack.framework.clone(),
        all: frameworks::load(
            root,
            &canonical_root,
            &mut sources,
            &mut findings,
            &mut input_files,
        ),
    };

    let privacy_names =
        register::load(root, &config, &mut sources, &mut findings, &mut input_files);
    let logo = logo::load(root, &config, &sources, &mut findings, &mut input_files);

    walk::strays_in_content(root, &mut findings);
    let mut decision_files = find_toml_files(root, &canonical_root, DECISIONS_DIR, &mut findings);
    let mut example_files = find_toml_files(root, &canonical_root, EXAMPLES_DIR, &mut findings);
    add_overlaid(&mut decision_files, overlay, DECISIONS_DIR);
    add_overlaid(&mut example_files, overlay, EXAMPLES_DIR);
    register::leave_out_register(root, &config, &mut decision_files, &mut findings);
    register::leave_out_register(root, &config, &mut example_files, &mut findings);
    input_files.extend(decision_files.iter().cloned());
    input_files.extend(example_files.iter().cloned());

    let (identifiers, (decisions, examples)) = rayon::join(
        || IdentifierScanner::new(&privacy_names),
        || {
            let decisions = load_all(
                root,
                &decision_files,
                options,
                validate::decision,
                &mut sources,
                &mut findings,
            );
            let examples = load_all(
                root,
                &example_files,
                options,
                validate::example,
                &mut sources,
                &mut findings,
            );
            (decisions, examples)
        },
    );

    input_files.sort();
    Ok(Pack {
        root: root.to_path_buf(),
        config,
        config_source,
        frameworks,
        privacy_names,
        logo,
        identifiers,
        decisions,
        examples,
        sources,
        findings,
        input_files,
        decision_files: decision_files.len(),
        example_files: example_files.len(),
    })
}

/// Adds the overlay's records under `dir` that have no file yet (a record being written), in the
/// order the walk gives (sorted).
fn add_overlaid(files: &mut Vec<String>, overlay: &Overlay, dir: &str) {
    let before = files.len();
    for rel in overlay.toml_files_under(dir) {
        if !files.iter().any(|f| f == rel) {
            files.push(rel.to_string());
        }
    }
    if files.len() > before {
        files.sort();
    }
}

fn push(sources: &mut Vec<Arc<SourceFile>>, source: impl Into<Arc<SourceFile>>) -> usize {
    sources.push(source.into());
    sources.len() - 1
}

/// Reads and parses `files` in parallel, and checks each record that parses with `validate`.
fn load_all<T: DeserializeOwned + schemars::JsonSchema + Cached>(
    root: &Path,
    files: &[String],
    options: &LoadOptions,
    validate: fn(&T, &SourceFile) -> Vec<Finding>,
    sources: &mut Vec<Arc<SourceFile>>,
    findings: &mut Vec<Finding>,
) -> Vec<Loaded<T>> {
    let none = Overlay::new();
    let overlay = options.overlay.unwrap_or(&none);
    let hash = options.hash;
    let read = |rel: &String| {
        let parsed = read_or_overlay::<T>(&root.join(rel), rel, hash, overlay);
        let invalid = match &parsed {
            Parsed::Ok(source, item) => validate(item, source),
            Parsed::Invalid(..) => Vec::new(),
        };
        (parsed, invalid)
    };
    let parsed: Vec<(Outcome<T>, Vec<Finding>)> = match options.cache {
        Some(cache) => cache::load_all_cached(cache, root, files, overlay, read),
        None => files
            .par_iter()
            .map(|rel| {
                let (parsed, found) = read(rel);
                (Outcome::from(parsed), found)
            })
            .collect(),
    };
    let mut loaded = Vec::with_capacity(parsed.len());
    let mut invalid = Vec::new();
    for (p, found) in parsed {
        invalid.extend(found);
        match p {
            Outcome::Ok(source, item) => {
                let source = push(sources, source);
                loaded.push(Loaded { item, source });
            }
            Outcome::Invalid(source, found) => {
                if let Some(s) = source {
                    push(sources, s);
                }
                findings.extend(found);
            }
        }
    }
    findings.extend(invalid);
    loaded
}
