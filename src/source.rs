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
}

impl SourceFile {
    pub fn new(rel: String, text: String) -> SourceFile {
        SourceFile {
            rel,
            text,
            keys: OnceLock::new(),
        }
    }

    /// Where each key of the file stands (empty when the file is not valid TOML).
    pub fn keys(&self) -> &KeyIndex {
        self.keys.get_or_init(|| KeyIndex::parse(&self.text))
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let before = &self.text.as_bytes()[..offset];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let column = self.text[line_start..offset].chars().count() + 1;
        (line, column)
    }

    /// Byte range of the line holding `offset`, without its line break.
    pub fn line_bounds(&self, offset: usize) -> (usize, usize) {
        let bytes = self.text.as_bytes();
        let offset = floor_char_boundary(&self.text, offset.min(bytes.len()));
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

/// Where each key of a TOML document stands: `decision.rationale` → the span of `rationale`;
/// `risks[0]` → the span of that array element (its `[[risks]]` header for an array of tables).
#[derive(Debug, Clone, Default)]
pub struct KeyIndex {
    spans: HashMap<String, Range<usize>>,
}

impl KeyIndex {
    /// Indexes TOML text. Text that is nested too deeply or is not valid TOML has no keys (its
    /// `invalid-record` finding carries its own location).
    pub fn parse(text: &str) -> KeyIndex {
        if crate::load::too_deep(text, crate::load::MAX_NESTING).is_some() {
            return KeyIndex::default();
        }
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
        self.spans.get(path).cloned()
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
            self.spans.insert(path.clone(), key.span());
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
                    self.spans.insert(path.clone(), item.span());
                    path.truncate(len);
                }
            }
            _ => {}
        }
    }
}
