//! Issue 12, other inputs: pack frameworks that would replace another or repeat a statement, a
//! review plan of thousands of years, a Typst timeout too large to add to the clock, and the
//! privacy of Typst's work folder.

use crate::support::*;

const D1: &str = "content/decisions/d-001.toml";

fn clean() -> TempPack {
    TempPack::copy_of("rules-clean")
}

const FRAMEWORK: &str = "id = \"our-standards\"\nname = \"Our standards\"\n\n[[groups]]\nid = \"care\"\nname = \"Care\"\n\n[[statements]]\nid = \"OS1\"\ngroup = \"care\"\nname = \"We listen\"\n";

fn framework_findings(pack: &TempPack) -> Vec<(String, usize, String)> {
    let (_, report) = check_json(pack.path(), &[]);
    report
        .of("invalid-framework")
        .into_iter()
        .map(|f| (f.file.clone(), f.line, f.message.clone()))
        .collect()
}

#[test]
fn a_pack_framework_cannot_take_the_built_in_id() {
    let pack = clean();
    pack.write(
        "frameworks/cqc.toml",
        "id = \"cqc-saf\"\nname = \"Not the CQC\"\n\n[[statements]]\nid = \"S4\"\ngroup = \"x\"\nname = \"Replaced\"\n",
    );
    let found = framework_findings(&pack);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "frameworks/cqc.toml");
    assert_eq!(found[0].1, 1);
    assert!(found[0].2.contains("built-in CQC framework"), "{found:?}");
    // The built-in framework still stands: C3 (which the fake framework lacks) is known.
    let (_, report) = check_json(pack.path(), &[]);
    assert!(
        report.of("unknown-statement").is_empty(),
        "{:?}",
        report.findings
    );
}

#[test]
fn two_framework_files_with_one_id_are_a_finding_on_the_second() {
    let pack = clean();
    pack.write("frameworks/a.toml", FRAMEWORK);
    pack.write("frameworks/b.toml", FRAMEWORK.replace("We listen", "Other"));
    let found = framework_findings(&pack);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "frameworks/b.toml");
    assert!(found[0].2.contains("frameworks/a.toml"), "{found:?}");

    let pack = clean();
    pack.write("frameworks/a.toml", FRAMEWORK);
    assert!(framework_findings(&pack).is_empty(), "one file is fine");
}

#[test]
fn a_statement_id_used_twice_in_one_framework_is_a_finding() {
    let pack = clean();
    pack.write(
        "frameworks/a.toml",
        format!("{FRAMEWORK}\n[[statements]]\nid = \"OS1\"\ngroup = \"care\"\nname = \"Again\"\n"),
    );
    let found = framework_findings(&pack);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "frameworks/a.toml");
    assert_eq!(found[0].1, 14, "at the repeated id: {found:?}");
    assert!(found[0].2.contains("\"OS1\" is used twice"), "{found:?}");
}

#[test]
fn framework_text_is_scanned_for_identifiers() {
    let pack = clean();
    pack.write(
        "frameworks/a.toml",
        FRAMEWORK.replace("We listen", "Call Jo on 07700 900123"),
    );
    let (_, report) = check_json(pack.path(), &[]);
    let found = report.of("possible-identifier");
    assert_eq!(found.len(), 1, "{:?}", report.findings);
    assert_eq!(found[0].file, "frameworks/a.toml");
    assert!(
        found[0].message.contains("`statements[0].name`"),
        "{found:?}"
    );
}

#[test]
fn a_review_plan_of_more_than_five_years_is_a_finding() {
    for (days, flagged) in [("4294967295", true), ("1827", true), ("1826", false)] {
        let pack = clean();
        pack.replace(D1, "every_days = 28", &format!("every_days = {days}"));
        let (_, report) = check_json(pack.path(), &[]);
        let found: Vec<_> = report
            .of("invalid-record")
            .into_iter()
            .filter(|f| f.message.contains("more than 5 years"))
            .collect();
        assert_eq!(
            found.len(),
            usize::from(flagged),
            "{days}: {:?}",
            report.findings
        );
        if flagged {
            assert_eq!(found[0].file, D1);
            assert_eq!(found[0].line, pack.line_of(D1, "every_days"));
        }
    }
}

/// A stand-in for Typst that says where it ran and how private its files were, then writes a
/// tiny PDF.
#[cfg(unix)]
fn fake_typst(dir: &std::path::Path, report: &std::path::Path) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join("typst");
    std::fs::write(
        &path,
        format!(
            "#!/bin/sh\nif [ \"$1\" = --version ]; then echo 'typst 0.15.1 (fake)'; exit 0; fi\n\
             {{ pwd; stat -c '%a' . data.json pack.typ; }} > '{}'\n\
             for last; do :; done\nprintf '%%PDF-1.7\\n%%%%EOF\\n' > \"$last\"\n",
            report.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[cfg(unix)]
#[test]
fn typst_works_in_a_private_folder_that_is_removed_afterwards() {
    let tools = tempfile::tempdir().unwrap();
    let report = tools.path().join("report.txt");
    let typst = fake_typst(tools.path(), &report);
    let out = tempfile::tempdir().unwrap();
    let run = evidence_pack()
        .args(["build", "--pdf", "--as-of", AS_OF, "--typst"])
        .arg(&typst)
        .arg("-o")
        .arg(out.path().join("output"))
        .arg(fixture("rules-clean"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(report.exists(), "the fake Typst ran: {stderr}");
    let lines: Vec<String> = std::fs::read_to_string(&report)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(lines[1..], ["700", "600", "600"], "{lines:?}");
    assert!(
        !std::path::Path::new(&lines[0]).exists(),
        "the work folder {} is removed",
        lines[0]
    );
}

#[test]
fn a_typst_timeout_too_large_for_the_clock_is_a_warning() {
    let tools = tempfile::tempdir().unwrap();
    #[cfg(unix)]
    let typst = fake_typst(tools.path(), &tools.path().join("report.txt"));
    #[cfg(not(unix))]
    let typst = std::path::PathBuf::from("typst");
    let out = tempfile::tempdir().unwrap();
    let run = evidence_pack()
        .args(["build", "--pdf", "--as-of", AS_OF, "--typst"])
        .arg(&typst)
        .arg("-o")
        .arg(out.path().join("output"))
        .arg(fixture("rules-clean"))
        .env("EVIDENCE_PACK_TYPST_TIMEOUT", "18446744073709551615")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stderr.contains(
            "warning: EVIDENCE_PACK_TYPST_TIMEOUT must be a whole number of seconds from 1 to 86400"
        ),
        "{stderr}"
    );
}

#[test]
fn raw_html_links_that_leave_the_page_are_removed() {
    let pack = clean();
    pack.replace(
        D1,
        "rationale = \"\"\"AB managed",
        "rationale = \"\"\"<a href=\"//evil.example/share\">one</a> <a href=\"/etc/passwd\">two</a> <a href=\"file:///etc/passwd\">three</a> <a href=\"../../secret\">four</a> <a href=\"#d-002\">five</a> <a href=\"https://example.org/ok\">six</a> AB managed",
    );
    let out = tempfile::tempdir().unwrap();
    let run = evidence_pack()
        .args(["build", "--html", "--as-of", AS_OF, "-o"])
        .arg(out.path().join("output"))
        .arg(pack.path())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let html = std::fs::read_to_string(out.path().join("output/pack.html")).unwrap();
    for gone in ["//evil.example", "/etc/passwd", "../../secret"] {
        assert!(!html.contains(&format!("href=\"{gone}")), "{gone} kept");
        assert!(
            !html.contains(&format!("href=\"file://{gone}")),
            "{gone} kept"
        );
    }
    assert!(!html.contains("href=\"file:"), "file: link kept");
    assert!(html.contains("href=\"#d-002\""), "in-page anchor removed");
    assert!(
        html.contains("href=\"https://example.org/ok\""),
        "https link removed"
    );
    for text in ["one", "two", "three", "four", "five", "six"] {
        assert!(
            html.contains(&format!(">{text}</a>")),
            "the words stay: {text}"
        );
    }
}

fn build_html_of(pack: &std::path::Path) -> std::process::Output {
    let out = tempfile::tempdir().unwrap();
    evidence_pack()
        .args(["build", "--html", "--as-of", AS_OF, "-o"])
        .arg(out.path().join("output"))
        .arg(pack)
        .output()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn a_templates_folder_that_links_out_of_the_pack_is_refused() {
    let pack = clean();
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("pack.html"), "<p>replaced</p>").unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), pack.file("templates")).unwrap();
    let run = build_html_of(pack.path());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("templates/ is a link to a folder elsewhere"),
        "{stderr}"
    );
    assert!(stderr.contains("help:"), "{stderr}");
}

#[test]
fn a_template_far_larger_than_any_template_is_refused_unread() {
    let pack = clean();
    std::fs::create_dir_all(pack.file("templates")).unwrap();
    // Sparse: 6 GB on paper, nothing on disk.
    let f = std::fs::File::create(pack.file("templates/pack.html")).unwrap();
    f.set_len(6_000_000_000).unwrap();
    // Within 4 GB of memory: reading the 6 GB template would fail, not be refused by its size.
    let out = tempfile::tempdir().unwrap();
    let run = crate::support::evidence_pack_within(4_000_000_000)
        .args(["build", "--html", "--as-of", AS_OF, "-o"])
        .arg(out.path().join("output"))
        .arg(pack.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("templates/pack.html is 6000 MB"),
        "{stderr}"
    );
}

/// Whether a process is still there (and not a zombie waiting to be reaped).
#[cfg(target_os = "linux")]
fn alive(pid: &str) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .is_ok_and(|stat| !stat.split(") ").nth(1).is_some_and(|s| s.starts_with('Z')))
}

#[cfg(target_os = "linux")]
#[test]
fn an_interrupted_pdf_build_ends_typst_and_removes_its_work_folder() {
    use std::os::unix::fs::PermissionsExt;
    let tools = tempfile::tempdir().unwrap();
    let report = tools.path().join("report.txt");
    let typst = tools.path().join("typst");
    std::fs::write(
        &typst,
        format!(
            "#!/bin/sh\nif [ \"$1\" = --version ]; then echo 'typst 0.15.1 (fake)'; exit 0; fi\n\
             {{ echo $$; pwd; }} > '{0}.tmp'; mv '{0}.tmp' '{0}'\nexec sleep 30\n",
            report.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&typst, std::fs::Permissions::from_mode(0o755)).unwrap();
    for signal in [libc::SIGTERM, libc::SIGINT] {
        let _ = std::fs::remove_file(&report);
        let out = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("evidence-pack"))
            .args(["build", "--pdf", "--quiet", "--as-of", AS_OF, "--typst"])
            .arg(&typst)
            .arg("-o")
            .arg(out.path().join("output"))
            .arg(fixture("rules-clean"))
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let started = std::time::Instant::now();
        while !report.exists() {
            assert!(started.elapsed().as_secs() < 60, "Typst never started");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let text = std::fs::read_to_string(&report).unwrap();
        let (pid, folder) = text.trim().split_once('\n').unwrap();
        assert!(std::path::Path::new(folder).exists());
        // SAFETY: signals the child this test started and still waits for.
        unsafe { libc::kill(child.id() as libc::pid_t, signal) };
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(130), "{signal}: {status}");
        assert!(
            !std::path::Path::new(folder).exists(),
            "{folder} is left behind"
        );
        let ended = std::time::Instant::now();
        while alive(pid) && ended.elapsed().as_secs() < 5 {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert!(
            !alive(pid),
            "Typst ({pid}) still runs after evidence-pack ended"
        );
    }
}
