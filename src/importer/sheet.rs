//! Reading a sheet as providers keep it: a workbook (`.xlsx`, `.xls`, `.ods`, read with calamine)
//! or a `.csv` file (UTF-8 or Windows-1252, comma- or semicolon-separated). The first row with
//! anything in it is the header row; every row after it is numbered as a spreadsheet shows it.

use std::path::Path;

use calamine::{Data, Reader};

use crate::error::Error;
use crate::model::Date;

/// One cell's value, as the file holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A cell a workbook stores as a date (an Excel serial date with a date format).
    Date(Date),
    Bool(bool),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(text) => text.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text, as a spreadsheet shows it: whole numbers without ".0", dates as
    /// `2026-03-14`.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(text) => text.clone(),
            Cell::Number(n) => number_text(*n),
            Cell::Date(date) => date.iso(),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        }
    }
}

/// A number as a spreadsheet shows it: `3` rather than `3.0`.
pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A row below the header, with its number as the spreadsheet shows it (the header row is
/// usually row 1, so the first row of data is row 2).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub number: usize,
    pub cells: Vec<Cell>,
}

impl Row {
    pub fn cell(&self, column: usize) -> &Cell {
        self.cells.get(column).unwrap_or(&Cell::Empty)
    }
}

/// A sheet: its name in the workbook (none for a CSV file), its header row and its rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: Option<String>,
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
}

impl Sheet {
    /// The column whose header is `header`, ignoring case and spaces at either end.
    pub fn column(&self, header: &str) -> Option<usize> {
        let wanted = fold_header(header);
        self.headers.iter().position(|h| fold_header(h) == wanted)
    }
}

/// A header as it is compared: lowercase, spaces (of any kind) collapsed.
pub fn fold_header(header: &str) -> String {
    header
        .split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Reads the file: a workbook's sheet named `sheet` (default: the first), or a CSV file.
pub fn read(path: &Path, sheet: Option<&str>) -> Result<Sheet, Error> {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "csv" | "txt" => {
            let bytes = std::fs::read(path).map_err(|e| {
                Error::new(format!("Could not read {}: {e}.", path.display()))
                    .with_help("Check the file name and that the file is not open in another program.")
            })?;
            read_csv(&bytes)
        }
        "xlsx" | "xlsm" | "xls" | "ods" => read_workbook(path, sheet),
        _ => Err(Error::new(format!(
            "{} is not a file evidence-pack can import.",
            path.display()
        ))
        .with_help(
            "Save the sheet as Excel (.xlsx), OpenDocument (.ods) or CSV (.csv), then import that file.",
        )),
    }
}

fn read_workbook(path: &Path, wanted: Option<&str>) -> Result<Sheet, Error> {
    let mut workbook = calamine::open_workbook_auto(path).map_err(|e| {
        Error::new(format!("Could not open {} as a spreadsheet: {e}.", path.display())).with_help(
            "Open it in Excel or LibreOffice and save it again as .xlsx, or export the sheet as CSV.",
        )
    })?;
    let names = workbook.sheet_names();
    let name = match wanted {
        Some(wanted) => names
            .iter()
            .find(|n| fold_header(n) == fold_header(wanted))
            .cloned()
            .ok_or_else(|| {
                Error::new(format!("The workbook has no sheet called \"{wanted}\"."))
                    .with_help(format!("Its sheets are: {}.", quoted_list(&names)))
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| Error::new(format!("{} has no sheets.", path.display())))?,
    };
    let range = workbook.worksheet_range(&name).map_err(|e| {
        Error::new(format!(
            "Could not read the sheet \"{name}\" of {}: {e}.",
            path.display()
        ))
    })?;
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    let grid = range
        .rows()
        .enumerate()
        .map(|(i, cells)| (first_row + i + 1, cells.iter().map(cell_of).collect()));
    Ok(from_grid(Some(name), grid))
}

fn quoted_list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("\"{n}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty | Data::Error(_) => Cell::Empty,
        Data::String(text) => Cell::Text(text.clone()),
        Data::Int(n) => Cell::Number(*n as f64),
        Data::Float(n) => Cell::Number(*n),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (year, month, day, ..) = dt.to_ymd_hms_milli();
            Date::from_ymd(i32::from(year), u32::from(month), u32::from(day))
                .map_or(Cell::Number(dt.as_f64()), Cell::Date)
        }
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::DateTimeIso(text) => text
            .get(..10)
            .and_then(|d| Date::parse_iso(d).ok())
            .map_or_else(|| Cell::Text(text.clone()), Cell::Date),
        Data::DurationIso(text) => Cell::Text(text.clone()),
    }
}

/// Reads a CSV file: UTF-8 (with or without a byte-order mark) or, when it is not valid UTF-8,
/// Windows-1252 (what Excel writes on a UK Windows computer); separated by commas, or by
/// semicolons when the header row has more of them (Excel in many European settings).
pub fn read_csv(bytes: &[u8]) -> Result<Sheet, Error> {
    let text = decode(bytes);
    let delimiter = delimiter_of(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut grid = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            Error::new(format!(
                "Row {} of the CSV file could not be read: {e}.",
                i + 1
            ))
            .with_help(
                "Open the file in Excel or LibreOffice, save it again as CSV, and import that.",
            )
        })?;
        let cells = record
            .iter()
            .map(|field| {
                if field.trim().is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(field.to_string())
                }
            })
            .collect();
        grid.push((i + 1, cells));
    }
    Ok(from_grid(None, grid))
}

fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

/// `;` when the first line (outside quotes) has more semicolons than commas, else `,`.
fn delimiter_of(text: &str) -> u8 {
    let (mut commas, mut semicolons, mut quoted) = (0, 0, false);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semicolons += 1,
            '\n' if !quoted => break,
            _ => {}
        }
    }
    if semicolons > commas { b';' } else { b',' }
}

/// The header row is the first row with anything in it; rows after it with nothing in them are
/// left out.
fn from_grid(name: Option<String>, grid: impl IntoIterator<Item = (usize, Vec<Cell>)>) -> Sheet {
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    for (number, cells) in grid {
        if cells.iter().all(Cell::is_empty) {
            continue;
        }
        match headers {
            None => {
                let mut names: Vec<String> =
                    cells.iter().map(|c| c.text().trim().to_string()).collect();
                while names.last().is_some_and(String::is_empty) {
                    names.pop();
                }
                headers = Some(names);
            }
            Some(_) => rows.push(Row { number, cells }),
        }
    }
    Sheet {
        name,
        headers: headers.unwrap_or_default(),
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_windows_1252_csv_with_semicolons_reads_as_text() {
        // "Café" and "£5" in Windows-1252, separated by semicolons, with a quoted semicolon.
        let bytes = b"Name;Note\r\nCaf\xe9;\"\xa35; weekly\"\r\n;\r\nX;\x93quoted\x94\r\n";
        let sheet = read_csv(bytes).unwrap();
        assert_eq!(sheet.headers, vec!["Name", "Note"]);
        assert_eq!(sheet.rows.len(), 2);
        assert_eq!(sheet.rows[0].number, 2);
        assert_eq!(sheet.rows[0].cell(0).text(), "Café");
        assert_eq!(sheet.rows[0].cell(1).text(), "£5; weekly");
        // The empty row 3 is left out; row 4 keeps its number.
        assert_eq!(sheet.rows[1].number, 4);
        assert_eq!(sheet.rows[1].cell(1).text(), "\u{201c}quoted\u{201d}");
        assert_eq!(sheet.column(" note "), Some(1));
    }

    #[test]
    fn a_utf8_csv_with_a_byte_order_mark_and_commas() {
        let sheet =
            read_csv("\u{feff}Risk,Likelihood\n\"Falls, at night\",High\n".as_bytes()).unwrap();
        assert_eq!(sheet.headers, vec!["Risk", "Likelihood"]);
        assert_eq!(sheet.rows[0].cell(0).text(), "Falls, at night");
        assert_eq!(sheet.rows[0].cell(5), &Cell::Empty);
    }

    #[test]
    fn numbers_show_as_a_spreadsheet_shows_them() {
        assert_eq!(number_text(3.0), "3");
        assert_eq!(number_text(3.5), "3.5");
    }

    #[test]
    fn an_unknown_kind_of_file_says_what_to_save_it_as() {
        let err = read(Path::new("register.pdf"), None).unwrap_err();
        assert!(err.help.unwrap().contains(".xlsx"));
    }
}
