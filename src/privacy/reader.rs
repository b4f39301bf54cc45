//! The text as a reader of the pack sees it, with where each part came from in the stored text:
//! HTML entities decoded (`jo&#64;example.org` is an e-mail address), Markdown emphasis marks,
//! backslash escapes, HTML tags and comments, link brackets and empty links taken out
//! (`**Jane** Smith`, `Marg[]()aret`, `Marg<!-- -->aret`), a backslash line break read as the
//! break it renders as, invisible and format characters dropped (zero-width characters,
//! variation selectors, tag characters, Hangul fillers, bidi controls and isolates), curly apostrophes straightened and Unicode NFKC-normalised (a full-width digit or a
//! non-breaking space reads as the plain one). The identifier scanner looks at this view, and
//! redaction maps what it finds back to the stored text.

use std::borrow::Cow;
use std::ops::ControlFlow;
use std::ops::Range;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A view of a text and, when tracked, for each of its bytes the bytes of the original text it
/// came from.
pub struct View<'a> {
    pub text: Cow<'a, str>,
    origin: Option<Vec<(usize, usize)>>,
}

impl<'a> View<'a> {
    /// Where `range` of the view came from in the original text. Only meaningful for a tracked
    /// view (an untracked view that changed nothing maps to itself).
    pub fn original(&self, range: Range<usize>) -> Range<usize> {
        match &self.origin {
            None => range,
            Some(_) if range.is_empty() => range,
            Some(origin) => origin[range.start].0..origin[range.end - 1].1,
        }
    }

    fn origin_of(&self, range: Range<usize>) -> (usize, usize) {
        let r = self.original(range);
        (r.start, r.end)
    }
}

/// Whether `c` separates the parts of an identifier: any white space, a dot or a dash.
pub fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '.' | '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}'
        )
}

/// Characters that take up no room on the page: soft hyphens, zero-width spaces and joiners,
/// variation selectors, tag characters, the Hangul fillers, and the controls and isolates of
/// text direction.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{E0000}'..='\u{E007F}'
            | '\u{E0100}'..='\u{E01EF}'
    )
}

struct Builder {
    text: String,
    origin: Option<Vec<(usize, usize)>>,
}

impl Builder {
    fn new(capacity: usize, track: bool) -> Builder {
        Builder {
            text: String::with_capacity(capacity),
            origin: track.then(|| Vec::with_capacity(capacity)),
        }
    }

    /// ASCII text copied as it is, starting at `at` in the original.
    fn push_ascii_run(&mut self, run: &str, at: usize) {
        self.text.push_str(run);
        if let Some(origin) = &mut self.origin {
            origin.extend((at..at + run.len()).map(|i| (i, i + 1)));
        }
    }

    fn push(&mut self, c: char, from: (usize, usize)) {
        self.text.push(c);
        if let Some(origin) = &mut self.origin {
            origin.extend(std::iter::repeat_n(from, c.len_utf8()));
        }
    }

    /// Pushes `s` NFKC-normalised, without invisible characters and with straight apostrophes.
    fn push_normalised(&mut self, s: &str, from: (usize, usize)) {
        for c in s.nfkc() {
            if is_invisible(c) {
                continue;
            }
            let c = match c {
                '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{2032}' => '\'',
                c => c,
            };
            self.push(c, from);
        }
    }

    fn finish(self) -> View<'static> {
        View {
            text: Cow::Owned(self.text),
            origin: self.origin,
        }
    }
}

/// The text as the reader sees it; `track` keeps where each byte came from (for redaction).
pub fn reader(text: &str, track: bool) -> View<'_> {
    let plain = text.is_ascii()
        && !text.bytes().any(|b| {
            is_control_byte(b)
                || matches!(
                    b,
                    b'&' | b'<' | b'*' | b'_' | b'~' | b'`' | b'\\' | b'[' | b']'
                )
        });
    if plain {
        return View {
            text: Cow::Borrowed(text),
            origin: None,
        };
    }
    let mut out = Builder::new(text.len(), track);
    read_into(&mut out, text, 0..text.len());
    out.finish()
}

fn read_into(out: &mut Builder, text: &str, range: Range<usize>) {
    let bytes = text.as_bytes();
    let mut i = range.start;
    while i < range.end {
        // Most text is ASCII: a byte followed by an ASCII byte has no combining mark after it.
        let plain_run = bytes[i..range.end]
            .iter()
            .position(|&b| !is_plain_ascii(b))
            .unwrap_or(range.end - i);
        // The last byte of the run stays for the slow path when a combining mark may follow it.
        let run = if i + plain_run < range.end && plain_run > 0 {
            plain_run - 1
        } else {
            plain_run
        };
        if run > 0 {
            out.push_ascii_run(&text[i..i + run], i);
            i += run;
            continue;
        }
        let b = bytes[i];
        if is_plain_ascii(b) && bytes.get(i + 1).is_none_or(u8::is_ascii) {
            out.push_ascii_run(&text[i..i + 1], i);
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().expect("inside the text");
        // A character and the combining marks after it are normalised together.
        let mut end = i + c.len_utf8();
        while let Some(mark) = text[end..range.end]
            .chars()
            .next()
            .filter(|m| is_combining_mark(*m))
        {
            end += mark.len_utf8();
        }
        if end - i > 1 || !c.is_ascii() {
            out.push_normalised(&text[i..end], (i, end));
            i = end;
            continue;
        }
        match c {
            '*' | '_' | '~' | '`' | '[' => i += 1,
            c if is_control_byte(c as u8) => i += 1,
            '\\' if invisible_escape_at(text, i, range.end).is_some() => {
                i = invisible_escape_at(text, i, range.end).expect("just found");
            }
            '\\' if bytes.get(i + 1).is_some_and(u8::is_ascii_punctuation) => i += 1,
            // A hard line break: the reader sees the break (the newline that follows).
            '\\' if matches!(bytes.get(i + 1), Some(b'\n' | b'\r')) => i += 1,
            ']' => match link_destination(text, i + 1, range.end) {
                // `](address)`: the address is read as a tag's attributes are, apart from the
                // words around it; an empty link (`[]()`) shows nothing.
                Some(destination) => {
                    // An address with no letter or digit (`#`) can hold no identifier.
                    if text[destination.clone()]
                        .bytes()
                        .any(|b| !b.is_ascii() || b.is_ascii_alphanumeric())
                    {
                        out.push(' ', (i, destination.start));
                        read_into(out, text, destination.clone());
                        out.push(' ', (destination.end, destination.end + 1));
                    }
                    i = destination.end + 1;
                }
                None => i += 1,
            },
            '<' if text[i..range.end].starts_with("<!--") => {
                match text[i + 4..range.end].find("-->") {
                    Some(at) => i = i + 4 + at + 3,
                    None => {
                        out.push('<', (i, i + 1));
                        i += 1;
                    }
                }
            }
            '&' => match entity_at(text, i, range.end) {
                Some((end, decoded)) => {
                    out.push_normalised(&decoded, (i, end));
                    i = end;
                }
                None => {
                    out.push('&', (i, i + 1));
                    i += 1;
                }
            },
            '<' => match tag_at(text, i, range.end) {
                Some(tag) => {
                    if tag.breaks_line || !tag.attributes.is_empty() {
                        out.push(' ', (i, tag.end));
                    }
                    if !tag.attributes.is_empty() {
                        read_into(out, text, tag.attributes.clone());
                        out.push(' ', (i, tag.end));
                    }
                    i = tag.end;
                }
                None => {
                    out.push('<', (i, i + 1));
                    i += 1;
                }
            },
            c => {
                out.push(c, (i, i + 1));
                i += 1;
            }
        }
    }
}

/// An ASCII byte the reader sees as it is (not a Markdown mark, an escape, an entity, a tag or a
/// link's bracket).
fn is_plain_ascii(b: u8) -> bool {
    b.is_ascii()
        && !is_control_byte(b)
        && !matches!(
            b,
            b'*' | b'_' | b'~' | b'`' | b'\\' | b'&' | b'<' | b'[' | b']'
        )
}

/// A control character other than white space: shown as nothing (or as an escape such as
/// `\u{0007}`, which the reader also sees as nothing).
const fn is_control_byte(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0B | 0x0C)) || b == 0x7F
}

/// `\u{2066}`: how a message or a pack shows a control or text-direction character. Where it
/// ends, when it stands for a character the reader does not see.
fn invisible_escape_at(text: &str, at: usize, limit: usize) -> Option<usize> {
    let rest = &text[at..limit];
    let hex = rest.strip_prefix("\\u{")?;
    let close = hex.find('}').filter(|&n| (1..=6).contains(&n))?;
    let c = char::from_u32(u32::from_str_radix(&hex[..close], 16).ok()?)?;
    ((c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || is_invisible(c))
        .then_some(at + 3 + close + 1)
}

/// The address of a Markdown link, `(address)` starting at `at` (just after its `]`): the range
/// inside the brackets, on one line and of a bounded length.
fn link_destination(text: &str, at: usize, limit: usize) -> Option<Range<usize>> {
    let bytes = &text.as_bytes()[..limit];
    if bytes.get(at) != Some(&b'(') {
        return None;
    }
    let close = bytes[at + 1..]
        .iter()
        .take(2000)
        .position(|&b| matches!(b, b')' | b'\n' | b'('))?;
    (bytes[at + 1 + close] == b')').then_some(at + 1..at + 1 + close)
}

/// An HTML character reference starting at `at` (`&#64;`, `&#x40;`, `&nbsp;`): where it ends
/// and what it stands for.
fn entity_at(text: &str, at: usize, limit: usize) -> Option<(usize, String)> {
    let window = &text.as_bytes()[at + 1..limit.min(at + 40)];
    let semi = window.iter().position(|&b| b == b';')?;
    let name = &window[..semi];
    if name.is_empty() || !name.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'#') {
        return None;
    }
    let end = at + 1 + semi + 1;
    let candidate = &text[at..end];
    let decoded = html_escape::decode_html_entities(candidate);
    (decoded != candidate).then(|| (end, decoded.into_owned()))
}

struct Tag {
    end: usize,
    attributes: Range<usize>,
    breaks_line: bool,
}

/// An HTML tag starting at `at` (`<b>`, `</span>`, `<a href="…">`, `<br/>`). Not an autolink such
/// as `<jo@example.org>`, whose text the reader sees.
fn tag_at(text: &str, at: usize, limit: usize) -> Option<Tag> {
    let bytes = &text.as_bytes()[..limit];
    let mut i = at + 1;
    if bytes.get(i) == Some(&b'/') {
        i += 1;
    }
    let name_start = i;
    if !bytes.get(i)?.is_ascii_alphabetic() {
        return None;
    }
    while bytes
        .get(i)
        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-')
    {
        i += 1;
    }
    let name = text[name_start..i].to_ascii_lowercase();
    let attributes_start = i;
    let close = bytes[i..]
        .iter()
        .take(2000)
        .position(|&b| b == b'>' || b == b'<')?;
    if bytes[i + close] != b'>' {
        return None;
    }
    let first = bytes[i];
    if !(first == b'>' || first == b'/' || first.is_ascii_whitespace()) {
        return None;
    }
    let end = i + close + 1;
    let mut attributes = attributes_start..end - 1;
    if text[attributes.clone()]
        .trim_matches(['/', ' ', '\t', '\n', '\r'])
        .is_empty()
    {
        attributes = attributes_start..attributes_start;
    }
    let breaks_line = matches!(
        name.as_str(),
        "br" | "p"
            | "div"
            | "li"
            | "ul"
            | "ol"
            | "tr"
            | "td"
            | "th"
            | "table"
            | "hr"
            | "blockquote"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "dt"
            | "dd"
            | "section"
            | "pre"
    );
    Some(Tag {
        end,
        attributes,
        breaks_line,
    })
}

/// The reader's view folded for matching names: lower case, and every run of separators (white
/// space, dots, dashes) one space.
pub fn fold<'a>(view: &View<'a>, track: bool) -> View<'static> {
    let text = view.text.as_ref();
    if !track {
        return View {
            text: Cow::Owned(fold_untracked(text)),
            origin: None,
        };
    }
    let mut out = Builder::new(text.len(), track);
    let mut last_was_separator = false;
    for (i, c) in text.char_indices() {
        let from = if track {
            view.origin_of(i..i + c.len_utf8())
        } else {
            (0, 0)
        };
        if is_separator(c) {
            if last_was_separator {
                if let Some(last) = out.origin.as_mut().and_then(|o| o.last_mut()) {
                    last.1 = last.1.max(from.1);
                }
            } else {
                out.push(' ', from);
                last_was_separator = true;
            }
            continue;
        }
        last_was_separator = false;
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase(), from);
        } else {
            for lower in c.to_lowercase() {
                out.push(lower, from);
            }
        }
    }
    out.finish()
}

/// `fold(&reader(text, false), false)`, built from [`fold_for_names_each`].
pub fn fold_for_names(text: &str) -> String {
    let mut out: Vec<u8> = Vec::with_capacity(text.len());
    let _ = fold_for_names_each(text, |b| {
        out.push(b);
        ControlFlow::Continue(())
    });
    String::from_utf8(out).expect("whole characters in, whole characters out")
}

/// The bytes of `fold(&reader(text, false), false)` given to `each` one at a time, without
/// building either text, until `each` breaks. One pass over the stored text when it is ASCII
/// without entities, tags or escapes (only Markdown's emphasis marks to leave out, as the reader
/// does).
pub fn fold_for_names_each(text: &str, each: impl FnMut(u8) -> ControlFlow<()>) -> ControlFlow<()> {
    if text.is_ascii()
        && memchr::memchr3(b'&', b'<', b'\\', text.as_bytes()).is_none()
        && memchr::memchr2(b'[', b']', text.as_bytes()).is_none()
    {
        fold_each(text, &FOLD_WITHOUT_MARKS, each)
    } else {
        fold_each(&reader(text, false).text, &FOLD, each)
    }
}

/// The bytes of [`fold`] of a reader's view (untracked) given to `each` one at a time.
pub fn fold_view_each(text: &str, each: impl FnMut(u8) -> ControlFlow<()>) -> ControlFlow<()> {
    fold_each(text, &FOLD, each)
}

/// [`fold`] when where each byte came from is not wanted.
fn fold_untracked(text: &str) -> String {
    let mut out: Vec<u8> = Vec::with_capacity(text.len());
    let _ = fold_view_each(text, |b| {
        out.push(b);
        ControlFlow::Continue(())
    });
    String::from_utf8(out).expect("whole characters in, whole characters out")
}

/// Folds `text` a byte at a time for ASCII (through `table`), a character at a time otherwise.
fn fold_each(
    text: &str,
    table: &[u8; 128],
    mut each: impl FnMut(u8) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let bytes = text.as_bytes();
    let mut last_was_separator = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            i += 1;
            let folded = table[usize::from(b)];
            // One test that is rarely true, so the processor predicts it.
            if folded == LEFT_OUT || (folded == b' ' && last_was_separator) {
                continue;
            }
            last_was_separator = folded == b' ';
            each(folded)?;
            continue;
        }
        let c = text[i..].chars().next().expect("inside the text");
        i += c.len_utf8();
        if is_separator(c) {
            if !last_was_separator {
                each(b' ')?;
            }
            last_was_separator = true;
            continue;
        }
        last_was_separator = false;
        let mut buf = [0u8; 4];
        for lower in c.to_lowercase() {
            for &b in lower.encode_utf8(&mut buf).as_bytes() {
                each(b)?;
            }
        }
    }
    ControlFlow::Continue(())
}

/// In a fold table: the byte is left out (no ASCII byte folds to it).
const LEFT_OUT: u8 = 0xFF;

/// How [`fold`] folds each ASCII byte: lower case, and a separator ([`is_separator`]) a space.
static FOLD: [u8; 128] = fold_table(false);
/// [`FOLD`], leaving out Markdown's emphasis marks `*`, `_`, `~` and `` ` `` as the reader does.
static FOLD_WITHOUT_MARKS: [u8; 128] = fold_table(true);

const fn fold_table(without_marks: bool) -> [u8; 128] {
    let mut table = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        table[i] = match b {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C | b'.' | b'-' => b' ',
            b'*' | b'_' | b'~' | b'`' if without_marks => LEFT_OUT,
            _ if is_control_byte(b) => LEFT_OUT,
            _ => b.to_ascii_lowercase(),
        };
        i += 1;
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen(text: &str) -> String {
        reader(text, false).text.into_owned()
    }

    #[test]
    fn the_reader_sees_decoded_and_unmarked_text() {
        assert_eq!(seen("jo&#64;example.org"), "jo@example.org");
        assert_eq!(seen("Jane&nbsp;Smith"), "Jane Smith");
        assert_eq!(seen("**Jane** <b>Smith</b>"), "Jane Smith");
        assert_eq!(seen("Jane<br>Smith"), "Jane Smith");
        assert_eq!(seen("<jo@example.org>"), "<jo@example.org>");
        assert_eq!(
            seen("<a href=\"mailto:jo@example.org\">x</a>"),
            "  href=\"mailto:jo@example.org\" x"
        );
        assert_eq!(seen("９４３ O’Brien"), "943 O'Brien");
        assert_eq!(seen("Sia\u{302}n"), "Siân");
        assert_eq!(seen("a < b & c"), "a < b & c");
        assert_eq!(seen("943\u{200B}476"), "943476");
    }

    #[test]
    fn markup_that_vanishes_on_render_is_not_seen() {
        assert_eq!(seen("Marg[]()aret Ellison"), "Margaret Ellison");
        assert_eq!(seen("Marg<!-- a note -->aret"), "Margaret");
        assert_eq!(seen("Margaret\\\nEllison"), "Margaret\nEllison");
        assert_eq!(
            seen("[Jane](https://x.org) Smith"),
            "Jane https://x.org  Smith"
        );
        assert_eq!(seen("[Jane](#) Smith"), "Jane Smith");
        assert_eq!(seen("a [note] (b)"), "a note (b)");
        assert_eq!(seen("a <!-- unclosed"), "a <!-- unclosed");
    }

    #[test]
    fn control_characters_and_their_escapes_are_not_seen() {
        assert_eq!(seen("Jane\u{7} Smith"), "Jane Smith");
        assert_eq!(seen("\\u{2066}Jane\\u{2069} Smith"), "Jane Smith");
        assert_eq!(seen("Jane\\u{0007} Smith"), "Jane Smith");
        assert_eq!(seen("a \\u{0041} b"), "a \\u{0041} b");
        assert_eq!(fold_for_names("Jane\u{7} Smith"), "jane smith");
    }

    #[test]
    fn invisible_and_format_characters_are_not_seen() {
        for c in [
            '\u{FE0F}',
            '\u{E0041}',
            '\u{E0101}',
            '\u{3164}',
            '\u{FFA0}',
            '\u{115F}',
            '\u{2066}',
            '\u{2069}',
            '\u{202E}',
            '\u{200D}',
            '\u{180E}',
        ] {
            assert_eq!(seen(&format!("Marg{c}aret")), "Margaret", "{c:?}");
        }
    }

    #[test]
    fn the_untracked_fold_is_the_fold() {
        for text in [
            "Ask  JANE.Smith -- now\t\n\r\x0b\x0c x",
            "SIÂN\u{A0}\u{2013} Ó x\u{2003}y",
            "**Jane** _Smith_ ~~x~~ `y` . - z",
            "a <b>Jane</b> &amp; \\*",
        ] {
            let tracked = fold(&reader(text, true), true);
            assert_eq!(fold_untracked(&reader(text, false).text), tracked.text);
            assert_eq!(fold_for_names(text), tracked.text);
        }
    }

    #[test]
    fn redaction_maps_back_to_the_stored_text() {
        let text = "Ask **Jane**&nbsp;Smith.";
        let view = reader(text, true);
        let folded = fold(&view, true);
        assert_eq!(folded.text, "ask jane smith ");
        let at = folded.text.find("jane smith").unwrap();
        let range = folded.original(at..at + "jane smith".len());
        assert_eq!(&text[range], "Jane**&nbsp;Smith");
    }
}
