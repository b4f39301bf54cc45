//! The fonts shipped with evidence-pack (fonts/, under the SIL Open Font License: see
//! fonts/README.md), which the PDF falls back on for text that Typst's own fonts cannot show:
//! Chinese, Punjabi, Urdu and Arabic, Bengali, Gujarati, Hindi, symbols and emoji. They are
//! built into the program and written into Typst's private work folder for each PDF, so every
//! machine makes the same PDF. A character that none of them has is shown as U+FFFD (the
//! replacement character) in the PDF, and `check` reports it as `unsupported-character`.

use std::borrow::Cow;
use std::sync::LazyLock;

/// Each shipped font: its file name and bytes.
pub const FONTS: &[(&str, &[u8])] = &[
    (
        "NotoSans-Regular.ttf",
        include_bytes!("../fonts/NotoSans-Regular.ttf"),
    ),
    (
        "NotoSansGurmukhi-Regular.ttf",
        include_bytes!("../fonts/NotoSansGurmukhi-Regular.ttf"),
    ),
    (
        "NotoSansBengali-Regular.ttf",
        include_bytes!("../fonts/NotoSansBengali-Regular.ttf"),
    ),
    (
        "NotoSansGujarati-Regular.ttf",
        include_bytes!("../fonts/NotoSansGujarati-Regular.ttf"),
    ),
    (
        "NotoSansDevanagari-Regular.ttf",
        include_bytes!("../fonts/NotoSansDevanagari-Regular.ttf"),
    ),
    (
        "NotoNaskhArabic-Regular.ttf",
        include_bytes!("../fonts/NotoNaskhArabic-Regular.ttf"),
    ),
    (
        "NotoSansSC-Regular-Subset.otf",
        include_bytes!("../fonts/NotoSansSC-Regular-Subset.otf"),
    ),
    (
        "NotoColorEmoji-Subset.ttf",
        include_bytes!("../fonts/NotoColorEmoji-Subset.ttf"),
    ),
    (
        "NotoSansSymbols2-Regular.ttf",
        include_bytes!("../fonts/NotoSansSymbols2-Regular.ttf"),
    ),
];

/// What the PDF shows in place of a character no font has.
pub const REPLACEMENT: char = '\u{FFFD}';

/// One bit for each Unicode scalar value that some shipped font has a glyph for.
static COVERED: LazyLock<Vec<u64>> = LazyLock::new(|| {
    let mut bits = vec![0u64; (char::MAX as usize + 1).div_ceil(64)];
    for (_, bytes) in FONTS {
        let Ok(face) = ttf_parser::Face::parse(bytes, 0) else {
            continue;
        };
        let Some(cmap) = face.tables().cmap else {
            continue;
        };
        for subtable in cmap.subtables {
            if !subtable.is_unicode() {
                continue;
            }
            subtable.codepoints(|cp| {
                let has_glyph = subtable.glyph_index(cp).is_some_and(|g| g.0 != 0);
                if has_glyph && (cp as usize) < bits.len() * 64 {
                    bits[cp as usize / 64] |= 1 << (cp % 64);
                }
            });
        }
    }
    bits
});

/// Whether the PDF can show `c`: a shipped font has it, or it needs no glyph (white space,
/// control characters, joiners and variation selectors).
pub fn can_show(c: char) -> bool {
    if c.is_ascii() || needs_no_glyph(c) {
        return true;
    }
    let cp = c as usize;
    COVERED[cp / 64] & (1 << (cp % 64)) != 0
}

fn needs_no_glyph(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c,
            '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}' | '\u{E0000}'..='\u{E0FFF}')
}

/// The characters of `text` the PDF cannot show, each once, in order of first appearance.
pub fn unsupported(text: &str) -> Vec<char> {
    if text.is_ascii() {
        return Vec::new();
    }
    let mut found: Vec<char> = Vec::new();
    for c in text.chars() {
        if !can_show(c) && !found.contains(&c) {
            found.push(c);
        }
    }
    found
}

/// `text` with every character the PDF cannot show replaced by [`REPLACEMENT`].
pub fn replace_unsupported(text: &str) -> Cow<'_, str> {
    if text.is_ascii() || text.chars().all(can_show) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if can_show(c) { c } else { REPLACEMENT })
            .collect(),
    )
}

/// How a character is named in a message: its code point, and its kind when that helps.
pub fn describe(c: char) -> String {
    let private = matches!(c, '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{10FFFF}');
    if private {
        format!(
            "U+{:04X} (a private-use character, which only a particular font gives a meaning to)",
            c as u32
        )
    } else {
        format!("U+{:04X}", c as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_fonts_cover_the_scripts_most_spoken_in_the_uk() {
        for text in [
            "Dziękuję, że pytasz",
            "Diolch yn fawr, ŵyr",
            "I said yes 😊 👍",
            "我很好，谢谢",
            "ਸਤ ਸ੍ਰੀ ਅਕਾਲ",
            "আমি ভালো আছি",
            "میں ٹھیک ہوں",
            "مرحبا",
            "હું મજામાં છું",
            "नमस्ते",
            "\u{FFFD}",
        ] {
            assert_eq!(unsupported(text), Vec::<char>::new(), "{text}");
        }
    }

    #[test]
    fn a_character_no_font_has_is_replaced() {
        assert_eq!(unsupported("a\u{E000}b\u{E000}"), vec!['\u{E000}']);
        assert_eq!(replace_unsupported("a\u{E000}b"), "a\u{FFFD}b");
        assert!(matches!(replace_unsupported("plain ŵ"), Cow::Borrowed(_)));
        assert!(describe('\u{E000}').starts_with("U+E000 (a private-use"));
    }
}
