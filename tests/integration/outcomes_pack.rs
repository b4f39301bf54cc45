//! Tests: what happened after a decision, outside `check` (SPEC 4a): a tender pack never carries
//! the text of a decision record (HTML, PDF and pack.json), and the demo pack's records show
//! their incidents and outcomes.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{AS_OF, copy_dir, demo_pack, evidence_pack};

/// The demo pack copied into a temporary folder, with its audience set.
fn demo_for(audience: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    let root = demo_pack();
    for sub in ["content", "private"] {
        copy_dir(&root.join(sub), &dir.path().join(sub));
    }
    let config = std::fs::read_to_string(root.join("pack.toml")).expect("pack.toml");
    let changed = config.replace(
        "audience = \"commissioner\"",
        &format!("audience = \"{audience}\""),
    );
    assert!(
        config.contains("audience = \"commissioner\""),
        "the demo pack names its audience"
    );
    std::fs::write(dir.path().join("pack.toml"), changed).expect("write pack.toml");
    dir
}

fn typst() -> PathBuf {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join(".cargo/bin"));
    }
    dirs.into_iter()
        .map(|d| d.join("typst"))
        .find(|p| p.is_file())
        .expect("Typst is installed (scripts/install-typst.sh)")
}

/// The three outputs of a build as plain text: the HTML page's text, the PDF's text and every
/// string in pack.json, each with white space squashed.
fn built_texts(pack: &Path) -> [(&'static str, String); 3] {
    let out = pack.join("output");
    let run = evidence_pack()
        .arg("build")
        .arg(pack)
        .args(["--quiet", "--as-of", AS_OF, "--typst"])
        .arg(typst())
        .arg("-o")
        .arg(&out)
        .output()
        .expect("run evidence-pack");
    assert!(
        run.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let html = std::fs::read_to_string(out.join("pack.html")).expect("pack.html");
    let page = scraper::Html::parse_document(&html);
    let html_text = page.root_element().text().collect::<String>();
    let pdf = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(out.join("pack.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext is installed (poppler)");
    // Without the running header and footer, so a sentence that runs on to the next page reads
    // as one.
    let pdf_text = String::from_utf8(pdf.stdout)
        .expect("UTF-8")
        .split('\u{c}')
        .map(crate::build_pdf::page_body)
        .collect::<Vec<_>>()
        .join("\n");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("pack.json")).unwrap()).unwrap();
    let mut strings = Vec::new();
    collect_strings(&json, &mut strings);
    [
        ("pack.html", squash(&html_text)),
        ("pack.pdf", squash(&pdf_text)),
        ("pack.json", squash(&strings.join(" "))),
    ]
}

fn collect_strings(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        // Markdown fields carry their HTML too: its text is the record's text.
        serde_json::Value::String(s) => out.push(without_tags(s)),
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_strings(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| collect_strings(v, out)),
        _ => {}
    }
}

/// White space squashed, and hyphens dropped: pdftotext joins a word broken after its hyphen at
/// a line end without the hyphen.
fn without_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

fn squash(text: &str) -> String {
    text.replace('-', "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Pieces of each demo record's rationale and the person's own words (choice.in_their_words and
/// each review's person_view), as plain text: sentences of the Markdown without its marks.
fn record_texts() -> Vec<(String, String)> {
    let mut texts = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(demo_pack().join("content/decisions"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for file in files {
        let record: toml::Table = std::fs::read_to_string(&file).unwrap().parse().unwrap();
        let id = record["id"].as_str().unwrap().to_string();
        let rationale = record["decision"]["rationale"].as_str().unwrap();
        let plain: String = rationale
            .chars()
            .filter(|c| !matches!(c, '*' | '_' | '`' | '#'))
            .collect();
        // Sentences and list items, and the clauses of both, as they run in the rendered text.
        let plain = plain.replace("\n- ", "\n. ");
        for sentence in squash(&plain).split([';', ':']).flat_map(|c| c.split(". ")) {
            let sentence = sentence.trim().trim_start_matches(". ");
            if sentence.len() > 40 {
                texts.push((id.clone(), sentence.to_string()));
            }
        }
        if let Some(words) = record["choice"].get("in_their_words") {
            texts.push((id.clone(), squash(words.as_str().unwrap())));
        }
        for review in record
            .get("reviews")
            .and_then(|r| r.as_array())
            .into_iter()
            .flatten()
        {
            if let Some(view) = review.get("person_view") {
                texts.push((id.clone(), squash(view.as_str().unwrap())));
            }
        }
    }
    // A practice example is shown in full in a tender pack, and may tell the same story in the
    // same words: those words are the example's.
    let examples: String = std::fs::read_dir(demo_pack().join("content/examples"))
        .unwrap()
        .map(|e| {
            let example: toml::Table = std::fs::read_to_string(e.unwrap().path())
                .unwrap()
                .parse()
                .unwrap();
            ["situation", "action", "outcome", "learning"]
                .iter()
                .filter_map(|k| example.get(*k).and_then(|v| v.as_str()))
                .map(|t| squash(&t.replace(['*', '_', '`'], "")))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    texts.retain(|(_, piece)| !examples.contains(piece.as_str()));
    texts
}

#[test]
fn a_tender_pack_holds_no_text_of_any_decision_record() {
    let texts = record_texts();
    assert!(texts.len() > 60, "every record gives texts to look for");
    // The search finds them where records are shown in full, so it can fail.
    let full = demo_for("commissioner");
    for (file, text) in built_texts(full.path()) {
        for (id, piece) in &texts {
            assert!(
                text.contains(piece.as_str()),
                "{id}: {file} should show {piece:?}"
            );
        }
    }
    let tender = demo_for("tender");
    for (file, text) in built_texts(tender.path()) {
        for (id, piece) in &texts {
            assert!(
                !text.contains(piece.as_str()),
                "{id}: {file} shows {piece:?}"
            );
        }
        assert!(
            text.contains("Decision records are summarised: their detail stays with the provider."),
            "{file} says why the records are summarised"
        );
        // The summary table names the records by id and title.
        let row = squash("D-011: Going out for walks on my own");
        let html_row = squash("D-011 Going out for walks on my own");
        assert!(
            text.contains(&row) || text.contains(&html_row) || file == "pack.json",
            "{file} lists D-011"
        );
        assert!(text.contains("Going out for walks on my own"), "{file}");
    }
}

#[test]
fn the_demo_records_show_their_incidents_outcomes_and_plan_dates() {
    let pack = demo_for("commissioner");
    for (file, text) in built_texts(pack.path()) {
        if file == "pack.json" {
            continue;
        }
        for part in [
            // D-011: the police brought NR home; CQC was told; the review came 4 days later.
            "NR went out by the garden gate at 10pm",
            "Police involved",
            "CQC notified on 22 June 2026",
            "Reviewed on 24 June 2026, 4 days later (within 7 days)",
            "The watch is charged in the afternoon",
            // Its outcome under the Care Act area in words, and a plan action done.
            "Physical and mental health and emotional wellbeing",
            "Done on 14 August 2026",
            // D-002: a risk of exploitation, and what JT wants from safeguarding.
            "Risk of exploitation",
            "What JT wants from safeguarding",
            // The first page.
            "15 decisions about 15 of the 120 people we support",
            "Reviews in date at each month end",
        ] {
            assert!(text.contains(&squash(part)), "{file} shows {part:?}");
        }
    }
}
