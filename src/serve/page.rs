//! What `serve` adds to the rendered pack: its own styles, a banner summing up the findings with
//! links to each record's findings, an error banner when the page could not be rebuilt, and the
//! reload script. Everything here is the server's own markup: user text is escaped.

use std::sync::LazyLock;

use serde_json::json;
use tera::Tera;

use crate::diagnostics::plural;

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

/// The server's own templates, built in: the banner, the page shown before any good page and the
/// card for a file that could not be read.
/// Tera escapes every value in them, as it does in the pack's templates.
static TEMPLATES: LazyLock<Tera> = LazyLock::new(|| {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html"]);
    tera.add_raw_templates([
        // Without the file's last line break: the banner goes inside the page's own lines.
        (BANNER, include_str!("assets/banner.html").trim_end()),
        (BARE_PAGE, include_str!("assets/bare_page.html")),
        (
            UNREADABLE,
            include_str!("assets/unreadable.html").trim_end(),
        ),
    ])
    .expect("the built-in serve templates are valid");
    tera
});

const BANNER: &str = "banner.html";
const BARE_PAGE: &str = "bare_page.html";
pub(super) const UNREADABLE: &str = "unreadable.html";

pub(super) fn render(name: &str, context: &tera::Context) -> String {
    TEMPLATES
        .render(name, context)
        .expect("the built-in serve templates render from any values")
}

impl Banner {
    /// The banner as HTML.
    pub fn html(&self) -> String {
        let lines: Vec<serde_json::Value> = self
            .lines
            .iter()
            .take(BANNER_LINES)
            .map(|line| match line {
                BannerLine::Record {
                    id,
                    title,
                    anchor,
                    errors,
                    warnings,
                } => json!({
                    "record": true,
                    "id": id,
                    "title": title,
                    "anchor": anchor,
                    "counts": counts(*errors, *warnings),
                }),
                BannerLine::File {
                    file,
                    line,
                    level,
                    rule,
                    message,
                    help,
                } => json!({
                    "record": false,
                    "file": file,
                    "line": line,
                    "level": level,
                    "rule": rule,
                    "message": message,
                    "help": help,
                }),
            })
            .collect();
        let mut context = tera::Context::new();
        context.insert("failure", &self.failure);
        let summary = (self.errors > 0 || self.warnings > 0).then(|| {
            format!(
                "{} and {}",
                plural(self.errors, "error", "errors"),
                plural(self.warnings, "warning", "warnings")
            )
        });
        context.insert("summary", &summary);
        let left_out = (self.unreadable > 0).then(|| plural(self.unreadable, "file", "files"));
        context.insert("left_out", &left_out);
        context.insert("lines", &lines);
        context.insert("more", &self.lines.len().saturating_sub(BANNER_LINES));
        render(BANNER, &context)
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
    let mut context = tera::Context::new();
    context.insert("title", title);
    context.insert("css", SERVE_CSS);
    context.insert("banner", banner);
    context.insert("script", script);
    render(BARE_PAGE, &context).into_bytes()
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
    fn the_banner_reads_exactly_as_written() {
        let clean = Banner::default().html();
        assert_eq!(
            clean,
            "<div class=\"serve-banners\"><nav class=\"serve-editor-link\" aria-label=\"Editor\"><a href=\"/edit\">Write or change records in the browser</a> · <a href=\"/edit/form?record=~new-decision\">New decision</a></nav><aside class=\"serve-banner serve-clean\" aria-label=\"Live preview\"><p><strong>Preview: no problems found.</strong> This page updates itself each time you save a file in the pack.</p></aside></div>"
        );
        let failed_clean = Banner {
            failure: Some("x".into()),
            ..Banner::default()
        }
        .html();
        assert_eq!(
            failed_clean,
            "<div class=\"serve-banners\"><nav class=\"serve-editor-link\" aria-label=\"Editor\"><a href=\"/edit\">Write or change records in the browser</a> · <a href=\"/edit/form?record=~new-decision\">New decision</a></nav><aside class=\"serve-banner serve-failed\" aria-label=\"Live preview: the page could not be updated\"><div role=\"alert\"><p><strong>The page could not be updated.</strong> Below is the last page that could be shown; fix this and save again:</p><pre class=\"serve-error\">x</pre></div></aside></div>"
        );
        let record = |n: usize| BannerLine::Record {
            id: format!("D-{n:03}"),
            title: "T".into(),
            anchor: format!("d-{n:03}"),
            errors: 0,
            warnings: 1,
        };
        let mut lines: Vec<BannerLine> = (1..=BANNER_LINES + 2).map(record).collect();
        lines[1] = BannerLine::File {
            file: "pack.toml".into(),
            line: 0,
            level: "warning",
            rule: "r".into(),
            message: "M.".into(),
            help: "H.".into(),
        };
        let banner = Banner {
            errors: 0,
            warnings: 42,
            lines,
            failure: None,
            unreadable: 0,
        }
        .html();
        assert!(banner.starts_with("<div class=\"serve-banners\"><nav class=\"serve-editor-link\" aria-label=\"Editor\"><a href=\"/edit\">Write or change records in the browser</a> · <a href=\"/edit/form?record=~new-decision\">New decision</a></nav><aside class=\"serve-banner\" aria-label=\"Live preview: findings\"><p><strong>Draft: 0 errors and 42 warnings.</strong> Each is shown beside its record; this page updates itself each time you save a file in the pack.</p><ul class=\"serve-summary\"><li><a href=\"#d-001-findings\">D-001 T</a>: 1 warning</li><li class=\"serve-file\"><span class=\"tag tag-warning\">Warning</span> <code>pack.toml</code>: M. <span class=\"finding-help\">H.</span> <span class=\"rule\">(r)</span></li><li>"), "{banner}");
        assert!(banner.ends_with("<li><a href=\"#d-040-findings\">D-040 T</a>: 1 warning</li><li>and 2 more: <a href=\"#findings\">see every finding</a></li></ul></aside></div>"), "{banner}");
        assert_eq!(banner.matches("<li").count(), BANNER_LINES + 1);
    }

    #[test]
    fn the_bare_page_escapes_its_title_and_holds_the_banner() {
        let page =
            String::from_utf8(bare_page("A & <b>", "<div>B</div>", "<script></script>")).unwrap();
        assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n"));
        assert!(page.contains("<title>A &amp; &lt;b&gt;</title>"));
        assert!(page.contains(
            "<h1>A &amp; &lt;b&gt;</h1>\n<div>B</div>\n</main>\n<script></script>\n</body>\n</html>"
        ));
        assert!(page.contains(&format!("<style>{SERVE_CSS}</style>")));
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
