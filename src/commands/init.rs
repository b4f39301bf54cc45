//! `evidence-pack init`.

use super::Fatal;
use crate::cli::InitArgs;

pub fn run(_args: &InitArgs) -> Result<u8, Fatal> {
    Err(Fatal(
        "`evidence-pack init` is not available yet.".to_string(),
    ))
}
