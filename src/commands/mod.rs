//! One module per subcommand. Each returns the exit code, or an [`Error`] (exit 2), printed here.

mod build;
mod check;
mod init;
mod new;
mod new_tender;
mod reviews;
mod schema;
mod serve;
mod tender;

use std::io::IsTerminal;
use std::process::ExitCode;

use crate::cli::{Cli, Command};
use crate::load::Pack;
use crate::model::Date;

pub const EXIT_OK: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_FATAL: u8 = 2;

pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Build(args) => build::run(&args),
        Command::Init(args) => init::run(&args),
        Command::New(args) => new::run(&args),
        Command::Reviews(args) => reviews::run(&args),
        Command::Schema(args) => schema::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Tender(args) => tender::run(&args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            eprintln!("{}", error.to_lines());
            ExitCode::from(EXIT_FATAL)
        }
    }
}

/// Colour only on a terminal, and never when NO_COLOR is set.
pub fn use_colour(stream_is_terminal: bool) -> bool {
    stream_is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

pub fn stdout_colour() -> bool {
    use_colour(std::io::stdout().is_terminal())
}

/// The date reviews are judged against: `--as-of`, then pack.as_of, then today.
pub fn resolve_as_of(cli: Option<Date>, pack: &Pack) -> Date {
    cli.or(pack.config.pack.as_of).unwrap_or_else(today)
}

pub fn today() -> Date {
    Date::today()
}

/// Frees a command's large data (the loaded pack, the view) on another thread. The process
/// usually ends as soon as the command returns, and freeing millions of small allocations one
/// by one is a noticeable part of a large build (BENCHMARKS.md).
pub fn drop_in_background<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("free".to_string())
        .spawn(move || drop(value));
}
