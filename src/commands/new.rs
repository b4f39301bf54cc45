//! `evidence-pack new`: writes a new decision record or practice example with the next free id,
//! every section present and a note on what good evidence looks like there.
//!
//! The file loads as it is, and `check` then lists what is still to fill in (the rationale, the
//! person's words, capacity, the review plan, consent, …). It never overwrites a file.

use std::fs;
use std::path::{Path, PathBuf};

use super::{EXIT_OK, resolve_as_of};
use crate::authoring::atomic::write_new;
use crate::authoring::ids::{RecordKind, file_name, next_free_id};
use crate::authoring::template::{decision_template, example_template};
use crate::cli::{NewArgs, NewKind};
use crate::error::Error;
use crate::load::load;

pub fn run(args: &NewArgs) -> Result<u8, Error> {
    let kind = match args.kind {
        NewKind::Decision => RecordKind::Decision,
        NewKind::Example => RecordKind::Example,
        NewKind::Tender | NewKind::Answer => return super::new_tender::run(args),
    };
    let title = clean_title(args.title.as_deref().unwrap_or_default())?;
    let root = &args.pack;
    if root.join("pack.toml").is_file() && !root.join("content").exists() {
        fs::create_dir_all(root.join(kind.dir())).map_err(|e| {
            Error::new(format!(
                "could not create the content folder in {}: {e}",
                root.display()
            ))
        })?;
    }
    let pack = load(root)?;
    refuse_identifiers(&title, &pack.privacy_names)?;
    let date = resolve_as_of(args.as_of, &pack);
    let id = next_free_id(kind, &pack);
    let rel = format!("{}/{}", kind.dir(), file_name(&id, &title));
    let text = match kind {
        RecordKind::Decision => decision_template(&id, &title, date),
        RecordKind::Example => example_template(&id, &title),
    };
    let path = root.join(&rel);
    write_file(&path, &text)?;

    let shown = shown_path(root, &rel);
    println!("Created {} {id}: {shown}", kind.noun());
    println!();
    println!(
        "Next: open the file and fill in each part, following the notes (the lines starting with #)."
    );
    println!("Then run `evidence-pack check` to see what is still missing.");
    println!(
        "It is marked `draft = true`, so it stays out of your pack until you delete that line."
    );
    Ok(EXIT_OK)
}

/// The title's words go into the file name, which every finding's `-->` line and the build's
/// manifest repeat: a title holding an identifier is refused before anything is written.
fn refuse_identifiers(title: &str, privacy_names: &[String]) -> Result<(), Error> {
    let kinds = crate::privacy::IdentifierScanner::new(privacy_names).scan(title);
    let Some(kind) = kinds.first() else {
        return Ok(());
    };
    Err(Error::new(format!(
        "The title contains what looks like {}, and its words would go into the file name, which findings and the manifest repeat.",
        kind.describe()
    ))
    .with_help(
        "Use the person's pseudonymous reference (initials or a code) or general words, for example --title \"Going to the gym alone\".",
    ))
}

/// The title on one line, refused when empty or when it holds hidden characters.
pub fn clean_title(title: &str) -> Result<String, Error> {
    let title = crate::text::single_spaced(title);
    if title.is_empty() {
        return Err(Error::new(
            "The title is empty. Give one in the person's terms, for example --title \"Going to the gym alone\".".to_string(),
        ));
    }
    if crate::text::has_unsafe_chars(&title) {
        return Err(Error::new(format!(
            "The title contains hidden control or text-direction characters (it reads as \"{}\"). Retype it.",
            crate::text::printable(&title)
        )));
    }
    Ok(title)
}

fn write_file(path: &Path, text: &str) -> Result<(), Error> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| {
            Error::new(format!(
                "could not create the folder {}: {e}",
                parent.display()
            ))
        })?;
    }
    write_new(path, text.as_bytes()).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            Error::new(format!(
                "{} already exists, and `new` never overwrites a file. Rename or move that file, or choose another title.",
                path.display()
            ))
        } else {
            Error::new(format!("could not write {}: {e}", path.display()))
        }
    })
}

fn shown_path(root: &Path, rel: &str) -> String {
    if root == Path::new(".") || root.as_os_str().is_empty() {
        rel.to_string()
    } else {
        let joined: PathBuf = root.join(rel);
        joined.display().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_one_line_and_never_empty() {
        assert_eq!(clean_title("  a\nb  ").unwrap(), "a b");
        assert!(clean_title("   ").is_err());
        assert!(clean_title("a\u{202E}b").is_err());
    }
}
