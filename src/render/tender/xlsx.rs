//! `matrix.xlsx`: the compliance matrix, one row per question (SPEC section 10), with a header
//! row, filters, frozen panes and widths that fit; over-limit and missing answers are said in
//! words, not only in colour.

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};

use super::{DRAFT_MARK, QuestionRow, Standing, TenderReport};

/// The columns: heading and width (in characters).
const COLUMNS: &[(&str, f64)] = &[
    ("Question", 10.0),
    ("Question text", 50.0),
    ("Weight (%)", 11.0),
    ("Limit", 9.0),
    ("Unit", 22.0),
    ("Count", 9.0),
    ("Headroom", 11.0),
    ("Status", 30.0),
    ("Criteria covered", 30.0),
    ("Criteria missing", 30.0),
    ("Examples used", 30.0),
    ("Consent valid until", 24.0),
    ("Decision records cited", 26.0),
    ("Findings", 60.0),
];

/// The workbook, as the bytes of an .xlsx file.
pub fn render(report: &TenderReport) -> Result<Vec<u8>, String> {
    build(report)
        .map_err(|e| format!("could not write matrix.xlsx: {e}"))
        .and_then(|bytes| {
            super::zip::normalise(&bytes, report.as_of)
                .map_err(|e| format!("could not write matrix.xlsx: {e}"))
        })
}

fn build(report: &TenderReport) -> Result<Vec<u8>, XlsxError> {
    use chrono::Datelike;
    let mut workbook = Workbook::new();
    let date = report.as_of.0;
    let created = ExcelDateTime::from_ymd(
        u16::try_from(date.year().clamp(1900, 9999)).unwrap_or(1900),
        date.month() as u8,
        date.day() as u8,
    )?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!(
                "Compliance matrix: {}",
                report.tender.file.tender.title.trim()
            ))
            .set_author("evidence-pack")
            .set_creation_datetime(&created),
    );
    let sheet = workbook.add_worksheet();
    sheet.set_name(if report.draft {
        "DRAFT Compliance matrix"
    } else {
        "Compliance matrix"
    })?;
    write_sheet(sheet, report)?;
    workbook.save_to_buffer()
}

fn write_sheet(sheet: &mut Worksheet, report: &TenderReport) -> Result<(), XlsxError> {
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color(Color::RGB(0x1D3557))
        .set_font_color(Color::White)
        .set_border(FormatBorder::Thin);
    let text = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let number = Format::new().set_align(FormatAlign::Top);
    let alert = Format::new()
        .set_text_wrap()
        .set_bold()
        .set_align(FormatAlign::Top)
        .set_background_color(Color::RGB(0xF4CDC6));
    // A draft's first row says so, above the headings.
    let top = u32::from(report.draft);
    if report.draft {
        let mark = Format::new()
            .set_bold()
            .set_font_color(Color::RGB(0xD4351C));
        sheet.write_string_with_format(0, 0, DRAFT_MARK, &mark)?;
    }
    for (col, (heading, width)) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(top, col as u16, *heading, &header)?;
        sheet.set_column_width(col as u16, *width)?;
    }
    for (i, row) in report.rows.iter().enumerate() {
        let r = i as u32 + 1 + top;
        let status_format = match row.standing {
            Standing::Missing | Standing::OverLimit(_) => &alert,
            _ => &text,
        };
        write_row(sheet, r, row, &text, &number, status_format)?;
    }
    let last = report.rows.len() as u32 + top;
    sheet.autofilter(top, 0, last.max(top + 1), COLUMNS.len() as u16 - 1)?;
    sheet.set_freeze_panes(top + 1, 1)?;
    sheet.set_landscape();
    sheet.set_paper_size(9); // A4
    sheet.set_repeat_rows(0, top)?;
    sheet.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// How many lines a cell of `text` takes in a column `width` characters wide, wrapped.
fn lines_needed(text: &str, width: f64) -> usize {
    let per_line = (width * 0.95).max(1.0) as usize;
    text.split('\n')
        .map(|line| line.chars().count().div_ceil(per_line).max(1))
        .sum()
}

fn write_row(
    sheet: &mut Worksheet,
    r: u32,
    row: &QuestionRow,
    text: &Format,
    number: &Format,
    status_format: &Format,
) -> Result<(), XlsxError> {
    let q = row.question;
    sheet.write_string_with_format(r, 0, q.id.trim(), text)?;
    sheet.write_string_with_format(r, 1, q.text.trim(), text)?;
    match q.weight {
        Some(w) => sheet.write_number_with_format(r, 2, w, number)?,
        None => sheet.write_string_with_format(r, 2, "", text)?,
    };
    sheet.write_number_with_format(r, 3, q.limit as f64, number)?;
    sheet.write_string_with_format(r, 4, row.limit_text_unit(), text)?;
    if row.answer.is_some() {
        sheet.write_number_with_format(r, 5, row.count as f64, number)?;
        sheet.write_number_with_format(r, 6, row.headroom() as f64, number)?;
    } else {
        sheet.write_string_with_format(r, 5, "", text)?;
        sheet.write_string_with_format(r, 6, "", text)?;
    }
    sheet.write_string_with_format(r, 7, row.standing.words(q.count), status_format)?;
    sheet.write_string_with_format(r, 8, row.covered.join(", "), text)?;
    sheet.write_string_with_format(r, 9, row.not_covered.join(", "), text)?;
    let examples: Vec<&str> = row.examples.iter().map(|e| e.id.as_str()).collect();
    sheet.write_string_with_format(r, 10, examples.join(", "), text)?;
    let consent: Vec<String> = row
        .examples
        .iter()
        .map(|e| format!("{}: {}", e.id, e.consent_until))
        .collect();
    sheet.write_string_with_format(r, 11, consent.join("\n"), text)?;
    let decisions: Vec<&str> = row.decisions.iter().map(|(id, _)| id.as_str()).collect();
    sheet.write_string_with_format(r, 12, decisions.join(", "), text)?;
    let findings: Vec<String> = row
        .findings
        .iter()
        .map(|f| format!("{} [{}]: {}", f.level.as_str(), f.rule, f.message))
        .collect();
    let findings = findings.join("\n");
    sheet.write_string_with_format(r, 13, &findings, text)?;
    // Wrapped rows are given their height here: not every spreadsheet program works it out.
    let tallest = [
        (q.text.trim().to_string(), 1),
        (consent.join("\n"), 11),
        (findings, 13),
        (row.standing.words(q.count), 7),
        (row.covered.join(", "), 8),
        (row.not_covered.join(", "), 9),
    ]
    .iter()
    .map(|(t, col)| lines_needed(t, COLUMNS[*col].1))
    .max()
    .unwrap_or(1);
    sheet.set_row_height(r, 15.0 * tallest as f64 + 2.0)?;
    Ok(())
}

impl QuestionRow<'_> {
    /// The unit, with how a line break counts for characters: "characters (line break = 2)".
    fn limit_text_unit(&self) -> String {
        let q = self.question;
        match q.count {
            crate::model::tender::CountUnit::Characters => {
                format!("characters (line break = {})", q.line_break)
            }
            unit => unit.label().to_string(),
        }
    }
}
