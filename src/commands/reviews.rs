//! `evidence-pack reviews`.

use super::Fatal;
use crate::cli::ReviewsArgs;

pub fn run(_args: &ReviewsArgs) -> Result<u8, Fatal> {
    Err(Fatal("`evidence-pack reviews` is not available yet.".to_string()))
}
