//! `evidence-pack schema`: a JSON Schema for each kind of file, generated from the same Rust types
//! the loader reads them into, so editors (for example Even Better TOML / taplo with a
//! `#:schema ./decision.schema.json` line at the top of a file) can complete and check fields;
//! and for pack.json, from the types that write it.

use std::io::Write;

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator};

use super::EXIT_OK;
use crate::cli::{SchemaArgs, SchemaKind};
use crate::error::Error;
use crate::model::tender::{Answer, TenderFile};
use crate::model::{DecisionRecord, PackConfig, PracticeExample};
use crate::view::PackView;

pub fn run(args: &SchemaArgs) -> Result<u8, Error> {
    let mut out = std::io::stdout().lock();
    let written = writeln!(out, "{}", schema_json(args.kind));
    if let Err(err) = written
        && err.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(Error::new(format!("could not write the schema: {err}")));
    }
    Ok(EXIT_OK)
}

/// The schema for one kind of file, pretty-printed.
pub fn schema_json(kind: SchemaKind) -> String {
    serde_json::to_string_pretty(&schema(kind)).expect("a schema serialises")
}

/// The schema for one kind of file, with a title and description for editors.
pub fn schema(kind: SchemaKind) -> Schema {
    match kind {
        SchemaKind::Decision => titled::<DecisionRecord>(
            "evidence-pack decision record",
            "A co-produced decision record (content/decisions/*.toml): one specific choice made by one person, and how the provider supported or limited it. Run `evidence-pack check` for the rules a record must also meet.",
        ),
        SchemaKind::Example => titled::<PracticeExample>(
            "evidence-pack practice example",
            "A practice example (content/examples/*.toml): a reusable, anonymised story for tenders and inspection packs, backed by decision records.",
        ),
        SchemaKind::Pack => titled::<PackConfig>(
            "evidence-pack pack.toml",
            "The settings of an evidence pack (pack.toml): title, provider, audience, as-of date, framework, the [select] table that chooses what goes into the pack, and rule levels.",
        ),
        SchemaKind::PackJson => {
            // What a build writes, so every field it always writes is required.
            let generator = SchemaSettings::draft2020_12()
                .for_serialize()
                .into_generator();
            with_title(
                generator.into_root_schema_for::<PackView>(),
                "evidence-pack pack.json",
                "The data of a built evidence pack (output/pack.json): the pack's settings, the dashboard, quality-statement coverage, and every decision record and practice example in it, as the HTML and PDF templates receive them. Markdown fields hold sanitised HTML and a tree of blocks.",
            )
        }
        SchemaKind::Tender => titled::<TenderFile>(
            "evidence-pack tender",
            "A tender (tenders/<id>/tender.toml): its title, buyer and deadline, and its quality questions with their limits. Each question is answered in a file of tenders/<id>/answers/.",
        ),
        SchemaKind::Answer => titled::<Answer>(
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

fn with_title(mut schema: Schema, title: &str, description: &str) -> Schema {
    schema.insert("title".to_string(), title.into());
    schema.insert("description".to_string(), description.into());
    schema
}
