//! A pack's own templates: one overrides the built-in one of its name, and a broken one is
//! reported with its file and line.

use super::*;

#[test]
fn a_pack_template_overrides_the_built_in_one_by_file_name() {
    let pack = TempPack::copy_of(PACK);
    pack.write(
        "templates/example.html",
        "<article class=\"record example\" id=\"{{ e.anchor }}\"><h3>CUSTOM-EXAMPLE {{ e.id }}: {{ e.title }}</h3><p>{{ e.word_count }} words</p></article>\n",
    );
    pack.write(
        "templates/decision.html",
        "<article class=\"record decision\" id=\"{{ d.anchor }}\"><h3>CUSTOM-DECISION {{ d.id }}</h3>{{ d.choice.summary.html | safe }}</article>\n",
    );
    let (_out, page) = build_page(pack.path(), &[]);
    let examples: Vec<String> = all(&page, "article.example h3")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(
        examples,
        [
            "CUSTOM-EXAMPLE PX-001: Taking back control of medication and travel",
            "CUSTOM-EXAMPLE PX-002: Cooking safely after a stroke"
        ]
    );
    let decisions: Vec<String> = all(&page, "article.decision h3")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(decisions.len(), 6);
    assert!(
        decisions
            .iter()
            .all(|h| h.starts_with("CUSTOM-DECISION D-00"))
    );
    // The built-in page template and styles are still used around them.
    assert_eq!(text(one(&page, "h1")), "Choice, risk and review");
    assert!(one(&page, "head style").inner_html().contains("--accent"));
}

#[test]
fn a_broken_template_is_reported_with_its_file_and_line_and_exit_2() {
    let pack = TempPack::copy_of(PACK);
    pack.write(
        "templates/decision.html",
        "<article id=\"{{ d.anchor }}\">\n  <h3>{{ d.title }}</h3>\n  {% if d.service %}<p>{{ d.service }}</p>\n</article>\n",
    );
    let out = tempfile::tempdir().unwrap();
    let run = build(pack.path(), &out.path().join("output"), &[]);
    assert_eq!(run.code, 2, "stderr:\n{}", run.stderr);
    assert!(
        run.stderr.contains("templates/decision.html"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("line 5"),
        "where the template ended: {}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("The {% if %} opened on line 3 is never closed: add {% endif %}"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("fix the template, or delete it"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(!out.path().join("output").exists());

    // A mistake found while rendering (an unknown field) is located the same way.
    pack.write(
        "templates/example.html",
        "<article>\n<h3>{{ e.no_such_field }}</h3>\n</article>\n",
    );
    pack.remove("templates/decision.html");
    let run = build(pack.path(), &out.path().join("output"), &[]);
    assert_eq!(run.code, 2, "stderr:\n{}", run.stderr);
    assert!(
        run.stderr
            .contains("templates/example.html, line 2, column 10"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("no_such_field"), "{}", run.stderr);
}

/// The built-in page is rendered straight into the file, each record list written where the page
/// reaches its marker; a pack's own page template is rendered with the records' HTML as whole
/// strings. A copy of the built-in page that differs only by a template comment takes the second
/// way, and must give the same bytes.
#[test]
fn the_page_written_around_the_records_is_the_page_rendered_whole() {
    let built_in = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/pack.html"),
    )
    .expect("the built-in pack.html");
    let pack = TempPack::copy_of(PACK);
    let out = tempfile::tempdir().expect("temporary folder");
    let streamed = out.path().join("streamed");
    let whole = out.path().join("whole");
    let run = build(pack.path(), &streamed, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    pack.write(
        "templates/pack.html",
        format!("{built_in}{{# the same page #}}"),
    );
    let run = build(pack.path(), &whole, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = |dir: &Path| std::fs::read(dir.join("pack.html")).expect("pack.html");
    let (streamed, whole) = (page(&streamed), page(&whole));
    assert!(streamed.windows(8).filter(|w| w == b"<article").count() > 5);
    assert!(streamed == whole, "the two pages differ");
}
