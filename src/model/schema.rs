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
