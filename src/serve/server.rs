//! The web server: four fixed routes and nothing else. No path from a request ever reaches the
//! file system: `/` is the page held in memory, `/events` tells the page when a newer one is
//! ready, `/patch?from=N` says how the page of version N becomes the newest (patch.rs), and
//! `/assets/reload.js` is compiled into the binary. Every request is checked first:
//! its `Host` must be this server's own (421 otherwise, against DNS rebinding), only GET and HEAD
//! are answered (405), and nothing with a body or a very long address is read.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use futures_util::Stream;
use tokio::sync::watch;

use super::edit::{Editor, routes as edit, security};
use super::patch::{ServedParts, patch};
use super::preview::ServedPage;

pub const RELOAD_JS: &str = include_str!("assets/reload.js");

/// How many earlier pages' parts are kept, for open pages a few versions behind to update from.
const KEPT: usize = 8;

/// The longest request target answered (414 beyond it); the page's addresses are all short.
pub const MAX_URI: usize = 2048;

/// The page being served and its version, which goes up by one each time the page changes.
pub struct Served {
    pub version: u64,
    pub page: ServedPage,
    /// The page's HTML, made when it is first asked for.
    html: OnceLock<Bytes>,
}

impl Served {
    pub fn new(version: u64, page: ServedPage) -> Served {
        Served {
            version,
            page,
            html: OnceLock::new(),
        }
    }

    pub fn html(&self) -> Bytes {
        self.html.get_or_init(|| self.page.html()).clone()
    }

    /// What an open page needs to update itself from this version (`None`: it reloads).
    pub fn parts(&self) -> Option<&Arc<ServedParts>> {
        self.page.parts()
    }
}

/// What every request handler shares.
pub struct Shared {
    pub port: u16,
    /// A random value made when the server starts: only a script tag carrying it may run.
    pub nonce: String,
    pub page: watch::Sender<Arc<Served>>,
    /// Turns true when the server is stopping, which ends the event streams.
    pub stopping: watch::Sender<bool>,
    /// The parts of the last few pages served, newest last, by version.
    kept: Mutex<VecDeque<(u64, Option<Arc<ServedParts>>)>>,
    /// Editing in the browser (`None`: the page is only shown).
    pub editor: Option<Arc<Editor>>,
}

impl Shared {
    pub fn new(port: u16, nonce: String, first: Served) -> Arc<Shared> {
        Shared::editing(port, nonce, first, None)
    }

    /// A server whose pages can also be edited, with `editor`.
    pub fn editing(
        port: u16,
        nonce: String,
        first: Served,
        editor: Option<Arc<Editor>>,
    ) -> Arc<Shared> {
        let kept = VecDeque::from([(first.version, first.parts().cloned())]);
        Arc::new(Shared {
            port,
            nonce,
            page: watch::channel(Arc::new(first)).0,
            stopping: watch::channel(false).0,
            kept: Mutex::new(kept),
            editor,
        })
    }

    /// Serves the page `make` gives from now on, as the next version, and tells open pages.
    pub fn publish(&self, make: impl FnOnce(u64) -> ServedPage) -> u64 {
        let version = self.page.borrow().version + 1;
        let finished = make(version);
        {
            let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
            kept.push_back((version, finished.parts().cloned()));
            while kept.len() > KEPT {
                kept.pop_front();
            }
        }
        self.page
            .send_replace(Arc::new(Served::new(version, finished)));
        version
    }

    /// The parts of the page of `version`, when they are still kept.
    fn kept(&self, version: u64) -> Option<Arc<ServedParts>> {
        let kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.iter()
            .find(|(v, _)| *v == version)
            .and_then(|(_, parts)| parts.clone())
    }

    pub fn version(&self) -> u64 {
        self.page.borrow().version
    }

    fn content_security_policy(&self) -> String {
        // Styles: the pack's page keeps its styles in a <style> element and draws its bar charts
        // with style attributes, so inline styles are allowed. Styles cannot run code, and all
        // of the pack's text is escaped before it reaches the page.
        format!(
            "default-src 'none'; script-src 'nonce-{}'; style-src 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
            self.nonce
        )
    }

    fn host_allowed(&self, host: &str) -> bool {
        let port = self.port.to_string();
        ["127.0.0.1", "localhost", "[::1]"].iter().any(|name| {
            host.len() == name.len() + 1 + port.len()
                && host[..name.len()].eq_ignore_ascii_case(name)
                && host[name.len()..].strip_prefix(':') == Some(port.as_str())
        })
    }
}

/// The requests that change a file: POST only, with the editor's checks (edit/security.rs).
const WRITING: [&str; 5] = [
    "/edit/check",
    "/edit/save",
    "/edit/undo",
    "/edit/restore",
    "/edit/markdown",
];

/// The server's routes, behind the checks every request passes first.
pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/", get(page))
        .route("/events", get(events))
        .route("/patch", get(patch_from))
        .route("/assets/reload.js", get(reload_js))
        .route("/assets/editor.js", get(edit::editor_js))
        .route("/edit", get(edit::index))
        .route("/edit/form", get(edit::form))
        .route("/edit/versions", get(edit::versions))
        .route("/edit/check", post(edit::check))
        .route("/edit/save", post(edit::save))
        .route("/edit/undo", post(edit::undo))
        .route("/edit/restore", post(edit::restore))
        .route("/edit/markdown", post(edit::markdown))
        .layer(axum::extract::DefaultBodyLimit::max(security::MAX_BODY))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(Arc::clone(&shared), guard))
        .with_state(shared)
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

/// The checks every request passes before it is routed, and the headers every answer carries.
async fn guard(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let mut response = match check(&shared, &request) {
        Some(refusal) => refusal,
        None => next.run(request).await,
    };
    secure_headers(&shared, response.headers_mut());
    response
}

/// A refusal, or `None` when the request may go on.
fn check(shared: &Shared, request: &Request) -> Option<Response> {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok());
    let authority_ok = request
        .uri()
        .authority()
        .is_none_or(|a| shared.host_allowed(a.as_str()));
    if !host.is_some_and(|h| shared.host_allowed(h)) || !authority_ok {
        return Some(plain(
            StatusCode::MISDIRECTED_REQUEST,
            "This server only answers requests made to it as 127.0.0.1, localhost or [::1] with its own port.\n",
        ));
    }
    if WRITING.contains(&request.uri().path())
        && let Some(editor) = &shared.editor
    {
        return security::refuse(
            request.method(),
            request.headers(),
            shared.port,
            &editor.token,
            editor.read_only,
        )
        .map(|(status, text)| plain(status, text));
    }
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let mut refused = plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "This page is read-only: only GET and HEAD requests are answered.\n",
        );
        refused
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return Some(refused);
    }
    let has_body = request.headers().contains_key(header::TRANSFER_ENCODING)
        || request
            .headers()
            .get(header::CONTENT_LENGTH)
            .is_some_and(|v| v.as_bytes() != b"0");
    if has_body {
        return Some(plain(
            StatusCode::PAYLOAD_TOO_LARGE,
            "This server reads no request bodies.\n",
        ));
    }
    if request.uri().to_string().len() > MAX_URI {
        return Some(plain(
            StatusCode::URI_TOO_LONG,
            "That address is too long.\n",
        ));
    }
    None
}

fn secure_headers(shared: &Shared, headers: &mut HeaderMap) {
    if let Ok(csp) = HeaderValue::from_str(&shared.content_security_policy()) {
        headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

async fn page(State(shared): State<Arc<Shared>>) -> Response {
    let served = Arc::clone(&shared.page.borrow());
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        served.html(),
    )
        .into_response()
}

#[derive(serde::Deserialize)]
struct From {
    from: u64,
}

/// How the page of version `from` becomes the newest (JSON: patch.rs).
async fn patch_from(
    State(shared): State<Arc<Shared>>,
    Query(From { from }): Query<From>,
) -> Response {
    let served = Arc::clone(&shared.page.borrow());
    let old = shared.kept(from);
    let body = patch(old.as_deref(), served.parts().map(|p| &**p), served.version);
    (
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body,
    )
        .into_response()
}

async fn reload_js() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        RELOAD_JS,
    )
        .into_response()
}

async fn not_found() -> Response {
    plain(
        StatusCode::NOT_FOUND,
        "Not found. This server shows one page: go to / for the pack.\n",
    )
}

/// The newest page's version: at once, then each time a newer page is ready. Ends when the
/// server stops.
async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let page = shared.page.subscribe();
    let stopping = shared.stopping.subscribe();
    let run = super::page::run_id(&shared.nonce);
    let stream = futures_util::stream::unfold(
        (page, stopping, true),
        move |(mut page, mut stopping, first)| {
            let run = run.clone();
            async move {
                if !first {
                    if *stopping.borrow() {
                        return None;
                    }
                    tokio::select! {
                        changed = page.changed() => changed.ok()?,
                        _ = stopping.changed() => return None,
                    }
                }
                let version = page.borrow_and_update().version;
                let event = Event::default()
                    .event("version")
                    .id(run)
                    .data(version.to_string())
                    .retry(Duration::from_millis(500));
                Some((Ok(event), (page, stopping, false)))
            }
        },
    );
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(30)))
}
