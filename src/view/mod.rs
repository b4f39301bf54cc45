//! The view: everything a pack shows, computed once from the checked records and written out as
//! `output/pack.json`; the HTML and PDF renderers are given the same view.
//!
//! [`pack_json`] is the pack.json format; [`build()`] builds it and writes pack.json as it goes; the
//! other files each build one part (records, dashboard, coverage, the front of the pack) or make
//! text fit to show ([`redact`]).

mod build;
mod coverage;
mod dashboard;
mod first_page;
mod front;
mod lawful;
mod outcomes;
pub mod pack_json;
mod record;
mod redact;
mod registers;
mod restrictions;

pub use build::build;
pub use dashboard::dashboard_only;
pub use pack_json::*;
pub use registers::{
    DecisionRegisterRow, LibertyRegisterRow, RegisterRecord, Registers, RestrictionRegisterRow,
};

use crate::diagnostics::Finding;
use crate::load::Pack;
use crate::model::{Date, DecisionRecord, PracticeExample};

/// What goes into the view: the pack, the records chosen for it, the as-of date and findings.
pub struct ViewInput<'a> {
    pub pack: &'a Pack,
    pub decisions: Vec<&'a DecisionRecord>,
    pub examples: Vec<&'a PracticeExample>,
    pub as_of: Date,
    pub findings: &'a [Finding],
    pub draft: bool,
}

impl<'a> ViewInput<'a> {
    /// Every record and example of the pack, in the order they were read.
    pub fn of_whole_pack(
        pack: &'a Pack,
        as_of: Date,
        findings: &'a [Finding],
        draft: bool,
    ) -> ViewInput<'a> {
        ViewInput {
            pack,
            decisions: pack.decisions.iter().map(|d| &*d.item).collect(),
            examples: pack.examples.iter().map(|e| &*e.item).collect(),
            as_of,
            findings,
            draft,
        }
    }
}
