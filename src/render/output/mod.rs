//! The output folder: the built files are written into a temporary folder beside it
//! ([`Staging`]), which is swapped into place only when everything is written, so a failed or
//! interrupted build leaves the previous output untouched.

mod file;
mod interrupt;
mod staging;
mod stale;

use std::fs;
use std::path::Path;

pub use file::{OutputFile, WrittenFile};
pub use interrupt::remove_on_interrupt;
pub use staging::Staging;
pub use stale::remove_stale;

use crate::error::Error;

/// The files a build may leave in its output folder; anything else there means the folder is not
/// ours, and it is never replaced.
pub const OUTPUT_FILES: &[&str] = &["pack.html", "pack.pdf", "pack.json", "manifest.json"];

/// Files that file managers leave in any folder they open (Finder, Explorer). They do not make
/// an output folder someone else's, and are not kept.
const FILE_MANAGER_LITTER: &[&str] = &[".DS_Store", "Thumbs.db", "desktop.ini"];

fn replaceable_name(name: &str) -> bool {
    OUTPUT_FILES.contains(&name) || FILE_MANAGER_LITTER.contains(&name) || name.starts_with("._")
}

/// The folder of tender outputs inside a pack's output folder, which `evidence-pack tender`
/// writes and `build` carries over into each new output folder.
pub const TENDERS_OUTPUT: &str = "tenders";

/// The files `evidence-pack tender` writes into `output/tenders/<ID>/` (SPEC section 10).
fn tender_output_name(name: &str) -> bool {
    matches!(
        name,
        "answers.docx" | "matrix.xlsx" | "tender.html" | "manifest.json"
    ) || name.ends_with(".txt")
        || FILE_MANAGER_LITTER.contains(&name)
        || name.starts_with("._")
}

/// What a kind of output folder may hold: the names of its files, and a folder of its own that a
/// new build carries over from the previous one.
#[derive(Debug, Clone, Copy)]
pub(super) struct Owned {
    file: fn(&str) -> bool,
    keep: Option<&'static str>,
}

pub(super) const PACK_OUTPUT: Owned = Owned {
    file: replaceable_name,
    keep: Some(TENDERS_OUTPUT),
};

pub(super) const TENDER_OUTPUT: Owned = Owned {
    file: tender_output_name,
    keep: None,
};

/// Replaces `dir` with a folder holding exactly `files`.
pub fn write_atomically(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), Error> {
    let staging = Staging::new(dir)?;
    for (name, bytes) in files {
        staging.write(name, bytes)?;
    }
    staging.commit()
}

/// An existing output folder may be replaced only when it holds nothing but files a build writes.
pub(super) fn check_replaceable(dir: &Path, owned: Owned) -> Result<(), Error> {
    if !dir.exists() {
        return Ok(());
    }
    let meta = fs::symlink_metadata(dir)
        .map_err(|e| Error::new(format!("could not read {}: {e}", dir.display())))?;
    if !meta.is_dir() || meta.file_type().is_symlink() {
        return Err(Error::new(format!(
            "{} exists and is not a folder. Choose another output folder with -o.",
            dir.display()
        )));
    }
    let entries = fs::read_dir(dir)
        .map_err(|e| Error::new(format!("could not read {}: {e}", dir.display())))?;
    for entry in entries {
        let entry =
            entry.map_err(|e| Error::new(format!("could not read {}: {e}", dir.display())))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let kept = owned.keep == Some(name.as_str()) && entry.file_type().is_ok_and(|t| t.is_dir());
        if !(owned.file)(&name) && !kept {
            return Err(Error::new(format!(
                "{} holds other files (such as {name}), so it was not replaced. Choose an empty or new output folder with -o.",
                dir.display()
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_that_is_not_ours_is_refused_before_anything_is_written() {
        let parent = tempfile::tempdir().expect("temporary folder");
        let out = parent.path().join("output");
        fs::create_dir(&out).expect("folder");
        fs::write(out.join("notes.txt"), "mine").expect("file");
        let refused = Staging::new(&out).err().expect("refused");
        assert!(refused.message.contains("notes.txt"), "{}", refused.message);
    }

    #[test]
    fn file_manager_litter_does_not_make_the_folder_foreign() {
        let parent = tempfile::tempdir().expect("temporary folder");
        let out = parent.path().join("output");
        fs::create_dir(&out).expect("folder");
        fs::write(out.join("pack.html"), "old").expect("file");
        fs::write(out.join(".DS_Store"), "x").expect("file");
        fs::write(out.join("Thumbs.db"), "x").expect("file");
        write_atomically(&out, &[("pack.html".into(), b"new".to_vec())]).expect("replaced");
        assert_eq!(fs::read_to_string(out.join("pack.html")).unwrap(), "new");
        fs::write(out.join("notes.txt"), "mine").expect("file");
        assert!(write_atomically(&out, &[("pack.html".into(), b"newer".to_vec())]).is_err());
        assert_eq!(fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");
    }
}
