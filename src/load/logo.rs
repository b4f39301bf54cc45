//! The provider's logo (`[pack] logo`, SPEC 9a): a PNG or SVG file inside the pack, read once and
//! shown on the cover of the HTML and PDF packs and of answers.docx.
//!
//! A logo that cannot be shown (outside the pack, missing, unreadable, too big, not a PNG or SVG)
//! is an `invalid-record` finding at `pack.logo`, naming the file.

use std::fs;
use std::io::Read;
use std::path::Path;

use super::config::{named_file, pack_toml_finding};
use super::read::io_reason;
use super::walk::special_file_kind;
use crate::diagnostics::Finding;
use crate::model::PackConfig;
use crate::source::SourceFile;

/// The largest logo file read: a cover logo needs far less, and the HTML pack carries it inline.
pub const MAX_LOGO_BYTES: u64 = 1024 * 1024;
/// The most pixels a PNG logo may have (4,096 by 4,096): a small file can hold a huge image.
const MAX_PIXELS: u64 = 4096 * 4096;

/// The kind of image a logo is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogoFormat {
    Png,
    Svg,
}

impl LogoFormat {
    pub fn extension(self) -> &'static str {
        match self {
            LogoFormat::Png => "png",
            LogoFormat::Svg => "svg",
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            LogoFormat::Png => "image/png",
            LogoFormat::Svg => "image/svg+xml",
        }
    }
}

/// A logo as read from the pack.
#[derive(Debug, Clone)]
pub struct Logo {
    /// The file, relative to the pack root.
    pub rel: String,
    pub format: LogoFormat,
    pub bytes: Vec<u8>,
    /// Width and height in pixels (a PNG's; none for an SVG).
    pub size: Option<(u32, u32)>,
}

pub(super) fn load(
    root: &Path,
    config: &PackConfig,
    sources: &[std::sync::Arc<SourceFile>],
    findings: &mut Vec<Finding>,
    input_files: &mut Vec<String>,
) -> Option<Logo> {
    let named = config.pack.logo.as_deref()?.trim();
    if named.is_empty() {
        return None;
    }
    let (rel, path, outside) = named_file(root, named);
    let fail = |findings: &mut Vec<Finding>, message: String, help: &str| {
        findings.push(pack_toml_finding(sources, "pack.logo", message, help));
        None
    };
    let unreadable = |findings: &mut Vec<Finding>, err: &std::io::Error| {
        fail(
            findings,
            format!(
                "The logo {rel} could not be read ({}).",
                io_reason(Some(err))
            ),
            "Check that the file is there and that you have permission to read it.",
        )
    };
    if outside {
        return fail(
            findings,
            format!("The logo {rel} must be a file inside the pack folder."),
            "Copy the logo into the pack folder, for example as logo.png beside pack.toml, and name it relative to pack.toml.",
        );
    }
    // What is there, found without opening it: opening a named pipe would wait for ever.
    let meta = match fs::metadata(&path) {
        Ok(meta) => meta,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return fail(
                findings,
                format!("The logo {rel} does not exist."),
                "Put the logo file there (a PNG or SVG image), or remove logo from pack.toml.",
            );
        }
        Err(err) => return unreadable(findings, &err),
    };
    if meta.is_dir() {
        return fail(
            findings,
            format!("The logo {rel} is a folder, not a file."),
            "Name the image file itself, for example logo = \"logo.png\".",
        );
    }
    if !meta.is_file() {
        return fail(
            findings,
            format!(
                "The logo {rel} is {}, not an ordinary file.",
                special_file_kind(&meta)
            ),
            "Replace it with an ordinary PNG or SVG image file.",
        );
    }
    if meta.len() > MAX_LOGO_BYTES {
        return fail(
            findings,
            format!(
                "The logo {rel} is {}, more than the 1 MB a logo may be.",
                size_text(meta.len())
            ),
            "Save a smaller version of the logo (a few hundred pixels wide is plenty for a cover) and name that instead.",
        );
    }
    input_files.push(rel.clone());
    let mut bytes = Vec::new();
    let read =
        fs::File::open(&path).and_then(|f| f.take(MAX_LOGO_BYTES + 1).read_to_end(&mut bytes));
    if let Err(err) = read {
        return unreadable(findings, &err);
    }
    if bytes.len() as u64 > MAX_LOGO_BYTES {
        return fail(
            findings,
            format!("The logo {rel} is more than the 1 MB a logo may be."),
            "Save a smaller version of the logo and name that instead.",
        );
    }
    match sniff(&bytes) {
        Some(LogoFormat::Png) => match png_size(&bytes) {
            Some((w, h)) if w > 0 && h > 0 && u64::from(w) * u64::from(h) <= MAX_PIXELS => {
                Some(Logo {
                    rel,
                    format: LogoFormat::Png,
                    bytes,
                    size: Some((w, h)),
                })
            }
            Some((w, h)) => fail(
                findings,
                format!("The logo {rel} is {w} by {h} pixels, more than a cover can use."),
                "Save the logo at most 4,096 pixels wide and high (a few hundred is plenty) and name that instead.",
            ),
            None => fail(
                findings,
                format!("The logo {rel} is not a complete PNG image."),
                "Save the logo again as a PNG or SVG image.",
            ),
        },
        Some(LogoFormat::Svg) => Some(Logo {
            rel,
            format: LogoFormat::Svg,
            bytes,
            size: None,
        }),
        None => fail(
            findings,
            format!("The logo {rel} is not a PNG or SVG image."),
            "Save the logo as a PNG or SVG image (a JPEG or PDF cannot be shown on the cover) and name that file.",
        ),
    }
}

/// The format of an image by its content: a PNG by its signature, an SVG as UTF-8 text whose
/// first element is `<svg` (after any XML declaration, comments or doctype).
pub fn sniff(bytes: &[u8]) -> Option<LogoFormat> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(LogoFormat::Png);
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let mut rest = text.trim_start_matches('\u{feff}').trim_start();
    loop {
        if rest.starts_with("<svg") {
            return Some(LogoFormat::Svg);
        }
        let end = if rest.starts_with("<?") {
            rest.find("?>")? + 2
        } else if rest.starts_with("<!--") {
            rest.find("-->")? + 3
        } else if rest.starts_with("<!") {
            rest.find('>')? + 1
        } else {
            return None;
        };
        rest = rest[end..].trim_start();
    }
}

/// A PNG's width and height, from its IHDR chunk.
fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.len() < 24 || &bytes[12..16] != b"IHDR" {
        return None;
    }
    let be =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    Some((be(16), be(20)))
}

fn size_text(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_told_by_their_content() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\nrest"), Some(LogoFormat::Png));
        assert_eq!(sniff(b"<svg xmlns='x'/>"), Some(LogoFormat::Svg));
        assert_eq!(
            sniff(b"\xef\xbb\xbf<?xml version=\"1.0\"?>\n<!-- made by hand -->\n<!DOCTYPE svg>\n<svg/>"),
            Some(LogoFormat::Svg)
        );
        assert_eq!(sniff(b"<html><svg/></html>"), None);
        assert_eq!(sniff(b"\xff\xd8\xff\xe0 a JPEG"), None);
        assert_eq!(sniff(b"<?xml never closed"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn a_png_size_is_read_from_its_header() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend_from_slice(&300u32.to_be_bytes());
        png.extend_from_slice(&90u32.to_be_bytes());
        assert_eq!(png_size(&png), Some((300, 90)));
        assert_eq!(png_size(&png[..20]), None);
    }
}
