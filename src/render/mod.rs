//! Rendering: one view model, and a renderer per output format behind the [`Renderer`] trait.

pub mod html;
pub mod markdown;
pub mod output;
pub mod pdf;
pub mod templates;
pub mod view;

use std::fmt;

use templates::Templates;
use view::PackView;

/// What every renderer is given.
pub struct RenderContext<'a> {
    pub view: &'a PackView,
    /// The view as JSON (written as pack.json; the PDF template reads it).
    pub view_json: &'a [u8],
    pub templates: &'a Templates,
}

/// A file a renderer produced, by name within the output folder.
pub struct RenderedFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Why a renderer failed. Template errors name the template file and line.
#[derive(Debug)]
pub struct RenderError(pub String);

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An output format: HTML through Tera, PDF through the Typst CLI.
pub trait Renderer {
    fn name(&self) -> &'static str;
    fn render(&self, cx: &RenderContext) -> Result<RenderedFile, RenderError>;
}

/// The view model as pretty, stable JSON.
pub fn view_json(view: &PackView) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(view).expect("the view model serialises");
    bytes.push(b'\n');
    bytes
}
