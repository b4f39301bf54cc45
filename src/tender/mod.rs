//! Tender responses (SPEC section 10): reading `tenders/<id>/`, filling answers with figures and
//! practice examples, counting them, and the rules on them ([`rules`]). The outputs are in
//! `render::tender`, the command in `commands::tender`.

pub mod count;
pub mod figures;
pub mod load;
pub mod redact;
pub mod rules;
pub mod validate;

use crate::load::Pack;
use crate::markdown::{Block, to_blocks};
use crate::model::tender::{Answer, Question, TenderFile};
use crate::model::{Date, PracticeExample};
use crate::select::Selected;
pub use figures::Figures;
pub use load::{LoadedTender, Tenders, load_tenders};

/// One answer, filled in and counted.
#[derive(Debug, Clone)]
pub struct PreparedAnswer<'a> {
    pub answer: &'a Answer,
    /// Index of the answer's file in `pack.sources`.
    pub source: usize,
    /// The question it answers, by index into the tender's questions, when there is one.
    pub question: Option<usize>,
    /// The body with figures and examples filled in (Markdown).
    pub filled: String,
    pub blocks: Vec<Block>,
    /// What a portal receives, and what is counted.
    pub plain: String,
    /// The count in the question's unit (words when the question is unknown).
    pub count: usize,
    /// Every practice example the answer uses: its `examples` and its `{{example ID}}`s, each
    /// once, in that order.
    pub example_ids: Vec<String>,
}

/// A tender with every answer filled in and counted.
#[derive(Debug)]
pub struct PreparedTender<'a> {
    pub loaded: &'a LoadedTender,
    pub file: &'a TenderFile,
    pub source: usize,
    pub figures: Figures,
    pub answers: Vec<PreparedAnswer<'a>>,
}

impl<'a> PreparedTender<'a> {
    /// The answer to question `index` (the first, when two answers name it).
    pub fn answer_to(&self, index: usize) -> Option<&PreparedAnswer<'a>> {
        self.answers.iter().find(|a| a.question == Some(index))
    }
}

/// The date a tender's figures are computed at: its `figures_as_of`, else the pack's as-of date.
pub fn figures_date(file: &TenderFile, pack_as_of: Date) -> Date {
    file.tender.figures_as_of.unwrap_or(pack_as_of)
}

/// Fills in and counts every answer of a tender whose tender.toml could be read.
pub fn prepare<'a>(
    pack: &'a Pack,
    loaded: &'a LoadedTender,
    selected: &Selected,
    pack_as_of: Date,
) -> Option<PreparedTender<'a>> {
    let file = loaded.file.as_ref()?;
    let (decisions, examples) = selected.items(pack);
    let figures = Figures::compute(
        pack,
        &decisions,
        &examples,
        figures_date(&file.item, pack_as_of),
    );
    let usable = |id: &str| -> Option<&'a PracticeExample> {
        let id = id.trim();
        pack.examples
            .iter()
            .enumerate()
            .find(|(i, e)| e.item.id.trim() == id && selected.has_example(*i))
            .map(|(_, e)| &*e.item)
    };
    let answers = loaded
        .answers
        .iter()
        .map(|a| prepare_answer(&a.item, a.source, &file.item.questions, &figures, &usable))
        .collect();
    Some(PreparedTender {
        loaded,
        file: &file.item,
        source: file.source,
        figures,
        answers,
    })
}

fn prepare_answer<'a, 'p>(
    answer: &'a Answer,
    source: usize,
    questions: &[Question],
    figures: &Figures,
    usable: &dyn Fn(&str) -> Option<&'p PracticeExample>,
) -> PreparedAnswer<'a> {
    let question = questions
        .iter()
        .position(|q| q.id.trim() == answer.question.trim());
    let filled = figures::fill(&answer.body, figures, usable);
    let blocks = to_blocks(&filled);
    let plain = crate::markdown::text::flatten(&blocks);
    let count = match question.map(|i| &questions[i]) {
        Some(q) => count::count(&plain, q.count, q.line_break),
        None => count::words(&plain),
    };
    let mut example_ids: Vec<String> = Vec::new();
    let in_body = figures::placeholders(&answer.body)
        .into_iter()
        .filter_map(|p| match p.kind {
            figures::PlaceholderKind::Example(id) => Some(id),
            _ => None,
        });
    for id in answer
        .examples
        .iter()
        .map(|e| e.trim().to_string())
        .chain(in_body)
    {
        if !example_ids.contains(&id) {
            example_ids.push(id);
        }
    }
    PreparedAnswer {
        answer,
        source,
        question,
        filled,
        blocks,
        plain,
        count,
        example_ids,
    }
}
