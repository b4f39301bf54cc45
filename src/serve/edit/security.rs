//! What every request that changes a file must carry (SPEC section 12): it is a POST, its
//! `X-Evidence-Pack-Token` header is this server's token (given to the page inside it, never in a
//! cookie, so another site cannot send it), its `Origin` (or, without one, its `Referer`) is this
//! server's own address, its body is JSON and at most 1 MB. Anything else gets 403 (or 413).

use axum::http::{HeaderMap, Method, StatusCode, header};

/// The largest request body read.
pub const MAX_BODY: usize = 1024 * 1024;

/// The header that carries the token.
pub const TOKEN_HEADER: &str = "x-evidence-pack-token";

/// Why a writing request is refused, or `None` when it may go on.
pub fn refuse(
    method: &Method,
    headers: &HeaderMap,
    port: u16,
    token: &str,
    read_only: bool,
) -> Option<(StatusCode, &'static str)> {
    if method != Method::POST {
        return Some((
            StatusCode::METHOD_NOT_ALLOWED,
            "Changes are sent with POST only.\n",
        ));
    }
    if read_only {
        return Some((
            StatusCode::FORBIDDEN,
            "Editing is turned off: the server was started with --read-only.\n",
        ));
    }
    let length = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if length.is_some_and(|n| n > MAX_BODY) {
        return Some((
            StatusCode::PAYLOAD_TOO_LARGE,
            "That is more than 1 MB: a record is never that large.\n",
        ));
    }
    if !same_origin(headers, port) {
        return Some((
            StatusCode::FORBIDDEN,
            "Refused: this request did not come from the editor's own page.\n",
        ));
    }
    let sent = headers.get(TOKEN_HEADER).map(|v| v.as_bytes());
    if !sent.is_some_and(|sent| equal(sent, token.as_bytes())) {
        return Some((
            StatusCode::FORBIDDEN,
            "Refused: this request does not carry the editor's token. Reload the page and try again.\n",
        ));
    }
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !json {
        return Some((
            StatusCode::FORBIDDEN,
            "Refused: changes are sent as JSON by the editor's own page.\n",
        ));
    }
    None
}

/// The server's own addresses, as a browser writes them in `Origin`.
fn origins(port: u16) -> [String; 3] {
    [
        format!("http://127.0.0.1:{port}"),
        format!("http://localhost:{port}"),
        format!("http://[::1]:{port}"),
    ]
}

/// `Origin` is one of the server's own addresses; without an `Origin`, `Referer` is a page of it.
fn same_origin(headers: &HeaderMap, port: u16) -> bool {
    let own = origins(port);
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or("");
        return own.iter().any(|o| o.eq_ignore_ascii_case(origin));
    }
    let Some(referer) = headers.get(header::REFERER).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    own.iter().any(|o| {
        referer.len() > o.len()
            && referer[..o.len()].eq_ignore_ascii_case(o)
            && referer.as_bytes()[o.len()] == b'/'
    })
}

/// Compares in time that does not depend on where the two first differ.
fn equal(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    const GOOD: &[(&str, &str)] = &[
        ("origin", "http://127.0.0.1:4111"),
        ("x-evidence-pack-token", "secret"),
        ("content-type", "application/json"),
    ];

    #[test]
    fn a_request_from_the_page_passes() {
        assert_eq!(
            refuse(&Method::POST, &headers(GOOD), 4111, "secret", false),
            None
        );
        let referer = headers(&[
            ("referer", "http://localhost:4111/edit?record=D-001"),
            ("x-evidence-pack-token", "secret"),
            ("content-type", "application/json"),
        ]);
        assert_eq!(refuse(&Method::POST, &referer, 4111, "secret", false), None);
    }

    #[test]
    fn anything_else_is_refused() {
        let status = |m: Method, h: HeaderMap, read_only: bool| {
            refuse(&m, &h, 4111, "secret", read_only).map(|r| r.0)
        };
        let with = |change: (&'static str, &str)| {
            let mut h = headers(GOOD);
            h.insert(change.0, HeaderValue::from_str(change.1).unwrap());
            h
        };
        assert_eq!(
            status(Method::GET, headers(GOOD), false),
            Some(StatusCode::METHOD_NOT_ALLOWED)
        );
        assert_eq!(
            status(Method::POST, headers(GOOD), true),
            Some(StatusCode::FORBIDDEN)
        );
        for bad in [
            ("origin", "http://evil.example"),
            ("origin", "http://127.0.0.1:4112"),
            ("origin", "null"),
            ("x-evidence-pack-token", "secreT"),
            ("x-evidence-pack-token", ""),
            ("content-type", "text/plain"),
        ] {
            assert_eq!(
                status(Method::POST, with(bad), false),
                Some(StatusCode::FORBIDDEN),
                "{bad:?}"
            );
        }
        let mut no_token = headers(GOOD);
        no_token.remove("x-evidence-pack-token");
        assert_eq!(
            status(Method::POST, no_token, false),
            Some(StatusCode::FORBIDDEN)
        );
        let mut no_origin = headers(GOOD);
        no_origin.remove("origin");
        assert_eq!(
            status(Method::POST, no_origin, false),
            Some(StatusCode::FORBIDDEN)
        );
        let bad_referer = headers(&[
            ("referer", "http://127.0.0.1:41110/"),
            ("x-evidence-pack-token", "secret"),
            ("content-type", "application/json"),
        ]);
        assert_eq!(
            status(Method::POST, bad_referer, false),
            Some(StatusCode::FORBIDDEN)
        );
        assert_eq!(
            status(Method::POST, with(("content-length", "1048577")), false),
            Some(StatusCode::PAYLOAD_TOO_LARGE)
        );
    }
}
