//! `evidence-pack new`.

use super::Fatal;
use crate::cli::NewArgs;

pub fn run(_args: &NewArgs) -> Result<u8, Fatal> {
    Err(Fatal(
        "`evidence-pack new` is not available yet.".to_string(),
    ))
}
