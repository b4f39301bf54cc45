//! `output/manifest.json` (SPEC section 9): which evidence a pack was built from.
//!
//! The manifest names the tool version, the as-of date, the `[select]` table, and the SHA-256 of
//! every input file (pack.toml, frameworks, the privacy register, every record and example, and
//! any template overrides in the pack's `templates/` folder) and of every output file. A provider
//! can later show that a submitted pack was built from exactly these files.
//!
//! The JSON is deterministic: paths are relative to the pack root with `/`, sorted, and nothing
//! depends on the clock or the machine.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use serde::Serialize;

use super::output::WrittenFile;
use crate::hash::hex;
use crate::load::Pack;
use crate::model::Date;
use crate::model::pack_config::Selection;
use crate::source::Digest;

/// The folder of template overrides in a pack (SPEC section 9).
pub const TEMPLATES_DIR: &str = "templates";

#[derive(Debug, Serialize)]
struct Manifest<'a> {
    tool: &'static str,
    version: &'static str,
    as_of: String,
    /// The `[select]` table the pack was built with; null when everything was included.
    selection: Option<&'a Selection>,
    inputs: Vec<FileHash>,
    outputs: Vec<FileHash>,
}

#[derive(Debug, Serialize)]
struct FileHash {
    path: String,
    /// Lowercase hexadecimal SHA-256; null when the file could not be read.
    sha256: Option<String>,
    /// Size in bytes; null when the file could not be read.
    bytes: Option<u64>,
}

/// The hashes of a pack's input files, from [`hash_inputs`].
#[derive(Debug)]
pub struct InputHashes(Vec<FileHash>);

/// Starts hashing the pack's inputs: `pack.input_files` and every file under the pack's
/// `templates/` folder (hidden files skipped). Files the loader read were hashed as they were
/// read (their `digest`); the rest (templates, and any file the loader could not take in) are
/// read from disk, one after another on a thread of its own, which fills the moments the
/// rendering leaves a core idle. A file that cannot be read is listed with a null hash rather
/// than left out, so that the gap is visible.
pub fn hash_inputs(pack: &Pack) -> std::io::Result<std::thread::JoinHandle<InputHashes>> {
    let mut paths: Vec<String> = pack.input_files.clone();
    paths.extend(template_files(&pack.root));
    // The privacy register is not evidence, and its hash and size would let a guess at a small
    // register's names be confirmed: it is left out.
    let register = pack
        .config
        .privacy
        .register
        .as_deref()
        .map(|r| r.replace('\\', "/").trim_start_matches("./").to_string());
    let paths: BTreeSet<String> = paths
        .into_iter()
        .map(|p| p.replace('\\', "/"))
        .filter(|p| Some(p.trim_start_matches("./")) != register.as_deref())
        .collect();
    let read: HashMap<String, Digest> = pack
        .sources
        .iter()
        .filter_map(|s| Some((s.rel.replace('\\', "/"), s.digest?)))
        .collect();
    // A file's name may hold an identifier (`possible-identifier` reports it): the manifest
    // shows it with the identifier taken out.
    let paths: Vec<(String, String)> = paths
        .into_iter()
        .map(|rel| {
            let shown = pack.identifiers.redact(&rel);
            (rel, shown)
        })
        .collect();
    let root = pack.root.clone();
    let hash = move || {
        let hashes = paths
            .into_iter()
            .map(|(rel, shown)| {
                let digest = read
                    .get(&rel)
                    .copied()
                    .or_else(|| std::fs::read(root.join(&rel)).ok().map(|b| Digest::of(&b)));
                FileHash {
                    sha256: digest.map(|d| hex(&d.sha256)),
                    bytes: digest.map(|d| d.bytes),
                    path: shown,
                }
            })
            .collect();
        InputHashes(hashes)
    };
    std::thread::Builder::new()
        .name("hash inputs".to_string())
        .spawn(hash)
}

/// The manifest as pretty-printed JSON, ending with a newline: the inputs from
/// [`hash_inputs`], and the files the build wrote, hashed as they were written.
pub fn manifest_json(
    as_of: Date,
    selection: Option<&Selection>,
    inputs: InputHashes,
    outputs: &[WrittenFile],
) -> String {
    let inputs = inputs.0;
    let mut outputs: Vec<FileHash> = outputs
        .iter()
        .map(|file| FileHash {
            path: file.name.replace('\\', "/"),
            sha256: Some(file.sha256.clone()),
            bytes: Some(file.bytes),
        })
        .collect();
    outputs.sort_by(|a, b| a.path.cmp(&b.path));
    let manifest = Manifest {
        tool: "evidence-pack",
        version: env!("CARGO_PKG_VERSION"),
        as_of: as_of.iso(),
        selection: selection.filter(|s| !crate::select::is_everything(s)),
        inputs,
        outputs,
    };
    let mut json = serde_json::to_string_pretty(&manifest).expect("the manifest serialises");
    json.push('\n');
    json
}

/// The template overrides in `root/templates`: the files named like a built-in template, which
/// are the only ones a build reads (anything else there, such as a backup, is never read).
pub fn template_files(root: &Path) -> Vec<String> {
    let dir = root.join(TEMPLATES_DIR);
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut files: Vec<String> = crate::render::templates::BUILT_IN
        .iter()
        .filter(|(name, _)| {
            std::fs::symlink_metadata(dir.join(name)).is_ok_and(|m| m.file_type().is_file())
        })
        .map(|(name, _)| format!("{TEMPLATES_DIR}/{name}"))
        .collect();
    files.sort();
    files
}

/// The `[select]` table for the manifest, each value with any identifier taken out (a
/// selection by id or service could name a person).
pub fn redacted_selection(pack: &Pack) -> Option<Selection> {
    let select = pack.config.select.as_ref()?;
    let redact = |values: &[String]| -> Vec<String> {
        values.iter().map(|v| pack.identifiers.redact(v)).collect()
    };
    Some(Selection {
        services: redact(&select.services),
        themes: redact(&select.themes),
        statements: redact(&select.statements),
        status: redact(&select.status),
        ids: redact(&select.ids),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::sha256_hex;
    use crate::load::load_for_build as load;

    fn write(root: &Path, rel: &str, text: &str) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn small_pack() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(
            root,
            "pack.toml",
            "[pack]\ntitle = \"T\"\nprovider = \"P\"\n[select]\nthemes = [\"medication\"]\n",
        );
        write(
            root,
            "content/decisions/d-001.toml",
            "id = \"D-001\"\n# not even a valid record: still an input\n",
        );
        // Saved by a Windows editor: the manifest hashes the file as it is on disk, with its
        // byte-order mark, though the loader reads the text without it.
        write(
            root,
            "content/examples/px-001.toml",
            "\u{FEFF}id = \"PX-001\"\r\n",
        );
        write(root, "templates/pack.html", "<p>{{ title }}</p>\n");
        write(
            root,
            "templates/partials/cover.html",
            "not a template name: never read\n",
        );
        write(root, "templates/.hidden", "not listed\n");
        dir
    }

    fn inputs(pack: &Pack) -> InputHashes {
        hash_inputs(pack).expect("started").join().expect("hashed")
    }

    #[test]
    fn hashes_match_the_bytes_of_every_input_and_output() {
        let dir = small_pack();
        let pack = load(dir.path()).unwrap();
        let as_of = Date::from_ymd(2026, 11, 1).unwrap();
        let html: &[u8] = b"<html>pack</html>";
        let out = tempfile::tempdir().unwrap();
        let staging = crate::render::output::Staging::new(&out.path().join("output")).unwrap();
        let written = [
            staging.write("pack.json", b"{}").unwrap(),
            staging.write("pack.html", html).unwrap(),
        ];
        let json = manifest_json(as_of, pack.config.select.as_ref(), inputs(&pack), &written);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["tool"], "evidence-pack");
        assert_eq!(v["version"], env!("CARGO_PKG_VERSION"));
        assert_eq!(v["as_of"], "2026-11-01");
        assert_eq!(v["selection"]["themes"][0], "medication");

        let inputs = v["inputs"].as_array().unwrap();
        let paths: Vec<&str> = inputs.iter().map(|i| i["path"].as_str().unwrap()).collect();
        assert_eq!(
            paths,
            [
                "content/decisions/d-001.toml",
                "content/examples/px-001.toml",
                "pack.toml",
                "templates/pack.html",
            ]
        );
        for input in inputs {
            let path = input["path"].as_str().unwrap();
            let bytes = std::fs::read(dir.path().join(path)).unwrap();
            assert_eq!(input["sha256"], sha256_hex(&bytes), "{path}");
            assert_eq!(input["bytes"], bytes.len(), "{path}");
        }

        let outputs = v["outputs"].as_array().unwrap();
        assert_eq!(outputs[0]["path"], "pack.html");
        assert_eq!(outputs[0]["sha256"], sha256_hex(html));
        assert_eq!(outputs[1]["path"], "pack.json");
        assert_eq!(outputs[1]["sha256"], sha256_hex(b"{}"));
    }

    #[test]
    fn the_manifest_is_deterministic_and_follows_the_files() {
        let dir = small_pack();
        let pack = load(dir.path()).unwrap();
        let as_of = Date::from_ymd(2026, 11, 1).unwrap();
        let first = manifest_json(as_of, None, inputs(&pack), &[]);
        assert_eq!(first, manifest_json(as_of, None, inputs(&pack), &[]));
        assert!(first.ends_with("}\n"));
        let v: serde_json::Value = serde_json::from_str(&first).unwrap();
        assert!(v["selection"].is_null());

        write(dir.path(), "templates/pack.html", "<p>changed</p>\n");
        let second = manifest_json(as_of, None, inputs(&pack), &[]);
        assert_ne!(first, second);
        assert!(second.contains(&sha256_hex(b"<p>changed</p>\n")));
    }

    #[test]
    fn an_empty_selection_is_shown_as_everything() {
        let dir = small_pack();
        let pack = load(dir.path()).unwrap();
        let as_of = Date::from_ymd(2026, 11, 1).unwrap();
        let json = manifest_json(as_of, Some(&Selection::default()), inputs(&pack), &[]);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert!(v["selection"].is_null());
    }
}
