//! `evidence-pack serve`: the live preview (the work is in [`crate::serve`]).

use super::Fatal;
use crate::cli::ServeArgs;

pub fn run(args: &ServeArgs) -> Result<u8, Fatal> {
    crate::serve::run(&crate::serve::Options {
        pack: args.pack.clone(),
        port: args.port,
        open: args.open,
        poll: args.poll,
        as_of: args.as_of,
    })
}
