//! Tests: the PDF pack through the Typst CLI (`build --pdf`).
//!
//! These need Typst (on PATH or in ~/.cargo/bin: `scripts/install-typst.sh`), poppler-utils
//! (pdftotext, pdfinfo, pdffonts, pdftoppm) and qpdf. When one is missing the tests fail and say
//! what to install: they never pass without looking at a real PDF.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;

use chrono::NaiveDate;
use serde_json::Value;

use crate::support::{
    AS_OF, TempPack, demo_pack, evidence_pack, fixture, pack_with_findings, review_due_from_toml,
};

mod cover_figures;
mod typst_and_templates;

use cover_figures::{COVER_PANELS, assert_cover_headlines, cover_text, expected_headlines};

/// Text that means something to Typst, written into records. It must come out as plain text.
const HOSTILE: &str = r##"#read("/etc/passwd") #set page(fill: red) #image("x.png") $x^2$ [a] ] \ @label <label> = heading * _ ` #{1+1} // not a comment /* nor this */"##;

/// The Typst program the tests use: `typst` on PATH, then Cargo's bin folder.
pub(crate) fn typst() -> PathBuf {
    let name = if cfg!(windows) { "typst.exe" } else { "typst" };
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        dirs.push(PathBuf::from(home).join("bin"));
    }
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join(".cargo/bin"));
    }
    dirs.into_iter()
        .map(|d| d.join(name))
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!(
                "the PDF tests need Typst, which was not found on PATH or in ~/.cargo/bin. Install it with scripts/install-typst.sh"
            )
        })
}

/// Runs a PDF tool (poppler-utils or qpdf) and returns its output.
pub(crate) fn tool(program: &str, args: &[&str]) -> std::process::Output {
    StdCommand::new(program)
        .args(args)
        .env("TZ", "UTC")
        .output()
        .unwrap_or_else(|e| {
        panic!(
            "the PDF tests need `{program}` ({e}). Install poppler-utils and qpdf (apt-get install poppler-utils qpdf)"
        )
    })
}

pub(crate) fn tool_stdout(program: &str, args: &[&str]) -> String {
    let out = tool(program, args);
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// One run of `evidence-pack build`, into a fresh output folder.
pub(crate) struct Build {
    code: i32,
    stdout: String,
    stderr: String,
    out: tempfile::TempDir,
}

impl Build {
    pub(crate) fn dir(&self) -> PathBuf {
        self.out.path().join("output")
    }

    pub(crate) fn pdf(&self) -> PathBuf {
        self.dir().join("pack.pdf")
    }

    fn json(&self) -> Value {
        let text = std::fs::read_to_string(self.dir().join("pack.json")).expect("pack.json");
        serde_json::from_str(&text).expect("pack.json is JSON")
    }

    pub(crate) fn assert_ok(&self) {
        assert_eq!(
            self.code, 0,
            "build failed\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        assert!(self.pdf().is_file(), "no pack.pdf was written");
    }
}

/// `evidence-pack build PACK --pdf --as-of 2026-11-01 --typst <typst> -o <temp>/output ARGS…`
pub(crate) fn build_pdf(pack: &Path, args: &[&str]) -> Build {
    let out = tempfile::tempdir().expect("temporary folder");
    let output = evidence_pack()
        .arg("build")
        .arg(pack)
        .args(["--pdf", "--quiet", "--as-of", AS_OF])
        .arg("--typst")
        .arg(typst())
        .arg("-o")
        .arg(out.path().join("output"))
        .args(args)
        .output()
        .expect("run evidence-pack");
    Build {
        code: output.status.code().expect("exited, not killed"),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        out,
    }
}

/// The PDF's text, one string per page.
fn pages_text(pdf: &Path) -> Vec<String> {
    let text = tool_stdout(
        "pdftotext",
        &["-enc", "UTF-8", pdf.to_str().expect("UTF-8 path"), "-"],
    );
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// Whitespace collapsed to single spaces, so line wrapping does not matter.
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The PDF's text with each page's running header and footer left out, so that a paragraph that
/// runs on to the next page reads as one.
pub(crate) fn pdf_text(pdf: &Path) -> String {
    let bodies: Vec<String> = pages_text(pdf).iter().map(|p| page_body(p)).collect();
    squash(&bodies.join(" "))
}

/// A page's text without its running header (the title, then "Evidence as at …") and footer
/// (the provider, then "Page X of Y"), where it has them.
pub(crate) fn page_body(page: &str) -> String {
    let lines: Vec<&str> = page.lines().filter(|l| !l.trim().is_empty()).collect();
    let start = match lines.get(1) {
        Some(l) if l.starts_with("Evidence as at ") => 2,
        _ => 0,
    };
    let end = match lines.last() {
        Some(l) if l.starts_with("Page ") && l.contains(" of ") => lines.len().saturating_sub(2),
        _ => lines.len(),
    };
    lines[start..end.max(start)].join("\n")
}

/// The plain text of each paragraph, list item and heading in a Markdown field of pack.json.
fn markdown_paragraphs(field: &Value) -> Vec<String> {
    fn inline_text(inline: &Value, out: &mut String) {
        match inline["type"].as_str() {
            Some("text") | Some("code") => out.push_str(inline["text"].as_str().unwrap_or("")),
            Some("break") => out.push(' '),
            _ => {
                for i in inline["inlines"].as_array().into_iter().flatten() {
                    inline_text(i, out);
                }
            }
        }
    }
    fn blocks(list: &Value, out: &mut Vec<String>) {
        for b in list.as_array().into_iter().flatten() {
            match b["type"].as_str() {
                Some("paragraph") | Some("heading") => {
                    let mut text = String::new();
                    for i in b["inlines"].as_array().into_iter().flatten() {
                        inline_text(i, &mut text);
                    }
                    out.push(squash(&text));
                }
                Some("list") => {
                    for item in b["items"].as_array().into_iter().flatten() {
                        blocks(item, out);
                    }
                }
                Some("quote") => blocks(&b["blocks"], out),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    blocks(&field["blocks"], &mut out);
    out.retain(|p| !p.is_empty());
    out
}

/// The PDF's bookmarks: (title, children's titles), top level first.
fn bookmarks(pdf: &Path) -> Vec<(String, Vec<String>)> {
    let json = tool_stdout(
        "qpdf",
        &[
            "--json",
            "--json-key=outlines",
            pdf.to_str().expect("UTF-8 path"),
        ],
    );
    let doc: Value = serde_json::from_str(&json).expect("qpdf prints JSON");
    let title = |v: &Value| v["title"].as_str().unwrap_or_default().to_string();
    doc["outlines"]
        .as_array()
        .expect("the PDF has an outline")
        .iter()
        .map(|o| {
            (
                title(o),
                o["kids"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(title)
                    .collect(),
            )
        })
        .collect()
}

pub(crate) fn pdfinfo(pdf: &Path) -> String {
    // pdfinfo 22 prints a harmless "Syntax Error" about /MarkInfo on stderr; only stdout is read.
    tool_stdout("pdfinfo", &[pdf.to_str().expect("UTF-8 path")])
}

/// Fraction of each page's pixels that are strongly red, from a low-resolution rendering.
fn red_share_per_page(pdf: &Path) -> Vec<f64> {
    let dir = tempfile::tempdir().expect("temporary folder");
    let prefix = dir.path().join("page");
    let out = tool(
        "pdftoppm",
        &[
            "-r",
            "12",
            pdf.to_str().expect("UTF-8 path"),
            prefix.to_str().expect("UTF-8 path"),
        ],
    );
    assert!(out.status.success(), "pdftoppm failed");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .expect("rendered pages")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| {
            let bytes = std::fs::read(f).expect("read page image");
            // Binary PPM: "P6", width, height, maximum value, one whitespace byte, then RGB.
            let mut fields = Vec::new();
            let mut at = 0;
            while fields.len() < 4 {
                while bytes[at].is_ascii_whitespace() {
                    at += 1;
                }
                let start = at;
                while !bytes[at].is_ascii_whitespace() {
                    at += 1;
                }
                fields.push(String::from_utf8_lossy(&bytes[start..at]).into_owned());
            }
            assert_eq!(fields[0], "P6", "pdftoppm writes binary PPM");
            let pixels = &bytes[at + 1..];
            let total = pixels.len() / 3;
            let red = pixels
                .chunks_exact(3)
                .filter(|p| p[0] > 170 && p[1] < 110 && p[2] < 110)
                .count();
            red as f64 / total.max(1) as f64
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------

#[test]
fn the_demo_pack_pdf_holds_every_record_title_and_rationale() {
    let build = build_pdf(&demo_pack(), &[]);
    build.assert_ok();
    let data = build.json();
    let text = pdf_text(&build.pdf());
    for d in data["decisions"].as_array().expect("decisions") {
        let title = d["title"].as_str().expect("title");
        assert!(text.contains(&squash(title)), "missing title {title:?}");
        let rationale = markdown_paragraphs(&d["decision"]["rationale"]);
        assert!(!rationale.is_empty(), "{} has a rationale", d["id"]);
        for paragraph in rationale {
            assert!(
                text.contains(&paragraph),
                "the rationale of {} is missing: {paragraph:?}",
                d["id"]
            );
        }
    }
    for e in data["examples"].as_array().expect("examples") {
        let title = e["title"].as_str().expect("title");
        assert!(text.contains(&squash(title)), "missing title {title:?}");
        for paragraph in markdown_paragraphs(&e["outcome"]) {
            assert!(text.contains(&paragraph), "missing {paragraph:?}");
        }
    }
    let cover = squash(&pages_text(&build.pdf())[0]);
    let title = data["pack"]["title"].as_str().expect("pack title");
    assert!(cover.contains(title), "{cover}");
    assert!(cover.contains("Riverside Care Ltd"), "{cover}");
    assert!(cover.contains("Evidence as at 1 November 2026"), "{cover}");
}

#[test]
fn the_pdf_is_a4_tagged_titled_with_embedded_fonts_and_passes_qpdf() {
    let build = build_pdf(&fixture("rules-clean"), &[]);
    build.assert_ok();
    let pdf = build.pdf();
    let path = pdf.to_str().expect("UTF-8 path");

    let info = pdfinfo(&pdf);
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}:")))
            .map(str::trim)
            .unwrap_or_else(|| panic!("pdfinfo shows no {name}:\n{info}"))
            .to_string()
    };
    assert_eq!(field("Tagged"), "yes");
    assert_eq!(field("Title"), "Balancing choice and duty of care");
    assert!(field("Page size").contains("(A4)"), "{info}");
    assert!(
        field("CreationDate").contains("Nov  1 00:00:00 2026"),
        "{info}"
    );

    let fonts = tool_stdout("pdffonts", &[path]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "no fonts listed:\n{fonts}");
    for row in rows {
        // name type encoding emb sub uni object ID: "emb" is the fourth column from the right.
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(
            cols[cols.len() - 5],
            "yes",
            "a font is not embedded:\n{fonts}"
        );
    }

    let check = tool("qpdf", &["--check", path]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "qpdf --check:\n{}{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn pages_have_a_running_header_and_page_x_of_y() {
    let build = build_pdf(&fixture("rules-clean"), &[]);
    build.assert_ok();
    let pages = pages_text(&build.pdf());
    let total = pages.len();
    assert!(total >= 4, "only {total} pages");
    for (i, page) in pages.iter().enumerate().skip(1) {
        let page = squash(page);
        assert!(
            page.contains(&format!("Page {} of {total}", i + 1)),
            "page {}: {page}",
            i + 1
        );
        assert!(
            page.contains("Balancing choice and duty of care")
                && page.contains("Evidence as at 1 November 2026"),
            "page {} has no running header: {page}",
            i + 1
        );
    }
    assert!(squash(&pages[1]).contains("Contents"), "{}", pages[1]);
}

#[test]
fn bookmarks_list_every_section_and_record() {
    let build = build_pdf(&fixture("rules-clean"), &["--draft"]);
    build.assert_ok();
    let data = build.json();
    let marks = bookmarks(&build.pdf());
    let sections: Vec<&str> = data["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .map(|s| s["title"].as_str().expect("title"))
        .collect();
    let top: Vec<&str> = marks.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(top, sections);
    let kids = |section: &str| -> Vec<String> {
        marks
            .iter()
            .find(|(t, _)| t == section)
            .map(|(_, k)| k.clone())
            .unwrap_or_default()
    };
    let records = |key: &str| -> Vec<String> {
        data[key]
            .as_array()
            .expect("records")
            .iter()
            .map(|r| {
                format!(
                    "{}: {}",
                    r["id"].as_str().unwrap(),
                    r["title"].as_str().unwrap()
                )
            })
            .collect()
    };
    assert_eq!(kids("Decision records"), records("decisions"));
    assert_eq!(kids("Practice examples"), records("examples"));
}

#[test]
fn typst_hostile_text_is_shown_literally_and_does_nothing() {
    let pack = TempPack::copy_of("rules-clean");
    let rel = "content/decisions/d-001.toml";
    let quoted = |s: &str| serde_json::to_string(s).expect("a TOML basic string");
    pack.replace(
        rel,
        "title = \"Managing my own medication\"",
        &format!("title = {}", quoted(&format!("Title {HOSTILE}"))),
    );
    pack.replace(
        rel,
        "in_their_words = \"I managed my tablets for years. I want to do it myself.\"",
        &format!("in_their_words = {}", quoted(&format!("Words {HOSTILE}"))),
    );
    pack.replace(
        rel,
        "action = \"Phone reminders in the morning and evening\"",
        &format!("action = {}", quoted(&format!("Plan {HOSTILE}"))),
    );
    // In Markdown, `*`, `_` and backticks mean emphasis and code; the rest must stay text.
    let markdown = r#"Markdown #read("/etc/passwd") and #set page(fill: red) and #image("x.png") $5 [note] ] \ @label <label> #{1+1} = heading"#;
    let rationale = "AB managed their medication for years and wants that control back. A weekly blister pack and phone reminders make a missed dose unlikely.";
    pack.replace(
        rel,
        &format!("rationale = \"\"\"{rationale}\"\"\""),
        &format!(
            "rationale = '''{markdown}\n\n= heading at the start of a line\n\n<b>raw html</b> and <script>x</script>\n\n{rationale}'''"
        ),
    );

    let build = build_pdf(pack.path(), &[]);
    build.assert_ok();
    let text = pdf_text(&build.pdf());
    for expected in [
        format!("Title {HOSTILE}"),
        format!("Words {HOSTILE}"),
        format!("Plan {HOSTILE}"),
        markdown.to_string(),
        "= heading at the start of a line".to_string(),
        "<b>raw html</b> and <script>x</script>".to_string(),
    ] {
        assert!(
            text.contains(&squash(&expected)),
            "not shown literally: {expected:?}\nPDF text: {text}"
        );
    }
    assert!(!text.contains("root:x:0"), "/etc/passwd was read");
    for (page, red) in red_share_per_page(&build.pdf()).iter().enumerate() {
        assert!(*red < 0.05, "page {} is {:.0}% red", page + 1, red * 100.0);
    }
    // Nothing from the records became a heading or a bookmark.
    let marks = bookmarks(&build.pdf());
    let all: Vec<&String> = marks
        .iter()
        .flat_map(|(t, kids)| std::iter::once(t).chain(kids))
        .collect();
    assert!(
        !all.iter().any(|t| t.contains("heading at the start")),
        "{all:?}"
    );
}

#[test]
fn every_kind_of_markdown_typesets_in_the_accessible_pdf() {
    // PDF/UA-1 is strict about links, lists, quotes and code: every Markdown shape must pass it.
    let pack = TempPack::copy_of("rules-clean");
    let rel = "content/decisions/d-001.toml";
    let rationale = "AB managed their medication for years and wants that control back. A weekly blister pack and phone reminders make a missed dose unlikely.";
    let markdown = format!(
        "{rationale} See [the policy](https://example.org/policy), <https://example.org/auto> and [a bad link](javascript:alert(1)).\n\n\
         # A heading inside\n\n\
         1. first with **bold**, *emphasis* and `code`\n2. second\n   - nested one\n   - nested two\n\n\
         > A quote with a *twist*\n\n\
         ```\ncode block line\n```\n\n\
         A hard break  \nthen ![an image](x.png) and ~~struck~~ text.\n\n---\n\nFinal words."
    );
    pack.replace(
        rel,
        &format!("rationale = \"\"\"{rationale}\"\"\""),
        &format!("rationale = '''{markdown}'''"),
    );
    let build = build_pdf(pack.path(), &[]);
    build.assert_ok();
    let text = pdf_text(&build.pdf());
    for expected in [
        "See the policy, https://example.org/auto and a bad link.",
        "A heading inside",
        "first with bold, emphasis and code",
        "nested two",
        "A quote with a twist",
        "code block line",
        "then an image and struck text.",
        "Final words.",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in {text}");
    }
    assert!(!text.contains("javascript"), "{text}");
}

#[test]
fn the_red_page_check_can_see_a_red_page() {
    // A control for the test above: a template that really does paint the pages red.
    let pack = TempPack::copy_of("rules-clean");
    let built_in = std::fs::read_to_string(demo_pack().join("templates/pack.typ"))
        .expect("templates/pack.typ");
    pack.write(
        "templates/pack.typ",
        built_in.replace(
            "#set page(\n  paper: \"a4\",",
            "#set page(\n  fill: rgb(\"#d4351c\"),\n  paper: \"a4\",",
        ),
    );
    let build = build_pdf(pack.path(), &[]);
    build.assert_ok();
    let shares = red_share_per_page(&build.pdf());
    assert!(
        shares.iter().skip(1).all(|&r| r > 0.5),
        "the red template was not seen: {shares:?}"
    );
}

#[test]
fn a_pack_may_override_a_part_of_the_pdf_template_and_its_mistakes_name_that_file() {
    // The built-in pack.typ imports pack_base.typ and pack_records.typ, written beside it: a
    // pack's own copy of a part is used in their place.
    let pack = TempPack::copy_of("rules-clean");
    let records = std::fs::read_to_string(demo_pack().join("templates/pack_records.typ"))
        .expect("templates/pack_records.typ");
    let marked = records.replacen(
        "#let record-heading(id, anchor, s) = {",
        "#let record-heading(id, anchor, s) = {\n  par(\"Marked by the pack's own part\")",
        1,
    );
    assert_ne!(marked, records, "the record heading is in pack_records.typ");
    pack.write("templates/pack_records.typ", &marked);
    let build = build_pdf(pack.path(), &[]);
    build.assert_ok();
    assert!(
        pdf_text(&build.pdf()).contains("Marked by the pack's own part"),
        "the pack's pack_records.typ was not used"
    );

    pack.write(
        "templates/pack_records.typ",
        marked.replacen("par(\"Marked", "par(no-such-thing + \"Marked", 1),
    );
    let broken = build_pdf(pack.path(), &[]);
    assert_eq!(broken.code, 2, "{}", broken.stderr);
    assert!(
        broken.stderr.contains("templates/pack_records.typ:"),
        "the mistake does not name the part: {}",
        broken.stderr
    );
    // The help says the pack's own part failed, not the built-in template.
    assert!(
        broken
            .stderr
            .contains("the pack overrides the PDF template with templates/pack_records.typ"),
        "{}",
        broken.stderr
    );
    assert!(
        !broken.stderr.contains("please report"),
        "{}",
        broken.stderr
    );
}
