//! The JSON Schema of each kind of file a person writes, generated from the same types the loader
//! reads them into. `schema` prints them; the template `new` writes takes its notes from their
//! descriptions (the doc comments of the fields); the browser editor builds its forms from them.

use schemars::{JsonSchema, Schema, SchemaGenerator};

use super::tender::{Answer, TenderFile};
use super::{DecisionRecord, PackConfig, PracticeExample};

/// A kind of file a person writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Decision,
    Example,
    Pack,
    Tender,
    Answer,
}

impl FileKind {
    pub const ALL: [FileKind; 5] = [
        FileKind::Decision,
        FileKind::Example,
        FileKind::Pack,
        FileKind::Tender,
        FileKind::Answer,
    ];
}

/// The schema of one kind of file, with a title and description for editors.
pub fn schema(kind: FileKind) -> Schema {
    match kind {
        FileKind::Decision => titled::<DecisionRecord>(
            "evidence-pack decision record",
            "A co-produced decision record (content/decisions/*.toml): one specific choice made by one person, and how the provider supported or limited it. Run `evidence-pack check` for the rules a record must also meet.",
        ),
        FileKind::Example => titled::<PracticeExample>(
            "evidence-pack practice example",
            "A practice example (content/examples/*.toml): a reusable, anonymised story for tenders and inspection packs, backed by decision records.",
        ),
        FileKind::Pack => titled::<PackConfig>(
            "evidence-pack pack.toml",
            "The settings of an evidence pack (pack.toml): title, provider, audience, as-of date, framework, the [select] table that chooses what goes into the pack, and rule levels.",
        ),
        FileKind::Tender => titled::<TenderFile>(
            "evidence-pack tender",
            "A tender (tenders/<id>/tender.toml): its title, buyer and deadline, and its quality questions with their limits. Each question is answered in a file of tenders/<id>/answers/.",
        ),
        FileKind::Answer => titled::<Answer>(
            "evidence-pack tender answer",
            "An answer to one question of a tender (tenders/<id>/answers/*.toml). Its body is Markdown; {{name}} is replaced by a figure and {{example ID}} on a line of its own by that practice example.",
        ),
    }
}

fn titled<T: JsonSchema>(title: &str, description: &str) -> Schema {
    with_title(
        SchemaGenerator::default().into_root_schema_for::<T>(),
        title,
        description,
    )
}

/// `schema` with a title and description at its top.
pub fn with_title(mut schema: Schema, title: &str, description: &str) -> Schema {
    schema.insert("title".to_string(), title.into());
    schema.insert("description".to_string(), description.into());
    schema
}

/// The description of the key at `path` (such as `decision.rationale` or `risks[0].to`), from
/// the doc comment of its field: the short help the browser editor shows beside it, in the same
/// words as `schema`. `None` for a key the file does not have or one without a description.
pub fn field_description(kind: FileKind, path: &str) -> Option<String> {
    let root = schema(kind);
    let root = root.as_value();
    let mut here = root;
    let mut description = None;
    for part in path.split('.') {
        let (key, indexed) = match part.split_once('[') {
            Some((key, _)) => (key, true),
            None => (part, false),
        };
        let property = resolve(root, here).get("properties")?.get(key)?;
        description = property
            .get("description")
            .and_then(|d| d.as_str())
            .map(str::to_string);
        here = resolve(root, property);
        if indexed {
            here = resolve(root, here.get("items")?);
        }
    }
    description
}

/// `value` with `$ref`s followed and an optional value's `null` alternative set aside.
fn resolve<'a>(root: &'a serde_json::Value, value: &'a serde_json::Value) -> &'a serde_json::Value {
    let mut value = value;
    for _ in 0..8 {
        if let Some(reference) = value.get("$ref").and_then(|r| r.as_str()) {
            let Some(found) = reference
                .strip_prefix("#/$defs/")
                .and_then(|name| root.get("$defs")?.get(name))
            else {
                return value;
            };
            value = found;
        } else if let Some(alternatives) = value.get("anyOf").and_then(|a| a.as_array()) {
            let Some(other) = alternatives
                .iter()
                .find(|a| a.get("type").and_then(|t| t.as_str()) != Some("null"))
            else {
                return value;
            };
            value = other;
        } else {
            return value;
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_s_description_is_its_field_s_doc_comment() {
        let person = field_description(FileKind::Decision, "person").unwrap();
        assert!(person.contains("never a real name"), "{person}");
        let to = field_description(FileKind::Decision, "risks[0].to").unwrap();
        assert!(to.contains("self, others or both"), "{to}");
        let status = field_description(FileKind::Decision, "capacity.status").unwrap();
        assert!(status.contains("assessed-lacks"), "{status}");
        let words = field_description(FileKind::Decision, "choice.in_their_words").unwrap();
        assert!(words.contains("own words"), "{words}");
        assert_eq!(field_description(FileKind::Decision, "no_such_key"), None);
        assert_eq!(
            field_description(FileKind::Decision, "risks[0].nothing"),
            None
        );
        for kind in FileKind::ALL {
            let schema = schema(kind);
            assert!(schema.get("title").is_some());
        }
    }
}
