//! Shared helpers for the integration tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// Builds the HTML pack of `pack` into `out` as of [`AS_OF`] (with `extra` arguments), and fails
/// the test unless the build succeeds.
pub fn build_html_into(pack: &Path, out: &Path, extra: &[&str]) {
    let run = evidence_pack()
        .arg("build")
        .arg(pack)
        .args(["--html", "--quiet", "--as-of", AS_OF, "-o"])
        .arg(out)
        .args(extra)
        .output()
        .expect("ran");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// The `evidence-pack` binary, with colour off and a fixed environment.
pub fn evidence_pack() -> Command {
    let mut cmd = Command::cargo_bin("evidence-pack").expect("binary built");
    cmd.env("NO_COLOR", "1")
        .env_remove("EVIDENCE_PACK_TYPST")
        .env_remove("EVIDENCE_PACK_TIMINGS");
    cmd
}

/// `evidence-pack` with at most `bytes` of address space (util-linux's `prlimit`): a test that a
/// large file is never read asserts it this way, whatever the machine's speed, since reading it
/// would need more memory than the limit allows.
pub fn evidence_pack_within(bytes: u64) -> std::process::Command {
    let mut cmd = std::process::Command::new("prlimit");
    cmd.arg(format!("--as={bytes}"))
        .arg("--")
        .arg(assert_cmd::cargo::cargo_bin("evidence-pack"))
        .env("NO_COLOR", "1")
        // The same few threads and allocator arenas on a machine with many cores, so that the
        // address space a build reserves stays well inside the limit.
        .env("RAYON_NUM_THREADS", "2")
        .env("MALLOC_ARENA_MAX", "2")
        .env_remove("EVIDENCE_PACK_TYPST")
        .env_remove("EVIDENCE_PACK_TIMINGS");
    cmd
}

/// A fixture pack under tests/fixtures.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The repository root, which is also the demo pack.
pub fn demo_pack() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The date every `check` test judges against, so no test depends on today's date.
pub const AS_OF: &str = "2026-11-01";

/// A copy of a fixture pack in a temporary folder, for tests that change it.
pub struct TempPack {
    pub dir: tempfile::TempDir,
}

impl TempPack {
    /// Copies tests/fixtures/<name> into a new temporary folder.
    pub fn copy_of(name: &str) -> TempPack {
        let dir = tempfile::tempdir().expect("temporary folder");
        copy_dir(&fixture(name), dir.path());
        TempPack { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.file(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// Writes a file (and its folders), replacing any file already there.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let path = self.file(rel);
        std::fs::create_dir_all(path.parent().expect("a parent folder")).expect("create folder");
        std::fs::write(&path, contents).unwrap_or_else(|e| panic!("write {rel}: {e}"));
    }

    pub fn remove(&self, rel: &str) {
        let path = self.file(rel);
        if path.is_dir() {
            std::fs::remove_dir_all(&path).expect("remove folder");
        } else {
            std::fs::remove_file(&path).expect("remove file");
        }
    }

    /// Replaces the one occurrence of `from` in a file (panics unless there is exactly one, so a
    /// fixture change cannot silently turn a test into a no-op).
    pub fn replace(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        let count = text.matches(from).count();
        assert_eq!(count, 1, "{rel} should contain {from:?} exactly once");
        self.write(rel, text.replacen(from, to, 1));
    }

    /// The 1-based line of the first line of `rel` that contains `needle`.
    pub fn line_of(&self, rel: &str, needle: &str) -> usize {
        line_of(&self.read(rel), needle)
    }
}

/// The 1-based line of the first line of `text` that contains `needle`.
pub fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("no line contains {needle:?}"))
}

/// Copies a folder tree (files and folders only).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read fixture folder") {
        let entry = entry.expect("folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// One finding of `check --format json`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonFinding {
    pub rule: String,
    pub level: String,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub record: Option<String>,
    pub key: Option<String>,
    pub message: String,
    pub help: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonSummary {
    pub decisions: usize,
    pub examples: usize,
    pub errors: usize,
    pub warnings: usize,
}

/// The whole document of `check --format json`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonReport {
    pub as_of: String,
    pub summary: JsonSummary,
    pub findings: Vec<JsonFinding>,
}

impl JsonReport {
    /// The findings of one rule.
    pub fn of(&self, rule: &str) -> Vec<&JsonFinding> {
        self.findings.iter().filter(|f| f.rule == rule).collect()
    }

    /// The rule names, in output order.
    pub fn rules(&self) -> Vec<&str> {
        self.findings.iter().map(|f| f.rule.as_str()).collect()
    }
}

/// The outcome of one run of `check`.
#[derive(Debug)]
pub struct CheckRun {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `evidence-pack check PACK --as-of 2026-11-01 ARGS…`.
pub fn run_check(pack: &Path, args: &[&str]) -> CheckRun {
    let output = evidence_pack()
        .arg("check")
        .arg(pack)
        .args(["--as-of", AS_OF])
        .args(args)
        .output()
        .expect("run evidence-pack");
    CheckRun {
        code: output
            .status
            .code()
            .expect("exited, not killed by a signal"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// Runs `check --format json` and parses the report (exit code 0 or 1, never a panic).
pub fn check_json(pack: &Path, args: &[&str]) -> (i32, JsonReport) {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let run = run_check(pack, &all);
    assert!(
        run.code == 0 || run.code == 1,
        "check exited with {}: {}",
        run.code,
        run.stderr
    );
    let report: JsonReport = serde_json::from_str(&run.stdout).unwrap_or_else(|e| {
        panic!(
            "check --format json printed invalid JSON ({e}):\n{}",
            run.stdout
        )
    });
    (run.code, report)
}

/// Line and column (1-based, in characters) of the `nth` (1-based) occurrence of `needle`.
pub fn locate(text: &str, needle: &str, nth: usize) -> (usize, usize) {
    let (offset, _) = text
        .match_indices(needle)
        .nth(nth - 1)
        .unwrap_or_else(|| panic!("{needle:?} does not occur {nth} time(s)"));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
    (line, text[line_start..offset].chars().count() + 1)
}

/// Checks that a finding's message and help read as plain sentences for people (DESIGN.md):
/// a capital or a quoted key first, a full stop last, no debugging output, and no ISO dates
/// (dates for people read `1 November 2026`) except where the message quotes a bad value.
pub fn assert_sensible(finding: &JsonFinding) {
    let f = finding;
    for (what, text) in [("message", &f.message), ("help", &f.help)] {
        assert!(!text.trim().is_empty(), "{what} is empty: {f:#?}");
        let first = text.chars().next().expect("not empty");
        assert!(
            first.is_uppercase()
                || matches!(first, '`' | '"')
                || first.is_ascii_digit()
                || text.starts_with(f.file.as_str()),
            "{what} should start as a sentence: {f:#?}"
        );
        assert!(
            text.ends_with('.') || text.ends_with(".)") || text.ends_with(".\""),
            "{what} should end with a full stop: {f:#?}"
        );
        assert!(!text.contains('\n'), "{what} has a line break: {f:#?}");
        for junk in ["Some(", "None", "Error(", "\\\"", "{:?}", "  "] {
            assert!(!text.contains(junk), "{what} contains {junk:?}: {f:#?}");
        }
    }
    if f.rule != "invalid-record" {
        let iso = regex::Regex::new(r"\b\d{4}-\d{2}-\d{2}\b").expect("regex");
        assert!(
            !iso.is_match(&f.message),
            "dates in messages read like 1 November 2026: {f:#?}"
        );
    }
    assert!(
        !f.file.contains('\\') && !f.file.starts_with('/') && !f.file.starts_with("./"),
        "paths are relative to the pack root, with /: {f:#?}"
    );
    assert!(
        f.line >= 1 && f.column >= 1,
        "lines and columns start at 1: {f:#?}"
    );
}

/// A copy of the HTML fixture (html-pack) with two more required statements that nothing evidences (E6, W1)
/// and D-002's reviews made four-weekly, so its last review (15 September) is overdue.
pub fn pack_with_findings() -> TempPack {
    let pack = TempPack::copy_of("html-pack");
    pack.replace(
        "pack.toml",
        r#"required_statements = ["S4", "C3", "R4"]"#,
        r#"required_statements = ["S4", "C3", "R4", "E6", "W1"]"#,
    );
    pack.replace(
        "content/decisions/d-002.toml",
        "every_days = 90",
        "every_days = 28",
    );
    pack
}

/// When a fixture record's next review is due, worked out from its own TOML for the tests'
/// expectations: its latest `[[reviews]]` date plus `review.every_days` (`None` without both).
pub fn review_due_from_toml(record: &toml::Table) -> Option<chrono::NaiveDate> {
    let date = |v: &toml::Value| {
        chrono::NaiveDate::parse_from_str(&v.to_string(), "%Y-%m-%d").expect("a TOML date")
    };
    let every = record
        .get("review")
        .and_then(|r| r.get("every_days"))
        .and_then(|e| e.as_integer())?;
    let last = record
        .get("reviews")
        .and_then(|r| r.as_array())
        .and_then(|rs| rs.iter().map(|r| date(&r["on"])).max())?;
    last.checked_add_days(chrono::Days::new(every as u64))
}

/// tests/fixtures/html-pack with no findings at all: its d-004 (not supported, so a restriction)
/// gets the escalation the `restrictive-not-escalated` rule asks for. For the live preview's tests,
/// which start from a clean page.
pub fn clean_html_pack() -> TempPack {
    let pack = TempPack::copy_of("html-pack");
    let rel = "content/decisions/d-004.toml";
    let mut text = pack.read(rel);
    text.push_str(
        "\n[escalation]\nto = \"Risk enablement panel\"\non = 2026-03-25\noutcome = \"Panel agreed the plan.\"\nsigned_off_by = \"Head of Quality\"\n",
    );
    pack.write(rel, text);
    pack
}

/// TOML as the JSON an editor's schema check sees: dates become strings.
pub fn toml_to_json(value: &toml::Value) -> serde_json::Value {
    use serde_json::Value as Json;
    match value {
        toml::Value::String(s) => Json::from(s.as_str()),
        toml::Value::Integer(i) => Json::from(*i),
        toml::Value::Float(f) => Json::from(*f),
        toml::Value::Boolean(b) => Json::from(*b),
        toml::Value::Datetime(d) => Json::from(d.to_string()),
        toml::Value::Array(a) => Json::Array(a.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Json::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        ),
    }
}
