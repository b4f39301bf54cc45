//! An output folder being built: a temporary folder beside it, swapped into place at the end.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::interrupt::wait_if_interrupted;
use super::stale::remove_stale_owned;
use super::{OutputFile, Owned, PACK_OUTPUT, TENDER_OUTPUT, WrittenFile, check_replaceable};
use crate::error::Error;

/// An output folder being built: a temporary folder beside it, which [`Staging::commit`] swaps
/// into place. Dropped without a commit (a renderer failed), it is removed, and the previous
/// output is untouched. While it exists, Ctrl-C (or a polite kill) removes it before the process
/// ends (see [`super::remove_on_interrupt`]).
pub struct Staging {
    dir: PathBuf,
    parent: PathBuf,
    name: String,
    /// Files written, kept open for the commit to sync them to disk.
    finished: Mutex<Vec<(String, fs::File)>>,
    /// `None` once committed.
    temp: Option<tempfile::TempDir>,
    owned: Owned,
    /// The output folder's lock ([`super::lock`]), released when the build is over.
    _lock: fs::File,
}

impl Staging {
    /// Starts building `dir`, refusing at once when `dir` holds files that are not ours.
    pub fn new(dir: &Path) -> Result<Staging, Error> {
        Staging::for_output(dir, PACK_OUTPUT)
    }

    /// Starts building a tender's output folder (`output/tenders/<ID>/`), which holds the files
    /// `evidence-pack tender` writes.
    pub fn for_tender(dir: &Path) -> Result<Staging, Error> {
        Staging::for_output(dir, TENDER_OUTPUT)
    }

    fn for_output(dir: &Path, owned: Owned) -> Result<Staging, Error> {
        if matches!(
            dir.components().next_back(),
            None | Some(std::path::Component::CurDir | std::path::Component::ParentDir)
        ) {
            return Err(Error::new(format!(
                "The output folder cannot be \"{}\": a build replaces its output folder as a whole. Name a folder of its own, such as -o output.",
                dir.display()
            )));
        }
        let parent = parent_of(dir);
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".to_string());
        fs::create_dir_all(&parent)
            .map_err(|e| Error::new(format!("could not create {}: {e}", parent.display())))?;
        // Held until this build has finished: no other build writes or tidies beside it.
        let lock = super::lock::lock_output(&parent, &name)?;
        check_replaceable(dir, owned)?;
        remove_stale_owned(&parent, &name, owned);
        let temp = crate::cleanup::remember(|| {
            tempfile::Builder::new()
                .prefix(&format!(".{name}.building-{}-", std::process::id()))
                .tempdir_in(&parent)
        })
        .map_err(|e| Error::new(format!("could not write in {}: {e}", parent.display())))?;
        Ok(Staging {
            dir: dir.to_path_buf(),
            parent,
            name,
            finished: Mutex::default(),
            temp: Some(temp),
            owned,
            _lock: lock,
        })
    }

    /// The temporary folder, for a renderer that needs a file written earlier in the build.
    pub fn path(&self) -> &Path {
        self.temp.as_ref().expect("not yet committed").path()
    }

    /// A new file in the folder, hashed as it is written. The folder cannot be committed while
    /// the file is open.
    pub fn create(&self, name: &str) -> Result<OutputFile<'_>, Error> {
        // No file is made in a folder an interruption is removing.
        wait_if_interrupted();
        OutputFile::create(self, self.path(), name)
    }

    /// A whole file at once.
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<WrittenFile, Error> {
        use std::io::Write;
        let mut file = self.create(name)?;
        file.write_all(bytes)
            .map_err(|e| Error::new(format!("could not write {name}: {e}")))?;
        file.finish()
    }

    /// A file written in full, to be synced at the commit.
    pub(super) fn finished(&self, name: String, file: fs::File) {
        self.finished
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((name, file));
    }

    /// Syncs every file to disk, then swaps the finished folder into place of the output folder.
    pub fn commit(mut self) -> Result<(), Error> {
        let files = std::mem::take(&mut *self.finished.lock().unwrap_or_else(|e| e.into_inner()));
        for (name, file) in files {
            file.sync_all()
                .map_err(|e| Error::new(format!("could not write {name}: {e}")))?;
        }
        sync_folder(self.path())?;
        check_replaceable(&self.dir, self.owned)?;
        // From here an interruption must not remove the folder: it may be half-way into place.
        // A swap cut short is put right by the next build (`remove_stale`).
        crate::cleanup::forget(self.path());
        let temp = self.temp.take().expect("committed once");
        let staging = temp.keep();
        let (dir, parent, name) = (&self.dir, &self.parent, &self.name);
        let keep = self.owned.keep;
        let swap = || -> Result<(), Error> {
            // The folder the new output carries over (the tenders' outputs in a pack's output)
            // moves into it first, so replacing the old output never removes it.
            let carried = match keep {
                Some(keep) => carry_over(&dir.join(keep), &staging.join(keep))?,
                None => None,
            };
            let put_back = || {
                if let Some((from, to)) = &carried {
                    let _ = fs::rename(to, from);
                }
            };
            if dir.exists() {
                let old = parent.join(format!(".{name}.previous-{}", std::process::id()));
                fs::rename(dir, &old).map_err(|e| {
                    put_back();
                    Error::new(format!("could not replace {}: {e}", dir.display()))
                })?;
                if let Err(e) = fs::rename(&staging, dir) {
                    let _ = fs::rename(&old, dir);
                    put_back();
                    return Err(Error::new(format!(
                        "could not replace {}: {e}",
                        dir.display()
                    )));
                }
                let _ = fs::remove_dir_all(&old);
            } else {
                fs::rename(&staging, dir)
                    .map_err(|e| Error::new(format!("could not create {}: {e}", dir.display())))?;
            }
            Ok(())
        };
        let result = swap().and_then(|()| sync_folder(parent));
        if result.is_err() && staging.exists() {
            let _ = fs::remove_dir_all(&staging);
        }
        result
    }
}

impl Drop for Staging {
    /// Not committed: the files are closed (a file still open cannot be removed on every
    /// system), then the temporary folder is removed.
    fn drop(&mut self) {
        wait_if_interrupted();
        if let Some(temp) = self.temp.take() {
            self.finished
                .get_mut()
                .unwrap_or_else(|e| e.into_inner())
                .clear();
            crate::cleanup::forget(temp.path());
            drop(temp);
        }
    }
}

/// Moves the folder `from` (when it is a real folder) to `to`, and says so, so that it can be put
/// back if the swap fails.
fn carry_over(from: &Path, to: &Path) -> Result<Option<(PathBuf, PathBuf)>, Error> {
    match fs::symlink_metadata(from) {
        Ok(meta) if meta.is_dir() => {
            fs::rename(from, to)
                .map_err(|e| Error::new(format!("could not keep {}: {e}", from.display())))?;
            Ok(Some((from.to_path_buf(), to.to_path_buf())))
        }
        _ => Ok(None),
    }
}

/// Syncs a folder's entries (its files' names) to disk, where the system allows it.
fn sync_folder(folder: &Path) -> Result<(), Error> {
    #[cfg(unix)]
    {
        fs::File::open(folder)
            .and_then(|f| f.sync_all())
            .map_err(|e| Error::new(format!("could not write {}: {e}", folder.display())))
    }
    #[cfg(not(unix))]
    {
        let _ = folder;
        Ok(())
    }
}

fn parent_of(dir: &Path) -> PathBuf {
    match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;
    use crate::render::output::write_atomically;

    #[test]
    fn a_file_is_hashed_and_counted_as_it_is_written_in_parts() {
        let parent = tempfile::tempdir().expect("temporary folder");
        let out = parent.path().join("output");
        let staging = Staging::new(&out).expect("staging");
        // Three and a half buffers, written in uneven parts.
        let bytes: Vec<u8> = (0..super::super::file::BUFFER * 7 / 2)
            .map(|i| (i % 251) as u8)
            .collect();
        let mut file = staging.create("pack.json").expect("file");
        for part in bytes.chunks(70_001) {
            file.write_all(part).expect("written");
        }
        let written = file.finish().expect("finished");
        assert_eq!(written.name, "pack.json");
        assert_eq!(written.bytes, bytes.len() as u64);
        assert_eq!(written.sha256, crate::hash::sha256_hex(&bytes));
        let small = staging.write("manifest.json", b"{}").expect("written");
        assert_eq!(small.sha256, crate::hash::sha256_hex(b"{}"));
        assert!(!out.exists(), "nothing is in place before the commit");
        staging.commit().expect("committed");
        assert_eq!(fs::read(out.join("pack.json")).expect("file"), bytes);
        assert_eq!(fs::read(out.join("manifest.json")).expect("file"), b"{}");
    }

    #[test]
    fn a_build_that_stops_before_its_commit_leaves_the_old_output_and_no_folder() {
        let parent = tempfile::tempdir().expect("temporary folder");
        let out = parent.path().join("output");
        write_atomically(&out, &[("pack.html".into(), b"old".to_vec())]).expect("written");
        {
            let staging = Staging::new(&out).expect("staging");
            let mut file = staging.create("pack.html").expect("file");
            file.write_all(b"half a new pack").expect("written");
            // Dropped: a renderer failed.
        }
        assert_eq!(fs::read_to_string(out.join("pack.html")).unwrap(), "old");
        let names: Vec<String> = fs::read_dir(parent.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != ".output.lock")
            .collect();
        // The lock file stays (removing it would let two builds hold locks on two files).
        assert_eq!(names, ["output"]);
    }
}
