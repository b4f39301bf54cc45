//! A loaded TOML file: its text, and where each key stands in it so findings can point there.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use serde_spanned::Spanned;
use toml::de::{DeTable, DeValue};

/// A file of the pack as read from disk (a UTF-8 byte-order mark removed).
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the pack root, with `/`.
    pub rel: String,
    pub text: String,
    /// Built on first use: most files never need a location (only those with findings do), and
    /// indexing every key of every file was a third of the time `check` spent loading.
    keys: OnceLock<KeyIndex>,
    /// Where lines start, built on first use: locating a finding no longer reads the file from
    /// the start, which made a file with 100,000 findings take minutes.
    lines: OnceLock<LineIndex>,
    /// The SHA-256 and size of the file as read from disk (before a byte-order mark was
    /// removed), for the manifest; `None` for text that did not come from a file.
    pub digest: Option<Digest>,
}

/// The SHA-256 and size in bytes of a file's contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Digest {
    pub sha256: [u8; 32],
    pub bytes: u64,
}

impl Digest {
    pub fn of(bytes: &[u8]) -> Digest {
        Digest {
            sha256: crate::hash::sha256(bytes),
            bytes: bytes.len() as u64,
        }
    }
}

/// Lines longer than this (in bytes) are not shown under a finding, only its line and column:
/// a file with one enormous line (a hostile or generated one; no hand-written record has such a
/// line) would otherwise make showing every finding on it cost the whole line.
pub const LONG_LINE: usize = 4096;

impl SourceFile {
    /// Frees the text and its indexes, keeping the path: for when no more findings will be
    /// located in the file.
    pub fn drop_text(&mut self) {
        self.text = String::new();
        self.keys = OnceLock::new();
        self.lines = OnceLock::new();
    }

    pub fn new(rel: String, text: String) -> SourceFile {
        SourceFile {
            rel,
            text,
            keys: OnceLock::new(),
            lines: OnceLock::new(),
            digest: None,
        }
    }

    /// Where each key of the file stands (empty when the file is not valid TOML).
    pub fn keys(&self) -> &KeyIndex {
        self.keys.get_or_init(|| KeyIndex::parse(&self.text))
    }

    fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.text))
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let lines = self.lines();
        let line = lines.starts.partition_point(|&s| s <= offset);
        let line_start = lines.starts[line - 1];
        let bytes = self.text.as_bytes();
        let column = lines.chars_before(bytes, offset) - lines.chars_before(bytes, line_start) + 1;
        (line, column)
    }

    /// Byte range of the line holding `offset`, without its line break.
    pub fn line_bounds(&self, offset: usize) -> (usize, usize) {
        let bytes = self.text.as_bytes();
        let offset = floor_char_boundary(&self.text, offset.min(bytes.len()));
        let starts = &self.lines().starts;
        let line = starts.partition_point(|&s| s <= offset);
        let start = starts[line - 1];
        let mut end = starts.get(line).map_or(bytes.len(), |next| next - 1);
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        (start, end)
    }

    /// The span of a key path such as `decision.rationale` or `reviews[2].on`.
    pub fn span(&self, path: &str) -> Option<Range<usize>> {
        self.keys().get(path)
    }

    /// The span of the first path in `paths` that exists.
    pub fn first_span(&self, paths: &[&str]) -> Option<Range<usize>> {
        paths.iter().find_map(|p| self.span(p))
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Bytes per block of the character-count table.
const BLOCK: usize = 256;

/// Where each line starts, and how many characters come before each block of [`BLOCK`] bytes,
/// so that a line and column are found without reading the text from the start.
#[derive(Debug, Clone)]
struct LineIndex {
    /// Byte offset of each line's first byte; the first is 0.
    starts: Vec<usize>,
    /// `chars[k]`: characters in the first `k * BLOCK` bytes.
    chars: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        starts.extend(
            bytes
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i + 1),
        );
        let mut chars = Vec::with_capacity(bytes.len() / BLOCK + 2);
        let mut count = 0;
        for block in bytes.chunks(BLOCK) {
            chars.push(count);
            count += char_starts(block);
        }
        chars.push(count);
        LineIndex { starts, chars }
    }

    /// Characters in `bytes[..offset]` (`offset` on a character boundary).
    fn chars_before(&self, bytes: &[u8], offset: usize) -> usize {
        let block = offset / BLOCK;
        self.chars[block] + char_starts(&bytes[block * BLOCK..offset])
    }
}

/// The bytes that begin a UTF-8 character (all but continuation bytes).
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// Where each key of a TOML document stands: `decision.rationale` → the span of `rationale`;
/// `risks[0]` → the span of that array element (its `[[risks]]` header for an array of tables).
#[derive(Debug, Clone, Default)]
pub struct KeyIndex {
    /// Each key's span, and where its value ends (for finding the key a span inside a value
    /// belongs to).
    spans: HashMap<String, (Range<usize>, usize)>,
}

impl KeyIndex {
    /// Indexes TOML text. Text that is not valid TOML (nested too deeply, for one) has no keys
    /// (its `invalid-record` finding carries its own location).
    pub fn parse(text: &str) -> KeyIndex {
        match DeTable::parse(text) {
            Ok(table) => KeyIndex::build(&table),
            Err(_) => KeyIndex::default(),
        }
    }

    pub fn build(root: &Spanned<DeTable<'_>>) -> KeyIndex {
        let mut index = KeyIndex::default();
        let mut path = String::with_capacity(64);
        index.add_table(&mut path, root.get_ref());
        index
    }

    pub fn get(&self, path: &str) -> Option<Range<usize>> {
        self.spans.get(path).map(|(span, _)| span.clone())
    }

    /// The dotted path of the key `span` is about, as the user would write it
    /// (`decision.rationale`, `risks[0].to`): the key at `span` itself, else the innermost key
    /// whose value holds it. `None` when it is about no key.
    pub fn key_at(&self, span: &Range<usize>) -> Option<&str> {
        let mut best: Option<(&str, usize)> = None;
        for (path, (key, value_end)) in &self.spans {
            if key == span {
                return Some(path);
            }
            let end = (*value_end).max(key.end);
            if key.start <= span.start && span.end <= end {
                let size = end - key.start;
                // Ties (an array element and its first key) go to the longer, deeper path.
                let better =
                    best.is_none_or(|(p, s)| size < s || (size == s && path.len() > p.len()));
                if better {
                    best = Some((path, size));
                }
            }
        }
        best.map(|(path, _)| path)
    }

    /// Adds every key below `path` (which is restored before returning).
    fn add_table(&mut self, path: &mut String, table: &DeTable<'_>) {
        let len = path.len();
        for (key, value) in table.iter() {
            if len > 0 {
                path.push('.');
            }
            path.push_str(key.get_ref());
            self.add_value(path, value);
            self.spans
                .insert(path.clone(), (key.span(), value.span().end));
            path.truncate(len);
        }
    }

    fn add_value(&mut self, path: &mut String, value: &Spanned<DeValue<'_>>) {
        match value.get_ref() {
            DeValue::Table(table) => self.add_table(path, table),
            DeValue::Array(items) => {
                let len = path.len();
                for (i, item) in items.iter().enumerate() {
                    use std::fmt::Write as _;
                    let _ = write!(path, "[{i}]");
                    self.add_value(path, item);
                    self.spans
                        .insert(path.clone(), (item.span(), item.span().end));
                    path.truncate(len);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first versions, which read the text from the start for each finding.
    fn line_col_reference(text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let before = &text.as_bytes()[..offset];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let column = text[line_start..offset].chars().count() + 1;
        (line, column)
    }

    fn line_bounds_reference(text: &str, offset: usize) -> (usize, usize) {
        let bytes = text.as_bytes();
        let offset = floor_char_boundary(text, offset.min(bytes.len()));
        let start = bytes[..offset]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let mut end = bytes[offset..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |p| offset + p);
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        (start, end)
    }

    #[test]
    fn indexed_lines_and_columns_agree_with_reading_from_the_start() {
        let pieces = ["a", "\n", "\r\n", "é", "€", "🙂", "ŵ", " ", "\r"];
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for round in 0..600 {
            let text: String = (0..round % 300)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    pieces[(state % pieces.len() as u64) as usize]
                })
                .collect();
            let source = SourceFile::new("t.toml".into(), text.clone());
            for offset in 0..=text.len() + 1 {
                assert_eq!(
                    source.line_col(offset),
                    line_col_reference(&text, offset),
                    "{text:?} at {offset}"
                );
                assert_eq!(
                    source.line_bounds(offset),
                    line_bounds_reference(&text, offset),
                    "{text:?} at {offset}"
                );
            }
        }
    }
}
