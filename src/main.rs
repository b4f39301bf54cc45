use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = evidence_pack::cli::Cli::parse();
    evidence_pack::commands::run(cli)
}
