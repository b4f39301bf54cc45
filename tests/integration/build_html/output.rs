//! The output folder: byte-identical rebuilds, timings only when asked for, the previous output
//! untouched by a failed build, and the folders a build refuses to replace.

use super::*;

#[test]
fn rebuilding_gives_byte_identical_html_and_json() {
    let out = tempfile::tempdir().unwrap();
    let first = out.path().join("first");
    let second = out.path().join("second");
    for dir in [&first, &second] {
        let run = build(&fixture(PACK), dir, &[]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    for name in ["pack.html", "pack.json"] {
        let a = std::fs::read(first.join(name)).unwrap();
        let b = std::fs::read(second.join(name)).unwrap();
        assert!(a == b, "{name} differs between two builds");
    }
    // Building again over the same folder gives the same bytes too.
    let before = std::fs::read(first.join("pack.html")).unwrap();
    assert_eq!(build(&fixture(PACK), &first, &[]).code, 0);
    assert!(std::fs::read(first.join("pack.html")).unwrap() == before);
    // The same holds for the hostile pack (emoji, entities, Welsh) and for a draft.
    for (pack, extra) in [(HOSTILE, &[][..]), (PACK, &["--draft"][..])] {
        let a = out.path().join(format!("{pack}-a"));
        let b = out.path().join(format!("{pack}-b"));
        assert_eq!(build(&fixture(pack), &a, extra).code, 0);
        assert_eq!(build(&fixture(pack), &b, extra).code, 0);
        for name in ["pack.html", "pack.json"] {
            assert!(
                std::fs::read(a.join(name)).unwrap() == std::fs::read(b.join(name)).unwrap(),
                "{pack}: {name} differs"
            );
        }
    }
}

/// Names in `dir` that look like a build's temporary or previous output folders.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".building-") || n.contains(".previous-"))
        .collect()
}

#[test]
fn timings_are_printed_only_when_asked_for() {
    let out = tempfile::tempdir().expect("temporary folder");
    let quiet = build(&fixture(PACK), &out.path().join("a"), &[]);
    assert_eq!(quiet.code, 0, "{}", quiet.stderr);
    assert!(!quiet.stderr.contains("timings:"), "{}", quiet.stderr);

    let output = crate::support::evidence_pack()
        .env("EVIDENCE_PACK_TIMINGS", "1")
        .arg("build")
        .arg(fixture(PACK))
        .args(["--html", "--as-of", AS_OF, "-o"])
        .arg(out.path().join("b"))
        .output()
        .expect("run evidence-pack");
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).expect("UTF-8");
    let stages: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("timings: "))
        .map(|l| l.split_once(": ").expect("stage: N ms").0)
        .collect();
    assert_eq!(
        stages,
        [
            "loading the pack",
            "checking the records",
            "building the view and writing pack.json",
            "rendering HTML",
            "writing manifest.json",
            "syncing to disk and replacing the output folder"
        ]
    );
    assert!(
        stderr
            .lines()
            .filter_map(|l| l.strip_prefix("timings: "))
            .all(|l| {
                let (_, figures) = l.split_once(": ").expect("stage: figures");
                let (wall, _) = figures.split_once(" ms").expect("N ms");
                wall.parse::<u64>().is_ok()
            }),
        "{stderr}"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let pack = TempPack::copy_of(PACK);
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("output");
    assert_eq!(build(pack.path(), &dir, &[]).code, 0);
    let html = std::fs::read(dir.join("pack.html")).unwrap();
    let json = std::fs::read(dir.join("pack.json")).unwrap();
    let unchanged = |why: &str| {
        assert!(
            std::fs::read(dir.join("pack.html")).unwrap() == html,
            "{why}: pack.html changed"
        );
        assert!(
            std::fs::read(dir.join("pack.json")).unwrap() == json,
            "{why}: pack.json changed"
        );
        assert_eq!(leftovers(out.path()), Vec::<String>::new(), "{why}");
    };

    // A template that fails while rendering, after the checks passed.
    pack.write("templates/example.html", "{{ e.title | no_such_filter }}\n");
    let run = build(pack.path(), &dir, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    unchanged("a broken template");
    pack.remove("templates/example.html");

    // A record edited so the pack has errors: refused, old output kept.
    pack.replace(
        "content/decisions/d-002.toml",
        "every_days = 90",
        "every_days = 28",
    );
    let run = build(pack.path(), &dir, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    unchanged("a refused build");
}

#[test]
fn the_current_folder_cannot_be_the_output_folder() {
    let out = tempfile::tempdir().unwrap();
    for name in [".", ".."] {
        let run = crate::support::evidence_pack()
            .current_dir(out.path())
            .arg("build")
            .arg(fixture(PACK))
            .args(["--html", "--as-of", AS_OF, "-o", name])
            .output()
            .expect("run evidence-pack");
        assert_eq!(run.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(stderr.contains("cannot be"), "{stderr}");
        assert!(stderr.contains("-o output"), "{stderr}");
    }
    assert_eq!(
        std::fs::read_dir(out.path()).unwrap().count(),
        0,
        "nothing written"
    );
}

#[test]
fn an_output_folder_holding_other_files_is_not_replaced() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("output");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("notes.txt"), "mine").unwrap();
    let run = build(&fixture(PACK), &dir, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("holds other files"), "{}", run.stderr);
    assert!(run.stderr.contains("notes.txt"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.join("notes.txt")).unwrap(),
        "mine"
    );
    assert!(!dir.join("pack.html").exists());
    assert_eq!(leftovers(out.path()), Vec::<String>::new());
}
