//! `evidence-pack serve`: the live preview (the work is in [`crate::serve`]).

use super::EXIT_OK;
use crate::cli::ServeArgs;
use crate::error::Error;

/// Runs until Ctrl-C: exit code 0.
pub fn run(args: &ServeArgs) -> Result<u8, Error> {
    crate::serve::run(&crate::serve::Options {
        pack: args.pack.clone(),
        port: args.port,
        open: args.open,
        poll: args.poll,
        as_of: args.as_of,
        read_only: args.read_only,
    })?;
    Ok(EXIT_OK)
}
