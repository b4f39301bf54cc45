//! The PDF pack through the Typst CLI (not yet available).

use super::{RenderContext, RenderError, RenderedFile, Renderer};

pub struct PdfRenderer;

impl PdfRenderer {
    pub fn new(
        _typst: Option<std::path::PathBuf>,
        _root: &std::path::Path,
        _as_of: crate::model::Date,
    ) -> Result<PdfRenderer, crate::commands::Fatal> {
        Err(crate::commands::Fatal(
            "The PDF pack is not available yet. Build the HTML pack with --html.".to_string(),
        ))
    }
}

impl Renderer for PdfRenderer {
    fn name(&self) -> &'static str {
        "pdf"
    }

    fn render(&self, _cx: &RenderContext) -> Result<RenderedFile, RenderError> {
        Err(RenderError(
            "The PDF pack is not available yet; use --html.".to_string(),
        ))
    }
}
