//! One file of the output being built, hashed as it is written.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use super::Staging;
use crate::error::Error;
use crate::hash::Hasher;

/// A file in the output, as the manifest lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenFile {
    pub name: String,
    /// Lowercase hexadecimal SHA-256.
    pub sha256: String,
    pub bytes: u64,
}

/// Bytes collected before they are hashed and handed to the system.
pub(super) const BUFFER: usize = 1 << 20;

/// A file being written into the output folder, hashed and counted as it is written. Once
/// finished, the file is kept open for [`Staging::commit`] to sync it to disk.
pub struct OutputFile<'a> {
    name: String,
    out: BufWriter<Hashing>,
    staging: &'a Staging,
}

/// The file beneath the buffer: what reaches it is hashed and counted.
struct Hashing {
    file: fs::File,
    hasher: Hasher,
    bytes: u64,
}

impl Write for Hashing {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

impl<'a> OutputFile<'a> {
    pub(super) fn create(
        staging: &'a Staging,
        folder: &Path,
        name: &str,
    ) -> Result<OutputFile<'a>, Error> {
        let file = fs::File::create(folder.join(name))
            .map_err(|e| Error::new(format!("could not write {name}: {e}")))?;
        let hashing = Hashing {
            file,
            hasher: Hasher::default(),
            bytes: 0,
        };
        Ok(OutputFile {
            name: name.to_string(),
            out: BufWriter::with_capacity(BUFFER, hashing),
            staging,
        })
    }

    /// Writes what is left and says what was written.
    pub fn finish(self) -> Result<WrittenFile, Error> {
        let name = self.name;
        let hashing = self
            .out
            .into_inner()
            .map_err(|e| Error::new(format!("could not write {name}: {}", e.error())))?;
        let written = WrittenFile {
            name: name.clone(),
            sha256: hashing.hasher.finish_hex(),
            bytes: hashing.bytes,
        };
        self.staging.finished(name, hashing.file);
        Ok(written)
    }
}

impl Write for OutputFile<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.out.write_all(buf)
    }

    /// What is buffered is written by [`OutputFile::finish`].
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
