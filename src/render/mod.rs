//! Rendering: one view model, and a renderer per output format behind the [`Renderer`] trait.

pub mod first_page;
pub mod html;
pub mod lawful_view;
pub mod markdown;
pub mod outcomes_view;
pub mod output;
pub mod pack_json;
pub mod pdf;
pub mod templates;
pub mod view;

use std::fmt;
use std::path::Path;

use output::{Staging, WrittenFile};
use templates::Templates;
use view::PackView;

/// What every renderer is given.
pub struct RenderContext<'a> {
    /// The view model. Its Markdown fields hold HTML only; their trees (for the PDF template)
    /// are in `pack_json`.
    pub view: &'a PackView,
    /// The whole view model as `pack.json`, already written into the output being built.
    pub pack_json: &'a Path,
    pub templates: &'a Templates,
}

/// Why a renderer failed. Template errors name the template file and line.
#[derive(Debug)]
pub struct RenderError(pub String);

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<output::OutputError> for RenderError {
    fn from(e: output::OutputError) -> Self {
        RenderError(e.0)
    }
}

/// An output format: HTML through Tera, PDF through the Typst CLI.
pub trait Renderer {
    fn name(&self) -> &'static str;
    /// Writes this format's file into the output folder being built, and says what it wrote.
    fn render(&self, cx: &RenderContext, out: &Staging) -> Result<WrittenFile, RenderError>;
}
