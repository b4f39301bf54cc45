//! Editing in the browser (SPEC section 12), request by request (tower's `oneshot`, no socket),
//! on a copy of the demo pack: every route of the editor, its refusals (no token, another
//! origin, GET, a body over 1 MB, --read-only, a path), saves that change only the edited key,
//! the history with undo and restore, conflicts, new records, the Text tab; and the writer on
//! every key of every demo record.

use std::path::Path;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use evidence_pack::serve::edit::changes::{self, Step};
use evidence_pack::serve::edit::{Editor, Kind, apply, history};
use evidence_pack::serve::preview::ServedPage;
use evidence_pack::serve::server::{Served, Shared, router};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::support::{TempPack, copy_dir, demo_pack};

const PORT: u16 = 4111;
const TOKEN: &str = "fedcba9876543210fedcba9876543210";
const ORIGIN: &str = "http://127.0.0.1:4111";
const D1: &str = "content/decisions/d-001-managing-own-medication.toml";

/// A copy of the demo pack (its records, examples, tender and settings).
fn demo_copy() -> TempPack {
    let dir = tempfile::tempdir().expect("temporary folder");
    let demo = demo_pack();
    for part in ["content", "tenders", "private"] {
        copy_dir(&demo.join(part), &dir.path().join(part));
    }
    std::fs::copy(demo.join("pack.toml"), dir.path().join("pack.toml")).expect("pack.toml");
    TempPack { dir }
}

struct Server {
    shared: Arc<Shared>,
    pack: TempPack,
}

fn server_with(pack: TempPack, read_only: bool) -> Server {
    let editor = Editor::new(
        pack.path(),
        TOKEN.to_string(),
        read_only,
        evidence_pack::model::Date::from_ymd(2026, 11, 1),
    );
    let loaded = evidence_pack::load::load(pack.path()).expect("the demo pack loads");
    editor.set_index(&loaded);
    let shared = Shared::editing(
        PORT,
        "0123456789abcdef0123456789abcdef".to_string(),
        Served::new(1, ServedPage::Whole("<p>pack</p>".into())),
        Some(Arc::new(editor)),
    );
    Server { shared, pack }
}

fn server() -> Server {
    server_with(demo_copy(), false)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a runtime")
}

impl Server {
    fn send(&self, request: Request<Body>) -> (StatusCode, String) {
        let shared = Arc::clone(&self.shared);
        runtime().block_on(async move {
            let response = router(shared).oneshot(request).await.expect("an answer");
            let status = response.status();
            let body = response
                .into_body()
                .collect()
                .await
                .expect("a body")
                .to_bytes();
            (status, String::from_utf8_lossy(&body).into_owned())
        })
    }

    fn get(&self, uri: &str) -> (StatusCode, String) {
        self.send(
            Request::get(uri)
                .header(header::HOST, "127.0.0.1:4111")
                .body(Body::empty())
                .unwrap(),
        )
    }

    /// A POST as the editor's page sends it, with `headers` changed (`None` leaves one out).
    fn post_with(
        &self,
        uri: &str,
        body: &Value,
        headers: &[(&str, Option<&str>)],
    ) -> (StatusCode, String) {
        let mut all: Vec<(&str, Option<&str>)> = vec![
            ("host", Some("127.0.0.1:4111")),
            ("origin", Some(ORIGIN)),
            ("x-evidence-pack-token", Some(TOKEN)),
            ("content-type", Some("application/json")),
        ];
        for (k, v) in headers {
            all.retain(|(name, _)| name != k);
            all.push((k, *v));
        }
        let mut builder = Request::post(uri);
        for (k, v) in all {
            if let Some(v) = v {
                builder = builder.header(k, v);
            }
        }
        self.send(builder.body(Body::from(body.to_string())).unwrap())
    }

    fn post(&self, uri: &str, body: &Value) -> (StatusCode, Value) {
        let (status, text) = self.post_with(uri, body, &[]);
        (
            status,
            serde_json::from_str(&text).unwrap_or_else(|_| json!({"text": text})),
        )
    }

    /// The form page's data (the JSON the editor's script draws from).
    fn form_data(&self, record: &str) -> Value {
        let (status, html) = self.get(&format!("/edit/form?record={record}"));
        assert_eq!(status, StatusCode::OK, "{html}");
        let start = html.find("id=\"ed-data\"").expect("the form's data");
        let start = start + html[start..].find('>').unwrap() + 1;
        let end = start + html[start..].find("</script>").unwrap();
        serde_json::from_str(&html[start..end]).expect("the data is JSON")
    }
}

fn values(data: &Value) -> Value {
    data["loaded"]["values"].clone()
}

fn sha(data: &Value) -> String {
    data["loaded"]["sha256"].as_str().unwrap().to_string()
}

#[test]
fn the_list_of_records_and_each_form_are_served_with_the_token_in_the_page() {
    let s = server();
    let (status, html) = s.get("/edit");
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!(
        "<meta name=\"evidence-pack-token\" content=\"{TOKEN}\">"
    )));
    assert!(
        html.contains("\"D-001\"") && html.contains("\"PX-001\""),
        "{html}"
    );
    // The answers are named by handle, never by their path.
    assert!(
        !html.contains("tenders/supported-living-2027/answers"),
        "{html}"
    );
    let data = s.form_data("D-001");
    assert_eq!(data["kind"], "decision");
    assert_eq!(data["file"], D1);
    assert_eq!(values(&data)["title"], "Managing my own medication");
    assert!(
        data["fields"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["key"] == "risks" && f["type"] == "list")
    );
    assert_eq!(s.form_data("PX-001")["kind"], "example");
    let pack = s.form_data("~pack");
    assert_eq!(pack["kind"], "pack");
    assert_eq!(pack["record"], "~pack", "named as it was asked for");
    assert_eq!(values(&pack)["pack"]["provider"], "Riverside Care Ltd");
    let quick = s.get("/edit/form?record=D-001&form=review").1;
    assert!(quick.contains("Record a review of D-001"), "{quick}");
    let quick = s.get("/edit/form?record=D-001&form=incident").1;
    assert!(quick.contains("Record an incident for D-001"), "{quick}");
    let new = s.form_data("~new-decision");
    assert_eq!(values(&new)["id"], "D-016", "the next free id");
    assert_eq!(new["file"], "");
}

#[test]
fn a_record_is_named_by_id_or_handle_never_by_path() {
    let s = server();
    for bad in [
        "/edit/form?record=..%2F..%2Fpack.toml",
        "/edit/form?record=content%2Fdecisions%2Fd-001-managing-own-medication.toml",
        "/edit/form?record=D-999",
        "/edit/form?record=~0123456789abcdef",
    ] {
        let (status, body) = s.get(bad);
        assert_eq!(status, StatusCode::NOT_FOUND, "{bad}: {body}");
    }
    let (status, body) = s.post(
        "/edit/save",
        &json!({"record": "../../etc/passwd", "sha256": "", "changes": {"text": "x"}}),
    );
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    // The answers' handles, from the list, open their forms.
    let (_, html) = s.get("/edit");
    let handle = html
        .split('"')
        .find(|p| p.starts_with('~') && p.len() == 17)
        .expect("an answer's handle");
    assert_eq!(s.form_data(handle)["kind"], "answer");
}

#[test]
fn writing_requests_need_post_the_token_the_origin_and_json() {
    let s = server();
    let before = s.pack.read(D1);
    let data = s.form_data("D-001");
    let mut mine = values(&data);
    mine["title"] = json!("Changed");
    let body = json!({"record": "D-001", "sha256": sha(&data), "changes": {"values": mine}});
    for (what, headers) in [
        ("no token", vec![("x-evidence-pack-token", None)]),
        (
            "a wrong token",
            vec![("x-evidence-pack-token", Some("0000"))],
        ),
        (
            "another origin",
            vec![("origin", Some("http://evil.example"))],
        ),
        ("no origin or referer", vec![("origin", None)]),
        (
            "a form's content type",
            vec![("content-type", Some("application/x-www-form-urlencoded"))],
        ),
    ] {
        for route in [
            "/edit/save",
            "/edit/check",
            "/edit/undo",
            "/edit/restore",
            "/edit/markdown",
        ] {
            let (status, text) = s.post_with(route, &body, &headers);
            assert_eq!(status, StatusCode::FORBIDDEN, "{what} on {route}: {text}");
        }
    }
    let (status, _) = s.get("/edit/save");
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    let big = json!({"record": "D-001", "changes": {"text": "x".repeat(1024 * 1024 + 1)}});
    let (status, _) = s.post_with("/edit/save", &big, &[]);
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    // Another host is refused before anything else.
    let (status, _) = s.post_with("/edit/save", &body, &[("host", Some("evil.example:4111"))]);
    assert_eq!(status, StatusCode::MISDIRECTED_REQUEST);
    assert_eq!(s.pack.read(D1), before, "nothing was written");
    // With a Referer of the page instead of an Origin, it goes through.
    let (status, text) = s.post_with(
        "/edit/save",
        &body,
        &[
            ("origin", None),
            (
                "referer",
                Some("http://127.0.0.1:4111/edit/form?record=D-001"),
            ),
        ],
    );
    assert_eq!(status, StatusCode::OK, "{text}");
}

#[test]
fn a_markdown_preview_is_the_pack_s_own_sanitised_html() {
    let s = server();
    let (status, answer) = s.post(
        "/edit/markdown",
        &json!({"text": "She **chose** it.\n\n<script>alert(1)</script><img src=x onerror=alert(2)>"}),
    );
    assert_eq!(status, StatusCode::OK, "{answer}");
    let html = answer["html"].as_str().expect("html");
    assert!(html.contains("<strong>chose</strong>"), "{html}");
    assert!(
        !html.contains("<script") && !html.contains("onerror"),
        "{html}"
    );
    let (status, _) = s.post("/edit/markdown", &json!({"words": 1}));
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[test]
fn read_only_turns_editing_off() {
    let s = server_with(demo_copy(), true);
    let before = s.pack.read(D1);
    let data = s.form_data("D-001");
    let (status, _) = s.post(
        "/edit/save",
        &json!({"record": "D-001", "sha256": sha(&data), "changes": {"values": values(&data)}}),
    );
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(s.pack.read(D1), before);
    assert!(s.get("/edit").1.contains("Editing is turned off"));
}

#[test]
fn a_save_changes_only_the_edited_key_keeps_comments_and_a_copy_for_undo() {
    let s = server();
    // A comment and a blank line the form never shows.
    s.pack.replace(
        D1,
        "title = \"Managing my own medication\"\n",
        "# Kept as written.\ntitle = \"Managing my own medication\"  # her words\n\n",
    );
    let original = s.pack.read(D1);
    let data = s.form_data("D-001");
    let mut mine = values(&data);
    mine["title"] = json!("Managing my medicines myself");
    let (status, answer) = s.post(
        "/edit/save",
        &json!({"record": "D-001", "sha256": sha(&data), "changes": {"values": mine}}),
    );
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["result"], "saved");
    assert_eq!(answer["message"], format!("Saved D-001 to {D1}"));
    let saved = s.pack.read(D1);
    assert_eq!(
        saved,
        original.replace(
            "\"Managing my own medication\"  #",
            "\"Managing my medicines myself\"  #"
        )
    );
    // The copy of the file as it was, and no finding about the history folder.
    let versions = history::list(s.pack.path(), D1);
    assert_eq!(versions.len(), 1);
    let kept = s
        .pack
        .path()
        .join(".evidence-pack/history")
        .join(D1)
        .join(&versions[0].name);
    assert_eq!(std::fs::read_to_string(kept).unwrap(), original);
    let loaded = evidence_pack::load::load(s.pack.path()).unwrap();
    assert!(
        loaded
            .findings
            .iter()
            .all(|f| !f.file.contains(".evidence-pack")),
        "{:?}",
        loaded.findings
    );
    let listed = s.get("/edit/versions?record=D-001").1;
    assert!(listed.contains(&versions[0].name), "{listed}");

    // Undo puts the file back byte for byte, and keeps the saved one too.
    let (status, answer) = s.post("/edit/undo", &json!({"record": "D-001"}));
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(s.pack.read(D1), original);
    assert_eq!(history::list(s.pack.path(), D1).len(), 2);

    // Restore a named version; a name that is not a kept version is refused.
    let newest = history::list(s.pack.path(), D1)[0].name.clone();
    let (status, _) = s.post(
        "/edit/restore",
        &json!({"record": "D-001", "version": newest}),
    );
    assert_eq!(status, StatusCode::OK);
    assert_eq!(s.pack.read(D1), saved);
    let (status, _) = s.post(
        "/edit/restore",
        &json!({"record": "D-001", "version": "../../../pack.toml"}),
    );
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[test]
fn a_file_changed_behind_the_form_is_never_overwritten() {
    let s = server();
    let data = s.form_data("D-001");
    let mut mine = values(&data);
    mine["title"] = json!("My title");
    // Someone else saves the file meanwhile.
    s.pack.replace(D1, "person = \"AB\"", "person = \"AB2\"");
    let theirs = s.pack.read(D1);
    let (status, answer) = s.post(
        "/edit/save",
        &json!({"record": "D-001", "sha256": sha(&data), "changes": {"values": mine.clone()}}),
    );
    assert_eq!(status, StatusCode::CONFLICT, "{answer}");
    assert_eq!(answer["result"], "conflict");
    assert_eq!(answer["theirs"]["values"]["person"], "AB2");
    assert_eq!(answer["theirs"]["text"], theirs);
    assert_eq!(s.pack.read(D1), theirs, "nothing written");
    // Keeping my title and their person, against their version: both are in the file.
    let mut merged = answer["theirs"]["values"].clone();
    merged["title"] = json!("My title");
    let (status, answer) = s.post(
        "/edit/save",
        &json!({"record": "D-001", "sha256": answer["theirs"]["sha256"], "changes": {"values": merged}}),
    );
    assert_eq!(status, StatusCode::OK, "{answer}");
    let now = s.pack.read(D1);
    assert!(
        now.contains("title = \"My title\"") && now.contains("person = \"AB2\""),
        "{now}"
    );
}

#[test]
fn findings_come_with_the_unsaved_record_in_place_of_its_file() {
    let s = server();
    let data = s.form_data("D-001");
    let (status, answer) = s.post(
        "/edit/check",
        &json!({"record": "D-001", "changes": {"values": values(&data)}}),
    );
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["findings"], json!([]), "the demo record has none");
    let mut mine = values(&data);
    mine["decision"]["rationale"] = json!("");
    let before = s.pack.read(D1);
    let (_, answer) = s.post(
        "/edit/check",
        &json!({"record": "D-001", "changes": {"values": mine}}),
    );
    let findings = answer["findings"].as_array().unwrap();
    assert!(
        findings
            .iter()
            .any(|f| f["key"] == "decision.rationale" && f["level"] == "error"),
        "{answer}"
    );
    assert_eq!(s.pack.read(D1), before, "checking writes nothing");
    // The Text tab: a broken text is explained at its line.
    let broken = before.replace(
        "title = \"Managing my own medication\"",
        "title = “Managing”",
    );
    let (_, answer) = s.post(
        "/edit/check",
        &json!({"record": "D-001", "changes": {"text": broken}}),
    );
    let finding = &answer["findings"][0];
    assert_eq!(finding["rule"], "invalid-record", "{answer}");
    assert_eq!(finding["line"], 2, "{answer}");
    // Text that is not TOML has no keys yet: the finding is about the file, shown at its line.
    assert_eq!(finding["key"], "", "{answer}");
}

#[test]
fn the_text_tab_saves_the_text_as_written() {
    let s = server();
    let data = s.form_data("PX-001");
    let rel = data["file"].as_str().unwrap().to_string();
    let text = format!("# A note at the top\n{}", s.pack.read(&rel));
    let (status, answer) = s.post(
        "/edit/save",
        &json!({"record": "PX-001", "sha256": sha(&data), "changes": {"text": text}}),
    );
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(s.pack.read(&rel), text);
}

#[test]
fn a_new_decision_is_written_to_a_new_file_with_the_next_free_id() {
    let s = server();
    let data = s.form_data("~new-decision");
    let mut mine = values(&data);
    mine["title"] = json!("Going to the gym alone");
    mine["person"] = json!("GH");
    mine["opened"] = json!("2026-10-01");
    mine["choice"] = json!({"summary": "GH wants to go to the gym alone."});
    mine["risks"] =
        json!([{"description": "A fall", "to": "self", "likelihood": "low", "impact": "medium"}]);
    mine["decision"] = json!({"outcome": "supported", "decided_on": "2026-10-02", "rationale": "GH knows the risks."});
    let (status, answer) = s.post(
        "/edit/save",
        &json!({"record": "~new-decision", "sha256": "", "changes": {"values": mine}}),
    );
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["record"], "D-016");
    let rel = "content/decisions/d-016-going-to-the-gym-alone.toml";
    assert_eq!(answer["file"], rel);
    let text = s.pack.read(rel);
    assert!(
        text.contains("opened = 2026-10-01\n"),
        "a date, not a text: {text}"
    );
    assert!(
        text.contains("[[risks]]") && text.contains("[decision]"),
        "{text}"
    );
    let record: evidence_pack::model::DecisionRecord =
        toml::from_str(&text).expect("it reads back");
    assert_eq!(record.title, "Going to the gym alone");
    // Saving it again as new is refused rather than overwriting it.
    let (status, _) = s.post(
        "/edit/save",
        &json!({"record": "~new-decision", "sha256": "", "changes": {"values": {"id": "D-016", "title": "Going to the gym alone"}}}),
    );
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(s.pack.read(rel), text);
}

#[test]
fn pack_settings_change_only_the_pack_table() {
    let s = server();
    let before = s.pack.read("pack.toml");
    let data = s.form_data("~pack");
    let mut mine = values(&data);
    mine["pack"]["provider"] = json!("Riverside Care Limited");
    let (status, answer) = s.post(
        "/edit/save",
        &json!({"record": "~pack", "sha256": sha(&data), "changes": {"values": mine}}),
    );
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["message"], "Saved pack settings to pack.toml");
    assert_eq!(
        s.pack.read("pack.toml"),
        before.replace(
            "provider = \"Riverside Care Ltd\"",
            "provider = \"Riverside Care Limited\""
        )
    );
}

/// Every leaf key of `value`, with a path.
fn leaves(value: &Value, path: &mut Vec<Step>, out: &mut Vec<(Vec<Step>, Value)>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if k == changes::ORIG {
                    continue;
                }
                path.push(Step::Key(k.clone()));
                leaves(v, path, out);
                path.pop();
            }
        }
        Value::Array(items) if items.iter().any(Value::is_object) => {
            for (i, v) in items.iter().enumerate() {
                path.push(Step::Index(i));
                leaves(v, path, out);
                path.pop();
            }
        }
        other => out.push((path.clone(), other.clone())),
    }
}

fn set(value: &mut Value, path: &[Step], new: Value) {
    let mut at = value;
    for step in path {
        at = match step {
            Step::Key(k) => &mut at[k.as_str()],
            Step::Index(i) => &mut at[*i],
        };
    }
    *at = new;
}

/// A different value of the same kind, that the file can hold.
fn other(value: &Value) -> Value {
    match value {
        Value::String(s) if s.len() == 10 && s.as_bytes()[4] == b'-' => json!("2026-01-31"),
        Value::String(s) => json!(format!("{s} (changed)")),
        Value::Bool(b) => json!(!b),
        Value::Number(n) => json!(n.as_i64().unwrap_or(0) + 1),
        Value::Array(_) => json!(["changed"]),
        other => other.clone(),
    }
}

#[test]
fn every_key_of_every_demo_record_edited_in_turn_keeps_the_rest_byte_identical() {
    let demo = demo_pack();
    let mut edited = 0;
    for dir in ["content/decisions", "content/examples"] {
        let kind = if dir.ends_with("decisions") {
            Kind::Decision
        } else {
            Kind::Example
        };
        let mut files: Vec<_> = std::fs::read_dir(demo.join(dir))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let loaded = changes::to_json(&text).unwrap();
            let mut keys = Vec::new();
            leaves(&Value::Object(loaded.clone()), &mut Vec::new(), &mut keys);
            for (path, value) in keys {
                let mut mine = Value::Object(loaded.clone());
                let new = other(&value);
                set(&mut mine, &path, new.clone());
                let edits = changes::diff(&loaded, mine.as_object().unwrap(), kind.fields());
                assert_eq!(edits.len(), 1, "{}: {path:?}", file.display());
                let out = apply::apply(&text, &edits, kind.fields()).unwrap();
                let reread = changes::to_json(&out).expect("still TOML");
                assert_eq!(
                    pointer(&Value::Object(reread.clone()), &path),
                    new,
                    "{}: {path:?}",
                    file.display()
                );
                assert_only_one_value_changed(&text, &out, &path, &file);
                edited += 1;
            }
        }
    }
    assert!(edited > 500, "{edited} keys edited");
}

fn pointer(value: &Value, path: &[Step]) -> Value {
    let mut at = value;
    for step in path {
        at = match step {
            Step::Key(k) => &at[k.as_str()],
            Step::Index(i) => &at[*i],
        };
    }
    at.clone()
}

/// Every byte outside the edited value's own span is the same before and after.
fn assert_only_one_value_changed(before: &str, after: &str, path: &[Step], file: &Path) {
    let doc = toml_edit::Document::parse(before).expect("the demo record parses");
    let mut item: &toml_edit::Item = doc.as_item();
    for step in path {
        item = match step {
            Step::Key(k) => &item[k.as_str()],
            Step::Index(i) => &item[*i],
        };
    }
    let span = item
        .span()
        .unwrap_or_else(|| panic!("{}: {path:?} has a span", file.display()));
    let tail = before.len() - span.end;
    assert_eq!(
        &after[..span.start],
        &before[..span.start],
        "{}: {path:?}",
        file.display()
    );
    assert_eq!(
        &after[after.len() - tail..],
        &before[span.end..],
        "{}: {path:?}",
        file.display()
    );
}
