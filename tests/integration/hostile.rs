//! Tests: hostile input. Whatever a user (or a broken editor, a sync tool, an attacker) leaves in
//! a pack folder, `check` and `build` give a located finding or a plain exit-2 message, within a
//! bounded time, and never a panic (exit code 101) or a crash (a signal such as a stack
//! overflow's SIGSEGV/SIGABRT). Every command here runs under a deadline and is killed if it
//! overruns.
//!
//! Also here: interrupted builds. A build killed part-way leaves the previous output intact, and
//! the next build removes the temporary folder the killed one could not.

use std::ffi::OsStr;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{AS_OF, JsonReport, TempPack, assert_sensible, locate};

/// The clean fixture every test starts from (a pack with no findings on 2026-11-01).
const CLEAN: &str = "rules-clean";

mod values_and_folders;
/// A guard against a hang, not a measure of speed: every case here takes well under a second on a
/// quiet machine, and a debug build on a busy 2-core machine must never come near it (speed is
/// measured by the benchmark scripts, never asserted by a test).
const LIMIT: Duration = Duration::from_secs(600);

// ---------------------------------------------------------------------------------------------
// Running the binary under a deadline

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_evidence-pack")
}

/// Reads a child's output on its own thread, so a large output cannot fill the pipe and stall it.
fn drain(mut pipe: impl Read + Send + 'static) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        bytes
    })
}

/// Runs `evidence-pack ARGS…`, killing it after [`LIMIT`]. Fails the test on a timeout, a
/// signal or a panic.
fn run<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let args: Vec<_> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
    let mut child = Command::new(binary())
        .args(&args)
        .env("NO_COLOR", "1")
        .env_remove("EVIDENCE_PACK_TYPST")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start evidence-pack");
    let out = drain(child.stdout.take().expect("stdout"));
    let err = drain(child.stderr.take().expect("stderr"));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("evidence-pack {args:?} did not finish within {LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let stdout = String::from_utf8(out.join().expect("stdout thread")).expect("stdout is UTF-8");
    let stderr = String::from_utf8(err.join().expect("stderr thread")).expect("stderr is UTF-8");
    let Some(code) = status.code() else {
        panic!(
            "evidence-pack {args:?} was killed by a signal ({status}): a crash such as a stack overflow\n{stderr}"
        );
    };
    assert_ne!(code, 101, "evidence-pack {args:?} panicked:\n{stderr}");
    assert!(
        !stderr.contains("panicked at"),
        "evidence-pack {args:?} panicked:\n{stderr}"
    );
    Run {
        code,
        stdout,
        stderr,
    }
}

/// `check PACK --as-of 2026-11-01 --format json`, parsed (exit 0 or 1), each finding read as a
/// person would ([`assert_sensible`]; the first 100 when there are thousands).
fn check(pack: &Path) -> JsonReport {
    let run = run([
        OsStr::new("check"),
        pack.as_os_str(),
        OsStr::new("--as-of"),
        OsStr::new(AS_OF),
        OsStr::new("--format"),
        OsStr::new("json"),
    ]);
    assert!(
        run.code == 0 || run.code == 1,
        "check exited with {}:\n{}",
        run.code,
        run.stderr
    );
    let report: JsonReport = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("invalid JSON ({e}):\n{}", run.stdout));
    for finding in report.findings.iter().take(100) {
        assert_sensible(finding);
    }
    report
}

/// `check PACK --as-of 2026-11-01` in the human form.
fn check_human(pack: &Path) -> Run {
    run([
        OsStr::new("check"),
        pack.as_os_str(),
        OsStr::new("--as-of"),
        OsStr::new(AS_OF),
    ])
}

/// `build PACK --html --as-of 2026-11-01 -o OUT EXTRA…`.
fn build_html(pack: &Path, out: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        OsStr::new("build").to_owned(),
        pack.as_os_str().to_owned(),
        "--html".into(),
        "--as-of".into(),
        AS_OF.into(),
        "-o".into(),
        out.as_os_str().to_owned(),
    ];
    args.extend(extra.iter().map(Into::into));
    run(args)
}

/// The findings of `report` in one file.
fn in_file<'a>(report: &'a JsonReport, file: &str) -> Vec<&'a crate::support::JsonFinding> {
    report.findings.iter().filter(|f| f.file == file).collect()
}

fn clean() -> TempPack {
    TempPack::copy_of(CLEAN)
}

const D1: &str = "content/decisions/d-001.toml";
const D9: &str = "content/decisions/d-009.toml";

/// A valid record with its own id, to show that checking carries on past a broken file.
fn another_record(pack: &TempPack, id: &str) -> String {
    pack.read(D1).replace("\"D-001\"", &format!("\"{id}\""))
}

// ---------------------------------------------------------------------------------------------
// Files saved by other editors

#[test]
fn files_saved_by_windows_editors_load_as_normal_records() {
    let pack = clean();
    let windows = |text: &str| {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend(text.replace('\n', "\r\n").into_bytes());
        bytes
    };
    for rel in [
        "pack.toml",
        D1,
        "content/examples/px-001.toml",
        "private/people.toml",
    ] {
        pack.write(rel, windows(&pack.read(rel)));
    }
    let report = check(pack.path());
    assert_eq!(report.findings, vec![], "a BOM and CRLF are not problems");
    assert_eq!(report.summary.decisions, 4);

    // Findings in such a file point at the right line and column.
    let plain = pack
        .read(D1)
        .trim_start_matches('\u{FEFF}')
        .replace("\r\n", "\n");
    let with_unknown = plain.replacen("statements = [", "statements = [\"S99\", ", 1);
    pack.write(D1, windows(&with_unknown));
    let report = check(pack.path());
    let unknown = report.of("unknown-statement");
    assert_eq!(unknown.len(), 1, "{report:#?}");
    let (line, column) = locate(&with_unknown, "\"S99\"", 1);
    assert_eq!((unknown[0].line, unknown[0].column), (line, column));

    // And the build reads them too.
    pack.write(D1, windows(&plain));
    let out = tempfile::tempdir().unwrap();
    let built = build_html(pack.path(), &out.path().join("output"), &[]);
    assert_eq!(built.code, 0, "{}", built.stderr);
}

#[test]
fn empty_files_are_reported_and_the_rest_is_checked() {
    let pack = clean();
    pack.write(D9, "");
    pack.write("content/decisions/d-010.toml", " \n\t\r\n");
    pack.write("content/examples/px-009.toml", "");
    let report = check(pack.path());
    for rel in [
        D9,
        "content/decisions/d-010.toml",
        "content/examples/px-009.toml",
    ] {
        let found = in_file(&report, rel);
        assert_eq!(found.len(), 1, "{rel}: {report:#?}");
        assert_eq!(found[0].rule, "invalid-record");
        assert!(found[0].message.contains("is empty"), "{found:?}");
        assert_eq!((found[0].line, found[0].column), (1, 1));
    }
    assert_eq!(report.findings.len(), 3, "{report:#?}");
    assert_eq!(report.summary.decisions, 6);
}

#[test]
fn a_zero_byte_pack_toml_is_reported_and_the_records_still_checked() {
    let pack = clean();
    pack.write("pack.toml", "");
    pack.write(
        D1,
        pack.read(D1)
            .replacen("statements = [", "statements = [\"S99\", ", 1),
    );
    let report = check(pack.path());
    let config = in_file(&report, "pack.toml");
    assert_eq!(config.len(), 1, "{report:#?}");
    assert_eq!(config[0].rule, "invalid-record");
    assert!(
        config[0].message.contains("pack.toml is empty"),
        "{config:?}"
    );
    assert_eq!(
        report.of("unknown-statement").len(),
        1,
        "records are still checked"
    );
    // The build refuses, with the findings, rather than building from made-up settings.
    let out = tempfile::tempdir().unwrap();
    let built = build_html(pack.path(), &out.path().join("output"), &[]);
    assert_eq!(built.code, 1, "{}", built.stderr);
    assert!(
        built.stderr.contains("pack.toml is empty"),
        "{}",
        built.stderr
    );
}

#[test]
fn binary_garbage_and_invalid_utf8_give_located_findings() {
    let pack = clean();
    // Deterministic noise, with NUL bytes and every other byte value.
    let mut state = 0x1234_5678_9abc_def0u64;
    let garbage: Vec<u8> = (0..64 * 1024)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 56) as u8
        })
        .collect();
    pack.write(D9, &garbage);
    // Valid UTF-8 that is not TOML: control characters and brackets.
    let noise: String = garbage
        .iter()
        .map(|b| char::from(b % 0x60 + 0x01))
        .collect();
    pack.write("content/decisions/d-010.toml", noise);
    // Latin-1 where UTF-8 was expected, on line 2.
    pack.write(
        "content/decisions/d-011.toml",
        b"id = \"D-011\"\ntitle = \"Caf\xe9 trips\"\n".as_slice(),
    );
    let report = check(pack.path());

    let garbage = in_file(&report, D9);
    assert_eq!(garbage.len(), 1, "{report:#?}");
    assert_eq!(garbage[0].rule, "invalid-record");
    assert!(garbage[0].message.contains("not UTF-8"), "{garbage:?}");

    let noise = in_file(&report, "content/decisions/d-010.toml");
    assert_eq!(noise.len(), 1, "{report:#?}");
    assert_eq!(noise[0].rule, "invalid-record");

    let latin1 = in_file(&report, "content/decisions/d-011.toml");
    assert_eq!(latin1.len(), 1, "{report:#?}");
    assert_eq!(latin1[0].rule, "invalid-record");
    assert!(latin1[0].message.contains("not UTF-8"), "{latin1:?}");
    assert_eq!((latin1[0].line, latin1[0].column), (2, 13));

    // The human form is plain text, whatever bytes the file held.
    let human = check_human(pack.path());
    assert_eq!(human.code, 1);
    assert!(
        !human.stdout.chars().any(|c| c.is_control() && c != '\n'),
        "raw control characters in the output"
    );
}

/// Found by fuzzing: a TOML error whose one-byte span started at a character of several bytes
/// (`—`) made the human output panic inside annotate-snippets.
#[test]
fn an_error_at_a_character_of_several_bytes_is_shown() {
    let pack = clean();
    pack.write(D9, "id = \"D-009\"\ni — x\n");
    let report = check(pack.path());
    let found = in_file(&report, D9);
    assert_eq!(found.len(), 1, "{report:#?}");
    assert_eq!((found[0].line, found[0].column), (2, 3));
    let human = check_human(pack.path());
    assert_eq!(human.code, 1, "{}", human.stderr);
    assert!(human.stdout.contains("2 | i — x"), "{}", human.stdout);
}

// ---------------------------------------------------------------------------------------------
// Sizes

#[test]
fn a_ten_megabyte_text_field_is_checked_and_rendered() {
    let pack = clean();
    let words = "The person chose this and we supported it. ".repeat(250_000);
    assert!(words.len() > 10_000_000);
    pack.write(
        D1,
        pack.read(D1).replacen(
            "rationale = \"\"\"",
            &format!("rationale = \"\"\"\n{words}\n"),
            1,
        ),
    );
    let report = check(pack.path());
    assert_eq!(report.findings, vec![], "{report:#?}");

    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("output");
    let built = build_html(pack.path(), &dir, &[]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let html = std::fs::read_to_string(dir.join("pack.html")).unwrap();
    assert!(html.len() > words.len(), "the whole text is in the pack");
    assert_eq!(
        html.matches("The person chose this and we supported it.")
            .count(),
        250_000
    );
}

#[test]
fn a_hundred_thousand_array_entries_are_handled_in_bounded_time() {
    let pack = clean();
    let themes: Vec<String> = (0..100_000).map(|i| format!("\"theme-{i}\"")).collect();
    let text = pack.read(D1);
    let line = text
        .lines()
        .find(|l| l.starts_with("themes = "))
        .expect("themes line")
        .to_string();
    pack.write(
        D1,
        text.replacen(&line, &format!("themes = [{}]", themes.join(", ")), 1),
    );
    // 100,000 array-of-tables entries in another record.
    let mut plan = another_record(&pack, "D-009");
    for i in 0..100_000 {
        plan.push_str(&format!(
            "\n[[plan]]\naction = \"Step {i}\"\nowner = \"Key worker\"\n"
        ));
    }
    pack.write(D9, plan);
    let report = check(pack.path());
    assert_eq!(report.findings, vec![], "{report:#?}");
    let out = tempfile::tempdir().unwrap();
    let built = build_html(pack.path(), &out.path().join("output"), &[]);
    assert_eq!(built.code, 0, "{}", built.stderr);

    // 100,000 findings on one line: each is located, and both forms finish in bounded time.
    let unknown: Vec<String> = (0..100_000).map(|i| format!("\"Z{i}\"")).collect();
    let text = pack.read(D1);
    let line = text
        .lines()
        .find(|l| l.starts_with("statements = "))
        .expect("statements line")
        .to_string();
    let text = text.replacen(&line, &format!("statements = [{}]", unknown.join(", ")), 1);
    pack.write(D1, &text);
    let report = check(pack.path());
    let found = report.of("unknown-statement");
    assert_eq!(found.len(), 100_000);
    let (line, column) = locate(&text, "\"Z99999\"", 1);
    assert!(
        found
            .iter()
            .any(|f| f.line == line && f.column == column && f.message.contains("Z99999")),
        "the last one is located at {line}:{column}"
    );
    // In the human form, findings on a line of 100,000 entries cost no more than others (the
    // line is too long to show, so each is shown by its line and column).
    let mut entries: Vec<String> = (0..100_000).map(|_| "\"S4\"".to_string()).collect();
    for i in 0..200 {
        entries[i * 500] = format!("\"Z{i}\"");
    }
    let text = text.replacen(
        &format!("statements = [{}]", unknown.join(", ")),
        &format!("statements = [{}]", entries.join(", ")),
        1,
    );
    pack.write(D1, &text);
    let human = check_human(pack.path());
    assert_eq!(human.code, 1, "{}", human.stderr);
    assert_eq!(
        human.stdout.matches("error[unknown-statement]").count(),
        200
    );
    let (line, column) = locate(&text, "\"Z199\"", 1);
    assert!(
        human
            .stdout
            .contains(&format!("--> {D1}:{line}:{column}\n")),
        "{}",
        &human.stdout[..2000]
    );
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let pack = clean();
    let n = 100_000;
    let cases = [
        (
            "inline tables",
            format!("x = {}1{}\n", "{a = ".repeat(n), "}".repeat(n)),
        ),
        (
            "arrays",
            format!("x = {}{}\n", "[".repeat(n), "]".repeat(n)),
        ),
        (
            "arrays of inline tables",
            format!("x = {}{}\n", "[{a = ".repeat(n / 2), "}]".repeat(n / 2)),
        ),
        ("dotted keys", format!("{} = 1\n", vec!["a"; n].join("."))),
        (
            "a table header",
            format!("[{}]\nb = 1\n", vec!["a"; n].join(".")),
        ),
        (
            "an array-of-tables header",
            format!("[[{}]]\nb = 1\n", vec!["a"; n].join(".")),
        ),
    ];
    for (i, (_, body)) in cases.iter().enumerate() {
        let rel = format!("content/decisions/deep-{i}.toml");
        pack.write(&rel, format!("id = \"D-9{i}\"\n{body}"));
    }
    // And in a practice example and pack.toml.
    let config = pack.read("pack.toml");
    pack.write(
        "pack.toml",
        format!(
            "{config}\n[x]\ny = {}1{}\n",
            "{a = ".repeat(n),
            "}".repeat(n)
        ),
    );
    pack.write(
        "content/examples/px-009.toml",
        format!("id = \"PX-009\"\nx = {}{}\n", "[".repeat(n), "]".repeat(n)),
    );
    let report = check(pack.path());
    for (i, (what, _)) in cases.iter().enumerate() {
        let found = in_file(&report, &format!("content/decisions/deep-{i}.toml"));
        assert_eq!(found.len(), 1, "{what}: {report:#?}");
        assert_eq!(found[0].rule, "invalid-record", "{what}");
    }
    let nested = in_file(&report, "content/decisions/deep-0.toml");
    assert!(nested[0].message.contains("nested"), "{nested:?}");
    assert_eq!(nested[0].line, 2, "located on the line that nests");
    for (i, (what, _)) in cases.iter().enumerate() {
        let found = in_file(&report, &format!("content/decisions/deep-{i}.toml"));
        assert!(
            found[0].message.contains("nested") && !found[0].message.contains("recursion"),
            "{what}: the message is plain English: {:?}",
            found[0].message
        );
    }
    assert_eq!(in_file(&report, "pack.toml").len(), 1, "{report:#?}");
    assert_eq!(
        in_file(&report, "content/examples/px-009.toml").len(),
        1,
        "{report:#?}"
    );
    // The human form shows them too.
    assert_eq!(check_human(pack.path()).code, 1);
    // A build refuses with the findings, even a draft while pack.toml is broken; with pack.toml
    // fixed, a draft leaves the broken records out.
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("output");
    assert_eq!(build_html(pack.path(), &dir, &[]).code, 1);
    assert_eq!(build_html(pack.path(), &dir, &["--draft"]).code, 1);
    pack.write("pack.toml", config);
    let draft = build_html(pack.path(), &dir, &["--draft"]);
    assert_eq!(draft.code, 0, "{}", draft.stderr);
}
