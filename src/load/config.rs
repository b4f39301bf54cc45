//! pack.toml when it has an error: whatever can be read of it, so records are still checked.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Finding, Rule};
use crate::model::PackConfig;
use crate::source::SourceFile;

/// A file pack.toml names (the privacy register, the logo): its name with forward slashes, its
/// path, and whether it lies outside the pack folder (absolute, through "..", or by a link).
pub(super) fn named_file(root: &Path, named: &str) -> (String, PathBuf, bool) {
    let rel = named.replace('\\', "/");
    let path = root.join(&rel);
    let outside = Path::new(&rel).is_absolute()
        || rel.split('/').any(|part| part == "..")
        || path
            .canonicalize()
            .ok()
            .zip(root.canonicalize().ok())
            .is_some_and(|(p, r)| !p.starts_with(r));
    (rel, path, outside)
}

/// An `invalid-record` finding at `key` in pack.toml (line 1 when it cannot be found): for a file
/// that pack.toml names and that cannot be used (the privacy register, the logo).
pub(super) fn pack_toml_finding(
    sources: &[std::sync::Arc<SourceFile>],
    key: &str,
    message: String,
    help: &str,
) -> Finding {
    let source = sources.iter().find(|s| s.rel == "pack.toml");
    let span = source.and_then(|s| s.span(key));
    let (line, column) = source
        .zip(span.clone())
        .map(|(s, sp)| s.line_col(sp.start))
        .unwrap_or((1, 1));
    let mut finding = Finding::in_file(
        Rule::InvalidRecord,
        "pack.toml",
        line,
        column,
        message,
        help,
    )
    .with_key(key);
    finding.span = span;
    finding
}

/// The settings used when pack.toml has an error, so that records are still checked: whatever can
/// be read of it (above all the privacy register and the as-of date), defaults for the rest.
pub(super) fn salvage(source: Option<&SourceFile>) -> PackConfig {
    let mut config: PackConfig =
        toml::from_str("[pack]\ntitle = \"Untitled pack\"\nprovider = \"Unknown provider\"\n")
            .expect("the fallback settings are valid");
    let Some(table) = source.and_then(|s| s.text.parse::<toml::Table>().ok()) else {
        return config;
    };
    let section = |name: &str| table.get(name).and_then(|v| v.as_table()).cloned();
    if let Some(pack) = section("pack") {
        let text = |key: &str| pack.get(key).and_then(|v| v.as_str()).map(str::to_string);
        if let Some(t) = text("title") {
            config.pack.title = t;
        }
        if let Some(p) = text("provider") {
            config.pack.provider = p;
        }
        if let Some(f) = text("framework") {
            config.pack.framework = f;
        }
        config.pack.summary = text("summary");
        config.pack.as_of = pack
            .get("as_of")
            .and_then(|v| v.clone().try_into::<crate::model::Date>().ok());
        config.pack.required_statements = pack
            .get("required_statements")
            .and_then(|v| v.clone().try_into::<Vec<String>>().ok())
            .unwrap_or_default();
    }
    if let Some(privacy) = section("privacy") {
        config.privacy.register = privacy
            .get("register")
            .and_then(|v| v.as_str())
            .map(str::to_string);
    }
    if let Some(examples) = section("examples") {
        config.examples.word_limit = examples
            .get("word_limit")
            .and_then(|v| v.as_integer())
            .and_then(|n| u32::try_from(n).ok());
    }
    config
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pack_toml_with_a_typo_keeps_its_privacy_register_and_date() {
        let text = "[pack]\ntitle = \"T\"\nprovidr = \"P\"\nas_of = 2026-11-01\n[privacy]\nregister = \"private/people.toml\"\n";
        let source = SourceFile::new("pack.toml".into(), text.into());
        let config = salvage(Some(&source));
        assert_eq!(
            config.privacy.register.as_deref(),
            Some("private/people.toml")
        );
        assert_eq!(
            config.pack.as_of.map(|d| d.iso()).as_deref(),
            Some("2026-11-01")
        );
        assert_eq!(config.pack.title, "T");
        assert_eq!(config.pack.provider, "Unknown provider");
    }
}
