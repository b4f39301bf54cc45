//! The pack's data: settings, decision records, practice examples and frameworks.

pub mod date;
pub mod decision;
pub mod derived;
pub mod example;
pub mod framework;
pub mod lawful;
pub mod liberty;
pub mod outcomes;
pub mod oversight;
pub mod pack_config;
pub mod placeholder;
pub mod policy;
pub mod restrictions;
pub mod review;
pub mod schema;
pub mod tender;

pub use date::Date;
pub use decision::DecisionRecord;
pub use example::PracticeExample;
pub use framework::{Framework, Frameworks};
pub use pack_config::PackConfig;

/// Titles, ids and person references longer than this are refused: they head pages, bookmarks and
/// the contents.
pub const MAX_HEADING_CHARS: usize = 300;
