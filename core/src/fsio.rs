//! Files written atomically: a temporary file beside the target, synced, then renamed,
//! so a crash leaves either the old file or the new one, never a partial one.

use crate::{Error, Result};
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// Writes `bytes` to `path` atomically, creating the parent folder.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomically_with(path, |file| file.write_all(bytes))
}

/// Writes what `fill` writes to `path` atomically, creating the parent folder.
pub fn write_atomically_with(path: &Path, fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>) -> Result<()> {
    write_unsynced_with(path, fill)?.commit()
}

/// Writes what `fill` writes to a temporary file beside `path`; [`Unsynced::commit`]
/// then syncs it and renames it into place. Splitting the two lets a caller sign the
/// next document while this one reaches the disk.
pub fn write_unsynced_with(
    path: &Path,
    fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<Unsynced> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| io_error(path, e))?;
    }
    // Unique per process and per write, so that two writers never share a temporary.
    static WRITES: AtomicU64 = AtomicU64::new(0);
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(format!(".{}.{}.tmp", std::process::id(), WRITES.fetch_add(1, Ordering::Relaxed)));
    let temp = path.with_file_name(name);
    let written = std::fs::File::create(&temp).and_then(|mut file| fill(&mut file).map(|()| file));
    match written {
        Ok(file) => Ok(Unsynced { file: Some(file), temp, path: path.to_path_buf() }),
        Err(e) => {
            let _ = std::fs::remove_file(&temp);
            Err(io_error(path, e))
        }
    }
}

/// A file written beside its target, not yet synced and renamed; dropped without
/// [`Unsynced::commit`], its temporary is removed.
#[derive(Debug)]
pub struct Unsynced {
    file: Option<std::fs::File>,
    temp: std::path::PathBuf,
    path: std::path::PathBuf,
}

impl Unsynced {
    /// Syncs the file to disk and renames it to its target: the target then holds the
    /// whole new content, even after a crash.
    pub fn commit(mut self) -> Result<()> {
        let synced = self.file.take().map_or(Ok(()), |file| file.sync_all());
        let committed = synced.and_then(|()| std::fs::rename(&self.temp, &self.path));
        if committed.is_err() {
            let _ = std::fs::remove_file(&self.temp);
        }
        committed.map_err(|e| io_error(&self.path, e))
    }
}

impl Drop for Unsynced {
    fn drop(&mut self) {
        if self.file.is_some() {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

fn io_error(path: &Path, e: std::io::Error) -> Error {
    Error::Io { path: path.display().to_string(), detail: e.to_string() }
}

/// Reads a whole file.
pub fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| io_error(path, e))
}

/// Reads a whole UTF-8 file.
pub fn read_text(path: &Path) -> Result<String> {
    String::from_utf8(read(path)?).map_err(|_| Error::Malformed { what: "text file" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_replace_whole_files_and_leave_no_temporaries() {
        let dir = std::env::temp_dir().join(format!("tte-fsio-{}", std::process::id()));
        let path = dir.join("sub/state.json");
        write_atomically(&path, b"one").unwrap();
        write_atomically(&path, b"two").unwrap();
        assert_eq!(read(&path).unwrap(), b"two");
        let leftovers = std::fs::read_dir(path.parent().unwrap()).unwrap().count();
        assert_eq!(leftovers, 1);
        let unfinished = write_unsynced_with(&dir.join("sub/other.json"), |f| f.write_all(b"half")).unwrap();
        let second = write_unsynced_with(&dir.join("sub/other.json"), |f| f.write_all(b"other")).unwrap();
        assert_eq!(std::fs::read_dir(path.parent().unwrap()).unwrap().count(), 3, "two temporaries of their own");
        drop((unfinished, second));
        assert_eq!(std::fs::read_dir(path.parent().unwrap()).unwrap().count(), 1, "dropped, it is gone");
        write_unsynced_with(&dir.join("sub/other.json"), |f| f.write_all(b"whole")).unwrap().commit().unwrap();
        assert_eq!(read(&dir.join("sub/other.json")).unwrap(), b"whole");
        let missing = read(&dir.join("none")).unwrap_err();
        assert_eq!(missing.code(), 4011);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
