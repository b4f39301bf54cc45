//! `evidence-pack schema`: a JSON Schema for each kind of file, generated from the same Rust types
//! the loader reads them into, so editors (for example Even Better TOML / taplo with a
//! `#:schema ./decision.schema.json` line at the top of a file) can complete and check fields;
//! and for pack.json, from the types that write it.

use std::io::Write;

use schemars::Schema;
use schemars::generate::SchemaSettings;

use super::EXIT_OK;
use crate::cli::{SchemaArgs, SchemaKind};
use crate::error::Error;
use crate::model::schema::{FileKind, with_title};
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
    let file = match kind {
        SchemaKind::Decision => FileKind::Decision,
        SchemaKind::Example => FileKind::Example,
        SchemaKind::Pack => FileKind::Pack,
        SchemaKind::Tender => FileKind::Tender,
        SchemaKind::Answer => FileKind::Answer,
        SchemaKind::PackJson => {
            // What a build writes, so every field it always writes is required.
            let generator = SchemaSettings::draft2020_12()
                .for_serialize()
                .into_generator();
            return with_title(
                generator.into_root_schema_for::<PackView>(),
                "evidence-pack pack.json",
                "The data of a built evidence pack (output/pack.json): the pack's settings, the dashboard, quality-statement coverage, and every decision record and practice example in it, as the HTML and PDF templates receive them. Markdown fields hold sanitised HTML and a tree of blocks.",
            );
        }
    };
    crate::model::schema::schema(file)
}
