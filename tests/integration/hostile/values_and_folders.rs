//! Hostile input, continued: odd values, the pack folder itself, and interrupted builds.

use super::*;

// ---------------------------------------------------------------------------------------------
// Values

#[test]
fn impossible_dates_are_located_findings() {
    let pack = clean();
    let text = pack.read(D1);
    let opened = text
        .lines()
        .find(|l| l.starts_with("opened = "))
        .expect("opened line")
        .to_string();
    let with = |id: &str, date: &str| {
        another_record(&pack, id).replacen(&opened, &format!("opened = {date}"), 1)
    };
    // The same as a string, and 29 February in a year that is not a leap year.
    pack.write(D9, with("D-009", "\"2026-02-30\""));
    pack.write("content/decisions/d-010.toml", with("D-010", "2025-02-29"));
    // 29 February 2024 is a real date.
    pack.write("content/decisions/d-011.toml", with("D-011", "2024-02-29"));
    // A TOML date that does not exist.
    pack.write(D1, with("D-001", "2026-02-30"));
    let report = check(pack.path());
    for (rel, needle) in [
        (D1, "2026-02-30"),
        (D9, "\"2026-02-30\""),
        ("content/decisions/d-010.toml", "2025-02-29"),
    ] {
        let found = in_file(&report, rel);
        assert_eq!(found.len(), 1, "{rel}: {report:#?}");
        assert_eq!(found[0].rule, "invalid-record", "{rel}");
        let (line, column) = locate(&pack.read(rel), needle, 1);
        assert_eq!((found[0].line, found[0].column), (line, column), "{rel}");
    }
    assert!(
        in_file(&report, "content/decisions/d-011.toml")
            .iter()
            .all(|f| f.rule != "invalid-record"),
        "{report:#?}"
    );
}

#[test]
fn control_characters_and_direction_overrides_are_reported_and_shown_safely() {
    let pack = clean();
    let text = pack.read(D1);
    // Written as TOML escapes, so the file itself is plain ASCII; the values hold U+202E
    // (right-to-left override) and U+0007 (bell).
    let text = text
        .replacen("id = \"D-001\"", "id = \"D-001\\u202E\"", 1)
        .replacen("title = \"", "title = \"Evil \\u202Etxt.exe \\u0007", 1);
    let text = text.replacen(
        "rationale = \"\"\"",
        "rationale = \"\"\"\nSee \u{202E}reversed text\u{202C} here.\n",
        1,
    );
    pack.write(D1, &text);
    let report = check(pack.path());
    let found = in_file(&report, D1);
    let hidden: Vec<_> = found
        .iter()
        .filter(|f| f.rule == "invalid-record")
        .collect();
    assert!(
        hidden.iter().any(|f| f.message.contains("`title`"))
            && hidden.iter().any(|f| f.message.contains("`id`")),
        "{report:#?}"
    );
    for f in &report.findings {
        assert!(
            !f.message.contains('\u{202E}') && !f.help.contains('\u{202E}'),
            "{f:?}"
        );
        if let Some(record) = &f.record {
            assert!(!record.contains('\u{202E}'), "{f:?}");
        }
    }
    assert!(
        hidden.iter().any(|f| f.message.contains("\\u{202E}")),
        "the character is shown as a visible escape: {hidden:?}"
    );

    let human = check_human(pack.path());
    assert_eq!(human.code, 1);
    assert!(!human.stdout.contains('\u{202E}'), "{}", human.stdout);
    assert!(!human.stdout.contains('\u{7}'), "{}", human.stdout);
    assert!(human.stdout.contains("\\u{202E}"), "{}", human.stdout);

    // A draft build shows the record with the characters made visible, in every output.
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("output");
    let built = build_html(pack.path(), &dir, &["--draft"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    assert!(!built.stdout.contains('\u{202E}'));
    for name in ["pack.html", "pack.json"] {
        let written = std::fs::read_to_string(dir.join(name)).unwrap();
        for c in ['\u{202E}', '\u{202C}', '\u{7}'] {
            assert!(!written.contains(c), "{name} holds U+{:04X}", c as u32);
        }
    }
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("pack.json")).unwrap()).unwrap();
    assert_eq!(
        json["decisions"][0]["title"],
        "Evil \\u{202E}txt.exe \\u{0007}Managing my own medication"
    );
    let html = std::fs::read_to_string(dir.join("pack.html")).unwrap();
    assert!(html.contains("See \\u{202E}reversed text\\u{202C} here."));
}

// ---------------------------------------------------------------------------------------------
// The folder itself

#[cfg(unix)]
fn symlink(target: impl AsRef<Path>, link: impl AsRef<Path>) {
    std::os::unix::fs::symlink(target, link).expect("make a link");
}

#[test]
fn a_folder_named_like_a_record_is_a_folder() {
    let pack = clean();
    std::fs::create_dir_all(pack.file("content/decisions/x.toml")).unwrap();
    let report = check(pack.path());
    assert_eq!(report.findings, vec![], "an empty folder is not a record");
    // Records inside it are read like any other (records may be kept in folders).
    pack.write(
        "content/decisions/x.toml/d-009.toml",
        another_record(&pack, "D-009"),
    );
    let report = check(pack.path());
    assert_eq!(report.findings, vec![], "{report:#?}");
    assert_eq!(report.summary.decisions, 5);
}

#[cfg(unix)]
#[test]
fn link_loops_are_skipped_with_a_warning() {
    let pack = clean();
    symlink("..", pack.file("content/decisions/loop"));
    symlink("self.toml", pack.file("content/decisions/self.toml"));
    symlink("b.toml", pack.file("content/examples/a.toml"));
    symlink("a.toml", pack.file("content/examples/b.toml"));
    let report = check(pack.path());
    for rel in [
        "content/decisions/loop",
        "content/decisions/self.toml",
        "content/examples/a.toml",
        "content/examples/b.toml",
    ] {
        let found = in_file(&report, rel);
        assert_eq!(found.len(), 1, "{rel}: {report:#?}");
        assert_eq!(found[0].rule, "skipped-file");
        assert_eq!(found[0].level, "warning");
    }
    assert_eq!(report.summary.errors, 0);
    assert_eq!(report.summary.decisions, 4);
}

#[cfg(unix)]
#[test]
fn links_out_of_the_pack_are_skipped_and_never_read() {
    let pack = clean();
    let elsewhere = tempfile::tempdir().unwrap();
    // Were it read, this record would be a duplicate id.
    let stranger = pack.read(D1);
    std::fs::write(elsewhere.path().join("d-001.toml"), &stranger).unwrap();
    std::fs::create_dir(elsewhere.path().join("more")).unwrap();
    std::fs::write(elsewhere.path().join("more/d-001.toml"), &stranger).unwrap();
    symlink(
        elsewhere.path().join("d-001.toml"),
        pack.file("content/decisions/outside.toml"),
    );
    symlink(
        elsewhere.path().join("more"),
        pack.file("content/decisions/outside-folder"),
    );
    symlink("/dev/zero", pack.file("content/decisions/zero.toml"));
    symlink("/etc/passwd", pack.file("content/examples/passwd.toml"));
    // A link that stays inside the pack is read.
    std::fs::create_dir_all(pack.file("shared")).unwrap();
    pack.write("shared/d-009.toml", another_record(&pack, "D-009"));
    symlink(
        "../../shared/d-009.toml",
        pack.file("content/decisions/d-009.toml"),
    );

    let report = check(pack.path());
    for rel in [
        "content/decisions/outside.toml",
        "content/decisions/outside-folder",
        "content/decisions/zero.toml",
        "content/examples/passwd.toml",
    ] {
        let found = in_file(&report, rel);
        assert_eq!(found.len(), 1, "{rel}: {report:#?}");
        assert_eq!(found[0].rule, "skipped-file");
        assert!(found[0].message.contains("outside the pack"), "{found:?}");
    }
    assert_eq!(report.of("duplicate-id").len(), 0, "{report:#?}");
    assert_eq!(
        report.summary.decisions, 5,
        "the link inside the pack is read"
    );
}

/// Files that cannot be read when the walk reaches them. Tests run as root, where `chmod 000`
/// does not stop a read, so the cases are ones root cannot read either: a link whose file has
/// gone (as when a sync tool deletes a file during the walk) and named pipes, which would block
/// a read for ever (the walk reports them instead; a file replaced by a pipe or a folder between
/// the walk and the read is refused by the loader, see `load::tests`). Where the tests do not
/// run as root, a file with no read permission is checked too.
#[cfg(unix)]
#[test]
fn files_that_cannot_be_read_during_the_walk_are_reported() {
    use std::os::unix::fs::PermissionsExt;

    let pack = clean();
    symlink("gone.toml", pack.file(D9));
    let made = Command::new("mkfifo")
        .arg(pack.file("content/decisions/pipe.toml"))
        .status();
    let has_fifo = made.is_ok_and(|s| s.success());
    let locked = pack.file("content/decisions/d-010.toml");
    pack.write(
        "content/decisions/d-010.toml",
        another_record(&pack, "D-010"),
    );
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let unreadable = std::fs::read(&locked).is_err();

    let report = check(pack.path());
    let gone = in_file(&report, D9);
    assert_eq!(gone.len(), 1, "{report:#?}");
    assert_eq!(gone[0].rule, "skipped-file");
    assert!(gone[0].message.contains("could not be read"), "{gone:?}");
    if has_fifo {
        let pipe = in_file(&report, "content/decisions/pipe.toml");
        assert_eq!(pipe.len(), 1, "{report:#?}");
        assert!(pipe[0].message.contains("not an ordinary file"), "{pipe:?}");
    }
    if unreadable {
        let locked = in_file(&report, "content/decisions/d-010.toml");
        assert_eq!(locked.len(), 1, "{report:#?}");
        assert_eq!(locked[0].rule, "invalid-record");
        assert!(
            locked[0].message.contains("permission denied"),
            "{locked:?}"
        );
    }
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).unwrap();
}

/// A privacy register that is there but is not a file (a folder, a named pipe, a socket) is
/// reported as what it is, not as missing, and a pipe is never opened (that would wait for ever).
#[cfg(unix)]
#[test]
fn a_privacy_register_that_is_not_a_file_says_what_it_is() {
    const REGISTER: &str = "private/people.toml";
    let folder = clean();
    folder.remove(REGISTER);
    std::fs::create_dir(folder.file(REGISTER)).unwrap();
    let pipe = clean();
    pipe.remove(REGISTER);
    let path =
        std::ffi::CString::new(pipe.file(REGISTER).into_os_string().into_encoded_bytes()).unwrap();
    // SAFETY: `path` is a valid NUL-terminated string that outlives the call.
    assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o644) }, 0, "mkfifo");
    let socket = clean();
    socket.remove(REGISTER);
    let _listener = std::os::unix::net::UnixListener::bind(socket.file(REGISTER)).unwrap();

    for (pack, says) in [
        (&folder, "is a folder, not a file"),
        (&pipe, "is a named pipe, not an ordinary file"),
        (&socket, "is a socket, not an ordinary file"),
    ] {
        let report = check(pack.path());
        let found = report.of("invalid-record");
        assert_eq!(found.len(), 1, "{says}: {report:#?}");
        assert_eq!(found[0].file, "pack.toml");
        assert!(
            found[0]
                .message
                .contains(&format!("The privacy register {REGISTER} {says}")),
            "{found:#?}"
        );
        assert!(!found[0].message.contains("does not exist"), "{found:#?}");
        assert_eq!(
            (found[0].line, found[0].column),
            locate(&pack.read("pack.toml"), "register", 1)
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Interrupted builds

/// A pack with `n` decision records made from the clean fixture's first record.
fn large_pack(n: usize) -> TempPack {
    let pack = clean();
    let template = pack.read(D1);
    for i in 1..=n {
        let id = format!("D-{:05}", 100 + i);
        pack.write(
            &format!("content/decisions/bulk/d-{i:05}.toml"),
            template.replace("\"D-001\"", &format!("\"{id}\"")),
        );
    }
    pack
}

/// Names beside the output folder that a build uses while it works.
fn leftovers(parent: &Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".building-") || n.contains(".previous-"))
        .collect()
}

fn start_build(pack: &Path, out: &Path) -> Child {
    Command::new(binary())
        .arg("build")
        .arg(pack)
        .args(["--html", "--quiet", "--as-of", AS_OF, "-o"])
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start evidence-pack")
}

#[test]
fn a_killed_build_leaves_the_previous_output_and_the_next_build_tidies_up() {
    let small = clean();
    let large = large_pack(3_000);
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("output");
    let first = build_html(small.path(), &out, &[]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let before: Vec<(PathBuf, Vec<u8>)> = ["pack.html", "pack.json", "manifest.json"]
        .iter()
        .map(|n| (out.join(n), std::fs::read(out.join(n)).unwrap()))
        .collect();

    // Kill builds of the large pack at several moments: as soon as it starts, and once its
    // temporary folder exists (while it writes the files). SIGKILL gives it no chance to tidy up.
    let mut saw_staging = false;
    for delay in [0, 50, 150, 400] {
        let mut child = start_build(large.path(), &out);
        let started = Instant::now();
        if delay == 400 {
            // Wait for the temporary folder, then kill.
            while started.elapsed() < LIMIT && leftovers(parent.path()).is_empty() {
                if child.try_wait().unwrap().is_some() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(1));
            }
        } else {
            std::thread::sleep(Duration::from_millis(delay));
        }
        let finished = child.try_wait().unwrap().is_some();
        let _ = child.kill();
        let _ = child.wait();
        saw_staging |= !leftovers(parent.path()).is_empty();
        if finished {
            // Too fast to interrupt on this machine: the output is simply the new one.
            continue;
        }
        for (path, bytes) in &before {
            assert!(
                std::fs::read(path).unwrap() == *bytes,
                "{} changed after a build was killed at {delay} ms",
                path.display()
            );
        }
    }

    // The next build removes what the killed ones left, and writes the new output.
    let again = build_html(large.path(), &out, &["--quiet"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(leftovers(parent.path()), Vec::<String>::new());
    let html = std::fs::read_to_string(out.join("pack.html")).unwrap();
    assert!(html.contains("D-03100"), "the new output is in place");
    // Whether a kill landed while the folder existed depends on the machine's speed; record it
    // for whoever reads a failure.
    eprintln!("a temporary folder was seen while killing builds: {saw_staging}");
}

#[cfg(unix)]
#[test]
fn an_interrupted_build_removes_its_temporary_folder_and_keeps_the_previous_output() {
    let small = clean();
    let large = large_pack(3_000);
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("output");
    assert_eq!(build_html(small.path(), &out, &[]).code, 0);
    let before = std::fs::read(out.join("pack.html")).unwrap();
    let mut interrupted = 0;
    for signal in [libc::SIGINT, libc::SIGTERM] {
        let mut child = start_build(large.path(), &out);
        // Wait until it is writing its temporary folder, then interrupt it as Ctrl-C would.
        let started = Instant::now();
        while started.elapsed() < LIMIT && leftovers(parent.path()).is_empty() {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        if child.try_wait().unwrap().is_some() {
            continue; // Finished before it could be interrupted.
        }
        // SAFETY: sends a signal to the child process this test started and still waits for.
        unsafe { libc::kill(child.id() as libc::pid_t, signal) };
        let status = child.wait().unwrap();
        if status.success() {
            continue; // It finished as the signal arrived.
        }
        interrupted += 1;
        assert_eq!(status.code(), Some(130), "{signal}: {status}");
        assert_eq!(
            leftovers(parent.path()),
            Vec::<String>::new(),
            "nothing is left beside the output"
        );
        assert_eq!(std::fs::read(out.join("pack.html")).unwrap(), before);
    }
    eprintln!("builds interrupted while writing: {interrupted} of 2");
}

#[test]
fn a_failing_renderer_leaves_the_previous_output_and_no_temporary_folder() {
    let pack = clean();
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("output");
    assert_eq!(build_html(pack.path(), &out, &[]).code, 0);
    let before = std::fs::read(out.join("pack.html")).unwrap();
    // A template that fails while rendering each record.
    pack.write(
        "templates/decision.html",
        "<article>{{ d.no_such_field | upper }}</article>",
    );
    let failed = build_html(pack.path(), &out, &[]);
    assert_eq!(failed.code, 2, "{}", failed.stderr);
    assert!(std::fs::read(out.join("pack.html")).unwrap() == before);
    assert_eq!(leftovers(parent.path()), Vec::<String>::new());
    // An output folder that holds other files is never replaced.
    pack.remove("templates/decision.html");
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let refused = build_html(pack.path(), &out, &[]);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "mine"
    );
    assert_eq!(leftovers(parent.path()), Vec::<String>::new());
}

/// A temporary folder left by a build that died (its process id is no longer running) is
/// removed by the next build; one that holds anything a build does not write is kept.
#[test]
fn stale_temporary_folders_from_dead_builds_are_removed() {
    let pack = clean();
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("output");
    let dead = 4_999_999; // above Linux's highest process id
    let stale = parent
        .path()
        .join(format!(".output.building-{dead}-x1y2z3"));
    std::fs::create_dir(&stale).unwrap();
    std::fs::write(stale.join("pack.html"), "half written").unwrap();
    let not_ours = parent.path().join(format!(".output.building-{dead}-keep"));
    std::fs::create_dir(&not_ours).unwrap();
    std::fs::write(not_ours.join("thesis.docx"), "precious").unwrap();
    let built = build_html(pack.path(), &out, &[]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    assert!(!stale.exists(), "the dead build's folder is removed");
    assert!(
        not_ours.join("thesis.docx").exists(),
        "other files are never removed"
    );
}
