//! Editing in the browser (SPEC section 12): the live preview's forms for decision records,
//! practice examples, tender answers and `[pack]`, and what they do to the files.
//!
//! - [`form`]: the forms, generated from each kind's JSON Schema;
//! - [`changes`]: what a form changed, as edits of single keys;
//! - [`apply`]: the edits applied to the file's text, keeping every other byte;
//! - [`findings`]: the record's findings with the unsaved text in place of its file;
//! - [`history`]: the copies kept before each save, for undo and restore;
//! - [`security`]: the token and `Origin` every writing request must carry;
//! - [`routes`]: the web pages and requests.
//!
//! The files stay the single source of truth: a record is named by its id (or by an opaque
//! handle when its id is not unique), never by a path, and only the file it was loaded from is
//! written, only inside `content/`, `tenders/` and `pack.toml`.

pub mod apply;
pub mod changes;
pub mod findings;
pub mod form;
pub mod history;
pub mod routes;
pub mod security;

use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, OnceLock, RwLock};

use serde::Serialize;
use serde_json::{Map, Value};

use crate::load::{Pack, RecordCache};
use crate::model::Date;
use form::Field;

/// The kinds of file the editor writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Decision,
    Example,
    Answer,
    Pack,
}

impl Kind {
    /// The form's fields, made once from the kind's schema (`evidence-pack schema`).
    pub fn fields(self) -> &'static [Field] {
        use crate::model::schema::{FileKind, schema};
        static FORMS: OnceLock<[Vec<Field>; 4]> = OnceLock::new();
        let forms = FORMS.get_or_init(|| {
            let of =
                |kind: FileKind, only: Option<&[&str]>| form::fields(schema(kind).as_value(), only);
            [
                of(FileKind::Decision, None),
                of(FileKind::Example, None),
                of(FileKind::Answer, None),
                of(FileKind::Pack, Some(&["pack"])),
            ]
        });
        &forms[self as usize]
    }

    /// What a file of this kind is called, for people.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Decision => "decision record",
            Kind::Example => "practice example",
            Kind::Answer => "tender answer",
            Kind::Pack => "pack settings",
        }
    }
}

/// One file the editor may write, as the last rebuild found it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub kind: Kind,
    pub id: String,
    pub title: String,
    /// Relative to the pack, with `/`. Never sent to the server by the page.
    pub rel: String,
}

/// A request the editor refuses, with its status and a message for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub status: u16,
    pub message: String,
}

impl Refusal {
    pub fn new(status: u16, message: impl Into<String>) -> Refusal {
        Refusal {
            status,
            message: message.into(),
        }
    }
}

/// What the form sends: its record as JSON, or the text of the Text tab.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Changes {
    Values(Map<String, Value>),
    Text(String),
}

/// The file as loaded into a form.
#[derive(Debug, Clone, Serialize)]
pub struct Loaded {
    pub text: String,
    pub sha256: String,
    /// `None` when the text is not TOML (the Text tab is where to mend it).
    pub values: Option<Map<String, Value>>,
}

/// What a save did.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "result", rename_all = "kebab-case")]
pub enum Saved {
    Saved {
        message: String,
        file: String,
        sha256: String,
        /// The record's name for the next request (a new record's id).
        record: String,
        /// The file as it is now, for the form.
        loaded: Loaded,
    },
    /// The file changed on disk since the form loaded it: nothing was written.
    Conflict { message: String, theirs: Loaded },
}

/// The editor's state, shared by its requests.
pub struct Editor {
    pub root: PathBuf,
    /// A random value made when the server starts, which every writing request must carry.
    pub token: String,
    pub read_only: bool,
    pub as_of: Option<Date>,
    cache: RecordCache,
    index: RwLock<Vec<Entry>>,
    /// One save at a time.
    saving: Mutex<()>,
    /// Where each write is announced, so that the preview rebuilds at once (`serve`).
    written: std::sync::OnceLock<std::sync::mpsc::Sender<Vec<super::watch::Change>>>,
}

/// The name the page uses for a new decision record before it is saved.
pub const NEW_DECISION: &str = "~new-decision";
/// The name of pack.toml's `[pack]` settings.
pub const PACK_SETTINGS: &str = "~pack";

impl Editor {
    pub fn new(root: &Path, token: String, read_only: bool, as_of: Option<Date>) -> Editor {
        Editor {
            root: root.to_path_buf(),
            token,
            read_only,
            as_of,
            cache: RecordCache::new(),
            index: RwLock::new(Vec::new()),
            saving: Mutex::new(()),
            written: std::sync::OnceLock::new(),
        }
    }

    /// Tells `rebuild` of every file the editor writes, as soon as it is written.
    pub fn announce_writes_to(&self, rebuild: std::sync::mpsc::Sender<Vec<super::watch::Change>>) {
        let _ = self.written.set(rebuild);
    }

    /// Learns which files hold which records, from a rebuild's pack (and the tender answers).
    pub fn set_index(&self, pack: &Pack) {
        let decisions = pack
            .decisions
            .iter()
            .map(|d| (Kind::Decision, &d.item.id, &d.item.title, d.source));
        let examples = pack
            .examples
            .iter()
            .map(|e| (Kind::Example, &e.item.id, &e.item.title, e.source));
        let mut entries: Vec<Entry> = decisions
            .chain(examples)
            .map(|(kind, id, title, source)| Entry {
                kind,
                id: id.clone(),
                title: title.clone(),
                rel: pack.source(source).rel.clone(),
            })
            .collect();
        entries.extend(answers(&self.root));
        let mut index = self.index.write().unwrap_or_else(|e| e.into_inner());
        // A record created here after this rebuild began reading is not in its pack yet.
        let created: Vec<Entry> = index
            .iter()
            .filter(|e| e.kind != Kind::Answer && !entries.iter().any(|n| n.rel == e.rel))
            .filter(|e| self.root.join(&e.rel).is_file() && !pack.input_files.contains(&e.rel))
            .cloned()
            .collect();
        entries.extend(created);
        *index = entries;
    }

    pub fn entries(&self) -> Vec<Entry> {
        self.index.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The opaque handle of a file: the same for the whole run, meaningless to anyone else.
    pub fn handle(&self, rel: &str) -> String {
        let digest = crate::hash::sha256_hex(format!("{}\n{rel}", self.token).as_bytes());
        format!("~{}", &digest[..16])
    }

    /// The name the page uses for an entry: its id when that is unique, else its handle.
    pub fn name_of(&self, entry: &Entry) -> String {
        if entry.kind == Kind::Pack {
            return PACK_SETTINGS.to_string();
        }
        let index = self.index.read().unwrap_or_else(|e| e.into_inner());
        let same = index.iter().filter(|e| e.id == entry.id).count();
        if entry.kind != Kind::Answer && same == 1 && !entry.id.starts_with('~') {
            entry.id.clone()
        } else {
            self.handle(&entry.rel)
        }
    }

    /// The file a request names, by id or handle.
    pub fn resolve(&self, name: &str) -> Result<Entry, Refusal> {
        if name == PACK_SETTINGS {
            return Ok(Entry {
                kind: Kind::Pack,
                id: PACK_SETTINGS.to_string(),
                title: "Pack settings".to_string(),
                rel: "pack.toml".to_string(),
            });
        }
        if name == NEW_DECISION {
            let id = self.next_decision_id();
            return Ok(Entry {
                kind: Kind::Decision,
                title: "New decision".to_string(),
                rel: String::new(),
                id,
            });
        }
        let index = self.index.read().unwrap_or_else(|e| e.into_inner());
        let found: Vec<&Entry> = if name.starts_with('~') {
            index
                .iter()
                .filter(|e| self.handle(&e.rel) == name)
                .collect()
        } else {
            index
                .iter()
                .filter(|e| e.id == name && e.kind != Kind::Answer)
                .collect()
        };
        match found.as_slice() {
            [one] => Ok((*one).clone()),
            [] => Err(Refusal::new(
                404,
                format!(
                    "There is no record {} in the pack. Go back to the pack and choose one from the page.",
                    crate::text::printable(name)
                ),
            )),
            _ => Err(Refusal::new(
                409,
                "More than one file has this id. Give each record its own id, then choose it from the page again.",
            )),
        }
    }

    /// The next free decision id, `D-016` after `D-015` (the authoring layer's rule, on the ids
    /// the last rebuild found).
    pub fn next_decision_id(&self) -> String {
        use crate::authoring::ids::{RecordKind, next_id};
        let index = self.index.read().unwrap_or_else(|e| e.into_inner());
        let ids = |kind: Kind| -> Vec<String> {
            index
                .iter()
                .filter(|e| e.kind == kind)
                .map(|e| e.id.clone())
                .collect()
        };
        next_id(
            RecordKind::Decision,
            &ids(Kind::Decision),
            &ids(Kind::Example),
        )
    }

    fn path(&self, rel: &str) -> Result<PathBuf, Refusal> {
        if !writable(rel) {
            return Err(Refusal::new(
                403,
                "This file cannot be changed from the browser: only records in content/, tender answers and pack.toml can.",
            ));
        }
        let path = self.root.join(rel);
        // A link that leads out of the pack is not followed.
        if let Some(parent) = path.parent()
            && let (Ok(parent), Ok(root)) = (parent.canonicalize(), self.root.canonicalize())
            && !parent.starts_with(&root)
        {
            return Err(Refusal::new(
                403,
                "This file's folder is a link out of the pack, so it is not written.",
            ));
        }
        Ok(path)
    }

    /// The file as it is now.
    pub fn load(&self, entry: &Entry) -> Result<Loaded, Refusal> {
        if entry.rel.is_empty() {
            let mut values = Map::new();
            values.insert("id".into(), Value::String(entry.id.clone()));
            return Ok(Loaded {
                text: String::new(),
                sha256: String::new(),
                values: Some(values),
            });
        }
        let path = self.path(&entry.rel)?;
        let bytes = std::fs::read(&path)
            .map_err(|e| Refusal::new(404, format!("{} could not be read ({e}).", entry.rel)))?;
        Ok(loaded(bytes))
    }

    /// The text the file would have with `changes`.
    fn text_with(
        &self,
        entry: &Entry,
        current: &str,
        changes: &Changes,
    ) -> Result<String, Refusal> {
        match changes {
            Changes::Text(text) => Ok(text.clone()),
            Changes::Values(values) => {
                let fields = entry.kind.fields();
                let (base, loaded) = match entry.kind {
                    // The form shows only [pack]: the rest of pack.toml is left as it is.
                    Kind::Pack => (current, changes::to_json(current).unwrap_or_default()),
                    _ => (current, changes::to_json(current).unwrap_or_default()),
                };
                if changes::to_json(base).is_none() && !base.trim().is_empty() {
                    return Err(Refusal::new(
                        422,
                        "The file has a mistake that stops the form from reading it: mend it in the Text tab first.",
                    ));
                }
                let edits = changes::diff(&loaded, values, fields);
                apply::apply(base, &edits, fields).map_err(|e| Refusal::new(422, e))
            }
        }
    }

    /// The record's findings with `changes` in place of its file.
    pub fn check(
        &self,
        entry: &Entry,
        changes: &Changes,
    ) -> Result<Vec<findings::FieldFinding>, Refusal> {
        let current = self.load(entry)?;
        let text = self.text_with(entry, &current.text, changes)?;
        let rel = if entry.rel.is_empty() {
            new_file_name(&entry.id, "")
        } else {
            entry.rel.clone()
        };
        Ok(findings::check(
            &self.root,
            &self.cache,
            entry.kind,
            &rel,
            &text,
            self.as_of,
        ))
    }

    /// Writes the record with `changes`, unless its file changed since the form loaded it
    /// (`sha256`), keeping a copy of what it replaces.
    pub fn save(&self, entry: &Entry, sha256: &str, changes: &Changes) -> Result<Saved, Refusal> {
        self.refuse_if_read_only()?;
        let _one_at_a_time = self.saving.lock().unwrap_or_else(|e| e.into_inner());
        let (rel, current) = if entry.rel.is_empty() {
            let title = match changes {
                Changes::Values(v) => v.get("title").and_then(Value::as_str).unwrap_or(""),
                Changes::Text(_) => "",
            };
            let id = match changes {
                Changes::Values(v) => v.get("id").and_then(Value::as_str).unwrap_or(&entry.id),
                Changes::Text(_) => &entry.id,
            };
            let rel = new_file_name(id, title);
            if self.root.join(&rel).exists() {
                return Err(Refusal::new(
                    409,
                    format!("{rel} already exists: give the record another title or id."),
                ));
            }
            (rel, None)
        } else {
            let now = self.load(entry)?;
            if now.sha256 != sha256 {
                return Ok(Saved::Conflict {
                    message: format!(
                        "{} was changed by someone or something else after you opened this form, so your changes were not saved. Nothing is lost: choose, for each difference below, whether to keep yours or use theirs, then save again.",
                        entry.rel
                    ),
                    theirs: now,
                });
            }
            (entry.rel.clone(), Some(now))
        };
        let base = current.as_ref().map_or("", |c| c.text.as_str());
        let text = self.text_with(entry, base, changes)?;
        let sha256 = self.write(
            &rel,
            current.as_ref().map(|c| c.text.as_bytes()),
            text.as_bytes(),
        )?;
        let id = match changes {
            Changes::Values(v) => v
                .get("id")
                .and_then(Value::as_str)
                .map_or(entry.id.clone(), str::to_string),
            Changes::Text(_) => entry.id.clone(),
        };
        let record = if entry.rel.is_empty() {
            // Known at once, before the next rebuild reads it.
            let title = match changes {
                Changes::Values(v) => v.get("title").and_then(Value::as_str).unwrap_or(""),
                Changes::Text(_) => "",
            };
            self.index
                .write()
                .unwrap_or_else(|e| e.into_inner())
                .push(Entry {
                    kind: entry.kind,
                    id: id.clone(),
                    title: title.to_string(),
                    rel: rel.clone(),
                });
            id.clone()
        } else {
            self.name_of(entry)
        };
        let shown = if entry.kind == Kind::Pack || entry.kind == Kind::Answer {
            entry.kind.noun().to_string()
        } else {
            id
        };
        Ok(Saved::Saved {
            message: format!("Saved {shown} to {rel}"),
            file: rel,
            sha256,
            record,
            loaded: loaded(text.into_bytes()),
        })
    }

    /// Puts back the version of the file before the last save.
    pub fn undo(&self, entry: &Entry) -> Result<Saved, Refusal> {
        let versions = history::list(&self.root, &entry.rel);
        let Some(last) = versions.first() else {
            return Err(Refusal::new(
                404,
                "There is no earlier version of this file to go back to.",
            ));
        };
        self.restore(entry, &last.name.clone())
    }

    /// Puts back an earlier version, keeping a copy of the file as it is now.
    pub fn restore(&self, entry: &Entry, version: &str) -> Result<Saved, Refusal> {
        self.refuse_if_read_only()?;
        let _one_at_a_time = self.saving.lock().unwrap_or_else(|e| e.into_inner());
        let Some(old) = history::read(&self.root, &entry.rel, version) else {
            return Err(Refusal::new(404, "That earlier version is not kept."));
        };
        let now = self.load(entry)?;
        let sha256 = self.write(&entry.rel, Some(now.text.as_bytes()), &old)?;
        Ok(Saved::Saved {
            message: format!(
                "Restored {} from the version of {}",
                entry.rel,
                history::list(&self.root, &entry.rel)
                    .iter()
                    .find(|v| v.name == version)
                    .map_or(version.to_string(), |v| v.when.clone())
            ),
            file: entry.rel.clone(),
            sha256,
            record: self.name_of(entry),
            loaded: loaded(old),
        })
    }

    fn refuse_if_read_only(&self) -> Result<(), Refusal> {
        if self.read_only {
            Err(Refusal::new(
                403,
                "Editing is turned off (the server was started with --read-only).",
            ))
        } else {
            Ok(())
        }
    }

    /// Writes `text` to `rel` in one step (the authoring layer's atomic write), after keeping a
    /// copy of `before` in the history, and tells the preview's rebuild. Returns the SHA-256 of
    /// what it wrote.
    fn write(&self, rel: &str, before: Option<&[u8]>, text: &[u8]) -> Result<String, Refusal> {
        let path = self.path(rel)?;
        if let Some(before) = before {
            history::keep(&self.root, rel, before, chrono::Utc::now()).map_err(|e| {
                Refusal::new(
                    500,
                    format!("{rel} was not saved: its earlier version could not be kept ({e}). The file on disk is unchanged."),
                )
            })?;
        }
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        crate::authoring::atomic::write_atomic(&path, text)
            .map_err(|e| Refusal::new(500, format!("{}.", e.message.trim_end_matches('.'))))?;
        let sha256 = crate::hash::sha256_hex(text);
        if let Some(rebuild) = self.written.get() {
            let _ = rebuild.send(vec![super::watch::Change::Written(path, sha256.clone())]);
        }
        Ok(sha256)
    }
}

fn loaded(bytes: Vec<u8>) -> Loaded {
    let sha256 = crate::hash::sha256_hex(&bytes);
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let values = changes::to_json(&text);
    Loaded {
        text,
        sha256,
        values,
    }
}

/// Whether the editor may write a file: only a TOML file inside `content/` or `tenders/`, or
/// `pack.toml`, named without `..`.
pub fn writable(rel: &str) -> bool {
    let path = Path::new(rel);
    let plain = path.components().all(|c| matches!(c, Component::Normal(_)));
    let hidden = rel.split('/').any(|p| p.starts_with('.'));
    plain
        && !hidden
        && (rel == "pack.toml"
            || ((rel.starts_with("content/") || rel.starts_with("tenders/"))
                && rel.ends_with(".toml")))
}

/// `content/decisions/d-016-going-to-the-gym-alone.toml` (the authoring layer's file name).
pub fn new_file_name(id: &str, title: &str) -> String {
    format!(
        "{}/{}",
        crate::load::DECISIONS_DIR,
        crate::authoring::ids::file_name(id, title)
    )
}

/// The tender answers of the pack (`tenders/<id>/answers/*.toml`), named by handle.
fn answers(root: &Path) -> Vec<Entry> {
    let mut out = Vec::new();
    let Ok(tenders) = std::fs::read_dir(root.join("tenders")) else {
        return out;
    };
    let mut tenders: Vec<_> = tenders.flatten().collect();
    tenders.sort_by_key(|e| e.file_name());
    for tender in tenders {
        let name = tender.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let Ok(files) = std::fs::read_dir(tender.path().join("answers")) else {
            continue;
        };
        let mut files: Vec<_> = files.flatten().collect();
        files.sort_by_key(|e| e.file_name());
        for file in files {
            let file_name = file.file_name().to_string_lossy().into_owned();
            if file_name.starts_with('.') || !file_name.ends_with(".toml") {
                continue;
            }
            let stem = file_name.trim_end_matches(".toml").to_string();
            out.push(Entry {
                kind: Kind::Answer,
                id: format!("{name}/{stem}"),
                title: format!("{name}: {stem}"),
                rel: format!("tenders/{name}/answers/{file_name}"),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_in_content_tenders_and_pack_toml_are_writable() {
        assert!(writable("pack.toml"));
        assert!(writable("content/decisions/d-001.toml"));
        assert!(writable("tenders/t/answers/q1.toml"));
        for bad in [
            "../pack.toml",
            "content/../../etc/passwd",
            "/etc/passwd",
            "content/decisions/d.md",
            "templates/pack.html",
            "private/people.toml",
            "content/.hidden.toml",
            ".evidence-pack/history/pack.toml/x.toml",
        ] {
            assert!(!writable(bad), "{bad}");
        }
    }

    #[test]
    fn a_new_file_is_named_from_its_id_and_title() {
        assert_eq!(
            new_file_name("D-016", "Going to the gym, alone!"),
            "content/decisions/d-016-going-to-the-gym-alone.toml"
        );
        assert_eq!(new_file_name("", "!!"), "content/decisions/record.toml");
    }
}
