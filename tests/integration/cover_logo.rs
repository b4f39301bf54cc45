//! `[pack] logo` (SPEC 9a): the provider's logo on the cover of the HTML pack (inline, so the
//! pack stays one file), the PDF and answers.docx; a logo that cannot be shown is a finding that
//! names the file, never a panic.

use std::io::Read;
use std::path::Path;

use base64::Engine as _;
use scraper::{Html, Selector};

use crate::build_pdf::{build_pdf, tool_stdout};
use crate::support::{AS_OF, TempPack, build_html_into, check_json, evidence_pack};
use crate::tender_rules::tender_pack;

/// A PNG of `w` by `h` pixels, one colour, made by hand (signature, IHDR, IDAT, IEND).
pub(crate) fn png(w: u32, h: u32) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let crc = crc32(&out[start..]);
        out.extend_from_slice(&crc.to_be_bytes());
    }
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xffff_ffffu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xedb8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    fn adler32(bytes: &[u8]) -> u32 {
        let (mut a, mut b) = (1u32, 0u32);
        for &x in bytes {
            a = (a + u32::from(x)) % 65521;
            b = (b + a) % 65521;
        }
        (b << 16) | a
    }
    let mut row = vec![0u8];
    row.extend([0x1d, 0x70, 0xb8].repeat(w as usize));
    let raw = row.repeat(h as usize);
    // zlib with stored (uncompressed) deflate blocks of at most 65,535 bytes.
    let mut zlib = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65_535).collect();
    for (i, block) in blocks.iter().enumerate() {
        zlib.push(u8::from(i + 1 == blocks.len()));
        let len = block.len() as u16;
        zlib.extend_from_slice(&len.to_le_bytes());
        zlib.extend_from_slice(&(!len).to_le_bytes());
        zlib.extend_from_slice(block);
    }
    zlib.extend_from_slice(&adler32(&raw).to_be_bytes());
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &zlib);
    chunk(&mut out, b"IEND", &[]);
    out
}

const SVG: &str = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"60\" viewBox=\"0 0 200 60\"><rect width=\"200\" height=\"60\" fill=\"#1d70b8\"/></svg>\n";

/// Names `logo` in the pack's pack.toml.
fn name_logo(pack: &TempPack, logo: &str) {
    let toml = pack.read("pack.toml");
    let named = toml.replacen("[pack]\n", &format!("[pack]\nlogo = {logo:?}\n"), 1);
    assert_ne!(toml, named, "pack.toml has a [pack] table");
    pack.write("pack.toml", named);
}

fn build_html(pack: &Path, out: &Path) -> Html {
    build_html_into(pack, out, &[]);
    Html::parse_document(&std::fs::read_to_string(out.join("pack.html")).expect("pack.html"))
}

fn cover_logo(page: &Html) -> Option<(String, String)> {
    let sel = Selector::parse("header.cover img.cover-logo").unwrap();
    page.select(&sel).next().map(|img| {
        (
            img.value().attr("src").unwrap_or_default().to_string(),
            img.value().attr("alt").unwrap_or_default().to_string(),
        )
    })
}

#[test]
fn a_png_logo_is_inline_on_the_html_cover_and_hashed_in_the_manifest() {
    let pack = TempPack::copy_of("html-pack");
    let out = tempfile::tempdir().expect("temporary folder");
    let page = build_html(pack.path(), &out.path().join("a"));
    assert_eq!(cover_logo(&page), None, "no logo named, none shown");

    let logo = png(120, 40);
    pack.write("logo.png", &logo);
    name_logo(&pack, "logo.png");
    let page = build_html(pack.path(), &out.path().join("b"));
    let (src, alt) = cover_logo(&page).expect("the cover shows the logo");
    let data = src
        .strip_prefix("data:image/png;base64,")
        .unwrap_or_else(|| panic!("a data: URI, so the pack stays one file: {src:.60}"));
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(data)
        .expect("base64");
    assert_eq!(decoded, logo, "the logo's own bytes");
    assert_eq!(alt, "Northgate Support Services logo");

    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.path().join("b/pack.json")).expect("pack.json"),
    )
    .expect("JSON");
    assert_eq!(json["pack"]["logo"]["format"], "png");
    assert_eq!(json["pack"]["logo"]["file"], "logo.png");
    assert_eq!(json["pack"]["logo"]["width"], 120);
    assert_eq!(json["pack"]["logo"]["height"], 40);
    let manifest = std::fs::read_to_string(out.path().join("b/manifest.json")).expect("manifest");
    assert!(manifest.contains("\"logo.png\""), "{manifest}");

    // The same inputs give the same bytes.
    build_html(pack.path(), &out.path().join("c"));
    assert_eq!(
        std::fs::read(out.path().join("b/pack.html")).unwrap(),
        std::fs::read(out.path().join("c/pack.html")).unwrap()
    );
}

#[test]
fn an_svg_logo_is_inline_on_the_html_cover() {
    let pack = TempPack::copy_of("html-pack");
    pack.write("brand/logo.svg", SVG);
    name_logo(&pack, "brand/logo.svg");
    let out = tempfile::tempdir().expect("temporary folder");
    let page = build_html(pack.path(), &out.path().join("output"));
    let (src, _) = cover_logo(&page).expect("the cover shows the logo");
    assert!(src.starts_with("data:image/svg+xml;base64,"), "{src:.60}");
}

#[test]
fn a_logo_that_cannot_be_shown_is_a_finding_that_names_the_file() {
    let cases: Vec<(&str, &str, Option<Vec<u8>>, &str)> = vec![
        ("missing.png", "missing.png", None, "does not exist"),
        (
            "../outside.png",
            "../outside.png",
            None,
            "inside the pack folder",
        ),
        ("content", "content", None, "is a folder"),
        (
            "big.png",
            "big.png",
            Some({
                let mut b = png(1, 1);
                b.resize(1024 * 1024 + 1, 0);
                b
            }),
            "more than the 1 MB",
        ),
        (
            "photo.jpg",
            "photo.jpg",
            Some(b"\xff\xd8\xff\xe0\0\x10JFIF\0".to_vec()),
            "not a PNG or SVG image",
        ),
        (
            "huge.png",
            "huge.png",
            Some({
                // A header that claims 100,000 by 100,000 pixels.
                let mut b = png(1, 1);
                b[16..20].copy_from_slice(&100_000u32.to_be_bytes());
                b[20..24].copy_from_slice(&100_000u32.to_be_bytes());
                b
            }),
            "100000 by 100000 pixels",
        ),
        (
            "cut.png",
            "cut.png",
            Some(b"\x89PNG\r\n\x1a\n".to_vec()),
            "not a complete PNG",
        ),
    ];
    for (named, file, bytes, says) in cases {
        let pack = TempPack::copy_of("html-pack");
        if let Some(bytes) = bytes {
            pack.write(file, bytes);
        }
        name_logo(&pack, named);
        let (code, report) = check_json(pack.path(), &[]);
        let found = report.of("invalid-record");
        assert_eq!(code, 1, "{named}: {:?}", report.findings);
        assert_eq!(found.len(), 1, "{named}: {:?}", report.findings);
        let f = found[0];
        assert_eq!(f.file, "pack.toml");
        assert_eq!(f.key.as_deref(), Some("pack.logo"), "{f:?}");
        assert_eq!(f.line, pack.line_of("pack.toml", "logo = "), "{f:?}");
        assert!(f.message.contains(named), "names the file: {}", f.message);
        assert!(f.message.contains(says), "{named}: {}", f.message);
        crate::support::assert_sensible(f);
    }
}

#[test]
fn the_pdf_cover_shows_the_logo() {
    let pack = TempPack::copy_of("html-pack");
    pack.write("logo.png", png(120, 40));
    name_logo(&pack, "logo.png");
    let build = build_pdf(pack.path(), &[]);
    build.assert_ok();
    let pdf = build.pdf();
    let list = tool_stdout(
        "pdfimages",
        &["-list", "-f", "1", "-l", "1", pdf.to_str().unwrap()],
    );
    let images: Vec<&str> = list.lines().skip(2).collect();
    assert_eq!(images.len(), 1, "one image on the cover:\n{list}");
    let cols: Vec<&str> = images[0].split_whitespace().collect();
    assert_eq!((cols[3], cols[4]), ("120", "40"), "{list}");

    // An SVG logo builds too (Typst draws it as vector graphics).
    pack.write("logo.svg", SVG);
    pack.replace("pack.toml", "logo = \"logo.png\"", "logo = \"logo.svg\"");
    build_pdf(pack.path(), &[]).assert_ok();
}

#[test]
fn answers_docx_carries_a_png_logo_with_a_fixed_name() {
    let pack = tender_pack();
    let logo = png(300, 90);
    pack.write("logo.png", &logo);
    name_logo(&pack, "logo.png");
    let out = evidence_pack()
        .args(["tender", "bid"])
        .arg(pack.path())
        .args(["--as-of", AS_OF])
        .output()
        .expect("run evidence-pack");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docx = pack.file("output/tenders/bid/answers.docx");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&docx).expect("docx")).expect("zip");
    let mut media = Vec::new();
    zip.by_name("word/media/rIdLogo.png")
        .expect("the logo is in the document")
        .read_to_end(&mut media)
        .unwrap();
    assert_eq!(media, logo);
    let mut body = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut body)
        .unwrap();
    assert!(body.contains("r:embed=\"rIdLogo\""), "the cover shows it");
    // The same inputs give the same bytes (the picture's id is fixed, not counted per process).
    let first = std::fs::read(&docx).expect("docx");
    let again = evidence_pack()
        .args(["tender", "bid"])
        .arg(pack.path())
        .args(["--as-of", AS_OF])
        .output()
        .expect("run evidence-pack");
    assert!(again.status.success());
    assert_eq!(std::fs::read(&docx).expect("docx"), first);
    // 2 cm high, its shape kept: 720,000 by 2,400,000 EMU.
    assert!(
        body.contains("cx=\"2400000\" cy=\"720000\""),
        "{}",
        &body[..body.len().min(2000)]
    );
}
