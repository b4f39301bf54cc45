//! `tender.html`: the tender as one self-contained page for the bid team's review, in the look of
//! pack.html (its stylesheet), with each answer's count against its limit and its findings. Made
//! from `templates/tender.html` (built in, or the pack's own) and the data of [`TenderPage`]: the
//! template engine escapes every text; answers are Markdown rendered and sanitised as pack.html's
//! are.

use super::TenderReport;
use super::page::TenderPage;
use crate::error::Error;
use crate::render::templates::Templates;

/// The template's name, in the built-in templates and a pack's `templates/` folder.
pub const TEMPLATE: &str = "tender.html";

/// The page, as bytes.
pub fn render(report: &TenderReport, templates: &Templates) -> Result<Vec<u8>, Error> {
    // The page's fields at the top level, as pack.html's are.
    let mut context = tera::Context::new();
    let value = serde_json::to_value(TenderPage::new(report))
        .map_err(|e| Error::new(format!("could not write {TEMPLATE}: {e}")))?;
    if let serde_json::Value::Object(fields) = value {
        for (key, field) in fields {
            context.insert(key, &field);
        }
    }
    crate::render::html::render_one(templates, TEMPLATE, &context).map(String::into_bytes)
}
