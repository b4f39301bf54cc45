//! The outputs of `evidence-pack tender ID` (SPEC section 10): a `.txt` file per answer for the
//! portal, `answers.docx`, `matrix.xlsx` and `tender.html`, all made from one [`TenderReport`],
//! so the count each shows is the one the rules judged.

pub mod docx;
pub mod html;
pub mod page;
pub mod xlsx;
pub mod zip;

use crate::diagnostics::{Finding, Level};
use crate::load::Pack;
use crate::model::Date;
use crate::model::example::ConsentStatus;
use crate::model::tender::{CountUnit, Question};
use crate::tender::{PreparedAnswer, PreparedTender};
use crate::text::group_thousands;

/// Where an answer stands, as the matrix and the review page say it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    Missing,
    /// Over the limit by this many units.
    OverLimit(usize),
    Draft,
    Ready,
}

impl Standing {
    pub fn words(&self, unit: CountUnit) -> String {
        match self {
            Standing::Missing => "Missing: no answer yet".to_string(),
            Standing::OverLimit(by) => format!("Over the limit by {}", unit.of(*by)),
            Standing::Draft => "Draft".to_string(),
            Standing::Ready => "Ready".to_string(),
        }
    }

    pub fn key(&self) -> &'static str {
        match self {
            Standing::Missing => "missing",
            Standing::OverLimit(_) => "over",
            Standing::Draft => "draft",
            Standing::Ready => "ready",
        }
    }
}

/// A practice example an answer uses.
#[derive(Debug, Clone)]
pub struct ExampleUse {
    pub id: String,
    pub title: Option<String>,
    /// Until when its consent holds, in words: a date, "no end date", "not required", "none".
    pub consent_until: String,
}

/// One question, its answer and everything said about it.
#[derive(Debug)]
pub struct QuestionRow<'a> {
    pub question: &'a Question,
    pub answer: Option<&'a PreparedAnswer<'a>>,
    pub count: usize,
    pub standing: Standing,
    pub covered: Vec<String>,
    pub not_covered: Vec<String>,
    pub examples: Vec<ExampleUse>,
    /// Decision records cited: id and title (None when the pack has no such record).
    pub decisions: Vec<(String, Option<String>)>,
    pub findings: Vec<&'a Finding>,
}

impl QuestionRow<'_> {
    pub fn limit(&self) -> usize {
        self.question.limit as usize
    }

    pub fn headroom(&self) -> i64 {
        self.limit() as i64 - self.count as i64
    }

    /// "712 of 750 words".
    pub fn count_text(&self) -> String {
        format!(
            "{} of {}",
            group_thousands(self.count as u64),
            self.question.count.of(self.limit())
        )
    }

    /// The limit with its unit and, for characters, how a line break is counted.
    pub fn limit_text(&self) -> String {
        let q = self.question;
        match q.count {
            CountUnit::Characters => format!(
                "{}, a line break counting as {}",
                q.count.of(self.limit()),
                q.line_break
            ),
            _ => q.count.of(self.limit()),
        }
    }
}

/// Everything the outputs of one tender show.
#[derive(Debug)]
pub struct TenderReport<'a> {
    pub tender: &'a PreparedTender<'a>,
    pub rows: Vec<QuestionRow<'a>>,
    /// The findings of this tender, already sorted.
    pub findings: &'a [Finding],
    pub as_of: Date,
    pub draft: bool,
    /// How many decision records the figures were computed from.
    pub decisions_counted: usize,
    /// The provider's logo, for the cover of answers.docx.
    pub logo: Option<&'a crate::load::logo::Logo>,
}

impl<'a> TenderReport<'a> {
    pub fn new(
        pack: &'a Pack,
        tender: &'a PreparedTender<'a>,
        findings: &'a [Finding],
        as_of: Date,
        draft: bool,
        decisions_counted: usize,
    ) -> TenderReport<'a> {
        let tender_rel = pack.source(tender.source).rel.as_str();
        let rows = tender
            .file
            .questions
            .iter()
            .enumerate()
            .map(|(i, q)| {
                let answer = tender.answer_to(i);
                let answer_rel = answer.map(|a| pack.source(a.source).rel.as_str());
                row(pack, q, answer, tender_rel, answer_rel, findings)
            })
            .collect();
        TenderReport {
            tender,
            rows,
            findings,
            as_of,
            draft,
            decisions_counted,
            logo: pack.logo.as_ref(),
        }
    }

    pub fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.level == Level::Error)
            .count()
    }

    pub fn warnings(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.level == Level::Warning)
            .count()
    }

    /// The figures' date in words: "1 November 2026".
    pub fn figures_as_of(&self) -> String {
        self.tender.figures.as_of.long()
    }
}

fn row<'a>(
    pack: &'a Pack,
    question: &'a Question,
    answer: Option<&'a PreparedAnswer<'a>>,
    tender_rel: &str,
    answer_rel: Option<&str>,
    findings: &'a [Finding],
) -> QuestionRow<'a> {
    let count = answer.map_or(0, |a| a.count);
    let standing = match answer {
        None => Standing::Missing,
        Some(_) if count > question.limit as usize => {
            Standing::OverLimit(count - question.limit as usize)
        }
        Some(a) if a.answer.status == crate::model::tender::AnswerStatus::Draft => Standing::Draft,
        Some(_) => Standing::Ready,
    };
    let covers: Vec<String> = answer
        .map(|a| {
            a.answer
                .covers
                .iter()
                .map(|c| c.trim().to_lowercase())
                .collect()
        })
        .unwrap_or_default();
    let (covered, not_covered) = question
        .criteria
        .iter()
        .map(|c| c.trim().to_string())
        .partition(|c| covers.contains(&c.to_lowercase()));
    let examples = answer
        .map(|a| {
            a.example_ids
                .iter()
                .map(|id| example_use(pack, id))
                .collect()
        })
        .unwrap_or_default();
    let decisions = answer
        .map(|a| {
            a.answer
                .decisions
                .iter()
                .map(|id| {
                    let id = id.trim();
                    let title = pack
                        .decisions
                        .iter()
                        .find(|d| d.item.id.trim() == id)
                        .map(|d| d.item.title.clone());
                    (id.to_string(), title)
                })
                .collect()
        })
        .unwrap_or_default();
    let question_id = question.id.trim();
    let findings = findings
        .iter()
        .filter(|f| {
            Some(f.file.as_str()) == answer_rel
                || (f.file == tender_rel && f.record.as_deref() == Some(question_id))
        })
        .collect();
    QuestionRow {
        question,
        answer,
        count,
        standing,
        covered,
        not_covered,
        examples,
        decisions,
        findings,
    }
}

fn example_use(pack: &Pack, id: &str) -> ExampleUse {
    let example = pack.examples.iter().find(|e| e.item.id.trim() == id);
    let consent_until = match example.and_then(|e| e.item.consent.as_ref()) {
        None => "none recorded".to_string(),
        Some(c) => match c.status {
            ConsentStatus::Withdrawn => "withdrawn".to_string(),
            ConsentStatus::NotRequired => "not required".to_string(),
            ConsentStatus::Given => c
                .expires
                .map_or_else(|| "no end date".to_string(), |d| d.long()),
        },
    };
    ExampleUse {
        id: id.to_string(),
        title: example.map(|e| e.item.title.clone()),
        consent_until,
    }
}

/// The answer as a portal's text box receives it: UTF-8 with CR LF line breaks, and no line
/// break at the end, so that its characters are exactly what the rules counted (with a line
/// break as 2).
pub fn portal_text(answer: &PreparedAnswer, draft: bool) -> Vec<u8> {
    let text = answer.plain.replace('\n', "\r\n");
    if draft {
        // A draft's first line says so, so that it is never pasted into a portal unawares.
        format!("{DRAFT_MARK}\r\n\r\n{text}").into_bytes()
    } else {
        text.into_bytes()
    }
}

/// How every draft output of a tender is marked.
pub const DRAFT_MARK: &str = "DRAFT — not for submission.";

/// A file name for a question's text file: `Q3.2` → `Q3.2.txt`. Characters that are not safe
/// in a file name on every system become `-`; a name Windows keeps for a device (`CON`, `NUL`,
/// `COM1`...) gets a `Q-` in front; a long id is cut to [`MAX_TXT_STEM`] characters.
pub fn txt_name(question_id: &str) -> String {
    let mut name: String = question_id
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '-'
            }
        })
        .take(MAX_TXT_STEM)
        .collect();
    let device = name.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = matches!(
        device.as_str(),
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$"
    ) || (device.len() == 4
        && (device.starts_with("COM") || device.starts_with("LPT"))
        && device.as_bytes()[3].is_ascii_digit());
    if name.is_empty() || name.starts_with('.') || reserved {
        name.insert_str(0, if reserved { "Q-" } else { "Q" });
    }
    format!("{name}.txt")
}

/// The longest name (before `.txt`) a portal file is given: well within every system's limit.
pub const MAX_TXT_STEM: usize = 64;

/// A text file name for each question id, no two alike (as Windows and macOS compare names,
/// ignoring case): a later id that makes the same name as an earlier one gets `-2`, `-3`...
pub fn txt_names<'a>(ids: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut taken = std::collections::HashSet::new();
    ids.into_iter()
        .map(|id| {
            let first = txt_name(id);
            let stem = first.trim_end_matches(".txt").to_string();
            let mut name = first;
            let mut n = 2;
            while !taken.insert(name.to_lowercase()) {
                name = format!("{stem}-{n}.txt");
                n += 1;
            }
            name
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_file_names_are_safe() {
        assert_eq!(txt_name("Q3.2"), "Q3.2.txt");
        assert_eq!(txt_name(" Q 3/2 "), "Q-3-2.txt");
        assert_eq!(txt_name(".."), "Q...txt");
        assert_eq!(txt_name(""), "Q.txt");
        assert_eq!(txt_name("CON"), "Q-CON.txt");
        assert_eq!(txt_name("nul.1"), "Q-nul.1.txt");
        assert_eq!(txt_name("com7"), "Q-com7.txt");
        assert_eq!(txt_name("COMMENT"), "COMMENT.txt");
        assert_eq!(txt_name(&"x".repeat(500)).len(), MAX_TXT_STEM + 4);
    }

    #[test]
    fn text_file_names_never_collide() {
        assert_eq!(
            txt_names(["Q 1", "Q/1", "q-1", "Q2"]),
            ["Q-1.txt", "Q-1-2.txt", "q-1-3.txt", "Q2.txt"]
        );
    }
}
