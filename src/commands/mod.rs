//! One module per subcommand. Each returns the exit code, or an [`Error`] (exit 2), printed here.

mod build;
mod check;
mod import;
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
use crate::model::Date;

pub const EXIT_OK: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_FATAL: u8 = 2;

pub fn run(cli: Cli) -> ExitCode {
    // Every command that works on a pack finds its pack.toml in a folder above, when it is run
    // from inside the pack (content/decisions, say).
    let root = |pack: &mut std::path::PathBuf| *pack = crate::load::find_pack_root(pack);
    let result = match cli.command {
        Command::Check(mut args) => {
            root(&mut args.pack);
            check::run(&args)
        }
        Command::Build(mut args) => {
            root(&mut args.pack);
            build::run(&args)
        }
        Command::Init(args) => init::run(&args),
        Command::New(mut args) => split_words(&args).and_then(|()| {
            root(&mut args.pack);
            new::run(&args)
        }),
        Command::Reviews(mut args) => {
            root(&mut args.pack);
            reviews::run(&args)
        }
        Command::Schema(args) => schema::run(&args),
        Command::Serve(mut args) => {
            root(&mut args.pack);
            serve::run(&args)
        }
        Command::Tender(mut args) => {
            root(&mut args.pack);
            tender::run(&args)
        }
        Command::Import(mut args) => {
            use crate::cli::ImportCommand as I;
            match &mut args.what {
                I::Decisions(file) | I::Incidents(file) => root(&mut file.pack),
                I::Questions(questions) => root(&mut questions.common.pack),
                I::Map(_) => {}
            }
            import::run(&args)
        }
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            eprintln!("{}", error.to_lines());
            ExitCode::from(EXIT_FATAL)
        }
    }
}

/// `--title Swimming alone`: without quotes, the words after the first are read as the pack
/// folder (and beyond). Say so, with the command as it should be typed.
fn split_words(args: &crate::cli::NewArgs) -> Result<(), crate::error::Error> {
    let pack_is_a_word = args.pack != std::path::Path::new(".") && !args.pack.exists();
    if !pack_is_a_word && args.stray_words.is_empty() {
        return Ok(());
    }
    let (option, first) = match (&args.title, &args.question) {
        (Some(title), _) => ("--title", title),
        (None, Some(question)) => ("--question", question),
        (None, None) if args.stray_words.is_empty() => return Ok(()),
        (None, None) => {
            return Err(crate::error::Error::new(format!(
                "\"{}\" is more than one folder: give one pack folder, or none to use this one.",
                args.stray_words.join(" ")
            ))
            .with_help("Put a folder name with spaces in quotes."));
        }
    };
    let mut words = vec![first.clone()];
    if pack_is_a_word || !args.stray_words.is_empty() {
        words.push(args.pack.display().to_string());
    }
    words.extend(args.stray_words.iter().cloned());
    let whole = words.join(" ");
    Err(crate::error::Error::new(format!(
        "The {} was cut short at \"{first}\": the words after it need to be inside the quotes.",
        if option == "--title" {
            "title"
        } else {
            "question"
        }
    ))
    .with_help(format!(
        "Put the whole {} in double quotes: {option} \"{whole}\"",
        if option == "--title" {
            "title"
        } else {
            "question"
        }
    )))
}

/// Colour only on a terminal, and never when NO_COLOR is set.
pub fn use_colour(stream_is_terminal: bool) -> bool {
    stream_is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

pub fn stdout_colour() -> bool {
    use_colour(std::io::stdout().is_terminal())
}

pub use crate::checked::resolve_as_of;

pub fn today() -> Date {
    Date::today()
}
