//! The PDF pack, continued: Typst missing or failing, templates of a pack's own, byte-identical
//! rebuilds, the draft banner and the cover's figures.

use super::*;

#[test]
fn a_missing_typst_stops_the_build_with_install_help() {
    let out = tempfile::tempdir().expect("temporary folder");
    for (args, env) in [
        (vec!["--typst", "/nonexistent/typst"], None),
        (vec![], Some("/nonexistent/typst")),
    ] {
        let mut cmd = evidence_pack();
        cmd.arg("build")
            .arg(fixture("rules-clean"))
            .args(["--pdf", "--as-of", AS_OF, "-o"])
            .arg(out.path().join("output"))
            .args(&args);
        if let Some(path) = env {
            cmd.env("EVIDENCE_PACK_TYPST", path);
        }
        let output = cmd.output().expect("run evidence-pack");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("/nonexistent/typst"), "{stderr}");
        assert!(
            stderr.contains(
                "cargo install typst-cli --version 0.15.1 --locked --no-default-features --features embedded-fonts"
            ),
            "{stderr}"
        );
        assert!(stderr.contains("scripts/install-typst.sh"), "{stderr}");
        assert!(stderr.contains("--html"), "{stderr}");
        assert!(!out.path().join("output").exists(), "nothing is written");
    }
}

#[test]
fn the_html_pack_builds_without_typst() {
    let out = tempfile::tempdir().expect("temporary folder");
    let output = evidence_pack()
        .arg("build")
        .arg(fixture("rules-clean"))
        .args([
            "--html",
            "--as-of",
            AS_OF,
            "--typst",
            "/nonexistent/typst",
            "-o",
        ])
        .arg(out.path().join("output"))
        .output()
        .expect("run evidence-pack");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(out.path().join("output/pack.html").is_file());
    assert!(!out.path().join("output/pack.pdf").exists());
}

#[test]
fn a_failing_template_names_its_file_and_line_and_keeps_the_old_output() {
    let pack = TempPack::copy_of("rules-clean");
    pack.write(
        "templates/pack.typ",
        "#let data = json(sys.inputs.data)\n#set document(title: data.pack.title)\n#let broken = (\n= oops\n",
    );
    // A previous build's output must survive the failed one untouched.
    let out = tempfile::tempdir().expect("temporary folder");
    let dir = out.path().join("output");
    std::fs::create_dir_all(&dir).expect("output folder");
    std::fs::write(dir.join("pack.pdf"), b"%PDF-previous").expect("old pdf");
    let output = evidence_pack()
        .arg("build")
        .arg(pack.path())
        .args(["--as-of", AS_OF, "-o"])
        .arg(&dir)
        .arg("--typst")
        .arg(typst())
        .output()
        .expect("run evidence-pack");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("the PDF pack could not be built"),
        "{stderr}"
    );
    assert!(stderr.contains("templates/pack.typ:3:"), "{stderr}");
    assert!(stderr.contains("error:"), "{stderr}");
    assert!(
        stderr.contains("delete it to use the built-in one"),
        "{stderr}"
    );
    assert!(!stderr.contains("evidence-pack-typst-"), "{stderr}");
    assert_eq!(
        std::fs::read(dir.join("pack.pdf")).expect("old pdf"),
        b"%PDF-previous"
    );
    assert!(!dir.join("pack.html").exists(), "nothing new was written");
}

#[test]
fn a_template_can_read_nothing_outside_its_private_folder() {
    let pack = TempPack::copy_of("rules-clean");
    for path in [
        "../pack.toml",
        "/pack.toml",
        "/etc/passwd",
        "/content/decisions/d-001.toml",
    ] {
        pack.write(
            "templates/pack.typ",
            format!(
                "#let data = json(sys.inputs.data)\n#set document(title: data.pack.title)\n#read({path:?})\n"
            ),
        );
        let build = build_pdf(pack.path(), &[]);
        assert_eq!(build.code, 2, "{path}: {}", build.stderr);
        assert!(
            build.stderr.contains("templates/pack.typ:3:"),
            "{path}: {}",
            build.stderr
        );
        assert!(!build.stderr.contains("root:x:0"), "{}", build.stderr);
        assert!(!build.pdf().exists());
    }
}

#[cfg(unix)]
#[test]
fn a_linked_template_is_refused() {
    let pack = TempPack::copy_of("rules-clean");
    std::fs::create_dir_all(pack.file("templates")).expect("templates folder");
    std::os::unix::fs::symlink("/etc/passwd", pack.file("templates/pack.typ")).expect("symlink");
    let build = build_pdf(pack.path(), &[]);
    assert_eq!(build.code, 2, "{}", build.stderr);
    assert!(
        build.stderr.contains("templates/pack.typ is a link"),
        "{}",
        build.stderr
    );
}

#[test]
fn rebuilding_gives_a_byte_identical_pdf() {
    let first = build_pdf(&fixture("rules-clean"), &[]);
    let second = build_pdf(&fixture("rules-clean"), &[]);
    first.assert_ok();
    second.assert_ok();
    let a = std::fs::read(first.pdf()).expect("first PDF");
    let b = std::fs::read(second.pdf()).expect("second PDF");
    assert!(
        a == b,
        "the two PDFs differ ({} and {} bytes)",
        a.len(),
        b.len()
    );
}

#[test]
fn the_draft_banner_and_findings_appear_only_in_a_draft() {
    let pack = TempPack::copy_of("rules-clean");
    // An overdue review: an error, so only a draft can be built.
    pack.replace(
        "content/decisions/d-001.toml",
        "every_days = 28",
        "every_days = 2",
    );

    let refused = build_pdf(pack.path(), &[]);
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    assert!(!refused.pdf().exists());

    let draft = build_pdf(pack.path(), &["--draft"]);
    draft.assert_ok();
    let pages = pages_text(&draft.pdf());
    for (i, page) in pages.iter().enumerate() {
        assert!(
            squash(page).contains("Draft — not for submission: 1 unresolved finding"),
            "page {} has no draft banner",
            i + 1
        );
    }
    let last = squash(pages.last().expect("a page"));
    assert!(last.contains("Unresolved findings"), "{last}");
    assert!(
        last.contains("review-overdue") || last.contains("days overdue"),
        "{last}"
    );
    assert!(last.contains("content/decisions/d-001.toml"), "{last}");

    let clean = build_pdf(&fixture("rules-clean"), &[]);
    clean.assert_ok();
    let text = pdf_text(&clean.pdf());
    assert!(
        !text.contains("Draft"),
        "a clean build shows a draft banner"
    );
    assert!(!text.contains("Unresolved findings"));
}

#[test]
fn the_cover_shows_the_same_headline_figures_as_the_html_cover() {
    let pack = fixture("html-pack");
    let expected = expected_headlines(&pack);
    // The fixture was written to give these figures (as build_html.rs also checks); if it
    // changes, so must they. Days from opened to decided_on: 0, 7, 7, 9, 14 and 53.
    assert_eq!(
        expected,
        [
            "6 decisions about 5 people",
            "8 days median from a request to a decision",
            "67% of choices supported, with or without conditions (4 of 6); 2 restricting the person",
            "1 of 2 restrictions in place agreed by the person",
            "100% of active records with an in-date review (5 of 5); 100% of reviews give the person’s own view",
            "0 incidents in the last 12 months",
            "0 outcomes for people in the last 12 months",
            "2 escalated for senior oversight",
            "3 of 3 required quality statements evidenced",
            "1 person lacks capacity for a decision recorded here",
            "0 deprivations of liberty authorised; 0 applied for and waiting, 0 expiring within 28 days, none expired",
        ]
    );
    let build = build_pdf(&pack, &[]);
    build.assert_ok();
    let cover = cover_text(&build.pdf());
    // Seven panels: what this pack includes, and the chart, follow the last one.
    let after = assert_cover_headlines(&cover, &expected[..COVER_PANELS]);
    assert!(after.starts_with("What this pack includes."), "{after}");
    assert!(
        after.contains("Reviews in date at each month end"),
        "{after}"
    );
    assert!(
        cover.contains("In this pack: 6 decision records, 2 practice examples"),
        "{cover}"
    );
    assert!(!cover.contains("with no evidence"), "{cover}");
    // The measures of the pack itself open the summary, in the same words as the HTML cover.
    let text = pdf_text(&build.pdf());
    let measures = text
        .find("Measures of this pack ")
        .map(|at| &text[at + "Measures of this pack ".len()..])
        .expect("the summary has the measures");
    let measures = &measures[..measures
        .find("About this pack")
        .expect("then the pack's summary")];
    // Panels side by side come out of the PDF's text interleaved: each figure's words are there.
    for m in &expected[COVER_PANELS..] {
        let (figure, words) = m.split_once(' ').unwrap();
        let words = words.trim_start_matches("of 3 ");
        assert!(
            measures.contains(figure) && measures.contains(words),
            "{m:?} in {measures:?}"
        );
    }

    // A draft with two required statements that nothing evidences and an overdue review: the
    // review figures move, and the measures name the gap.
    let gappy = pack_with_findings();
    let expected = expected_headlines(gappy.path());
    assert!(
        expected[4].starts_with("80% of active records with an in-date review (4 of 5)"),
        "{expected:?}"
    );
    assert_eq!(
        expected[8],
        "3 of 5 required quality statements evidenced: 2 with no evidence"
    );
    let draft = build_pdf(gappy.path(), &["--draft"]);
    draft.assert_ok();
    assert_cover_headlines(&cover_text(&draft.pdf()), &expected[..COVER_PANELS]);
    assert!(pdf_text(&draft.pdf()).contains("2 with no evidence"));

    // With no required statements there is no statements panel.
    let none_required = TempPack::copy_of("html-pack");
    none_required.replace(
        "pack.toml",
        "required_statements = [\"S4\", \"C3\", \"R4\"]\n",
        "",
    );
    let expected = expected_headlines(none_required.path());
    assert_eq!(expected.len(), 10);
    let build = build_pdf(none_required.path(), &[]);
    build.assert_ok();
    let cover = cover_text(&build.pdf());
    let after = assert_cover_headlines(&cover, &expected[..COVER_PANELS]);
    assert!(after.starts_with("What this pack includes."), "{after}");
    assert!(!pdf_text(&build.pdf()).contains("required quality statements"));
}
