//! `answers.docx`: the answers as a Word document (A4) with real Word styles (Title, Heading 1
//! and 2, Normal, List Bullet, List Number, Quote), so that a bid team's own template can
//! restyle it; at the end, the evidence behind each answer.

use docx_rs::{
    AbstractNumbering, AlignmentType, BreakType, Docx, Footer, IndentLevel, Level, LevelJc,
    LevelOverride, LevelText, LineSpacing, NumberFormat, Numbering, NumberingId, PageMargin,
    PageNum, Paragraph, Pic, Run, RunFonts, SpecialIndentType, Start, Style, StyleType,
};

use super::{QuestionRow, TenderReport};
use crate::load::logo::{Logo, LogoFormat};
use crate::markdown::{Block, Inline};

/// A4 in twentieths of a point.
const A4_WIDTH: u32 = 11906;
const A4_HEIGHT: u32 = 16838;
/// 2.5 cm margins.
const MARGIN: i32 = 1418;
/// Numbering ids: docx-rs writes a numbering of its own as 1.
const BULLETS: usize = 10;
const NUMBERS: usize = 11;
/// Each numbered list is its own numbering from here, so that it counts from its own start.
const NUMBERED_LISTS: usize = 100;

/// The document, as the bytes of a .docx file.
pub fn render(report: &TenderReport) -> Result<Vec<u8>, String> {
    let mut doc = Writer::new();
    let t = &report.tender.file.tender;
    if let Some(logo) = report.logo.and_then(logo_picture) {
        doc.paragraphs
            .push(Paragraph::new().add_run(Run::new().add_image(logo)));
    }
    doc.para("Title", vec![text_run(t.title.trim())]);
    if report.draft {
        doc.para(
            "Normal",
            vec![text_run("Draft — not for submission.").bold()],
        );
    }
    doc.para(
        "Normal",
        vec![text_run(format!("Buyer: {}", t.buyer.trim()))],
    );
    doc.para(
        "Normal",
        vec![text_run(format!("Deadline: {}", t.deadline.long()))],
    );
    doc.para(
        "Normal",
        vec![text_run(format!(
            "Figures as at {}.",
            report.figures_as_of()
        ))],
    );
    for row in &report.rows {
        question(&mut doc, row);
    }
    evidence(&mut doc, report);

    let stamp = format!("{}T00:00:00Z", report.as_of.iso());
    let mut docx = Docx::new()
        .page_size(A4_WIDTH, A4_HEIGHT)
        .page_margin(
            PageMargin::new()
                .top(MARGIN)
                .bottom(MARGIN)
                .left(MARGIN)
                .right(MARGIN)
                .header(709)
                .footer(709),
        )
        .default_fonts(RunFonts::new().ascii("Arial").hi_ansi("Arial").cs("Arial"))
        .default_size(22)
        .default_line_spacing(LineSpacing::new().after(160).line(276))
        .created_at(&stamp)
        .updated_at(&stamp)
        .footer(
            Footer::new().add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Right)
                    .add_run(text_run("Page "))
                    .add_page_num(PageNum::new()),
            ),
        );
    for style in styles() {
        docx = docx.add_style(style);
    }
    docx = docx
        .add_abstract_numbering(list_numbering(BULLETS, "bullet", "•"))
        .add_abstract_numbering(list_numbering(NUMBERS, "decimal", "%1."))
        .add_numbering(Numbering::new(BULLETS, BULLETS));
    for (id, start) in &doc.numbered_lists {
        docx = docx.add_numbering(
            Numbering::new(*id, NUMBERS).add_override(LevelOverride::new(0).start(*start)),
        );
    }
    for p in doc.paragraphs {
        docx = docx.add_paragraph(p);
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    docx.build()
        .pack(&mut bytes)
        .map_err(|e| format!("could not write answers.docx: {e}"))?;
    super::zip::normalise(&bytes.into_inner(), report.as_of)
        .map_err(|e| format!("could not write answers.docx: {e}"))
}

/// A PNG logo as a picture at most 2 cm high and 8 cm wide, with a fixed id so that the same
/// inputs give the same bytes. Word cannot take an SVG without a PNG beside it, so an SVG logo
/// is left out of answers.docx (the HTML and PDF packs show it).
fn logo_picture(logo: &Logo) -> Option<Pic> {
    const EMU_PER_CM: f64 = 360_000.0;
    let (w, h) = logo.size.filter(|_| logo.format == LogoFormat::Png)?;
    let (w, h) = (f64::from(w), f64::from(h));
    let scale = (2.0 * EMU_PER_CM / h).min(8.0 * EMU_PER_CM / w);
    Some(
        Pic::new_with_dimensions(logo.bytes.clone(), 1, 1)
            .id("rIdLogo")
            .size((w * scale).round() as u32, (h * scale).round() as u32),
    )
}

fn styles() -> Vec<Style> {
    vec![
        Style::new("Title", StyleType::Paragraph)
            .name("Title")
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .size(48)
            .bold(),
        Style::new("Heading1", StyleType::Paragraph)
            .name("heading 1")
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .size(30)
            .bold()
            .color("1D3557")
            .outline_lvl(0)
            .line_spacing(LineSpacing::new().before(360).after(120)),
        Style::new("Heading2", StyleType::Paragraph)
            .name("heading 2")
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .size(26)
            .bold()
            .outline_lvl(1)
            .line_spacing(LineSpacing::new().before(240).after(80)),
        Style::new("ListBullet", StyleType::Paragraph)
            .name("List Bullet")
            .based_on("Normal")
            .q_format(true),
        Style::new("ListNumber", StyleType::Paragraph)
            .name("List Number")
            .based_on("Normal")
            .q_format(true),
        Style::new("Quote", StyleType::Paragraph)
            .name("Quote")
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .italic()
            .indent(Some(720), None, Some(720), None),
    ]
}

fn list_numbering(id: usize, format: &str, text: &str) -> AbstractNumbering {
    let mut numbering = AbstractNumbering::new(id);
    for level in 0..3 {
        numbering = numbering.add_level(
            Level::new(
                level,
                Start::new(1),
                NumberFormat::new(format),
                LevelText::new(if format == "decimal" {
                    format!("%{}.", level + 1)
                } else {
                    text.to_string()
                }),
                LevelJc::new("left"),
            )
            .indent(
                Some(720 * (level as i32 + 1)),
                Some(SpecialIndentType::Hanging(360)),
                None,
                None,
            ),
        );
    }
    numbering
}

/// The paragraphs of the document, and the numbered lists (each numbered from its own start).
struct Writer {
    paragraphs: Vec<Paragraph>,
    numbered_lists: Vec<(usize, usize)>,
}

impl Writer {
    fn new() -> Writer {
        Writer {
            paragraphs: Vec::new(),
            numbered_lists: Vec::new(),
        }
    }

    fn para(&mut self, style: &str, runs: Vec<Run>) {
        let mut p = Paragraph::new().style(style);
        for run in runs {
            p = p.add_run(run);
        }
        self.paragraphs.push(p);
    }

    fn blocks(&mut self, blocks: &[Block], quote: bool, depth: usize) {
        for block in blocks {
            match block {
                Block::Paragraph { inlines } => {
                    self.para(if quote { "Quote" } else { "Normal" }, runs(inlines))
                }
                Block::Heading { inlines, .. } => self.para("Heading2", runs(inlines)),
                Block::List {
                    ordered,
                    start,
                    items,
                } => self.list(*ordered, *start, items, quote, depth),
                Block::Quote { blocks } => self.blocks(blocks, true, depth),
                Block::Code { text } => {
                    for line in text.trim_end().lines() {
                        self.para("Normal", vec![text_run(line)]);
                    }
                }
                Block::Rule => {}
            }
        }
    }

    fn list(&mut self, ordered: bool, start: u64, items: &[Vec<Block>], quote: bool, depth: usize) {
        let (style, numbering) = if ordered {
            let id = NUMBERED_LISTS + self.numbered_lists.len();
            self.numbered_lists.push((id, start as usize));
            ("ListNumber", id)
        } else {
            ("ListBullet", BULLETS)
        };
        let level = depth.min(2);
        for item in items {
            let mut first = true;
            for block in item {
                match block {
                    Block::Paragraph { inlines } | Block::Heading { inlines, .. } => {
                        let mut p = Paragraph::new().style(style);
                        if first {
                            p = p.numbering(NumberingId::new(numbering), IndentLevel::new(level));
                        } else {
                            p = p.indent(Some(720 * (level as i32 + 1)), None, None, None);
                        }
                        for run in runs(inlines) {
                            p = p.add_run(run);
                        }
                        self.paragraphs.push(p);
                        first = false;
                    }
                    Block::List {
                        ordered,
                        start,
                        items,
                    } => self.list(*ordered, *start, items, quote, depth + 1),
                    other => self.blocks(std::slice::from_ref(other), quote, depth),
                }
            }
        }
    }
}

/// A run of text, without the control characters that XML (and so Word) cannot hold (docx-rs
/// drops them too; this does not rely on it).
fn text_run(text: impl AsRef<str>) -> Run {
    let text: String = text
        .as_ref()
        .chars()
        .filter(|&c| {
            (!c.is_control() || matches!(c, '\t' | '\n')) && !matches!(c, '\u{FFFE}' | '\u{FFFF}')
        })
        .collect();
    Run::new().add_text(text)
}

/// Runs for inline Markdown: emphasis as italic, strong as bold, a hard break as a line break.
fn runs(inlines: &[Inline]) -> Vec<Run> {
    let mut out = Vec::new();
    push_runs(inlines, false, false, &mut out);
    out
}

fn push_runs(inlines: &[Inline], bold: bool, italic: bool, out: &mut Vec<Run>) {
    for inline in inlines {
        match inline {
            Inline::Text { text } | Inline::Code { text } => {
                let mut run = text_run(text);
                if bold {
                    run = run.bold();
                }
                if italic {
                    run = run.italic();
                }
                out.push(run);
            }
            Inline::Emph { inlines } => push_runs(inlines, bold, true, out),
            Inline::Strong { inlines } => push_runs(inlines, true, italic, out),
            Inline::Link { inlines, .. } => push_runs(inlines, bold, italic, out),
            Inline::Break => out.push(Run::new().add_break(BreakType::TextWrapping)),
        }
    }
}

fn question(doc: &mut Writer, row: &QuestionRow) {
    let q = row.question;
    doc.para(
        "Heading1",
        vec![text_run(format!("{} {}", q.id.trim(), q.text.trim()))],
    );
    let mut facts = format!("Limit: {}.", row.limit_text());
    if let Some(w) = q.weight {
        facts.push_str(&format!(" Weight: {w}%."));
    }
    match row.answer {
        Some(_) => facts.push_str(&format!(" This answer: {}.", row.count_text())),
        None => facts.push_str(" There is no answer yet."),
    }
    doc.para("Normal", vec![text_run(facts).italic()]);
    if let Some(answer) = row.answer {
        doc.blocks(&answer.blocks, false, 0);
    }
}

fn evidence(doc: &mut Writer, report: &TenderReport) {
    doc.para("Heading1", vec![text_run("Evidence behind these answers")]);
    doc.para(
        "Normal",
        vec![text_run(format!(
            "The figures in these answers were computed from {} as at {}. Each answer draws on the decision records and practice examples listed under it.",
            crate::diagnostics::plural(report.decisions_counted, "decision record", "decision records"),
            report.figures_as_of()
        ))],
    );
    for row in &report.rows {
        if row.decisions.is_empty() && row.examples.is_empty() {
            continue;
        }
        doc.para("Heading2", vec![text_run(row.question.id.trim())]);
        for (id, title) in &row.decisions {
            let text = match title {
                Some(t) => format!("Decision record {id}: {}", t.trim()),
                None => format!("Decision record {id}"),
            };
            bullet(doc, text);
        }
        for e in &row.examples {
            let text = match &e.title {
                Some(t) => format!(
                    "Practice example {}: {} (consent until: {})",
                    e.id,
                    t.trim(),
                    e.consent_until
                ),
                None => format!("Practice example {}", e.id),
            };
            bullet(doc, text);
        }
    }
}

fn bullet(doc: &mut Writer, text: String) {
    doc.paragraphs.push(
        Paragraph::new()
            .style("ListBullet")
            .numbering(NumberingId::new(BULLETS), IndentLevel::new(0))
            .add_run(text_run(text)),
    );
}
