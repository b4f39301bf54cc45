//! Rendering the view: a renderer per output format behind the [`Renderer`] trait, the output
//! folder's staging, and the manifest.

pub mod html;
pub mod manifest;
pub mod output;
pub mod pdf;
pub mod templates;
pub mod tender;

use std::path::Path;

use crate::error::Error;
use crate::view::PackView;
use output::{Staging, WrittenFile};
use templates::Templates;

/// What every renderer is given.
pub struct RenderContext<'a> {
    /// The view model. Its Markdown fields hold HTML only; their trees (for the PDF template)
    /// are in `pack_json`.
    pub view: &'a PackView,
    /// The whole view model as `pack.json`, already written into the output being built.
    pub pack_json: &'a Path,
    pub templates: &'a Templates,
}

/// An output format: HTML through Tera, PDF through the Typst CLI.
pub trait Renderer {
    fn name(&self) -> &'static str;
    /// Writes this format's file into the output folder being built, and says what it wrote.
    fn render(&self, cx: &RenderContext, out: &Staging) -> Result<WrittenFile, Error>;
}
