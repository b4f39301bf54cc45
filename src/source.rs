//! A loaded TOML file: its text, and where each key stands in it so findings can point there.

use std::collections::HashMap;
use std::ops::Range;

use serde_spanned::Spanned;
use toml::de::{DeTable, DeValue};

/// A file of the pack as read from disk (a UTF-8 byte-order mark removed).
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the pack root, with `/`.
    pub rel: String,
    pub text: String,
    pub keys: KeyIndex,
}

impl SourceFile {
    pub fn new(rel: String, text: String) -> SourceFile {
        SourceFile {
            rel,
            text,
            keys: KeyIndex::default(),
        }
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
        self.keys.get(path)
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
    pub fn build(root: &Spanned<DeTable<'_>>) -> KeyIndex {
        let mut index = KeyIndex::default();
        index.add_table("", root.get_ref());
        index
    }

    pub fn get(&self, path: &str) -> Option<Range<usize>> {
        self.spans.get(path).cloned()
    }

    fn add_table(&mut self, prefix: &str, table: &DeTable<'_>) {
        for (key, value) in table.iter() {
            let path = if prefix.is_empty() {
                key.get_ref().to_string()
            } else {
                format!("{prefix}.{}", key.get_ref())
            };
            self.add_value(&path, value);
            self.spans.insert(path, key.span());
        }
    }

    fn add_value(&mut self, path: &str, value: &Spanned<DeValue<'_>>) {
        match value.get_ref() {
            DeValue::Table(table) => self.add_table(path, table),
            DeValue::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let item_path = format!("{path}[{i}]");
                    self.add_value(&item_path, item);
                    self.spans.insert(item_path, item.span());
                }
            }
            _ => {}
        }
    }
}
