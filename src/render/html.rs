//! The HTML pack: Tera templates, each decision and example rendered in parallel, then the page.

use rayon::prelude::*;
use tera::{Context, Tera};

use super::{RenderContext, RenderError, RenderedFile, Renderer};
use crate::render::templates::Templates;

pub struct HtmlRenderer;

const PAGE: &str = "pack.html";
const DECISION: &str = "decision.html";
const EXAMPLE: &str = "example.html";

/// Loads every HTML template (built-in, then the pack's overrides) into one Tera instance.
pub fn tera(templates: &Templates) -> Result<Tera, RenderError> {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html"]);
    let sources: Vec<(&str, &str)> = templates
        .iter()
        .filter(|(name, _)| name.ends_with(".html") || name.ends_with(".css"))
        .map(|(name, t)| (name, t.text.as_str()))
        .collect();
    tera.add_raw_templates(sources)
        .map_err(|e| template_error(templates, e))?;
    Ok(tera)
}

fn template_error(templates: &Templates, error: tera::Error) -> RenderError {
    let mut text = error.to_string();
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
    RenderError(format!("a template could not be used:\n{text}{hint}"))
}

impl Renderer for HtmlRenderer {
    fn name(&self) -> &'static str {
        "html"
    }

    fn render(&self, cx: &RenderContext) -> Result<RenderedFile, RenderError> {
        let tera = tera(cx.templates)?;
        let view = cx.view;
        let mut base = Context::new();
        base.insert("pack", &view.pack);
        base.insert("draft", &view.draft);

        let decisions_html =
            render_each(&tera, cx.templates, &base, DECISION, "d", &view.decisions)?;
        let examples_html = render_each(&tera, cx.templates, &base, EXAMPLE, "e", &view.examples)?;

        let mut page = base;
        page.insert("sections", &view.sections);
        page.insert("dashboard", &view.dashboard);
        page.insert("coverage", &view.coverage);
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
        page.insert("decisions_html", &decisions_html);
        page.insert("examples_html", &examples_html);
        page.insert("generator", &view.generator);
        let html = tera
            .render(PAGE, &page)
            .map_err(|e| template_error(cx.templates, e))?;
        Ok(RenderedFile {
            name: "pack.html".to_string(),
            bytes: html.into_bytes(),
        })
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

impl<'a> From<&'a super::view::DecisionView> for Summary<'a> {
    fn from(d: &'a super::view::DecisionView) -> Self {
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
    fn from_example(e: &'a super::view::ExampleView) -> Self {
        Summary {
            id: &e.id,
            anchor: &e.anchor,
            title: &e.title,
            person: None,
            outcome_label: None,
        }
    }
}

/// Renders one template per item, in parallel, joined in the items' order.
fn render_each<T: serde::Serialize + Sync>(
    tera: &Tera,
    templates: &Templates,
    base: &Context,
    name: &str,
    key: &'static str,
    items: &[T],
) -> Result<String, RenderError> {
    let parts: Vec<String> = items
        .par_iter()
        .map(|item| {
            let mut context = base.clone();
            context.insert(key, item);
            tera.render(name, &context)
                .map_err(|e| template_error(templates, e))
        })
        .collect::<Result<_, _>>()?;
    Ok(parts.concat())
}
