//! Unsaved text that stands in for a file, as typst's `World` overlays the sources an editor has
//! not saved yet. The live preview and the coming browser editor check the whole pack with one
//! record's unsaved text in place of its file: the loader reads the overlay's text for that path
//! and never the file's bytes, and every finding then points into the overlay's text.
//!
//! Paths are relative to the pack folder, with `/` between folders, exactly as findings name
//! files: `pack.toml`, `content/decisions/dr-001.toml`. A record path in the overlay that has no
//! file yet (a record being written) is read as if it were saved there.

use std::collections::BTreeMap;

/// Unsaved texts by relative path. Empty for every command that reads only saved files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overlay {
    texts: BTreeMap<String, String>,
}

impl Overlay {
    /// No unsaved text: every file is read from disk.
    pub fn new() -> Overlay {
        Overlay::default()
    }

    /// Puts `text` in place of the file at `rel` (relative to the pack folder, `/` separated).
    /// A second text for the same path replaces the first.
    pub fn insert(&mut self, rel: impl Into<String>, text: impl Into<String>) {
        self.texts.insert(rel.into(), text.into());
    }

    /// This overlay with `text` in place of the file at `rel`.
    pub fn with(mut self, rel: impl Into<String>, text: impl Into<String>) -> Overlay {
        self.insert(rel, text);
        self
    }

    /// The unsaved text for `rel`, if there is one.
    pub fn get(&self, rel: &str) -> Option<&str> {
        self.texts.get(rel).map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }

    /// The `.toml` paths directly or deeply under `dir` (e.g. `content/decisions`), in order.
    pub(super) fn toml_files_under<'a>(&'a self, dir: &'a str) -> impl Iterator<Item = &'a str> {
        self.texts.keys().map(String::as_str).filter(move |rel| {
            rel.strip_prefix(dir)
                .is_some_and(|rest| rest.starts_with('/') && rest.len() > 1)
                && rel.ends_with(".toml")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_record_paths_under_a_folder_only() {
        let overlay = Overlay::new()
            .with("content/decisions/dr-1.toml", "a")
            .with("content/decisions-old/dr-2.toml", "b")
            .with("content/decisions/notes.md", "c")
            .with("pack.toml", "d");
        let found: Vec<&str> = overlay.toml_files_under("content/decisions").collect();
        assert_eq!(found, ["content/decisions/dr-1.toml"]);
        assert_eq!(overlay.get("pack.toml"), Some("d"));
        assert_eq!(overlay.get("missing.toml"), None);
    }
}
