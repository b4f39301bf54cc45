//! Rewrites an Office file (a zip archive) so that the same content always gives the same bytes:
//! every entry dated the as-of date at midnight, in the same order, with the same permissions
//! and compression, whatever the libraries that wrote it did with the clock.

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use crate::model::Date;

/// The archive `bytes` again, each entry dated `date` and deflated.
pub fn normalise(bytes: &[u8], date: Date) -> Result<Vec<u8>, String> {
    use chrono::Datelike;
    let stamp = DateTime::from_date_and_time(
        u16::try_from(date.0.year().clamp(1980, 2107)).unwrap_or(1980),
        date.0.month() as u8,
        date.0.day() as u8,
        0,
        0,
        0,
    )
    .map_err(|e| format!("the date cannot be written into the file: {e}"))?;
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(bytes.len())));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(stamp)
        .unix_permissions(0o644);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(|e| e.to_string())?;
        let name = entry.name().map_err(|e| e.to_string())?.to_string();
        if entry.is_dir() {
            // Office files need no folder entries, and Word's own have none.
            continue;
        }
        let mut content = Vec::with_capacity(entry.size() as usize);
        entry.read_to_end(&mut content).map_err(|e| e.to_string())?;
        out.start_file(name, options).map_err(|e| e.to_string())?;
        out.write_all(&content).map_err(|e| e.to_string())?;
    }
    let cursor = out.finish().map_err(|e| e.to_string())?;
    Ok(cursor.into_inner())
}
