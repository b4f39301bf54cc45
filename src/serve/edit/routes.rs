//! The editor's web pages and requests. Pages (GET) are drawn from the embedded Tera template
//! `assets/editor.html`, with the form and the record as JSON for the editor's script; requests
//! that change a file are POSTs that [`super::security`] has already let through.
//!
//! - `GET /edit`: every record, with "Edit", "Record a review" and "Record an incident";
//! - `GET /edit/form?record=ID&form=full|review|incident`: a record's form;
//! - `POST /edit/check`: the record's findings with the form's unsaved changes;
//! - `POST /edit/save`, `POST /edit/undo`, `POST /edit/restore`: write the file;
//! - `POST /edit/markdown`: a Markdown text as the pack shows it, for a field's preview.

// The error of these helpers is the answer itself (an axum Response), returned straight to the
// page and never kept: its size does not matter.
#![allow(clippy::result_large_err)]

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{Changes, Editor, Entry, Kind, NEW_DECISION, PACK_SETTINGS, Refusal, history};
use crate::serve::server::Shared;

pub const EDITOR_JS: &str = include_str!("../assets/editor.js");
const EDITOR_CSS: &str = include_str!("../assets/editor.css");
const TEMPLATE: &str = include_str!("../assets/editor.html");

fn tera() -> &'static tera::Tera {
    static TERA: OnceLock<tera::Tera> = OnceLock::new();
    TERA.get_or_init(|| {
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html"]);
        tera.add_raw_template("editor.html", TEMPLATE)
            .expect("the editor's template is valid");
        tera
    })
}

fn editor(shared: &Shared) -> Result<&Arc<Editor>, Response> {
    shared.editor.as_ref().ok_or_else(|| {
        plain(
            StatusCode::NOT_FOUND,
            "Editing is not available on this server.\n".to_string(),
        )
    })
}

fn plain(status: StatusCode, text: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

fn json_response(status: StatusCode, body: &impl Serialize) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        serde_json::to_string(body).unwrap_or_else(|_| "{}".to_string()),
    )
        .into_response()
}

fn refusal(r: Refusal) -> Response {
    let status = StatusCode::from_u16(r.status).unwrap_or(StatusCode::BAD_REQUEST);
    json_response(
        status,
        &json!({ "result": "refused", "message": r.message }),
    )
}

/// The page's HTML from the template.
fn page(shared: &Shared, editor: &Editor, title: &str, data: serde_json::Value) -> Response {
    let mut cx = tera::Context::new();
    cx.insert("title", title);
    cx.insert("nonce", &shared.nonce);
    cx.insert("token", &editor.token);
    cx.insert("read_only", &editor.read_only);
    cx.insert("css", EDITOR_CSS);
    // As JSON inside a script element: `<` is escaped so no text can end the element.
    let data = serde_json::to_string(&data)
        .unwrap_or_default()
        .replace('<', "\\u003c");
    cx.insert("data", &data);
    match tera().render("editor.html", &cx) {
        Ok(html) => ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response(),
        Err(e) => plain(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("The editor's page could not be made: {e}\n"),
        ),
    }
}

#[derive(Serialize)]
struct Listed {
    name: String,
    id: String,
    title: String,
    kind: Kind,
}

/// `GET /edit`: every record the editor can open.
pub async fn index(State(shared): State<Arc<Shared>>) -> Response {
    let editor = match editor(&shared) {
        Ok(e) => e,
        Err(r) => return r,
    };
    let records: Vec<Listed> = editor
        .entries()
        .iter()
        .map(|e| Listed {
            name: editor.name_of(e),
            id: e.id.clone(),
            title: e.title.clone(),
            kind: e.kind,
        })
        .collect();
    page(
        &shared,
        editor,
        "Edit the pack",
        json!({
            "view": "index",
            "records": records,
            "new_decision": NEW_DECISION,
            "pack_settings": PACK_SETTINGS,
            "next_id": editor.next_decision_id(),
        }),
    )
}

#[derive(Deserialize)]
pub struct FormQuery {
    record: String,
    #[serde(default)]
    form: Option<String>,
}

/// `GET /edit/form?record=ID`: the record's form (or a quick form).
pub async fn form(State(shared): State<Arc<Shared>>, Query(q): Query<FormQuery>) -> Response {
    let editor = match editor(&shared) {
        Ok(e) => e,
        Err(r) => return r,
    };
    let entry = match editor.resolve(&q.record) {
        Ok(e) => e,
        Err(r) => return plain(StatusCode::NOT_FOUND, format!("{}\n", r.message)),
    };
    let mode = match q.form.as_deref() {
        Some("review") if entry.kind == Kind::Decision => "review",
        Some("incident") if entry.kind == Kind::Decision => "incident",
        _ => "full",
    };
    let loaded = match editor.load(&entry) {
        Ok(l) => l,
        Err(r) => return plain(StatusCode::NOT_FOUND, format!("{}\n", r.message)),
    };
    let name = if entry.rel.is_empty() {
        NEW_DECISION.to_string()
    } else {
        editor.name_of(&entry)
    };
    let title = form_title(&entry, mode);
    let versions = if entry.rel.is_empty() {
        Vec::new()
    } else {
        history::list(&editor.root, &entry.rel)
    };
    page(
        &shared,
        editor,
        &title,
        json!({
            "view": "form",
            "mode": mode,
            "record": name,
            "kind": entry.kind,
            "noun": entry.kind.noun(),
            "heading": title,
            "file": entry.rel,
            "fields": entry.kind.fields(),
            "loaded": loaded,
            "versions": versions,
        }),
    )
}

fn form_title(entry: &Entry, mode: &str) -> String {
    let printable = crate::text::printable;
    match (entry.kind, mode) {
        (_, "review") => format!("Record a review of {}", printable(&entry.id)),
        (_, "incident") => format!("Record an incident for {}", printable(&entry.id)),
        (Kind::Decision, _) if entry.rel.is_empty() => "New decision".to_string(),
        (Kind::Pack, _) => "Pack settings".to_string(),
        (Kind::Answer, _) => format!("Tender answer {}", printable(&entry.title)),
        _ => format!("{} {}", printable(&entry.id), printable(&entry.title)),
    }
}

#[derive(Deserialize)]
struct Request {
    record: String,
    #[serde(default)]
    sha256: String,
    #[serde(default)]
    changes: Option<Changes>,
    #[serde(default)]
    version: Option<String>,
}

fn parse(body: &Bytes) -> Result<Request, Response> {
    serde_json::from_slice(body).map_err(|e| {
        json_response(
            StatusCode::BAD_REQUEST,
            &json!({"result": "refused", "message": format!("The request could not be read: {e}")}),
        )
    })
}

/// Runs `work` on a blocking thread (it reads and checks the pack) with the request's record.
async fn with_record(
    shared: Arc<Shared>,
    body: Bytes,
    work: impl FnOnce(&Editor, Entry, Request) -> Response + Send + 'static,
) -> Response {
    let editor = match editor(&shared) {
        Ok(e) => Arc::clone(e),
        Err(r) => return r,
    };
    let request = match parse(&body) {
        Ok(r) => r,
        Err(r) => return r,
    };
    tokio::task::spawn_blocking(move || match editor.resolve(&request.record) {
        Ok(entry) => work(&editor, entry, request),
        Err(r) => refusal(r),
    })
    .await
    .unwrap_or_else(|_| {
        plain(
            StatusCode::INTERNAL_SERVER_ERROR,
            "The request failed; nothing was written.\n".to_string(),
        )
    })
}

fn changes_of(request: &Request) -> Result<&Changes, Response> {
    request
        .changes
        .as_ref()
        .ok_or_else(|| refusal(Refusal::new(400, "The request has no changes in it.")))
}

/// `POST /edit/check`: the findings with the form's unsaved changes.
pub async fn check(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    with_record(shared, body, |editor, entry, request| {
        let changes = match changes_of(&request) {
            Ok(c) => c,
            Err(r) => return r,
        };
        match editor.check(&entry, changes) {
            Ok(findings) => json_response(
                StatusCode::OK,
                &json!({"result": "checked", "findings": findings}),
            ),
            Err(r) => refusal(r),
        }
    })
    .await
}

/// `POST /edit/save`: writes the file, or shows the conflict.
pub async fn save(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    with_record(shared, body, |editor, entry, request| {
        let changes = match changes_of(&request) {
            Ok(c) => c,
            Err(r) => return r,
        };
        saved(editor.save(&entry, &request.sha256, changes))
    })
    .await
}

/// `POST /edit/undo`: puts back the version before the last save.
pub async fn undo(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    with_record(shared, body, |editor, entry, _| saved(editor.undo(&entry))).await
}

/// `POST /edit/restore`: puts back an earlier version.
pub async fn restore(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    with_record(shared, body, |editor, entry, request| {
        let version = request.version.clone().unwrap_or_default();
        saved(editor.restore(&entry, &version))
    })
    .await
}

fn saved(result: Result<super::Saved, Refusal>) -> Response {
    match result {
        Ok(saved @ super::Saved::Saved { .. }) => json_response(StatusCode::OK, &saved),
        Ok(conflict @ super::Saved::Conflict { .. }) => {
            json_response(StatusCode::CONFLICT, &conflict)
        }
        Err(r) => refusal(r),
    }
}

/// `GET /edit/versions?record=ID`: a file's earlier versions, newest first.
pub async fn versions(
    State(shared): State<Arc<Shared>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let editor = match editor(&shared) {
        Ok(e) => e,
        Err(r) => return r,
    };
    let entry = match q.get("record").map(|r| editor.resolve(r)) {
        Some(Ok(e)) => e,
        Some(Err(r)) => return refusal(r),
        None => return refusal(Refusal::new(400, "Which record?")),
    };
    let versions = if entry.rel.is_empty() {
        Vec::new()
    } else {
        history::list(&editor.root, &entry.rel)
    };
    json_response(StatusCode::OK, &json!({ "versions": versions }))
}

/// `POST /edit/markdown` with `{"text": …}`: the text as the pack shows it, as sanitised HTML
/// (the same renderer as the HTML pack), for a Markdown field's preview.
pub async fn markdown(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    if let Err(r) = editor(&shared) {
        return r;
    }
    #[derive(Deserialize)]
    struct Text {
        text: String,
    }
    match serde_json::from_slice::<Text>(&body) {
        Ok(Text { text }) => json_response(
            StatusCode::OK,
            &json!({ "html": crate::markdown::to_html(&text) }),
        ),
        Err(e) => json_response(
            StatusCode::BAD_REQUEST,
            &json!({"result": "refused", "message": format!("The request could not be read: {e}")}),
        ),
    }
}

pub async fn editor_js() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        EDITOR_JS,
    )
        .into_response()
}
