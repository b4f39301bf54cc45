//! What `templates/tender.html` is given: the tender report as data (every text plain, apart
//! from each answer's sanitised HTML), so the page is made by the template engine, which escapes
//! every text, and a pack can have its own `templates/tender.html` as it can pack.html.

use serde::Serialize;

use super::{QuestionRow, Standing, TenderReport};
use crate::diagnostics::{Finding, Level};
use crate::markdown::to_html;
use crate::view::anchor;

#[derive(Debug, Serialize)]
pub struct TenderPage {
    pub generator: String,
    pub draft: bool,
    pub title: String,
    pub buyer: String,
    pub deadline: DateText,
    pub figures_as_of: DateText,
    /// "5 questions, 3 ready".
    pub summary: String,
    pub name_blind: bool,
    pub questions: Vec<QuestionPage>,
    /// The tender's findings (shown on a draft).
    pub findings: Vec<FindingPage>,
    /// "2 errors", "1 warning".
    pub errors: String,
    pub warnings: String,
}

#[derive(Debug, Serialize)]
pub struct DateText {
    pub iso: String,
    pub long: String,
}

#[derive(Debug, Serialize)]
pub struct QuestionPage {
    pub anchor: String,
    pub id: String,
    pub text: String,
    /// The first words, for the contents.
    pub short: String,
    /// "15%", when weighted.
    pub weight: Option<String>,
    /// "712 of 750 words", when answered.
    pub count: Option<String>,
    /// `ready`, `draft`, `missing` or `over`.
    pub standing: &'static str,
    pub standing_words: String,
    pub limit: String,
    pub has_criteria: bool,
    pub covered: Vec<String>,
    pub not_covered: Vec<String>,
    /// The answer with figures and examples filled in, as sanitised HTML.
    pub answer_html: Option<String>,
    pub examples: Vec<ExamplePage>,
    pub decisions: Vec<DecisionPage>,
    pub findings: Vec<FindingPage>,
}

#[derive(Debug, Serialize)]
pub struct ExamplePage {
    pub id: String,
    pub title: Option<String>,
    pub consent_until: String,
}

#[derive(Debug, Serialize)]
pub struct DecisionPage {
    pub id: String,
    pub title: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct FindingPage {
    /// `error` or `warning`.
    pub level: &'static str,
    /// "Error" or "Warning".
    pub level_word: &'static str,
    /// The question it is about, when it is about one.
    pub question: Option<String>,
    pub message: String,
    pub help: String,
    pub file: String,
    pub line: usize,
    pub rule: String,
}

impl TenderPage {
    pub fn new(report: &TenderReport) -> TenderPage {
        let t = &report.tender.file.tender;
        let ready = report
            .rows
            .iter()
            .filter(|r| r.standing == Standing::Ready)
            .count();
        TenderPage {
            generator: format!("evidence-pack {}", env!("CARGO_PKG_VERSION")),
            draft: report.draft,
            title: t.title.clone(),
            buyer: t.buyer.clone(),
            deadline: DateText {
                iso: t.deadline.iso(),
                long: t.deadline.long(),
            },
            figures_as_of: DateText {
                iso: report.tender.figures.as_of.iso(),
                long: report.figures_as_of(),
            },
            summary: format!(
                "{}, {ready} ready",
                crate::diagnostics::plural(report.rows.len(), "question", "questions"),
            ),
            name_blind: t.name_blind,
            questions: report.rows.iter().map(question).collect(),
            findings: report.findings.iter().map(finding).collect(),
            errors: crate::diagnostics::plural(report.errors(), "error", "errors"),
            warnings: crate::diagnostics::plural(report.warnings(), "warning", "warnings"),
        }
    }
}

fn question(row: &QuestionRow) -> QuestionPage {
    let q = row.question;
    QuestionPage {
        anchor: anchor("q-", q.id.trim()),
        id: q.id.trim().to_string(),
        text: q.text.clone(),
        short: short(&q.text),
        weight: q.weight.map(|w| format!("{w}%")),
        count: row.answer.map(|_| row.count_text()),
        standing: match row.standing {
            Standing::OverLimit(_) => "over",
            ref other => other.key(),
        },
        standing_words: row.standing.words(q.count),
        limit: row.limit_text(),
        has_criteria: !q.criteria.is_empty(),
        covered: row.covered.clone(),
        not_covered: row.not_covered.clone(),
        answer_html: row.answer.map(|a| to_html(&a.filled)),
        examples: row
            .examples
            .iter()
            .map(|e| ExamplePage {
                id: e.id.clone(),
                title: e.title.clone(),
                consent_until: e.consent_until.clone(),
            })
            .collect(),
        decisions: row
            .decisions
            .iter()
            .map(|(id, title)| DecisionPage {
                id: id.clone(),
                title: title.clone(),
            })
            .collect(),
        findings: row.findings.iter().map(|f| finding(f)).collect(),
    }
}

fn finding(f: &Finding) -> FindingPage {
    FindingPage {
        level: f.level.as_str(),
        level_word: if f.level == Level::Error {
            "Error"
        } else {
            "Warning"
        },
        question: f.record.clone(),
        message: f.message.clone(),
        help: f.help.clone(),
        file: f.file.clone(),
        line: f.line,
        rule: f.rule.to_string(),
    }
}

/// The first words of a question, for the contents.
fn short(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= 12 {
        words.join(" ")
    } else {
        format!("{}…", words[..12].join(" "))
    }
}
