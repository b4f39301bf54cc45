//! The HTML pack: Tera templates, each decision and example rendered in parallel, then the page.

use std::io::Write;

use rayon::prelude::*;
use tera::{ErrorKind, Kwargs, State, Tera};

use super::output::{Staging, WrittenFile};
use super::{RenderContext, Renderer};
use crate::error::Error;
use crate::render::templates::Templates;

pub mod parts;

pub struct HtmlRenderer;

const PAGE: &str = "pack.html";
const DECISION: &str = "decision.html";
const EXAMPLE: &str = "example.html";

/// Loads every HTML template (built-in, then the pack's overrides) into one Tera instance.
pub fn tera(templates: &Templates) -> Result<Tera, Error> {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html"]);
    tera.register_filter("css_string", |s: &str, _: Kwargs, _: &State| css_string(s));
    tera.register_filter("url_part", |s: &str, _: Kwargs, _: &State| url_part(s));
    let sources: Vec<(&str, &str)> = templates
        .iter()
        .filter(|(name, _)| name.ends_with(".html") || name.ends_with(".css"))
        .map(|(name, t)| (name, t.text.as_str()))
        .collect();
    tera.add_raw_templates(sources)
        .map_err(|e| template_error(templates, e))?;
    Ok(tera)
}

/// Renders one template (`name`, a built-in one or the pack's own) with `context`: for pages
/// other than the pack, such as tender.html.
pub fn render_one(
    templates: &Templates,
    name: &str,
    context: &tera::Context,
) -> Result<String, Error> {
    tera(templates)?
        .render(name, context)
        .map_err(|e| template_error(templates, e))
}

/// Text made safe to put inside a double-quoted CSS string, such as the running header of the
/// printed page: every character other than an ASCII letter, digit or space becomes a six-digit
/// CSS escape, so no text can end the string, the rule or the style element.
/// `Choice, risk` → `Choice\00002C  risk`.
pub fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == ' ' {
            out.push(c);
        } else {
            // Six hex digits and a space: CSS takes the space as the end of the escape.
            out.push_str(&format!("\\{:06X} ", u32::from(c)));
        }
    }
    out
}

/// Text made safe to put in a web address's query (`D-001 a&b` → `D-001%20a%26b`): every byte
/// other than an ASCII letter, digit, `-`, `.`, `_` or `~` is percent-encoded.
pub fn url_part(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A template error as a person can act on it: the template file (the pack's own
/// `templates/NAME`, or the built-in one), the line and column, what is wrong, the template
/// engine's excerpt of the line, and for an unclosed block, the line where that block opened.
fn template_error(templates: &Templates, error: tera::Error) -> Error {
    let located = match error.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => Some(report),
        _ => None,
    };
    let mut text = match located {
        Some(report) => {
            let name = report.filename();
            let origin = origin_of(templates, name);
            let span = report.span();
            let mut text = format!(
                "{origin}, line {}, column {}: {}",
                span.start_line,
                span.start_col + 1,
                report.message()
            );
            if report.message().contains("end of input")
                && let Some((tag, line)) = unclosed_block(&templates_text(templates, name))
            {
                text.push_str(&format!(
                    "\nThe {{% {tag} %}} opened on line {line} is never closed: add {{% end{tag} %}} where it should end."
                ));
            }
            // Tera's own excerpt of the line, with the template named as the pack names it.
            let report = error.to_string();
            let excerpt = report
                .lines()
                .skip_while(|l| !l.trim_start().starts_with("-->"))
                .collect::<Vec<_>>()
                .join("\n")
                .replace(&format!("--> {name}:"), &format!("--> {origin}:"));
            if !excerpt.is_empty() {
                text.push('\n');
                text.push_str(&excerpt);
            }
            text
        }
        None => error.to_string(),
    };
    let mut source = std::error::Error::source(&error);
    while let Some(inner) = source {
        text.push_str(&format!("\n{inner}"));
        source = inner.source();
    }
    let overridden: Vec<String> = templates.overrides();
    let hint = if overridden.is_empty() {
        String::new()
    } else {
        format!(
            "\nhelp: the pack overrides {}; fix the template, or delete it to use the built-in one.",
            overridden.join(", ")
        )
    };
    Error::new(format!("{text}{hint}"))
}

/// Where a template came from, as error messages name it: `templates/NAME` or `built-in NAME`.
fn origin_of(templates: &Templates, name: &str) -> String {
    templates
        .iter()
        .find(|(n, _)| *n == name)
        .map_or_else(|| name.to_string(), |(_, t)| t.origin.clone())
}

fn templates_text(templates: &Templates, name: &str) -> String {
    templates
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| t.text.clone())
        .unwrap_or_default()
}

/// The innermost block tag (`if`, `for`, …) still open at the end of a template, with its line.
fn unclosed_block(source: &str) -> Option<(String, usize)> {
    const BLOCKS: &[&str] = &["if", "for", "block", "filter", "raw", "component", "set"];
    let mut open: Vec<(String, usize)> = Vec::new();
    let mut rest = source;
    let mut offset = 0;
    while let Some(start) = rest.find("{%") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("%}") else {
            break;
        };
        let inner = after[..end].trim_matches(|c: char| c == '-' || c.is_whitespace());
        let line = source[..offset + start].matches('\n').count() + 1;
        let word = inner.split_whitespace().next().unwrap_or("");
        let in_raw = open.last().is_some_and(|(tag, _)| tag == "raw");
        if let Some(closed) = word.strip_prefix("end") {
            if open.last().is_some_and(|(tag, _)| tag == closed) {
                open.pop();
            }
        } else if !in_raw && BLOCKS.contains(&word) && !(word == "set" && inner.contains('=')) {
            open.push((word.to_string(), line));
        }
        let consumed = start + 2 + end + 2;
        offset += consumed;
        rest = &rest[consumed..];
    }
    open.pop()
}

impl Renderer for HtmlRenderer {
    fn name(&self) -> &'static str {
        "html"
    }

    fn render(&self, cx: &RenderContext, out: &Staging) -> Result<WrittenFile, Error> {
        let mut file = out.create(PAGE)?;
        self.render_page(cx, false, &mut file)?;
        file.finish()
    }
}

impl HtmlRenderer {
    /// Renders the page into `file`. `serve` is true for the live preview (`evidence-pack serve`):
    /// the templates then show each record's own findings beside it; a build's page never has them.
    pub fn render_page(
        &self,
        cx: &RenderContext,
        serve: bool,
        file: &mut impl Write,
    ) -> Result<(), Error> {
        let tera = tera(cx.templates)?;
        let view = cx.view;
        let base = base_context(view, serve);
        let overridden = uses_own_html(cx.templates);

        let records = Records {
            tera: &tera,
            templates: cx.templates,
            base: &base,
        };

        let mut page = page_context(view, &base);
        if !overridden {
            return render_streamed(&tera, cx, &mut page, &records, file);
        }
        let decisions_html = records.joined(DECISION, "d", &view.decisions)?;
        let examples_html = records.joined(EXAMPLE, "e", &view.examples)?;
        page.insert("decisions_html", &decisions_html);
        page.insert("examples_html", &examples_html);
        let html = tera
            .render(PAGE, &page)
            .map_err(|e| template_error(cx.templates, e))?;
        file.write_all(html.as_bytes()).map_err(write_error)
    }
}

/// What every template is given. `serve` is true for the live preview.
fn base_context(view: &crate::view::PackView, serve: bool) -> tera::Context {
    let mut base = tera::Context::new();
    base.insert("pack", &view.pack);
    base.insert("draft", &view.draft);
    if serve {
        base.insert("serve", &true);
    }
    base
}

/// Whether the pack has HTML templates of its own, which may place the records as they like (a
/// copy of a built-in template, as `init --templates` makes, is the built-in one).
fn uses_own_html(templates: &Templates) -> bool {
    templates.iter().any(|(name, t)| {
        t.overridden
            && name.ends_with(".html")
            && crate::render::templates::built_in(name) != Some(t.text.as_str())
    })
}

/// What the page template is given, apart from the records' HTML.
fn page_context(view: &crate::view::PackView, base: &tera::Context) -> tera::Context {
    let mut page = base.clone();
    page.insert("sections", &view.sections);
    page.insert("dashboard", &view.dashboard);
    page.insert("headline", &view.headline);
    page.insert("coverage", &view.coverage);
    page.insert("registers", &view.registers);
    page.insert("glossary", &view.glossary);
    page.insert(
        "decisions",
        &view.decisions.iter().map(Summary::from).collect::<Vec<_>>(),
    );
    page.insert(
        "examples",
        &view
            .examples
            .iter()
            .map(Summary::from_example)
            .collect::<Vec<_>>(),
    );
    page.insert("generator", &view.generator);
    page
}

fn write_error(e: std::io::Error) -> Error {
    Error::new(format!("could not write {PAGE}: {e}"))
}

/// Stands in the page for the records, which are rendered straight into the output after it.
const DECISIONS_MARK: &str = "<!--evidence-pack:decisions_html-->";
const EXAMPLES_MARK: &str = "<!--evidence-pack:examples_html-->";

/// Records rendered in parallel at a time: the rest of the pack's HTML is never held twice.
const BATCH: usize = 256;

/// The page rendered with markers where the records go, and where each marker stands.
struct Shell {
    html: String,
    marks: Vec<(usize, &'static str)>,
}

/// Puts the markers where the records go into the page's values (none for an empty list), and
/// says which they are. Only for the built-in templates, which print `decisions_html` and
/// `examples_html` once each with `| safe` and never read a Markdown field's `blocks` (so records
/// reach Tera without them).
fn insert_marks(page: &mut tera::Context, view: &crate::view::PackView) -> [&'static str; 2] {
    let mark = |present: bool, mark: &'static str| if present { mark } else { "" };
    let marks = [
        mark(!view.decisions.is_empty(), DECISIONS_MARK),
        mark(!view.examples.is_empty(), EXAMPLES_MARK),
    ];
    page.insert("decisions_html", marks[0]);
    page.insert("examples_html", marks[1]);
    marks
}

/// The page around markers (see [`insert_marks`]), for the live preview to patch the records
/// into. `None` when a marker is not where expected.
fn render_shell(
    tera: &Tera,
    cx: &RenderContext,
    page: &mut tera::Context,
) -> Result<Option<Shell>, Error> {
    let [decisions_mark, examples_mark] = insert_marks(page, cx.view);
    let html = tera
        .render(PAGE, page)
        .map_err(|e| template_error(cx.templates, e))?;
    let mut marks = Vec::new();
    for mark in [decisions_mark, examples_mark] {
        if mark.is_empty() {
            continue;
        }
        let mut found = html.match_indices(mark);
        match (found.next(), found.next()) {
            (Some((i, _)), None) => marks.push((i, mark)),
            _ => return Ok(None),
        }
    }
    marks.sort();
    Ok(Some(Shell { html, marks }))
}

/// Renders the page straight into `file`, each record list rendered in its place as the page
/// reaches its marker (see [`insert_marks`]): neither the page nor the records' HTML (most of the
/// file) is ever held whole, nor copied into a Tera value and out again. The bytes are those of
/// rendering the whole strings into the page. Holding the page (10 MB of a 10,000-record pack's
/// 100 MB) while the records were rendered took the peak memory of `build --html` from about
/// 243 MB to 263 MB (BENCHMARKS.md, session 9).
fn render_streamed(
    tera: &Tera,
    cx: &RenderContext,
    page: &mut tera::Context,
    records: &Records,
    file: &mut impl Write,
) -> Result<(), Error> {
    let view = cx.view;
    insert_marks(page, view);
    let mut out = IntoPage {
        file,
        records,
        view,
        seen: [0; 2],
        failed: None,
    };
    let rendered = tera.render_to(PAGE, page, &mut out);
    if let Some(failed) = out.failed {
        return Err(failed);
    }
    rendered.map_err(|e| template_error(cx.templates, e))?;
    let expected = [view.decisions.is_empty(), view.examples.is_empty()].map(|empty| !empty as u32);
    if out.seen != expected {
        return Err(Error::new(format!(
            "the built-in {PAGE} did not place the records once each (decisions {}, examples {} times)",
            out.seen[0], out.seen[1]
        )));
    }
    Ok(())
}

/// The page's output: passed on to the file, with each record list rendered in its marker's place.
/// Tera writes a value printed with `| safe` in one piece, so a marker is never split.
struct IntoPage<'a, 'r, W: Write> {
    file: &'a mut W,
    records: &'a Records<'r>,
    view: &'a crate::view::PackView,
    /// How many times each marker (decisions, examples) was met.
    seen: [u32; 2],
    /// A record that could not be rendered.
    failed: Option<Error>,
}

impl<W: Write> Write for IntoPage<'_, '_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut rest = buf;
        loop {
            let found = [DECISIONS_MARK, EXAMPLES_MARK]
                .into_iter()
                .enumerate()
                .filter_map(|(which, mark)| {
                    memchr::memmem::find(rest, mark.as_bytes()).map(|at| (at, which, mark))
                })
                .min();
            let Some((at, which, mark)) = found else {
                self.file.write_all(rest)?;
                return Ok(buf.len());
            };
            self.file.write_all(&rest[..at])?;
            self.seen[which] += 1;
            let written = if which == 0 {
                self.records
                    .write(self.file, DECISION, "d", &self.view.decisions)
            } else {
                self.records
                    .write(self.file, EXAMPLE, "e", &self.view.examples)
            };
            if let Err(e) = written {
                self.failed = Some(e);
                return Err(std::io::Error::other("a record could not be rendered"));
            }
            rest = &rest[at + mark.len()..];
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// Renders records and examples, one template each, in parallel batches.
struct Records<'a> {
    tera: &'a Tera,
    templates: &'a Templates,
    /// What every record's template is given besides the record.
    base: &'a tera::Context,
}

impl Records<'_> {
    /// One batch, in parallel, in the items' order.
    fn batch<T: serde::Serialize + Sync>(
        &self,
        template: &str,
        key: &'static str,
        batch: &[T],
    ) -> Result<Vec<Vec<u8>>, Error> {
        batch
            .par_iter()
            .map(|item| self.one(template, key, item))
            .collect()
    }

    /// One item's HTML.
    fn one<T: serde::Serialize>(
        &self,
        template: &str,
        key: &'static str,
        item: &T,
    ) -> Result<Vec<u8>, Error> {
        let mut context = self.base.clone();
        context.insert(key, item);
        // Rendered into bytes (a record is about 8 KB): `render` would check the whole output
        // is UTF-8 again, which Tera's output always is.
        let mut html = Vec::with_capacity(12 * 1024);
        self.tera
            .render_to(template, &context, &mut html)
            .map_err(|e| template_error(self.templates, e))?;
        Ok(html)
    }

    /// Every item, a batch at a time, written in order.
    fn write<T: serde::Serialize + Sync>(
        &self,
        out: &mut impl Write,
        template: &str,
        key: &'static str,
        items: &[T],
    ) -> Result<(), Error> {
        for batch in items.chunks(BATCH) {
            for html in self.batch(template, key, batch)? {
                out.write_all(&html).map_err(write_error)?;
            }
        }
        Ok(())
    }

    /// Every item, joined into one string (for templates that place the records themselves).
    fn joined<T: serde::Serialize + Sync>(
        &self,
        template: &str,
        key: &'static str,
        items: &[T],
    ) -> Result<String, Error> {
        let mut out = Vec::new();
        self.write(&mut out, template, key, items)?;
        Ok(String::from_utf8(out).expect("templates render UTF-8"))
    }
}

/// What the contents list needs of each record, without its full text.
#[derive(serde::Serialize)]
struct Summary<'a> {
    id: &'a str,
    anchor: &'a str,
    title: &'a str,
    person: Option<&'a str>,
    outcome_label: Option<&'a str>,
}

impl<'a> From<&'a crate::view::DecisionView> for Summary<'a> {
    fn from(d: &'a crate::view::DecisionView) -> Self {
        Summary {
            id: &d.id,
            anchor: &d.anchor,
            title: &d.title,
            person: Some(&d.person),
            outcome_label: Some(d.decision.outcome_label),
        }
    }
}

impl<'a> Summary<'a> {
    fn from_example(e: &'a crate::view::ExampleView) -> Self {
        Summary {
            id: &e.id,
            anchor: &e.anchor,
            title: &e.title,
            person: None,
            outcome_label: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{css_string, unclosed_block};

    #[test]
    fn teras_escape_escapes_all_five_characters_that_matter_in_html() {
        let mut out = Vec::new();
        tera::escape_html("a<b>&\"c\" 'd' ŵ", &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a&lt;b&gt;&amp;&quot;c&quot; &#39;d&#39; ŵ"
        );
    }

    #[test]
    fn css_string_escapes_everything_that_could_end_the_string_or_the_style() {
        assert_eq!(css_string("Care 2026"), "Care 2026");
        assert_eq!(css_string("a\"b"), "a\\000022 b");
        assert_eq!(css_string("</style>"), "\\00003C \\00002F style\\00003E ");
        assert_eq!(css_string("ŵ\\\n"), "\\000175 \\00005C \\00000A ");
        assert_eq!(css_string("🙂"), "\\01F642 ");
    }

    #[test]
    fn unclosed_block_names_the_innermost_open_tag_and_its_line() {
        assert_eq!(
            unclosed_block("{% for x in xs %}\n{% if x %}\n{{ x }}\n{% endfor %}"),
            Some(("if".to_string(), 2))
        );
        assert_eq!(
            unclosed_block("{% if a %}\n{%- for x in xs -%}{% endfor %}"),
            Some(("if".to_string(), 1))
        );
        assert_eq!(unclosed_block("{% set x = 1 %}{% if x %}{% endif %}"), None);
        assert_eq!(
            unclosed_block("{% raw %}{% if %}{% endraw %}\n{% block b %}"),
            Some(("block".to_string(), 2))
        );
    }
}
