//! Writes the built files into a temporary folder beside the output folder, then swaps it into
//! place, so a failed or interrupted build leaves the previous output untouched.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

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

/// Replaces `dir` with a folder holding exactly `files`.
pub fn write_atomically(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), Error> {
    let staging = Staging::new(dir)?;
    for (name, bytes) in files {
        staging.write(name, bytes)?;
    }
    staging.commit()
}

/// An output folder being built: a temporary folder beside it, which [`Staging::commit`] swaps
/// into place. Dropped without a commit (a renderer failed), it is removed, and the previous
/// output is untouched. While it exists, Ctrl-C (or a polite kill) removes it before the process
/// ends (see [`remove_on_interrupt`]).
pub struct Staging {
    dir: PathBuf,
    parent: PathBuf,
    name: String,
    /// Files written and being synced to disk; the commit waits for them.
    syncing: Syncing,
    /// `None` once committed.
    temp: Option<tempfile::TempDir>,
}

/// Threads syncing finished files to disk while the build goes on.
type Syncing = Arc<Mutex<Vec<(String, JoinHandle<std::io::Result<()>>)>>>;

/// Temporary output folders of builds in progress in this process.
static IN_PROGRESS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// On Ctrl-C or SIGTERM, removes the temporary folders of builds in progress and ends the
/// process with exit code 130, so an interrupted build leaves the previous output as it was and
/// nothing half-written beside it. A build killed outright (SIGKILL, a power cut) cannot do
/// this; the next build tidies up after it ([`remove_stale`]).
pub fn remove_on_interrupt() {
    let _ = ctrlc::set_handler(|| {
        let folders = std::mem::take(&mut *IN_PROGRESS.lock().unwrap_or_else(|e| e.into_inner()));
        for folder in folders {
            let _ = fs::remove_dir_all(folder);
        }
        eprintln!("Stopped: the build was interrupted, and the previous output is unchanged.");
        std::process::exit(130);
    });
}

impl Staging {
    /// Starts building `dir`, refusing at once when `dir` holds files that are not ours.
    pub fn new(dir: &Path) -> Result<Staging, Error> {
        if matches!(
            dir.components().next_back(),
            None | Some(std::path::Component::CurDir | std::path::Component::ParentDir)
        ) {
            return Err(Error::new(format!(
                "The output folder cannot be \"{}\": a build replaces its output folder as a whole. Name a folder of its own, such as -o output.",
                dir.display()
            )));
        }
        check_replaceable(dir)?;
        let parent = parent_of(dir);
        fs::create_dir_all(&parent)
            .map_err(|e| Error::new(format!("could not create {}: {e}", parent.display())))?;
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".to_string());
        remove_stale(&parent, &name);
        let temp = tempfile::Builder::new()
            .prefix(&format!(".{name}.building-{}-", std::process::id()))
            .tempdir_in(&parent)
            .map_err(|e| Error::new(format!("could not write in {}: {e}", parent.display())))?;
        IN_PROGRESS
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(temp.path().to_path_buf());
        Ok(Staging {
            dir: dir.to_path_buf(),
            parent,
            name,
            syncing: Syncing::default(),
            temp: Some(temp),
        })
    }

    /// The temporary folder, for a renderer that needs a file written earlier in the build.
    pub fn path(&self) -> &Path {
        self.temp.as_ref().expect("not yet committed").path()
    }

    /// A new file in the folder, written on a thread of its own and hashed as it is written.
    /// The folder cannot be committed while the file is open.
    pub fn create(&self, name: &str) -> Result<OutputFile<'_>, Error> {
        OutputFile::create(self.path(), name, Arc::clone(&self.syncing))
    }

    /// A whole file at once.
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<WrittenFile, Error> {
        let mut file = self.create(name)?;
        file.write_all(bytes)
            .map_err(|e| Error::new(format!("could not write {name}: {e}")))?;
        file.finish()
    }

    /// Waits for every sync started so far; the first error, if any.
    fn wait_for_syncs(&self) -> Result<(), Error> {
        let syncing = std::mem::take(&mut *self.syncing.lock().unwrap_or_else(|e| e.into_inner()));
        let mut first_error = None;
        for (file, thread) in syncing {
            let synced = thread
                .join()
                .unwrap_or_else(|_| Err(std::io::Error::other("the syncing thread failed")));
            if let Err(e) = synced {
                first_error.get_or_insert(Error::new(format!("could not write {file}: {e}")));
            }
        }
        first_error.map_or(Ok(()), Err)
    }

    /// Waits until every file is on disk, then swaps the finished folder into place of the
    /// output folder.
    pub fn commit(mut self) -> Result<(), Error> {
        self.wait_for_syncs()?;
        sync_folder(self.path())?;
        check_replaceable(&self.dir)?;
        // From here an interruption must not remove the folder: it may be half-way into place.
        // A swap cut short is put right by the next build (`remove_stale`).
        forget_in_progress(self.path());
        let temp = self.temp.take().expect("committed once");
        let staging = temp.keep();
        let (dir, parent, name) = (&self.dir, &self.parent, &self.name);
        let swap = || -> Result<(), Error> {
            if dir.exists() {
                let old = parent.join(format!(".{name}.previous-{}", std::process::id()));
                fs::rename(dir, &old)
                    .map_err(|e| Error::new(format!("could not replace {}: {e}", dir.display())))?;
                if let Err(e) = fs::rename(&staging, dir) {
                    let _ = fs::rename(&old, dir);
                    return Err(Error::new(format!(
                        "could not replace {}: {e}",
                        dir.display()
                    )));
                }
                remove_old_output(&old);
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
    /// Not committed: the sync threads are waited for (a file still open cannot be removed on
    /// every system), then the temporary folder is removed.
    fn drop(&mut self) {
        if let Some(temp) = self.temp.take() {
            let _ = self.wait_for_syncs();
            forget_in_progress(temp.path());
            drop(temp);
        }
    }
}

/// Removes the previous output folder once the new one is in place. Its files are removed side
/// by side: removing a large file takes the system a while (about 25 ms for an 88 MB pack.html),
/// and the build waits for it.
fn remove_old_output(old: &Path) {
    let files: Vec<PathBuf> = fs::read_dir(old)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    std::thread::scope(|scope| {
        for file in &files {
            scope.spawn(move || fs::remove_file(file));
        }
    });
    let _ = fs::remove_dir_all(old);
}

fn forget_in_progress(folder: &Path) {
    IN_PROGRESS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .retain(|f| f != folder);
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

/// Bytes written between asking the system to start writing a file to disk.
const WRITEBACK: u64 = 8 << 20;

/// Asks the system to start writing a file to disk every [`WRITEBACK`] bytes as it is written
/// (Linux), so that the sync at the end waits for the last few megabytes only, not the whole
/// file: at 10,000 records that wait was about 90 ms at the end of every build.
#[derive(Default)]
struct Writeback {
    started: u64,
}

impl Writeback {
    /// `written`: bytes handed to the system so far.
    fn start(&mut self, file: &fs::File, written: u64) {
        if written < self.started + WRITEBACK {
            return;
        }
        #[cfg(target_os = "linux")]
        {
            use std::os::fd::AsRawFd;
            // SAFETY: the descriptor is the open file's; the call only starts writing pages of
            // that range to disk. An error only means the sync at the end does all the work.
            unsafe {
                libc::sync_file_range(
                    file.as_raw_fd(),
                    self.started as libc::off64_t,
                    (written - self.started) as libc::off64_t,
                    libc::SYNC_FILE_RANGE_WRITE,
                );
            }
        }
        #[cfg(not(target_os = "linux"))]
        let _ = file;
        self.started = written;
    }
}

/// A file in the output, as the manifest lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenFile {
    pub name: String,
    /// Lowercase hexadecimal SHA-256.
    pub sha256: String,
    pub bytes: u64,
}

/// Small writes are collected into pieces of this size before they are handed to the writing
/// thread; [`WritePieces::write_pieces`] hands over pieces of any size as they are.
const CHUNK: usize = 1 << 20;

/// A file being written. What is written is collected into pieces that a thread of the file's
/// own hashes and writes, so that the build goes on rendering meanwhile; once finished, the file
/// is synced to disk on another thread, which [`Staging::commit`] waits for.
pub struct OutputFile<'a> {
    name: String,
    buffer: Vec<u8>,
    sender: Option<std::sync::mpsc::SyncSender<Vec<Vec<u8>>>>,
    writer: Option<JoinHandle<std::io::Result<(WrittenFile, fs::File)>>>,
    syncing: Syncing,
    /// The folder being built, which cannot be committed while this file is open.
    staging: std::marker::PhantomData<&'a Staging>,
}

impl<'a> OutputFile<'a> {
    fn create(folder: &Path, name: &str, syncing: Syncing) -> Result<OutputFile<'a>, Error> {
        let path = folder.join(name);
        let file = fs::File::create(&path)
            .map_err(|e| Error::new(format!("could not write {name}: {e}")))?;
        // Up to 8 batches of pieces may wait (a batch is a few hundred records): the renderers
        // rarely wait for the disk, and a slow disk holds the build back instead of filling memory.
        let (sender, pieces) = std::sync::mpsc::sync_channel::<Vec<Vec<u8>>>(8);
        let file_name = name.to_string();
        let writer = std::thread::Builder::new()
            .name(format!("write {name}"))
            .spawn(move || {
                use sha2::Digest;
                let mut hasher = sha2::Sha256::new();
                let mut bytes = 0u64;
                let mut out = std::io::BufWriter::with_capacity(CHUNK, file);
                let mut writeback = Writeback::default();
                for piece in pieces.iter().flatten() {
                    hasher.update(&piece);
                    out.write_all(&piece)?;
                    bytes += piece.len() as u64;
                    writeback.start(out.get_ref(), bytes - out.buffer().len() as u64);
                }
                let file = out.into_inner().map_err(|e| e.into_error())?;
                let written = WrittenFile {
                    name: file_name,
                    sha256: crate::hash::hex(&hasher.finalize()),
                    bytes,
                };
                Ok((written, file))
            })
            .map_err(|e| Error::new(format!("could not write {name}: {e}")))?;
        Ok(OutputFile {
            name: name.to_string(),
            buffer: Vec::with_capacity(CHUNK),
            sender: Some(sender),
            writer: Some(writer),
            syncing,
            staging: std::marker::PhantomData,
        })
    }

    fn send(&mut self) -> std::io::Result<()> {
        let piece = std::mem::replace(&mut self.buffer, Vec::with_capacity(CHUNK));
        self.send_pieces(vec![piece])
    }

    fn send_pieces(&mut self, pieces: Vec<Vec<u8>>) -> std::io::Result<()> {
        let sent = self.sender.as_ref().is_some_and(|s| s.send(pieces).is_ok());
        if sent {
            Ok(())
        } else {
            // The writing thread stopped on an error: say which.
            Err(self.join().map(|_| ()).err().unwrap_or_else(|| {
                std::io::Error::other("the file was closed before it was complete")
            }))
        }
    }

    fn join(&mut self) -> std::io::Result<(WrittenFile, fs::File)> {
        self.sender = None;
        match self.writer.take() {
            Some(writer) => writer
                .join()
                .unwrap_or_else(|_| Err(std::io::Error::other("the writing thread failed"))),
            None => Err(std::io::Error::other("the file was already closed")),
        }
    }

    /// Writes what is left and says what was written; the file is then synced to disk on a
    /// thread of its own.
    pub fn finish(mut self) -> Result<WrittenFile, Error> {
        let name = self.name.clone();
        let result = if self.buffer.is_empty() {
            Ok(())
        } else {
            self.send()
        };
        let (written, file) = result
            .and_then(|()| self.join())
            .map_err(|e| Error::new(format!("could not write {name}: {e}")))?;
        let sync = std::thread::Builder::new()
            .name(format!("sync {name}"))
            .spawn(move || file.sync_all())
            .map_err(|e| Error::new(format!("could not write {name}: {e}")))?;
        self.syncing
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((name, sync));
        Ok(written)
    }
}

/// Somewhere to write whole pieces, such as a batch of rendered records, without copying them.
pub trait WritePieces: Write {
    fn write_pieces(&mut self, pieces: Vec<Vec<u8>>) -> std::io::Result<()> {
        pieces.iter().try_for_each(|piece| self.write_all(piece))
    }
}

impl WritePieces for Vec<u8> {}

impl<W: WritePieces + ?Sized> WritePieces for &mut W {
    fn write_pieces(&mut self, pieces: Vec<Vec<u8>>) -> std::io::Result<()> {
        (**self).write_pieces(pieces)
    }
}

impl WritePieces for OutputFile<'_> {
    /// Hands the pieces to the writing thread as they are, after anything written before them.
    fn write_pieces(&mut self, pieces: Vec<Vec<u8>>) -> std::io::Result<()> {
        if !self.buffer.is_empty() {
            self.send()?;
        }
        self.send_pieces(pieces)
    }
}

impl Write for OutputFile<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(buf);
        if self.buffer.len() >= CHUNK {
            self.send()?;
        }
        Ok(buf.len())
    }

    /// Pieces are handed on when full; [`OutputFile::finish`] writes the rest.
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for OutputFile<'_> {
    fn drop(&mut self) {
        if self.writer.is_some() {
            let _ = self.join();
        }
    }
}

/// Removes the temporary folders (`.NAME.building-PID-…`) and set-aside previous outputs
/// (`.NAME.previous-PID`) that builds killed part-way left beside the output folder. A build
/// that is killed (SIGKILL, a power cut) cannot tidy up after itself; the next build does. A
/// folder is removed only when the process that made it is no longer running (or, for a name
/// without a process id, when it is more than a day old) and it holds nothing but files a build
/// writes, so a build running at the same time and anything that is not ours are left alone.
pub fn remove_stale(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let building = format!(".{name}.building-");
    let previous = format!(".{name}.previous-");
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name
            .strip_prefix(&building)
            .or_else(|| file_name.strip_prefix(&previous))
        else {
            continue;
        };
        let path = entry.path();
        let Ok(meta) = fs::symlink_metadata(&path) else {
            continue;
        };
        if !meta.is_dir() {
            continue;
        }
        let pid: Option<u32> = rest.split('-').next().and_then(|p| p.parse().ok());
        let stale = match pid {
            Some(pid) => pid != std::process::id() && !process_running(pid),
            None => meta
                .modified()
                .ok()
                .and_then(|m| m.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 24 * 60 * 60),
        };
        if !stale || !holds_only_outputs(&path) {
            continue;
        }
        // Killed between its two renames, a build leaves no output folder, only the previous
        // one set aside: put it back.
        let dir = parent.join(name);
        if file_name.starts_with(&previous)
            && fs::symlink_metadata(&dir).is_err()
            && fs::rename(&path, &dir).is_ok()
        {
            continue;
        }
        let _ = fs::remove_dir_all(&path);
    }
}

/// Whether a process is running. Where this cannot be known (no /proc), it is assumed to be, so
/// nothing is removed.
fn process_running(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

fn holds_only_outputs(dir: &Path) -> bool {
    let Ok(entries) = fs::read_dir(dir) else {
        return false;
    };
    entries.into_iter().all(|e| {
        e.ok().is_some_and(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            replaceable_name(&name) && e.file_type().is_ok_and(|t| t.is_file())
        })
    })
}

fn parent_of(dir: &Path) -> PathBuf {
    match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// An existing output folder may be replaced only when it holds nothing but files a build writes.
fn check_replaceable(dir: &Path) -> Result<(), Error> {
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
        if !replaceable_name(&name) {
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
    fn a_file_is_hashed_and_counted_as_it_is_written_in_pieces() {
        let parent = tempfile::tempdir().expect("temporary folder");
        let out = parent.path().join("output");
        let staging = Staging::new(&out).expect("staging");
        // Three and a half pieces, written in uneven parts.
        let bytes: Vec<u8> = (0..CHUNK * 7 / 2).map(|i| (i % 251) as u8).collect();
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
    fn pieces_handed_over_whole_keep_their_place_among_written_bytes() {
        let parent = tempfile::tempdir().expect("temporary folder");
        let out = parent.path().join("output");
        let staging = Staging::new(&out).expect("staging");
        let mut file = staging.create("pack.html").expect("file");
        let mut expected = Vec::new();
        for round in 0..3u8 {
            let head = vec![b'<'; 10 + usize::from(round)];
            file.write_all(&head).expect("written");
            expected.extend(&head);
            let pieces: Vec<Vec<u8>> = (0..4).map(|i| vec![b'a' + round + i; 5000]).collect();
            expected.extend(pieces.iter().flatten());
            file.write_pieces(pieces).expect("handed over");
        }
        file.write_all(b"end").expect("written");
        expected.extend(b"end");
        let written = file.finish().expect("finished");
        assert_eq!(written.sha256, crate::hash::sha256_hex(&expected));
        staging.commit().expect("committed");
        assert_eq!(fs::read(out.join("pack.html")).expect("file"), expected);
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
            .collect();
        assert_eq!(names, ["output"]);
    }

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

    /// A process id above Linux's highest, so never a running process.
    const DEAD: u32 = 4_999_999;

    #[test]
    fn folders_left_by_killed_builds_are_removed_and_others_kept() {
        let parent = tempfile::tempdir().expect("temporary folder");
        let make = |name: &str, files: &[&str]| {
            let dir = parent.path().join(name);
            fs::create_dir(&dir).expect("folder");
            for f in files {
                fs::write(dir.join(f), "x").expect("file");
            }
            dir
        };
        let dead = make(&format!(".output.building-{DEAD}-abc"), &["pack.html"]);
        let empty = make(&format!(".output.building-{DEAD}-def"), &[]);
        let mine = make(
            &format!(".output.building-{}-ghi", std::process::id()),
            &["pack.json"],
        );
        let foreign = make(&format!(".output.building-{DEAD}-jkl"), &["notes.txt"]);
        let other_name = make(&format!(".site.building-{DEAD}-mno"), &["pack.html"]);
        let previous = make(&format!(".output.previous-{DEAD}"), &["pack.html"]);
        remove_stale(parent.path(), "output");
        assert!(!dead.exists() && !empty.exists());
        assert!(mine.exists(), "a running build's folder is kept");
        assert!(foreign.exists(), "a folder with other files is kept");
        assert!(
            other_name.exists(),
            "another output folder's leftovers are kept"
        );
        // With no output folder, the previous output set aside is put back.
        assert!(!previous.exists());
        assert_eq!(
            fs::read_to_string(parent.path().join("output/pack.html")).expect("restored"),
            "x"
        );
        // With an output folder, a stale previous one is removed.
        let previous = make(&format!(".output.previous-{DEAD}"), &["pack.json"]);
        remove_stale(parent.path(), "output");
        assert!(!previous.exists());
        assert!(parent.path().join("output/pack.html").exists());
    }
}
