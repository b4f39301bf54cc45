//! `evidence-pack build`.

use super::Fatal;
use crate::cli::BuildArgs;

pub fn run(_args: &BuildArgs) -> Result<u8, Fatal> {
    Err(Fatal("`evidence-pack build` is not available yet.".to_string()))
}
