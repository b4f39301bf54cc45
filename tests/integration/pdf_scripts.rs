//! Issue 12: ordinary text never breaks the PDF. Records holding emoji, Chinese, Punjabi,
//! Bengali, Urdu, Arabic, Gujarati, Polish and Welsh build a PDF that passes qpdf, is tagged and
//! embeds every font; a private-use character is replaced and reported at check time.

use crate::build_pdf::{build_pdf, pdf_text, pdfinfo, tool, tool_stdout};
use crate::support::*;

const D1: &str = "content/decisions/d-001.toml";
const POLISH: &str = "Dziękuję, że pytasz";
const WELSH: &str = "Diolch yn fawr, ŵyr";

fn many_scripts() -> TempPack {
    let pack = TempPack::copy_of("rules-clean");
    pack.replace(
        D1,
        "in_their_words = \"I managed my tablets for years. I want to do it myself.\"",
        &format!(
            "in_their_words = \"\"\"I said yes 😊 and 👍 ❤️. {POLISH}. {WELSH}.\n\n\
             我想自己管理我的药。 ਮੈਂ ਆਪਣੀ ਦਵਾਈ ਆਪ ਲੈਣਾ ਚਾਹੁੰਦਾ ਹਾਂ। আমি নিজের ওষুধ নিজে নিতে চাই। \
             میں اپنی دوا خود لینا چاہتا ہوں۔ أريد أن آخذ دوائي بنفسي. હું મારી દવા જાતે લેવા માંગુ છું. \
             मैं अपनी दवा खुद लेना चाहता हूँ।\"\"\""
        ),
    );
    pack
}

#[test]
fn emoji_and_the_scripts_most_spoken_in_the_uk_build_a_valid_pdf() {
    let pack = many_scripts();
    let (_, report) = check_json(pack.path(), &[]);
    assert!(
        report.of("unsupported-character").is_empty(),
        "{:?}",
        report.findings
    );
    let build = build_pdf(pack.path(), &[]);
    build.assert_ok();
    let pdf = build.pdf();
    let path = pdf.to_str().expect("UTF-8 path");

    let check = tool("qpdf", &["--check", path]);
    assert_eq!(check.status.code(), Some(0), "qpdf --check failed");
    assert!(pdfinfo(&pdf).contains("Tagged:          yes"));
    let fonts = tool_stdout("pdffonts", &[path]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    for row in &rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(
            cols[cols.len() - 5],
            "yes",
            "a font is not embedded:\n{fonts}"
        );
    }
    for family in [
        "NotoSansGurmukhi",
        "NotoSansCJK",
        "NotoNaskhArabic",
        "NotoSansBengali",
        "NotoSansGujarati",
    ] {
        assert!(fonts.contains(family), "{family} not used:\n{fonts}");
    }
    let text = pdf_text(&pdf);
    assert!(text.contains(POLISH), "{text}");
    assert!(text.contains(WELSH), "{text}");
    assert!(text.contains("我想自己管理我的药"), "{text}");
}

#[test]
fn a_character_no_font_has_is_a_warning_and_is_replaced_in_the_pdf() {
    let pack = TempPack::copy_of("rules-clean");
    pack.replace(
        D1,
        "in_their_words = \"I managed my tablets for years. I want to do it myself.\"",
        "in_their_words = \"I managed my tablets \u{E000} for years.\"",
    );
    let (code, report) = check_json(pack.path(), &[]);
    assert_eq!(code, 0, "a warning, not an error: {:?}", report.findings);
    let found = report.of("unsupported-character");
    assert_eq!(found.len(), 1, "{:?}", report.findings);
    assert_eq!(found[0].file, D1);
    assert_eq!(found[0].line, pack.line_of(D1, "in_their_words"));
    assert!(
        found[0].message.contains("`choice.in_their_words`"),
        "{found:?}"
    );
    assert!(found[0].message.contains("U+E000"), "{found:?}");

    let build = build_pdf(pack.path(), &[]);
    build.assert_ok();
    let text = pdf_text(&build.pdf());
    assert!(
        text.contains("I managed my tablets \u{FFFD} for years."),
        "{text}"
    );
}
