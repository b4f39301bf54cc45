//! The PDF pack through the Typst CLI.
//!
//! The view model (exactly `output/pack.json`) and the template `pack.typ` (built-in, or the pack's
//! own `templates/pack.typ`) are written into a private temporary folder, and `typst compile` runs
//! with `--root` set to that folder, so a template can read nothing else. The template reads the
//! data with `json(sys.inputs.data)`: no user text is ever spliced into Typst source.
//!
//! The output is reproducible: the creation date comes from the as-of date, only the fonts
//! embedded in Typst are used (`--ignore-system-fonts`), and Typst's environment variables are
//! cleared. Typst enforces PDF/A-2a and PDF/UA-1 (tagged, accessible). The PDF is written into the
//! output folder being built, which replaces the old one only when everything is written, so a
//! failed build never leaves a half-written PDF.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

use super::output::{Staging, WrittenFile};
use super::{RenderContext, Renderer};
use crate::error::Error;
use crate::model::Date;

/// The Typst release the project is tested with, and the oldest one it accepts.
pub const PINNED_TYPST: &str = "0.15.1";
const MINIMUM_TYPST: (u64, u64) = (0, 14);

/// PDF standards Typst enforces: PDF/A-2a (archival, tagged) and PDF/UA-1 (accessible).
/// The folder in Typst's work folder that holds the shipped fonts.
const FONTS_DIR: &str = "fonts";
pub const PDF_STANDARDS: &str = "a-2a,ua-1";

/// How long `typst compile` may run before it is stopped. `EVIDENCE_PACK_TYPST_TIMEOUT` (seconds)
/// changes it.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(300);
/// The longest timeout taken: a day. A larger number is surely a slip (and one near 2^64
/// seconds cannot be added to the time now).
const MAX_TIMEOUT_SECONDS: u64 = 86_400;

/// File names inside the private Typst root.
const TEMPLATE_FILE: &str = "pack.typ";
/// The parts the built-in `pack.typ` imports, written beside it (each built-in, or the pack's own).
const TEMPLATE_PARTS: [&str; 2] = ["pack_base.typ", "pack_records.typ"];
const DATA_FILE: &str = "data.json";
const OUTPUT_FILE: &str = "pack.pdf";

/// Environment variables that would change what Typst does (fonts, root, dates, features).
/// The empty folder Typst is given as its package folder and package cache.
const NO_PACKAGES: &str = "no-packages";
/// A proxy address where nothing listens (the discard port on this machine): a download that
/// Typst might try fails at once.
const NO_PROXY_THERE: &str = "http://127.0.0.1:9";

/// The first Typst package a template imports or includes (`"@preview/cetz:0.3.0"`), which would
/// have to be downloaded.
fn package_import(template: &str) -> Option<String> {
    static PACKAGE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#""(@[A-Za-z0-9_-]+/[^"\s]*)""#).expect("valid regex")
    });
    PACKAGE.captures(template).map(|c| c[1].to_string())
}

const TYPST_ENV: &[&str] = &[
    "TYPST_ROOT",
    "TYPST_FONT_PATHS",
    "TYPST_IGNORE_SYSTEM_FONTS",
    "TYPST_IGNORE_EMBEDDED_FONTS",
    "TYPST_PACKAGE_PATH",
    "TYPST_PACKAGE_CACHE_PATH",
    "TYPST_FEATURES",
    "TYPST_CERT",
    "SOURCE_DATE_EPOCH",
];

fn install_help() -> String {
    format!(
        "Install Typst {PINNED_TYPST} with `scripts/install-typst.sh` (from the evidence-pack repository) or `cargo install typst-cli --version {PINNED_TYPST} --locked --no-default-features --features embedded-fonts`, or point to it with --typst PATH or EVIDENCE_PACK_TYPST. To build only the HTML pack, which does not need Typst, use --html."
    )
}

pub struct PdfRenderer {
    typst: PathBuf,
    version: String,
    creation_timestamp: i64,
    timeout: Duration,
    timings: bool,
}

impl PdfRenderer {
    /// Finds Typst (`--typst`, then `EVIDENCE_PACK_TYPST`, then `typst` on PATH, then the folder
    /// `cargo install` uses) and checks its version.
    pub fn new(typst: Option<PathBuf>, _root: &Path, as_of: Date) -> Result<PdfRenderer, Error> {
        let started = Instant::now();
        let env_typst = std::env::var_os("EVIDENCE_PACK_TYPST").filter(|v| !v.is_empty());
        let (program, version) = match (typst, env_typst) {
            (Some(path), _) => {
                let program = given(&path, "given with --typst")?;
                let version = typst_version(&program)?;
                (program, version)
            }
            (None, Some(path)) => {
                let program = given(Path::new(&path), "named by EVIDENCE_PACK_TYPST")?;
                let version = typst_version(&program)?;
                (program, version)
            }
            (None, None) => search()?,
        };
        let timeout = match std::env::var("EVIDENCE_PACK_TYPST_TIMEOUT") {
            Err(_) => DEFAULT_TIMEOUT,
            Ok(v) => match v.trim().parse::<u64>() {
                Ok(seconds) if (1..=MAX_TIMEOUT_SECONDS).contains(&seconds) => {
                    Duration::from_secs(seconds)
                }
                _ => {
                    eprintln!(
                        "warning: EVIDENCE_PACK_TYPST_TIMEOUT must be a whole number of seconds from 1 to {MAX_TIMEOUT_SECONDS} (a day), such as 600; \"{}\" is not, so the PDF may take up to {} seconds.",
                        crate::text::printable(&v),
                        DEFAULT_TIMEOUT.as_secs()
                    );
                    DEFAULT_TIMEOUT
                }
            },
        };
        let timings = crate::timings::wanted();
        if timings {
            eprintln!(
                "timings: finding and checking Typst {version} at {}: {} ms",
                program.display(),
                started.elapsed().as_millis()
            );
        }
        Ok(PdfRenderer {
            typst: program,
            version,
            creation_timestamp: creation_timestamp(as_of),
            timeout,
            timings,
        })
    }

    /// The Typst version in use, such as `0.15.1`.
    pub fn version(&self) -> &str {
        &self.version
    }
}

/// Midnight UTC at the start of the as-of date, as a UNIX timestamp (never before 1970).
fn creation_timestamp(as_of: Date) -> i64 {
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("a valid date");
    (as_of.0 - epoch).num_days().max(0) * 86_400
}

/// A Typst program named by the user: it must exist.
fn given(path: &Path, how: &str) -> Result<PathBuf, Error> {
    if path.is_file() {
        Ok(std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
    } else {
        Err(Error::new(format!(
            "the PDF pack needs Typst, and it was not found at {} ({how}). {}",
            path.display(),
            install_help()
        )))
    }
}

fn executable_name() -> &'static str {
    if cfg!(windows) { "typst.exe" } else { "typst" }
}

/// The first usable `typst` on PATH, then in Cargo's bin folder (where `cargo install` and
/// scripts/install-typst.sh put it, which is not always on PATH in a fresh shell). When none is
/// usable, the first one's problem is reported.
fn search() -> Result<(PathBuf, String), Error> {
    let mut first_problem = None;
    for program in candidates() {
        match typst_version(&program) {
            Ok(version) => return Ok((program, version)),
            Err(problem) => {
                first_problem.get_or_insert(problem);
            }
        }
    }
    Err(first_problem.unwrap_or_else(|| {
        Error::new(format!(
            "the PDF pack needs Typst, and `typst` was not found on PATH. {}",
            install_help()
        ))
    }))
}

fn candidates() -> Vec<PathBuf> {
    let name = executable_name();
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    if let Some(cargo_home) = std::env::var_os("CARGO_HOME").filter(|v| !v.is_empty()) {
        dirs.push(PathBuf::from(cargo_home).join("bin"));
    }
    if let Some(home) = std::env::var_os("HOME").filter(|v| !v.is_empty()) {
        dirs.push(PathBuf::from(home).join(".cargo").join("bin"));
    }
    let mut found: Vec<PathBuf> = Vec::new();
    for dir in dirs.into_iter().filter(|d| !d.as_os_str().is_empty()) {
        let path = dir.join(name);
        if is_executable(&path) {
            let path = std::path::absolute(&path).unwrap_or(path);
            if !found.contains(&path) {
                found.push(path);
            }
        }
    }
    found
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}

/// Runs `typst --version` and checks it is new enough.
fn typst_version(program: &Path) -> Result<String, Error> {
    let cannot_run = |why: String| {
        Error::new(format!(
            "the PDF pack needs Typst, and {} could not be run ({why}). {}",
            program.display(),
            install_help()
        ))
    };
    let child = Command::new(program)
        .arg("--version")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| cannot_run(e.to_string()))?;
    let run = run_with_timeout(child, Duration::from_secs(30))
        .map_err(|e| cannot_run(e.to_string()))?
        .ok_or_else(|| cannot_run("`typst --version` did not finish within 30 seconds".into()))?;
    let text = String::from_utf8_lossy(&run.stdout).into_owned();
    let parsed = parse_version(&text);
    let Some((version, major, minor)) = parsed.filter(|_| run.status.success()) else {
        return Err(cannot_run(format!(
            "`typst --version` printed {:?}",
            text.trim()
        )));
    };
    if (major, minor) < MINIMUM_TYPST {
        return Err(Error::new(format!(
            "the PDF pack needs Typst {}.{} or newer, and {} is Typst {version}. {}",
            MINIMUM_TYPST.0,
            MINIMUM_TYPST.1,
            program.display(),
            install_help()
        )));
    }
    Ok(version)
}

/// `typst 0.15.1 (unknown commit)` → ("0.15.1", 0, 15).
fn parse_version(text: &str) -> Option<(String, u64, u64)> {
    let mut words = text.split_whitespace();
    if words.next()? != "typst" {
        return None;
    }
    let version = words.next()?.trim_start_matches('v');
    let mut parts = version.split(['.', '-', '+']);
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    Some((version.to_string(), major, minor))
}

/// Waits for a child, reading its output on two threads; `None` when it ran out of time and was
/// killed.
fn run_with_timeout(mut child: Child, timeout: Duration) -> std::io::Result<Option<Output>> {
    fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    }
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let deadline = Instant::now().checked_add(timeout);
    let mut pause = Duration::from_millis(1);
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break Some(status);
        }
        if deadline.is_some_and(|deadline| Instant::now() >= deadline) {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(20));
    };
    // After a timeout the readers are left behind: a grandchild may still hold the pipes open.
    Ok(status.map(|status| Output {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    }))
}

/// Asks the system to stop Typst when evidence-pack ends, however it ends (Linux; elsewhere the
/// timeout and the interrupt handler stop it).
fn end_with_this_process(command: &mut Command) {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::process::CommandExt;
        // SAFETY: prctl is async-signal-safe and touches only the new process's own settings.
        unsafe {
            command.pre_exec(|| {
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = command;
}

/// Writes a new regular file that only its owner can read (never through an existing file or link).
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    crate::cleanup::create_private_file(path)?.write_all(bytes)
}

/// Copies pack.json into a new private file `to`, each character that no font has replaced by
/// U+FFFD (Typst's PDF/A and PDF/UA checks refuse a glyph no font has: the whole PDF would fail).
fn write_data(pack_json: &Path, to: &Path) -> std::io::Result<()> {
    let text = fs::read_to_string(pack_json)?;
    let shown = crate::fonts::replace_unsupported(&text);
    write_new(to, shown.as_bytes())
}

/// The fonts shipped with evidence-pack, for `--font-path`.
fn write_fonts(dir: &Path) -> std::io::Result<()> {
    fs::create_dir(dir)?;
    for (name, bytes) in crate::fonts::FONTS {
        write_new(&dir.join(name), bytes)?;
    }
    Ok(())
}

/// Typst's peak memory for a PDF: about this much to start with…
const TYPST_BASE_BYTES: u64 = 200 * MB;
/// …and this much more for each record and example (measured: 2.0 GB for 1,000 generated records
/// and their 100 examples, 0.29 GB for 100 and 10, about 1.6 MB each; rounded up. BENCHMARKS.md,
/// "Session 9").
const TYPST_BYTES_PER_RECORD: u64 = 2 * MB;
const MB: u64 = 1024 * 1024;

/// Refuses, before anything is built, a PDF that Typst could not lay out in the memory this
/// computer has free (`available`, in bytes; `None` when it cannot be known, and then nothing is
/// refused): rather than minutes of work and a machine that runs out of memory.
pub fn check_fits_in_memory(records: usize, available: Option<u64>) -> Result<(), Error> {
    let needed = TYPST_BASE_BYTES + TYPST_BYTES_PER_RECORD * records as u64;
    let Some(free) = available.filter(|&free| needed > free) else {
        return Ok(());
    };
    let gb = |bytes: u64| format!("{:.1} GB", bytes as f64 / (1024.0 * MB as f64));
    Err(Error::new(format!(
        "A PDF of {} records and examples would need about {} of memory while Typst lays it out, and this computer has {} free, so nothing was built.",
        crate::text::group_thousands(records as u64),
        gb(needed),
        gb(free)
    ))
    .with_help(
        "Narrow the pack with [select] in pack.toml (for example services = [\"…\"], status = [\"active\"] or themes), and build one PDF for each part; or build the HTML pack alone with --html, which needs far less memory.",
    ))
}

/// The memory this computer has free for a new process (Linux's MemAvailable), if known.
pub fn available_memory() -> Option<u64> {
    let info = fs::read_to_string("/proc/meminfo").ok()?;
    let line = info.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

impl Renderer for PdfRenderer {
    fn name(&self) -> &'static str {
        "pdf"
    }

    fn render(&self, cx: &RenderContext, out: &Staging) -> Result<WrittenFile, Error> {
        let started = Instant::now();
        let files: Vec<(&str, &crate::render::templates::Template)> =
            std::iter::once(TEMPLATE_FILE)
                .chain(TEMPLATE_PARTS)
                .map(|name| (name, cx.templates.get(name)))
                .collect();
        for (name, file) in &files {
            if let Some(package) = package_import(&file.text) {
                return Err(Error::new(format!(
                    "{} imports the Typst package {package}. evidence-pack never fetches anything from the network, so the PDF was not built.",
                    file.origin
                ))
                .with_help(format!(
                    "Copy what you need from the package into templates/{name}, or remove the import."
                )));
            }
        }
        // Private (the pack's data is in it), and removed on every way out that this process sees.
        let dir = crate::cleanup::PrivateTempDir::new("evidence-pack-typst-")
            .map_err(|e| Error::new(format!("could not create a temporary folder: {e}")))?;
        let root = dir.path();
        files
            .iter()
            .try_for_each(|(name, file)| write_new(&root.join(name), file.text.as_bytes()))
            .and_then(|_| write_data(cx.pack_json, &root.join(DATA_FILE)))
            .and_then(|_| write_fonts(&root.join(FONTS_DIR)))
            .and_then(|_| fs::create_dir(root.join(NO_PACKAGES)))
            .and_then(|_| match &cx.view.pack.logo {
                // By the fixed name pack.json gives the template, never a name from the pack.
                Some(logo) => write_new(&root.join(logo.file), &logo.bytes),
                None => Ok(()),
            })
            .map_err(|e| Error::new(format!("could not write a temporary file: {e}")))?;

        let mut command = Command::new(&self.typst);
        command
            .current_dir(root)
            .arg("compile")
            .arg("--root")
            .arg(root)
            .arg("--input")
            .arg(format!("data=/{DATA_FILE}"))
            .arg("--creation-timestamp")
            .arg(self.creation_timestamp.to_string())
            .args(["--diagnostic-format", "short"])
            .args(["--pdf-standard", PDF_STANDARDS])
            .arg("--ignore-system-fonts")
            .arg("--font-path")
            .arg(root.join(FONTS_DIR))
            // No packages: an empty folder to find them in and to cache them in, and any
            // download sent to a proxy that is not there, so Typst never reaches the network.
            .arg("--package-path")
            .arg(root.join(NO_PACKAGES))
            .arg("--package-cache-path")
            .arg(root.join(NO_PACKAGES))
            .args(["--format", "pdf"])
            .arg(TEMPLATE_FILE)
            .arg(OUTPUT_FILE)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for var in TYPST_ENV {
            command.env_remove(var);
        }
        for var in [
            "https_proxy",
            "HTTPS_PROXY",
            "http_proxy",
            "HTTP_PROXY",
            "ALL_PROXY",
            "all_proxy",
        ] {
            command.env(var, NO_PROXY_THERE);
        }
        command.env_remove("NO_PROXY").env_remove("no_proxy");
        end_with_this_process(&mut command);
        let prepared = started.elapsed();
        let typst_started = Instant::now();
        let child = command.spawn().map_err(|e| {
            Error::new(format!(
                "Typst ({}) could not be started: {e}",
                self.typst.display()
            ))
        })?;
        let finished = run_with_timeout(child, self.timeout)
            .map_err(|e| Error::new(format!("Typst could not be run: {e}")))?;
        let typst_time = typst_started.elapsed();
        let Some(finished) = finished else {
            return Err(Error::new(format!(
                "Typst did not finish within {}, so it was stopped. Allow it longer with EVIDENCE_PACK_TYPST_TIMEOUT=SECONDS, or build fewer records with [select] in pack.toml.",
                crate::diagnostics::plural(self.timeout.as_secs() as usize, "second", "seconds")
            )));
        };
        let diagnostics = String::from_utf8_lossy(&finished.stderr);
        let origins: Vec<(&str, &str)> = files
            .iter()
            .map(|(name, file)| (*name, file.origin.as_str()))
            .collect();
        let mapped = map_diagnostics(&diagnostics, &origins);
        if !finished.status.success() {
            let overridden: Vec<&str> = files
                .iter()
                .filter(|(_, file)| file.overridden)
                .map(|(_, file)| file.origin.as_str())
                .collect();
            return Err(Error::new(failure_message(
                &mapped,
                &finished.status,
                &overridden,
            )));
        }
        let collect_started = Instant::now();
        let bytes = fs::read(root.join(OUTPUT_FILE))
            .map_err(|e| Error::new(format!("Typst did not write the PDF: {e}")))?;
        if !bytes.starts_with(b"%PDF-") {
            return Err(Error::new(
                "Typst wrote something that is not a PDF.".to_string(),
            ));
        }
        for line in mapped.iter().filter(|d| !d.is_error()) {
            eprintln!("warning: the PDF template: {}", line.text);
        }
        drop(dir);
        if self.timings {
            let ours = prepared + collect_started.elapsed();
            eprintln!(
                "timings: PDF renderer: typst compile {} ms; our own work around it {} ms (writing the temporary files {} ms, reading the PDF and cleaning up {} ms)",
                typst_time.as_millis(),
                ours.as_millis(),
                prepared.as_millis(),
                collect_started.elapsed().as_millis(),
            );
        }
        out.write(OUTPUT_FILE, &bytes)
    }
}

/// One line of Typst's short diagnostics, with the file name mapped back to the template.
#[derive(Debug, PartialEq)]
struct Diagnostic {
    error: bool,
    text: String,
}

impl Diagnostic {
    fn is_error(&self) -> bool {
        self.error
    }
}

/// Maps `pack.typ:12:4: error: …` (Typst's short format; 1-based lines, 0-based columns) to
/// `templates/pack.typ:12:5: error: …` (each template file to where it came from, `origins`), and
/// the data file to the pack data.
fn map_diagnostics(stderr: &str, origins: &[(&str, &str)]) -> Vec<Diagnostic> {
    stderr
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let (location, rest) = split_location(line);
            let error = !rest.trim_start().starts_with("warning:");
            let text = match location {
                Some((file, row, column)) => {
                    let file = match origins.iter().find(|(name, _)| *name == file) {
                        Some((_, origin)) => origin.to_string(),
                        None if file == DATA_FILE => "the pack data (output/pack.json)".to_string(),
                        None => file.to_string(),
                    };
                    format!("{file}:{row}:{}:{rest}", column + 1)
                }
                None => line.to_string(),
            };
            Diagnostic { error, text }
        })
        .collect()
}

/// Splits `FILE:LINE:COL:REST` into its parts, if the line has that shape.
fn split_location(line: &str) -> (Option<(&str, u64, u64)>, &str) {
    let mut parts = line.splitn(4, ':');
    let (Some(file), Some(row), Some(column), Some(rest)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return (None, line);
    };
    match (row.parse::<u64>(), column.parse::<u64>()) {
        (Ok(row), Ok(column)) if !file.is_empty() => (Some((file, row, column)), rest),
        _ => (None, line),
    }
}

/// `overridden`: the template files the pack has its own of (`templates/pack.typ`, or a part).
fn failure_message(diagnostics: &[Diagnostic], status: &ExitStatus, overridden: &[&str]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let mut text = if errors == 0 {
        format!("Typst stopped ({status}) without saying why.")
    } else {
        format!(
            "Typst could not typeset the pack ({}):",
            crate::diagnostics::plural(errors, "error", "errors")
        )
    };
    for d in diagnostics {
        text.push_str("\n  ");
        text.push_str(&d.text);
    }
    let help = if !overridden.is_empty() {
        format!(
            "\nhelp: the pack overrides the PDF template with {}; fix it, or delete it to use the built-in one.",
            overridden.join(" and ")
        )
    } else {
        "\nhelp: the built-in PDF template failed: please report this with the message above. The HTML pack (--html) can still be built.".to_string()
    };
    text.push_str(&help);
    text
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_pdf_too_big_for_the_free_memory_is_refused_before_anything_is_built() {
        let gb = 1024 * 1024 * 1024;
        // The demo's 20 records fit in 1 GB; 10,000 records do not fit in 16 GB.
        assert!(check_fits_in_memory(20, Some(gb)).is_ok());
        let err = check_fits_in_memory(10_000, Some(16 * gb)).unwrap_err();
        assert!(
            err.message.contains("10,000 records")
                && err.message.contains("19.7 GB")
                && err.message.contains("16.0 GB free"),
            "{}",
            err.message
        );
        assert!(err.help.as_deref().unwrap_or("").contains("[select]"));
        // Unknown free memory refuses nothing.
        assert!(check_fits_in_memory(10_000, None).is_ok());
        // This machine's free memory is read (Linux).
        if cfg!(target_os = "linux") {
            assert!(available_memory().is_some_and(|b| b > 0));
        }
    }

    use super::*;

    #[test]
    fn a_package_import_is_found() {
        assert_eq!(
            package_import("#import \"@preview/cetz:0.3.0\": canvas").as_deref(),
            Some("@preview/cetz:0.3.0")
        );
        assert_eq!(
            package_import("#include \"@local/mine:1.0.0\"").as_deref(),
            Some("@local/mine:1.0.0")
        );
        assert_eq!(
            package_import("#let a = \"jo@example.org\"\n#import \"x.typ\""),
            None
        );
    }

    #[test]
    fn versions_are_parsed() {
        assert_eq!(
            parse_version("typst 0.15.1 (unknown commit)\n"),
            Some(("0.15.1".to_string(), 0, 15))
        );
        assert_eq!(
            parse_version("typst 0.14.0-rc.1 (abc)"),
            Some(("0.14.0-rc.1".to_string(), 0, 14))
        );
        assert_eq!(parse_version("something else"), None);
        assert_eq!(parse_version(""), None);
    }

    #[test]
    fn diagnostics_name_the_template() {
        let out = map_diagnostics(
            "pack.typ:2:9: error: unclosed delimiter\ndata.json:1:0: error: bad\nerror: no location\npack.typ:3:0: warning: unknown font family\npack_records.typ:7:2: error: unknown variable\n",
            &[
                ("pack.typ", "templates/pack.typ"),
                ("pack_records.typ", "built-in pack_records.typ"),
            ],
        );
        assert_eq!(
            out,
            vec![
                Diagnostic {
                    error: true,
                    text: "templates/pack.typ:2:10: error: unclosed delimiter".into()
                },
                Diagnostic {
                    error: true,
                    text: "the pack data (output/pack.json):1:1: error: bad".into()
                },
                Diagnostic {
                    error: true,
                    text: "error: no location".into()
                },
                Diagnostic {
                    error: false,
                    text: "templates/pack.typ:3:1: warning: unknown font family".into()
                },
                Diagnostic {
                    error: true,
                    text: "built-in pack_records.typ:7:3: error: unknown variable".into()
                },
            ]
        );
    }

    #[test]
    fn creation_time_is_midnight_utc_of_the_as_of_date() {
        let d = Date::from_ymd(2026, 11, 1).unwrap();
        assert_eq!(creation_timestamp(d), 1_793_491_200);
        let old = Date::from_ymd(1960, 1, 1).unwrap();
        assert_eq!(creation_timestamp(old), 0);
    }
}
