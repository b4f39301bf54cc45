//! Walks a pack folder and parses every file, keeping where each key stands.
//!
//! A broken file never stops the walk: it becomes an `invalid-record` finding and every other file
//! is still read. Only a missing pack.toml or content folder stops the command (exit 2).

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use toml::de::DeTable;
use walkdir::WalkDir;

use crate::diagnostics::{Finding, Level};
use crate::load_cache::{Cached, RecordCache};
use crate::model::framework::{Framework, Frameworks};
use crate::model::pack_config::PrivacyRegister;
use crate::model::{DecisionRecord, PackConfig, PracticeExample};
use crate::source::{Digest, SourceFile};
use crate::toml_errors::explain_toml_error;

pub const INVALID_RECORD: &str = "invalid-record";
pub const SKIPPED_FILE: &str = "skipped-file";
pub const DECISIONS_DIR: &str = "content/decisions";
pub const EXAMPLES_DIR: &str = "content/examples";
pub const FRAMEWORKS_DIR: &str = "frameworks";

/// Files larger than this are refused rather than read (a 10 MB text field still fits).
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;
/// Deeper nesting of arrays and inline tables than this is refused before parsing.
pub const MAX_NESTING: usize = 32;

/// A record or example with the index of the file it came from in [`Pack::sources`].
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    pub item: T,
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
    pub decisions: Vec<Loaded<DecisionRecord>>,
    pub examples: Vec<Loaded<PracticeExample>>,
    pub sources: Vec<SourceFile>,
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
    /// checks): the records keep what was read from them. For 10,000 records this is 44 MB.
    pub fn drop_source_texts(&mut self) {
        self.sources.iter_mut().for_each(SourceFile::drop_text);
    }

    pub fn source(&self, index: usize) -> &SourceFile {
        &self.sources[index]
    }

    pub fn source_by_rel(&self, rel: &str) -> Option<&SourceFile> {
        self.sources.iter().find(|s| s.rel == rel)
    }

    pub fn config_file(&self) -> Option<&SourceFile> {
        self.config_source.map(|i| &self.sources[i])
    }
}

/// Why a pack could not be read at all (exit 2).
#[derive(Debug)]
pub enum LoadError {
    NotAFolder(PathBuf),
    NoPackToml(PathBuf),
    NoContent(PathBuf),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::NotAFolder(p) => write!(
                f,
                "{} is not a folder. Give the folder that holds pack.toml.",
                p.display()
            ),
            LoadError::NoPackToml(p) => write!(
                f,
                "There is no pack.toml in {}. Run this command in your pack folder, or create a new pack with `evidence-pack init my-pack`.",
                folder_name(p)
            ),
            LoadError::NoContent(p) => write!(
                f,
                "There is no content folder in {}. Create content/decisions and content/examples for your records, or start from `evidence-pack init my-pack`.",
                folder_name(p)
            ),
        }
    }
}

impl std::error::Error for LoadError {}

/// "this folder" for `.`, else the path as given.
fn folder_name(path: &Path) -> String {
    if path.as_os_str().is_empty() || path == Path::new(".") {
        "this folder".to_string()
    } else {
        path.display().to_string()
    }
}

/// Reads a pack folder.
pub fn load(root: &Path) -> Result<Pack, LoadError> {
    load_pack(root, false, None)
}

/// Reads a pack folder as [`load`] does, and hashes each record as it is read, for the manifest
/// of a build (`check` has no use for the hashes).
pub fn load_for_build(root: &Path) -> Result<Pack, LoadError> {
    load_pack(root, true, None)
}

/// Reads a pack folder as [`load_for_build`] does, taking each record file whose bytes have not
/// changed from `cache` rather than parsing and validating it again (for `serve`).
pub fn load_cached(root: &Path, cache: &RecordCache) -> Result<Pack, LoadError> {
    load_pack(root, true, Some(cache))
}

fn load_pack(
    root: &Path,
    hash_records: bool,
    cache: Option<&RecordCache>,
) -> Result<Pack, LoadError> {
    if !root.is_dir() {
        return Err(LoadError::NotAFolder(root.to_path_buf()));
    }
    let config_path = root.join("pack.toml");
    if !config_path.is_file() {
        return Err(LoadError::NoPackToml(root.to_path_buf()));
    }
    if !root.join("content").is_dir() {
        return Err(LoadError::NoContent(root.to_path_buf()));
    }

    let mut sources = Vec::new();
    let mut findings = Vec::new();
    let mut input_files = vec!["pack.toml".to_string()];

    let (config_source, config) = match parse_file::<PackConfig>(&config_path, "pack.toml") {
        Parsed::Ok(source, config) => (Some(push(&mut sources, source)), config),
        Parsed::Invalid(source, finding) => {
            findings.push(finding);
            let config = salvage_config(source.as_ref());
            (source.map(|s| push(&mut sources, s)), config)
        }
    };

    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut frameworks = Frameworks {
        primary: config.pack.framework.clone(),
        all: vec![Framework::built_in()],
    };
    let framework_files = find_toml_files(root, &canonical_root, FRAMEWORKS_DIR, &mut findings);
    for rel in &framework_files {
        input_files.push(rel.clone());
        match parse_file::<Framework>(&root.join(rel), rel) {
            Parsed::Ok(source, fw) => {
                push(&mut sources, source);
                frameworks.all.retain(|f| f.id != fw.id);
                frameworks.all.push(fw);
            }
            Parsed::Invalid(source, finding) => {
                if let Some(s) = source {
                    push(&mut sources, s);
                }
                findings.push(finding);
            }
        }
    }

    let privacy_names =
        load_privacy_register(root, &config, &mut sources, &mut findings, &mut input_files);

    strays_in_content(root, &mut findings);
    let decision_files = find_toml_files(root, &canonical_root, DECISIONS_DIR, &mut findings);
    let example_files = find_toml_files(root, &canonical_root, EXAMPLES_DIR, &mut findings);
    input_files.extend(decision_files.iter().cloned());
    input_files.extend(example_files.iter().cloned());

    let decisions = load_all(
        root,
        &decision_files,
        hash_records,
        cache,
        crate::validate::decision,
        &mut sources,
        &mut findings,
    );
    let examples = load_all(
        root,
        &example_files,
        hash_records,
        cache,
        crate::validate::example,
        &mut sources,
        &mut findings,
    );

    input_files.sort();
    Ok(Pack {
        root: root.to_path_buf(),
        config,
        config_source,
        frameworks,
        privacy_names,
        decisions,
        examples,
        sources,
        findings,
        input_files,
        decision_files: decision_files.len(),
        example_files: example_files.len(),
    })
}

fn push(sources: &mut Vec<SourceFile>, source: SourceFile) -> usize {
    sources.push(source);
    sources.len() - 1
}

/// The settings used when pack.toml has an error, so that records are still checked: whatever can
/// be read of it (above all the privacy register and the as-of date), defaults for the rest.
fn salvage_config(source: Option<&SourceFile>) -> PackConfig {
    let mut config: PackConfig =
        toml::from_str("[pack]\ntitle = \"Untitled pack\"\nprovider = \"Unknown provider\"\n")
            .expect("the fallback settings are valid");
    let Some(table) = source.and_then(|s| s.text.parse::<toml::Table>().ok()) else {
        return config;
    };
    let section = |name: &str| table.get(name).and_then(|v| v.as_table()).cloned();
    if let Some(pack) = section("pack") {
        let text = |key: &str| pack.get(key).and_then(|v| v.as_str()).map(str::to_string);
        if let Some(t) = text("title") {
            config.pack.title = t;
        }
        if let Some(p) = text("provider") {
            config.pack.provider = p;
        }
        if let Some(f) = text("framework") {
            config.pack.framework = f;
        }
        config.pack.summary = text("summary");
        config.pack.as_of = pack
            .get("as_of")
            .and_then(|v| v.clone().try_into::<crate::model::Date>().ok());
        config.pack.required_statements = pack
            .get("required_statements")
            .and_then(|v| v.clone().try_into::<Vec<String>>().ok())
            .unwrap_or_default();
    }
    if let Some(privacy) = section("privacy") {
        config.privacy.register = privacy
            .get("register")
            .and_then(|v| v.as_str())
            .map(str::to_string);
    }
    if let Some(examples) = section("examples") {
        config.examples.word_limit = examples
            .get("word_limit")
            .and_then(|v| v.as_integer())
            .and_then(|n| u32::try_from(n).ok());
    }
    config
}

/// Reads and parses `files` in parallel, and checks each record that parses with `validate`.
fn load_all<T: DeserializeOwned + Cached>(
    root: &Path,
    files: &[String],
    hash: bool,
    cache: Option<&RecordCache>,
    validate: fn(&T, &SourceFile) -> Vec<Finding>,
    sources: &mut Vec<SourceFile>,
    findings: &mut Vec<Finding>,
) -> Vec<Loaded<T>> {
    let read = |rel: &String| {
        let parsed = read_and_parse::<T>(&root.join(rel), rel, hash);
        let invalid = match &parsed {
            Parsed::Ok(source, item) => validate(item, source),
            Parsed::Invalid(..) => Vec::new(),
        };
        (parsed, invalid)
    };
    let parsed: Vec<(Parsed<T>, Vec<Finding>)> = match cache {
        Some(cache) => crate::load_cache::load_all_cached(cache, root, files, read),
        None => files.par_iter().map(read).collect(),
    };
    let mut loaded = Vec::with_capacity(parsed.len());
    let mut invalid = Vec::new();
    for (p, found) in parsed {
        invalid.extend(found);
        match p {
            Parsed::Ok(source, item) => {
                let source = push(sources, source);
                loaded.push(Loaded { item, source });
            }
            Parsed::Invalid(source, finding) => {
                if let Some(s) = source {
                    push(sources, s);
                }
                findings.push(finding);
            }
        }
    }
    findings.extend(invalid);
    loaded
}

fn load_privacy_register(
    root: &Path,
    config: &PackConfig,
    sources: &mut Vec<SourceFile>,
    findings: &mut Vec<Finding>,
    input_files: &mut Vec<String>,
) -> Vec<String> {
    let Some(register) = config.privacy.register.as_deref() else {
        return Vec::new();
    };
    let rel = register.replace('\\', "/");
    let path = root.join(&rel);
    let outside = Path::new(&rel).is_absolute()
        || rel.split('/').any(|part| part == "..")
        || path
            .canonicalize()
            .ok()
            .zip(root.canonicalize().ok())
            .is_some_and(|(p, r)| !p.starts_with(r));
    if outside {
        findings.push(register_finding(
            sources,
            "The privacy register must be a file inside the pack folder, such as private/people.toml.".to_string(),
            "Move the register into the pack's private/ folder and name it relative to pack.toml.",
        ));
        return Vec::new();
    }
    // What is there, found without opening it: opening a named pipe would wait for ever.
    let problem = match fs::metadata(&path) {
        Ok(meta) if meta.is_file() => None,
        Ok(meta) if meta.is_dir() => Some((
            "is a folder, not a file".to_string(),
            "Name the register file itself, for example private/people.toml holding names = [\"Jane Smith\"], or remove privacy.register from pack.toml.",
        )),
        Ok(meta) => Some((
            format!("is {}, not an ordinary file", special_file_kind(&meta)),
            "Replace it with an ordinary file that lists the names, for example: names = [\"Jane Smith\"].",
        )),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Some((
            "does not exist".to_string(),
            "Create it with a list of names, for example: names = [\"Jane Smith\"], or remove privacy.register from pack.toml.",
        )),
        Err(err) => Some((
            format!("could not be read ({})", io_reason(Some(&err))),
            "Check that the file is there and that you have permission to read it.",
        )),
    };
    if let Some((what, help)) = problem {
        findings.push(register_finding(
            sources,
            format!("The privacy register {rel} {what}, so real names cannot be checked."),
            help,
        ));
        return Vec::new();
    }
    input_files.push(rel.clone());
    match parse_file::<PrivacyRegister>(&path, &rel) {
        Parsed::Ok(source, register) => {
            push(sources, source);
            register
                .names
                .into_iter()
                .filter(|n| !n.trim().is_empty())
                .collect()
        }
        Parsed::Invalid(source, finding) => {
            if let Some(s) = source {
                push(sources, s);
            }
            findings.push(finding);
            Vec::new()
        }
    }
}

/// An `invalid-record` finding at `privacy.register` in pack.toml (line 1 when it cannot be found).
fn register_finding(sources: &[SourceFile], message: String, help: &str) -> Finding {
    let source = sources.iter().find(|s| s.rel == "pack.toml");
    let span = source.and_then(|s| s.span("privacy.register"));
    let (line, column) = source
        .zip(span.clone())
        .map(|(s, sp)| s.line_col(sp.start))
        .unwrap_or((1, 1));
    let mut finding = Finding::in_file(
        INVALID_RECORD,
        Level::Error,
        "pack.toml",
        line,
        column,
        message,
        help,
    );
    finding.span = span;
    finding
}

/// What a thing that is neither a file nor a folder is, in words.
fn special_file_kind(meta: &fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = meta.file_type();
        if kind.is_fifo() {
            return "a named pipe";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "a device";
        }
    }
    #[cfg(not(unix))]
    let _ = meta;
    "a special file"
}

/// `.toml` files under `root/dir`, relative to root with `/`, sorted by path. Hidden files, links
/// that leave the pack and files ending `.TOML` in another case are skipped with a warning.
pub fn find_toml_files(
    root: &Path,
    canonical_root: &Path,
    dir: &str,
    findings: &mut Vec<Finding>,
) -> Vec<String> {
    let start = root.join(dir);
    if !start.is_dir() {
        return Vec::new();
    }
    if start
        .canonicalize()
        .is_ok_and(|target| !target.starts_with(canonical_root))
    {
        findings.push(skipped(
            dir,
            "it is a link to a folder outside the pack folder",
        ));
        return Vec::new();
    }
    let mut files = Vec::new();
    // Not sorted while walking (sorting by name took most of the walk's time, as walkdir finds
    // each name in its path on every comparison): the files are sorted below, and findings are
    // sorted before they are shown.
    let mut walker = WalkDir::new(&start).follow_links(true).into_iter();
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let rel = err
                    .path()
                    .map(|p| relative(root, p))
                    .unwrap_or_else(|| dir.to_string());
                let why = if err.loop_ancestor().is_some() {
                    "it is a link that loops back to a folder that contains it".to_string()
                } else {
                    format!("it could not be read ({})", io_reason(err.io_error()))
                };
                findings.push(skipped(&rel, &why));
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let rel = relative(root, entry.path());
        let name = entry.file_name().to_string_lossy();
        if name.starts_with('.') {
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            if entry.file_type().is_dir() || ends_toml_any_case(&name) {
                findings.push(skipped(&rel, "hidden files and folders are not read"));
            }
            continue;
        }
        if entry.path_is_symlink() {
            let inside = entry
                .path()
                .canonicalize()
                .map(|target| target.starts_with(canonical_root))
                .unwrap_or(false);
            if !inside {
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                findings.push(skipped(
                    &rel,
                    "it is a link to something outside the pack folder",
                ));
                continue;
            }
        }
        if entry.file_type().is_dir() {
            continue;
        }
        if !ends_toml_any_case(&name) {
            if has_toml_inside(&name) && entry.file_type().is_file() {
                // `d-004.toml.txt`, as some editors save it: never read, so say so.
                findings.push(skipped_with_help(
                    &rel,
                    "only files whose names end in .toml are read",
                    "If it is a record, rename it so that its name ends in .toml (some editors add .txt when saving).",
                ));
            }
            continue;
        }
        if !entry.file_type().is_file() {
            // A pipe, socket or device would block the read or never end.
            findings.push(skipped(&rel, "it is not an ordinary file"));
        } else if name.ends_with(".toml") {
            files.push(rel);
        } else {
            findings.push(wrong_case(&rel, &name, entry.path()));
        }
    }
    files.sort();
    files
}

fn skipped(rel: &str, why: &str) -> Finding {
    skipped_with_help(
        rel,
        why,
        "Move the record into content/ as an ordinary file if it belongs in the pack.",
    )
}

/// A `skipped-file` warning: "REL was not read: WHY.", with `help`.
fn skipped_with_help(rel: &str, why: &str, help: impl Into<String>) -> Finding {
    Finding::in_file(
        SKIPPED_FILE,
        Level::Warning,
        rel,
        1,
        1,
        format!("{rel} was not read: {why}."),
        help,
    )
}

/// Whether `name` ends `.toml.txt` (in any case), as Notepad and TextEdit can save a record.
/// Backups such as `d-004.toml.bak` are left alone.
fn has_toml_inside(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with(".toml.txt")
}

/// Folders and files directly in `content/` other than `decisions/` and `examples/`, which are
/// never read: a record saved in `content/decision/` or `content/` would otherwise go unseen.
fn strays_in_content(root: &Path, findings: &mut Vec<Finding>) {
    let Ok(entries) = fs::read_dir(root.join("content")) else {
        return;
    };
    let mut strays: Vec<(String, bool)> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let dir = e.file_type().ok()?.is_dir();
            let ours = dir && (name == "decisions" || name == "examples");
            let shown = dir || ends_toml_any_case(&name) || has_toml_inside(&name);
            (!ours && !name.starts_with('.') && shown).then_some((name, dir))
        })
        .collect();
    strays.sort();
    for (name, dir) in strays {
        let rel = format!("content/{name}");
        let what = if dir { "folder" } else { "file" };
        findings.push(Finding::in_file(
            SKIPPED_FILE,
            Level::Warning,
            &rel,
            1,
            1,
            format!("The {what} {rel} was not read: only content/decisions and content/examples are."),
            "Move decision records into content/decisions/ and practice examples into content/examples/.",
        ));
    }
}

/// Whether a file name ends in `.toml` in any mix of upper and lower case.
fn ends_toml_any_case(name: &str) -> bool {
    name.len() >= 5 && name.as_bytes()[name.len() - 5..].eq_ignore_ascii_case(b".toml")
}

/// A file such as `D-001.TOML`: only names ending in `.toml` in lower case are read (SPEC
/// section 2), so say so, and how to rename it without overwriting a file already there.
fn wrong_case(rel: &str, name: &str, path: &Path) -> Finding {
    // The last five bytes are ASCII (they matched ".toml"), so this cut is on a character boundary.
    let renamed = format!("{}.toml", &name[..name.len() - 5]);
    // Compared by name rather than with `exists()`, which on a case-insensitive disk would find
    // this very file.
    let taken = path
        .parent()
        .and_then(|p| fs::read_dir(p).ok())
        .is_some_and(|entries| {
            entries
                .flatten()
                .any(|e| e.file_name().to_string_lossy() == renamed)
        });
    let help = if taken {
        format!(
            "There is already a {renamed} beside it: keep the one you mean, and delete or move the other."
        )
    } else {
        format!("Rename it to {renamed}.")
    };
    skipped_with_help(
        rel,
        "only files ending in .toml (lower case) are read",
        help,
    )
}

fn io_reason(err: Option<&std::io::Error>) -> String {
    match err.map(|e| e.kind()) {
        Some(std::io::ErrorKind::PermissionDenied) => "permission denied".to_string(),
        Some(std::io::ErrorKind::NotFound) => "it disappeared while being read".to_string(),
        Some(_) => err.map(|e| e.to_string()).unwrap_or_default(),
        None => "unknown error".to_string(),
    }
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    // Paths the walk builds are already clean (`content/decisions/d-001.toml`): most need no
    // taking apart.
    #[cfg(unix)]
    if let Some(text) = rel.to_str()
        && !text.starts_with('/')
        && !text.starts_with("./")
        && !text.ends_with('/')
        && !text.contains("//")
        && !text.contains("/./")
    {
        return text.to_string();
    }
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The result of reading one file: the value, or an `invalid-record` finding (with the text, when
/// the file could be read as text, so the finding can show its line).
pub enum Parsed<T> {
    Ok(SourceFile, T),
    Invalid(Option<SourceFile>, Finding),
}

/// Reads and parses a file, hashing it for the manifest.
pub fn parse_file<T: DeserializeOwned>(path: &Path, rel: &str) -> Parsed<T> {
    read_and_parse(path, rel, true)
}

/// Reads and parses a file, and with `hash`, keeps its SHA-256 for the manifest.
fn read_and_parse<T: DeserializeOwned>(path: &Path, rel: &str, hash: bool) -> Parsed<T> {
    let invalid = |message: String, help: &str| {
        Parsed::Invalid(
            None,
            Finding::in_file(INVALID_RECORD, Level::Error, rel, 1, 1, message, help),
        )
    };
    match fs::metadata(path) {
        // Replaced by a folder, a pipe or a device since the walk: reading could block forever.
        Ok(meta) if !meta.is_file() => {
            return invalid(
                format!("{rel} could not be read: it is not an ordinary file."),
                "Save the record as an ordinary .toml file.",
            );
        }
        Ok(meta) if meta.len() > MAX_FILE_BYTES => {
            return invalid(
                format!(
                    "{rel} is {} MB, larger than the {} MB a record may be.",
                    meta.len() / (1024 * 1024),
                    MAX_FILE_BYTES / (1024 * 1024)
                ),
                "Split the text, or move attachments out of the record.",
            );
        }
        Ok(_) => {}
        Err(err) => {
            return invalid(
                format!("{rel} could not be read: {}.", io_reason(Some(&err))),
                "Check that the file exists and that you have permission to read it.",
            );
        }
    }
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(err) => {
            return invalid(
                format!("{rel} could not be read: {}.", io_reason(Some(&err))),
                "Check that the file exists and that you have permission to read it.",
            );
        }
    };
    // Hashed here, for the manifest, so that it names exactly the bytes the pack was built from
    // and no file is read twice.
    let digest = hash.then(|| Digest::of(&bytes));
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(err) => {
            let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
            let prefix = String::from_utf8_lossy(valid).into_owned();
            let probe = SourceFile::new(rel.to_string(), prefix);
            let (line, column) = probe.line_col(valid.len());
            return Parsed::Invalid(
                None,
                Finding::in_file(
                    INVALID_RECORD,
                    Level::Error,
                    rel,
                    line,
                    column,
                    format!(
                        "{rel} is not UTF-8 text: it has a character that cannot be read at line {line}, column {column}."
                    ),
                    "Save the file as UTF-8 (in most editors: Save As, then choose the UTF-8 encoding).",
                ),
            );
        }
    };
    let text = match text.strip_prefix('\u{FEFF}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    let mut parsed = parse_text(rel, text);
    if let Parsed::Ok(source, _) | Parsed::Invalid(Some(source), _) = &mut parsed {
        source.digest = digest;
    }
    parsed
}

/// Parses TOML text into `T`, keeping the source and its key index.
pub fn parse_text<T: DeserializeOwned>(rel: &str, text: String) -> Parsed<T> {
    let source = SourceFile::new(rel.to_string(), text);
    if source.text.trim().is_empty() {
        let finding = Finding::at(
            INVALID_RECORD,
            Level::Error,
            &source,
            None,
            None,
            format!("{rel} is empty."),
            if rel == "pack.toml" {
                "Add a [pack] table with title and provider (see the README), or start a new pack with `evidence-pack init`."
            } else {
                "Fill it in (`evidence-pack new` writes a complete template), or delete the file."
            },
        );
        return Parsed::Invalid(Some(source), finding);
    }
    if let Some(offset) = too_deep(&source.text, MAX_NESTING) {
        let finding = Finding::at(
            INVALID_RECORD,
            Level::Error,
            &source,
            Some(offset..offset + 1),
            None,
            format!("Lists or tables here are nested more than {MAX_NESTING} levels deep."),
            "Records never need deep nesting: check the brackets and braces on this line.",
        );
        return Parsed::Invalid(Some(source), finding);
    }
    let parsed = match DeTable::parse(&source.text) {
        Ok(table) => table,
        Err(err) => {
            let span = err.span();
            let at = span
                .as_ref()
                .map(|s| &source.text[s.start.min(source.text.len())..]);
            let (message, help) = match at.and_then(crate::toml_errors::date_in_words) {
                Some(explained) => explained,
                None => explain_toml_error(err.message(), None),
            };
            let record = id_in_broken_file(&source.text);
            let finding = Finding::at(
                INVALID_RECORD,
                Level::Error,
                &source,
                span,
                record.as_deref(),
                message,
                help,
            );
            return Parsed::Invalid(Some(source), finding);
        }
    };
    let record_id = parsed
        .get_ref()
        .get("id")
        .and_then(|v| v.get_ref().as_str())
        .map(str::to_string);
    let result = T::deserialize(toml::de::Deserializer::from(parsed));
    match result {
        Ok(item) => Parsed::Ok(source, item),
        Err(err) => {
            let (message, help) = explain_toml_error(err.message(), Some(&source));
            let span = err.span().map(|s| narrow_to_key(&source, s));
            let finding = Finding::at(
                INVALID_RECORD,
                Level::Error,
                &source,
                span,
                record_id.as_deref(),
                message,
                help,
            );
            Parsed::Invalid(Some(source), finding)
        }
    }
}

/// Serde reports a missing field at the whole table; point at the table's first line instead.
fn narrow_to_key(source: &SourceFile, span: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let (_, line_end) = source.line_bounds(span.start);
    span.start..span.end.min(line_end.max(span.start + 1))
}

/// Finds where arrays and inline tables nest deeper than `limit`, outside strings and comments,
/// so that hostile input cannot exhaust the stack of the parser.
///
/// Strings and comments (most of a record's bytes) are skipped eight bytes at a time.
pub fn too_deep(text: &str, limit: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    let mut line_start = true;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'#' => {
                i = find_any(bytes, i, b"\n");
                continue;
            }
            b'"' | b'\'' => {
                let triple = bytes[i..].starts_with(if b == b'"' { b"\"\"\"" } else { b"\'\'\'" });
                let quote_len = if triple { 3 } else { 1 };
                i += quote_len;
                let stops: &[u8] = match (b == b'"', triple) {
                    (true, true) => b"\"\\",
                    (true, false) => b"\"\\\n",
                    (false, true) => b"'",
                    (false, false) => b"'\n",
                };
                loop {
                    i = find_any(bytes, i, stops);
                    if i >= bytes.len() {
                        break;
                    }
                    if bytes[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if bytes[i] == b'\n' {
                        break;
                    }
                    if !triple {
                        i += 1;
                        break;
                    }
                    if bytes[i..].starts_with(if b == b'"' { b"\"\"\"" } else { b"\'\'\'" }) {
                        i += 3;
                        while i < bytes.len() && bytes[i] == b {
                            i += 1;
                        }
                        break;
                    }
                    i += 1;
                }
                line_start = false;
                continue;
            }
            b'[' if line_start => {
                // A table header such as [decision] or [[reviews]] is not nesting.
                i = find_any(bytes, i, b"\n#");
                continue;
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > limit {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'\n' => {
                line_start = depth == 0;
                i += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            _ => {}
        }
        line_start = false;
        i += 1;
    }
    None
}

/// The index of the first byte at or after `from` that is one of `needles` (one to three bytes;
/// `bytes.len()` when there is none), found with SIMD where the processor has it.
fn find_any(bytes: &[u8], from: usize, needles: &[u8]) -> usize {
    let rest = &bytes[from.min(bytes.len())..];
    let found = match *needles {
        [a] => memchr::memchr(a, rest),
        [a, b] => memchr::memchr2(a, b, rest),
        [a, b, c] => memchr::memchr3(a, b, c, rest),
        _ => rest.iter().position(|byte| needles.contains(byte)),
    };
    found.map_or(bytes.len(), |i| from + i)
}

/// The `id = "…"` of a file that is not valid TOML, read line by line before the first table, so
/// that an example citing it is not also told the record does not exist.
fn id_in_broken_file(text: &str) -> Option<String> {
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            return None;
        }
        let Some(rest) = line.strip_prefix("id") else {
            continue;
        };
        let Some(value) = rest.trim_start().strip_prefix('=') else {
            continue;
        };
        let value = value.trim();
        let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let inner = &value[1..];
        return inner.find(quote).map(|end| inner[..end].to_string());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_use_slashes_and_no_dots() {
        let root = Path::new("/packs/care");
        for (path, rel) in [
            (
                "/packs/care/content/decisions/d-001.toml",
                "content/decisions/d-001.toml",
            ),
            (
                "/packs/care/content//decisions/./d-001.toml",
                "content/decisions/d-001.toml",
            ),
            ("/packs/care/content/decisions/", "content/decisions"),
            ("/packs/care", ""),
            ("/elsewhere/d-001.toml", "//elsewhere/d-001.toml"),
        ] {
            assert_eq!(relative(root, Path::new(path)), rel, "{path}");
        }
    }

    #[test]
    fn the_id_of_a_broken_file_is_still_read() {
        assert_eq!(
            id_in_broken_file("# note\nid = \"D-001\"\ntitle = \"unterminated\n"),
            Some("D-001".to_string())
        );
        assert_eq!(
            id_in_broken_file("ident = 1\nid='PX-2'\n"),
            Some("PX-2".to_string())
        );
        assert_eq!(id_in_broken_file("[choice]\nid = \"D-001\"\n"), None);
        assert_eq!(id_in_broken_file("id = 5\n"), None);
    }

    #[test]
    fn a_pack_toml_with_a_typo_keeps_its_privacy_register_and_date() {
        let text = "[pack]\ntitle = \"T\"\nprovidr = \"P\"\nas_of = 2026-11-01\n[privacy]\nregister = \"private/people.toml\"\n";
        let source = SourceFile::new("pack.toml".into(), text.into());
        let config = salvage_config(Some(&source));
        assert_eq!(
            config.privacy.register.as_deref(),
            Some("private/people.toml")
        );
        assert_eq!(
            config.pack.as_of.map(|d| d.iso()).as_deref(),
            Some("2026-11-01")
        );
        assert_eq!(config.pack.title, "T");
        assert_eq!(config.pack.provider, "Unknown provider");
    }

    /// A file replaced by a folder or a named pipe between the walk and the read is reported, and
    /// never read (reading a pipe with no writer would wait for ever).
    #[test]
    fn a_file_that_is_no_longer_a_file_is_not_read() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let folder = dir.path().join("d-001.toml");
        fs::create_dir(&folder).expect("folder");
        let mut targets = vec![folder];
        #[cfg(unix)]
        {
            let fifo = dir.path().join("d-002.toml");
            let made = std::process::Command::new("mkfifo").arg(&fifo).status();
            if made.is_ok_and(|s| s.success()) {
                targets.push(fifo);
            }
        }
        for path in targets {
            match parse_file::<DecisionRecord>(&path, "content/decisions/x.toml") {
                Parsed::Invalid(None, finding) => {
                    assert_eq!(finding.rule, INVALID_RECORD);
                    assert!(
                        finding.message.contains("not an ordinary file"),
                        "{finding:?}"
                    );
                }
                _ => panic!("{} should not be read", path.display()),
            }
        }
    }

    #[test]
    fn nesting_is_measured_outside_strings_and_headers() {
        assert_eq!(too_deep("[[risks]]\na = [[1], [2]]\n", 2), None);
        assert!(too_deep("a = [[[1]]]\n", 2).is_some());
        assert_eq!(too_deep("a = \"[[[[[[\"\n", 2), None);
        assert_eq!(too_deep("a = '''\n{{{{{{'''\n", 2), None);
        assert_eq!(too_deep("# [[[[[[[\n", 2), None);
        let hostile = format!("a = {}1{}", "{b=".repeat(100_000), "}".repeat(100_000));
        assert!(too_deep(&hostile, MAX_NESTING).is_some());
    }

    #[test]
    fn fast_nesting_scan_agrees_with_the_simple_one() {
        let alphabet = b"[]{}\"'\\\n# a=\r";
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for round in 0..20_000 {
            let len = round % 97;
            let text: String = (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    alphabet[(state % alphabet.len() as u64) as usize] as char
                })
                .collect();
            for limit in [0, 1, 2, 3] {
                assert_eq!(
                    too_deep(&text, limit),
                    too_deep_reference(&text, limit),
                    "{text:?} at limit {limit}"
                );
            }
        }
    }

    /// The first, byte-at-a-time version of [`too_deep`], kept to test the fast one against.
    fn too_deep_reference(text: &str, limit: usize) -> Option<usize> {
        let bytes = text.as_bytes();
        let mut depth = 0usize;
        let mut i = 0;
        let mut line_start = true;
        while i < bytes.len() {
            let b = bytes[i];
            match b {
                b'#' => {
                    while i < bytes.len() && bytes[i] != b'\n' {
                        i += 1;
                    }
                    continue;
                }
                b'"' | b'\'' => {
                    let triple = bytes[i..].starts_with(if b == b'"' { b"\"\"\"" } else { b"'''" });
                    let quote_len = if triple { 3 } else { 1 };
                    i += quote_len;
                    while i < bytes.len() {
                        if b == b'"' && bytes[i] == b'\\' {
                            i += 2;
                            continue;
                        }
                        if !triple && bytes[i] == b'\n' {
                            break;
                        }
                        if bytes[i] == b {
                            if !triple {
                                i += 1;
                                break;
                            }
                            if bytes[i..].starts_with(if b == b'"' { b"\"\"\"" } else { b"'''" }) {
                                i += 3;
                                while i < bytes.len() && bytes[i] == b {
                                    i += 1;
                                }
                                break;
                            }
                        }
                        i += 1;
                    }
                    line_start = false;
                    continue;
                }
                b'[' if line_start => {
                    // A table header such as [decision] or [[reviews]] is not nesting.
                    while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'#' {
                        i += 1;
                    }
                    continue;
                }
                b'[' | b'{' => {
                    depth += 1;
                    if depth > limit {
                        return Some(i);
                    }
                }
                b']' | b'}' => depth = depth.saturating_sub(1),
                b'\n' => {
                    line_start = depth == 0;
                    i += 1;
                    continue;
                }
                b' ' | b'\t' | b'\r' => {
                    i += 1;
                    continue;
                }
                _ => {}
            }
            line_start = false;
            i += 1;
        }
        None
    }
}
