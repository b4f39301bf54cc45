//! `serve`'s web server, request by request (tower's `oneshot`, no socket): the Host check, the
//! methods, path traversal attempts, bodies and long addresses, the headers every answer carries
//! and the event stream.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use evidence_pack::serve::preview::ServedPage;
use evidence_pack::serve::server::{Served, Shared, router};
use http_body_util::BodyExt;
use tower::ServiceExt;

const PORT: u16 = 4111;
const NONCE: &str = "0123456789abcdef0123456789abcdef";
const PAGE: &str = "<!DOCTYPE html><title>t</title><p>the pack</p>";

fn shared() -> Arc<Shared> {
    Shared::new(
        PORT,
        NONCE.to_string(),
        Served::new(1, ServedPage::Whole(PAGE.into())),
    )
}

fn request(method: &str, uri: &str, host: Option<&str>) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(uri);
    if let Some(host) = host {
        builder = builder.header(header::HOST, host);
    }
    builder.body(Body::empty()).expect("a request")
}

async fn send(request: Request<Body>) -> (StatusCode, axum::http::HeaderMap, String) {
    let response = router(shared()).oneshot(request).await.expect("an answer");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("a body")
        .to_bytes();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

fn get(uri: &str, host: Option<&str>) -> (StatusCode, axum::http::HeaderMap, String) {
    runtime().block_on(send(request("GET", uri, host)))
}

const HOST: Option<&str> = Some("127.0.0.1:4111");

#[test]
fn the_page_is_served_to_its_own_host_names() {
    for host in [
        "127.0.0.1:4111",
        "localhost:4111",
        "LocalHost:4111",
        "[::1]:4111",
    ] {
        let (status, headers, body) = get("/", Some(host));
        assert_eq!(status, StatusCode::OK, "{host}");
        assert_eq!(body, PAGE, "{host}");
        assert_eq!(
            headers[header::CONTENT_TYPE],
            "text/html; charset=utf-8",
            "{host}"
        );
    }
    // A query string does not change what is served.
    assert_eq!(get("/?x=../../pack.toml", HOST).0, StatusCode::OK);
}

#[test]
fn any_other_host_gets_421() {
    for host in [
        "evil.example:4111",
        "127.0.0.1:4112",
        "127.0.0.1",
        "localhost",
        "127.0.0.1:4111.evil.example",
        "127.0.0.2:4111",
        "0.0.0.0:4111",
        "[::1]:41110",
        "",
    ] {
        let (status, _, body) = get("/", Some(host));
        assert_eq!(status, StatusCode::MISDIRECTED_REQUEST, "{host:?}");
        assert!(!body.contains("the pack"), "{host:?}");
    }
    assert_eq!(get("/", None).0, StatusCode::MISDIRECTED_REQUEST);
    // The assets and the events are behind the same check.
    assert_eq!(
        get("/assets/reload.js", Some("evil.example:4111")).0,
        StatusCode::MISDIRECTED_REQUEST
    );
    assert_eq!(
        get("/events", Some("evil.example:4111")).0,
        StatusCode::MISDIRECTED_REQUEST
    );
    // An absolute address naming another host is refused even with the right Host header.
    assert_eq!(
        get("http://evil.example:4111/", HOST).0,
        StatusCode::MISDIRECTED_REQUEST
    );
}

#[test]
fn only_get_and_head_are_answered() {
    let rt = runtime();
    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"] {
        for uri in ["/", "/events", "/nowhere"] {
            let (status, headers, _) = rt.block_on(send(request(method, uri, HOST)));
            assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {uri}");
            assert_eq!(headers[header::ALLOW], "GET, HEAD", "{method} {uri}");
            assert!(
                !headers.contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN),
                "{method} {uri}"
            );
        }
    }
    let (status, headers, body) = rt.block_on(send(request("HEAD", "/", HOST)));
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "text/html; charset=utf-8");
    assert!(body.is_empty());
}

#[test]
fn no_path_reaches_the_file_system() {
    for uri in [
        "/../Cargo.toml",
        "/../../etc/passwd",
        "/%2e%2e/Cargo.toml",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/assets/../pack.toml",
        "/assets/%2e%2e/%2e%2e/pack.toml",
        "/assets/..%5c..%5cpack.toml",
        "/assets/reload.js/../../pack.toml",
        "/assets/%5c..%5c..%5cCargo.toml",
        "/pack.toml",
        "/content/decisions/d-001.toml",
        "/output/pack.html",
        "/assets/",
        "/assets/reload.js%00.toml",
        "//etc/passwd",
        "/index.html",
    ] {
        let (status, _, body) = get(uri, HOST);
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        assert!(!body.contains("[pack]") && !body.contains("root:"), "{uri}");
    }
}

#[test]
fn every_answer_has_a_content_security_policy_and_no_cors_headers() {
    for uri in ["/", "/assets/reload.js", "/nowhere"] {
        let (_, headers, _) = get(uri, HOST);
        let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.contains("default-src 'none'"), "{csp}");
        assert!(
            csp.contains(&format!("script-src 'nonce-{NONCE}'")),
            "{csp}"
        );
        assert!(!csp.contains("script-src 'unsafe-inline'"), "{csp}");
        assert!(csp.contains("connect-src 'self'"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(headers[header::CACHE_CONTROL], "no-store");
        for (name, _) in &headers {
            assert!(
                !name.as_str().starts_with("access-control-"),
                "{uri}: {name}"
            );
        }
    }
    // Refusals carry them too.
    let (_, headers, _) = get("/", Some("evil.example:4111"));
    assert!(headers.contains_key(header::CONTENT_SECURITY_POLICY));
    // A cross-origin request gets no CORS answer either.
    let mut cross = request("GET", "/", HOST);
    cross
        .headers_mut()
        .insert(header::ORIGIN, "http://evil.example".parse().unwrap());
    let (_, headers, _) = runtime().block_on(send(cross));
    assert!(!headers.contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN));
}

#[test]
fn bodies_and_long_addresses_are_refused() {
    let rt = runtime();
    let with_body = Request::builder()
        .method("GET")
        .uri("/")
        .header(header::HOST, "127.0.0.1:4111")
        .header(header::CONTENT_LENGTH, "5")
        .body(Body::from("hello"))
        .unwrap();
    assert_eq!(
        rt.block_on(send(with_body)).0,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    let long = format!("/?q={}", "a".repeat(5000));
    assert_eq!(get(&long, HOST).0, StatusCode::URI_TOO_LONG);
}

#[test]
fn the_reload_script_is_the_servers_own() {
    let (status, headers, body) = get("/assets/reload.js", HOST);
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers[header::CONTENT_TYPE],
        "text/javascript; charset=utf-8"
    );
    assert!(body.contains("new EventSource('/events')"));
    assert!(body.contains("beforeprint"));
}

#[test]
fn the_event_stream_starts_with_the_current_version_and_sends_each_new_one() {
    runtime().block_on(async {
        let shared = shared();
        let response = router(Arc::clone(&shared))
            .oneshot(request("GET", "/events", HOST))
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "text/event-stream"
        );
        let mut body = response.into_body();
        let first = next_text(&mut body).await;
        let run = evidence_pack::serve::page::run_id(NONCE);
        assert!(
            first.contains(&format!("event: version\nid: {run}\ndata: 1\n")),
            "{first}"
        );
        shared.publish(|v| ServedPage::Whole(format!("<p>version {v}</p>").into()));
        let second = next_text(&mut body).await;
        assert!(second.contains("data: 2\n"), "{second}");
        // Stopping the server ends the stream.
        shared.stopping.send_replace(true);
        let end = tokio::time::timeout(std::time::Duration::from_secs(60), body.frame())
            .await
            .expect("the stream ends");
        assert!(end.is_none(), "the stream should end when the server stops");
    });
}

async fn next_text(body: &mut Body) -> String {
    let frame = tokio::time::timeout(std::time::Duration::from_secs(60), body.frame())
        .await
        .expect("an event")
        .expect("a frame")
        .expect("no error");
    String::from_utf8_lossy(frame.data_ref().expect("data")).into_owned()
}

#[test]
fn the_patch_route_answers_a_version_and_nothing_else() {
    // The page here is whole (no parts), so an open page is told to reload.
    let (status, headers, body) = get("/patch?from=1", HOST);
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers[header::CONTENT_TYPE],
        "application/json; charset=utf-8"
    );
    let patch: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(patch["reload"], true);
    assert_eq!(patch["version"], 1);
    assert!(headers.contains_key(header::CONTENT_SECURITY_POLICY));
    for bad in ["/patch", "/patch?from=x", "/patch?from=../../pack.toml"] {
        assert_eq!(get(bad, HOST).0, StatusCode::BAD_REQUEST, "{bad}");
    }
    assert_eq!(
        get("/patch?from=1", Some("evil.example:4111")).0,
        StatusCode::MISDIRECTED_REQUEST
    );
}
