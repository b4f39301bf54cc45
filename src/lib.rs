//! evidence-pack: checks co-produced decision records and practice examples, and renders a
//! commissioner-ready evidence pack as HTML and PDF.

pub mod authoring;
pub mod checked;
pub mod cleanup;
pub mod cli;
pub mod commands;
pub mod diagnostics;
pub mod error;
pub mod fonts;
pub mod hash;
pub mod importer;
pub mod load;
pub mod markdown;
pub mod model;
pub mod privacy;
pub mod render;
pub mod rules;
pub mod select;
pub mod serve;
pub mod source;
pub mod tender;
pub mod text;
pub mod timings;
pub mod view;
