//! `evidence-pack schema`.

use super::Fatal;
use crate::cli::SchemaArgs;

pub fn run(_args: &SchemaArgs) -> Result<u8, Fatal> {
    Err(Fatal("`evidence-pack schema` is not available yet.".to_string()))
}
