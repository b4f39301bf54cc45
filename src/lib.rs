//! evidence-pack: checks co-produced decision records and practice examples, and renders a
//! commissioner-ready evidence pack as HTML and PDF.

pub mod cli;
pub mod commands;
pub mod diagnostics;
pub mod load;
pub mod load_cache;
pub mod manifest;
pub mod memory;
pub mod model;
pub mod render;
pub mod rules;
pub mod select;
pub mod serve;
pub mod source;
pub mod text;
pub mod timings;
pub mod toml_errors;
pub mod validate;
