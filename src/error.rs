//! What stops a command from running (exit 2): one message, and where there is one, a line that
//! says what to do about it. Every command's error reaches `main` as this type and is printed there,
//! once, as `error:` and `help:`.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub message: String,
    pub help: Option<String>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(message: impl Into<String>) -> Error {
        Error {
            message: message.into(),
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Error {
        self.help = Some(help.into());
        self
    }

    /// The lines printed for the user: `error: …`, then `help: …` when there is help.
    pub fn to_lines(&self) -> String {
        match &self.help {
            Some(help) => format!("error: {}\nhelp: {help}", self.message),
            None => format!("error: {}", self.message),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// Turns a lower-level error into an [`Error`] that says what was being done:
/// `fs::write(&path, text).context(|| format!("could not write {rel}"))` gives
/// "could not write content/x.toml: Permission denied (os error 13)".
pub trait ErrorContext<T> {
    fn context(self, doing: impl FnOnce() -> String) -> Result<T>;
}

impl<T, E: fmt::Display> ErrorContext<T> for std::result::Result<T, E> {
    fn context(self, doing: impl FnOnce() -> String) -> Result<T> {
        self.map_err(|e| Error::new(format!("{}: {e}", doing())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_is_printed_on_its_own_line() {
        let e = Error::new("There is no pack.toml here.").with_help("Run `evidence-pack init`.");
        assert_eq!(
            e.to_lines(),
            "error: There is no pack.toml here.\nhelp: Run `evidence-pack init`."
        );
        assert_eq!(Error::new("x").to_lines(), "error: x");
    }

    #[test]
    fn context_names_what_was_being_done() {
        let failed: std::result::Result<(), &str> = Err("disk full");
        let e = failed
            .context(|| "could not write pack.json".to_string())
            .unwrap_err();
        assert_eq!(e.message, "could not write pack.json: disk full");
    }
}
