//! What `serve` adds to the rendered pack: its own styles, a banner summing up the findings with
//! links to each record's findings, an error banner when the page could not be rebuilt, and the
//! reload script. Everything here is the server's own markup: user text is escaped.

use std::fmt::Write as _;

use crate::diagnostics::plural;
use crate::render::html::escape_html;

/// The server's own styles for its banners and the findings beside each record.
pub const SERVE_CSS: &str = include_str!("assets/serve.css");

/// The findings banner shows at most this many lines; the rest are in the findings appendix.
const BANNER_LINES: usize = 40;

/// One line of the findings banner: a record on the page with findings (linked to them), or a
/// file with no record on the page (a file that does not parse, pack.toml) with its findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BannerLine {
    Record {
        id: String,
        title: String,
        anchor: String,
        errors: usize,
        warnings: usize,
    },
    File {
        file: String,
        line: usize,
        level: &'static str,
        rule: String,
        message: String,
        help: String,
    },
}

/// What the banner at the top of the page says.
#[derive(Debug, Clone, Default)]
pub struct Banner {
    pub errors: usize,
    pub warnings: usize,
    pub lines: Vec<BannerLine>,
    /// The page could not be rebuilt: why (shown over the last good page).
    pub failure: Option<String>,
    /// Record and example files that could not be read, so are not in the page's figures.
    pub unreadable: usize,
}

pub(super) fn esc(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    escape_html(text, &mut out).expect("writing to a Vec cannot fail");
    String::from_utf8(out).expect("escaping keeps UTF-8")
}

impl Banner {
    /// The banner as HTML.
    pub fn html(&self) -> String {
        // One element whatever it holds, so that an open page updates it in place.
        let mut out = String::from("<div class=\"serve-banners\">");
        if let Some(failure) = &self.failure {
            let _ = write!(
                out,
                "<aside class=\"serve-banner serve-failed\" aria-label=\"Live preview: the page could not be updated\"><div role=\"alert\"><p><strong>The page could not be updated.</strong> Below is the last page that could be shown; fix this and save again:</p><pre class=\"serve-error\">{}</pre></div></aside>",
                esc(failure)
            );
        }
        if self.errors == 0 && self.warnings == 0 {
            if self.failure.is_none() {
                out.push_str("<aside class=\"serve-banner serve-clean\" aria-label=\"Live preview\"><p><strong>Preview: no problems found.</strong> This page updates itself each time you save a file in the pack.</p></aside>");
            }
            out.push_str("</div>");
            return out;
        }
        let _ = write!(
            out,
            "<aside class=\"serve-banner\" aria-label=\"Live preview: findings\"><p><strong>Draft: {} and {}.</strong> Each is shown beside its record; this page updates itself each time you save a file in the pack.{}</p><ul class=\"serve-summary\">",
            plural(self.errors, "error", "errors"),
            plural(self.warnings, "warning", "warnings"),
            if self.unreadable > 0 {
                format!(
                    " The figures leave out {} that could not be read.",
                    plural(self.unreadable, "file", "files")
                )
            } else {
                String::new()
            }
        );
        for line in self.lines.iter().take(BANNER_LINES) {
            match line {
                BannerLine::Record {
                    id,
                    title,
                    anchor,
                    errors,
                    warnings,
                } => {
                    let _ = write!(
                        out,
                        "<li><a href=\"#{}-findings\">{} {}</a>: {}</li>",
                        esc(anchor),
                        esc(id),
                        esc(title),
                        counts(*errors, *warnings)
                    );
                }
                BannerLine::File {
                    file,
                    line,
                    level,
                    rule,
                    message,
                    help,
                } => {
                    let where_ = if *line > 0 {
                        format!("{}, line {line}", esc(file))
                    } else {
                        esc(file)
                    };
                    let _ = write!(
                        out,
                        "<li class=\"serve-file\"><span class=\"tag tag-{level}\">{}</span> <code>{where_}</code>: {} <span class=\"finding-help\">{}</span> <span class=\"rule\">({})</span></li>",
                        if *level == "error" {
                            "Error"
                        } else {
                            "Warning"
                        },
                        esc(message),
                        esc(help),
                        esc(rule)
                    );
                }
            }
        }
        if self.lines.len() > BANNER_LINES {
            let _ = write!(
                out,
                "<li>and {} more: <a href=\"#findings\">see every finding</a></li>",
                self.lines.len() - BANNER_LINES
            );
        }
        out.push_str("</ul></aside></div>");
        out
    }
}

fn counts(errors: usize, warnings: usize) -> String {
    match (errors, warnings) {
        (e, 0) => plural(e, "error", "errors"),
        (0, w) => plural(w, "warning", "warnings"),
        (e, w) => format!(
            "{} and {}",
            plural(e, "error", "errors"),
            plural(w, "warning", "warnings")
        ),
    }
}

/// The script tag that loads the reload script, which updates the page when `version` is no
/// longer the newest.
pub fn reload_script(nonce: &str, version: u64) -> String {
    format!(
        "<script src=\"/assets/reload.js\" nonce=\"{nonce}\" data-run=\"{}\" data-version=\"{version}\" defer></script>",
        run_id(nonce)
    )
}

/// Which run of the server a page came from (versions count from 1 again when it restarts),
/// made from the nonce, which is new each time it starts.
pub fn run_id(nonce: &str) -> String {
    crate::hash::sha256_hex(nonce.as_bytes())[..16].to_string()
}

/// The rendered page with the server's styles in its head, `banner` at the start of its body and
/// `script` at its end. A page without those tags (a pack's own template) gets them around it.
pub fn assemble(rendered: &[u8], banner: &str, script: &str) -> Vec<u8> {
    // No icon: a browser would otherwise ask for /favicon.ico, which is not served.
    let style = format!("<link rel=\"icon\" href=\"data:,\"><style>{SERVE_CSS}</style>");
    let mut out = Vec::with_capacity(rendered.len() + banner.len() + style.len() + 512);
    let head_end = find(rendered, b"</head>");
    let body_start = find(rendered, b"<body").and_then(|i| {
        rendered[i..]
            .iter()
            .position(|&b| b == b'>')
            .map(|j| i + j + 1)
    });
    let body_end = rendered.windows(7).rposition(|w| w == b"</body>");
    match (head_end, body_start, body_end) {
        (Some(h), Some(b), Some(e)) if h < b && b <= e => {
            out.extend_from_slice(&rendered[..h]);
            out.extend_from_slice(style.as_bytes());
            out.extend_from_slice(&rendered[h..b]);
            out.extend_from_slice(banner.as_bytes());
            out.extend_from_slice(&rendered[b..e]);
            out.extend_from_slice(script.as_bytes());
            out.extend_from_slice(&rendered[e..]);
        }
        _ => {
            out.extend_from_slice(style.as_bytes());
            out.extend_from_slice(banner.as_bytes());
            out.extend_from_slice(rendered);
            out.extend_from_slice(script.as_bytes());
        }
    }
    out
}

/// The tags looked for are near the start (or, for `</body>`, the end) of a page, so a plain
/// search is quick.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The page shown when there has never been a good page: the banner alone.
pub fn bare_page(title: &str, banner: &str, script: &str) -> Vec<u8> {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<link rel=\"icon\" href=\"data:,\">\n<style>{SERVE_CSS}</style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n{banner}\n</main>\n{script}\n</body>\n</html>\n",
        esc(title),
        esc(title)
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_banner_escapes_what_it_shows_and_links_to_records() {
        let banner = Banner {
            errors: 2,
            warnings: 1,
            lines: vec![
                BannerLine::Record {
                    id: "D-001".into(),
                    title: "Going <out>".into(),
                    anchor: "d-001".into(),
                    errors: 1,
                    warnings: 1,
                },
                BannerLine::File {
                    file: "content/decisions/<b>.toml".into(),
                    line: 3,
                    level: "error",
                    rule: "invalid-record".into(),
                    message: "A <script> here".into(),
                    help: "Fix it".into(),
                },
            ],
            failure: None,
            unreadable: 1,
        }
        .html();
        assert!(
            banner.contains("Draft: 2 errors and 1 warning."),
            "{banner}"
        );
        assert!(
            banner.contains("The figures leave out 1 file that could not be read."),
            "{banner}"
        );
        assert!(banner.contains(
            "<a href=\"#d-001-findings\">D-001 Going &lt;out&gt;</a>: 1 error and 1 warning"
        ));
        assert!(banner.contains("content/decisions/&lt;b&gt;.toml, line 3"));
        assert!(banner.contains("A &lt;script&gt; here"));
        assert!(!banner.contains("<script>"));
    }

    #[test]
    fn a_failure_shows_above_the_findings() {
        let banner = Banner {
            failure: Some("templates/pack.html, line 2: <oops>".into()),
            ..Banner::default()
        }
        .html();
        assert!(banner.contains("The page could not be updated."));
        assert!(banner.contains("templates/pack.html, line 2: &lt;oops&gt;"));
        assert!(!banner.contains("No problems found"));
    }

    #[test]
    fn assemble_puts_each_part_in_its_place() {
        let page =
            b"<html><head><title>t</title></head><body class=\"x\"><p>pack</p></body></html>";
        let out = String::from_utf8(assemble(page, "<div>B</div>", "<script></script>")).unwrap();
        let style = out.find("<style>").unwrap();
        assert!(style < out.find("</head>").unwrap());
        assert!(out.contains("<body class=\"x\"><div>B</div><p>pack</p><script></script></body>"));
        // A page without a head or body still gets everything.
        let out = String::from_utf8(assemble(b"<p>bare</p>", "<div>B</div>", "<s></s>")).unwrap();
        assert!(out.ends_with("<div>B</div><p>bare</p><s></s>"));
    }
}
