//! Output files that never destroy what is at their path and never leave debris.
//!
//! Shared by [`Classifier::save`](crate::Classifier::save) and the `claimscore` binary.
//! What happens depends on what the path names:
//!
//! - a regular file, or nothing yet: the bytes go to a temporary file beside the real
//!   target (symlinks resolved first, so a link is written through, not replaced), which
//!   [`OutputFile::commit`] flushes, syncs and renames into place;
//! - a device, a FIFO, a socket, `/dev/stdout` and its kin: written directly, because
//!   renaming over them would replace the node (as root, `/dev/null` would become a
//!   regular file);
//! - a directory: refused before anything is created.
//!
//! Write errors (`ENOSPC`, `/dev/full`) surface at the latest in `commit`, which flushes
//! and checks. A temporary file is removed when its [`OutputFile`] is dropped
//! uncommitted, and every live one is listed, so that a signal handler can remove them
//! with [`remove_temp_files`] before the process exits.

use std::ffi::OsString;
use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use tempfile::NamedTempFile;

use crate::error::{Error, Result};

/// Writes `bytes` to `path` as an [`OutputFile`]: all of them or, on failure, nothing new.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut f = OutputFile::create(path)?;
    f.write_all(bytes).map_err(|e| Error::io(path, e))?;
    f.commit()
}

/// The temporary files alive in this process, and whether they were abandoned.
struct Live {
    paths: Vec<PathBuf>,
    /// Set by [`remove_temp_files`]: no temporary file is created or committed after it.
    abandoned: bool,
}

static LIVE: Mutex<Live> = Mutex::new(Live {
    paths: Vec::new(),
    abandoned: false,
});

fn live() -> MutexGuard<'static, Live> {
    LIVE.lock().unwrap_or_else(|e| e.into_inner())
}

fn abandoned_error() -> io::Error {
    io::Error::new(io::ErrorKind::Interrupted, "interrupted: temporary files were removed")
}

fn committed_error() -> io::Error {
    io::Error::other("written after commit")
}

/// Removes every temporary file of an uncommitted [`OutputFile`] and refuses new ones.
///
/// For a signal handler that is about to exit: a commit that has started finishes first
/// (it holds the same lock), none starts afterwards.
pub fn remove_temp_files() {
    let mut live = live();
    live.abandoned = true;
    for p in live.paths.drain(..) {
        let _ = std::fs::remove_file(p);
    }
}

/// Where the bytes for a path go.
enum Target {
    /// Into a temporary file beside this real path, renamed over it at the end.
    Replace(PathBuf),
    /// Straight into the path, which stays what it is.
    Direct,
}

/// Paths that name one of this process's open descriptors rather than a file.
fn is_descriptor_alias(path: &Path) -> bool {
    path.starts_with("/dev/fd")
        || path.starts_with("/proc/self/fd")
        || ["/dev/stdout", "/dev/stderr", "/dev/stdin"]
            .iter()
            .any(|p| path == Path::new(p))
}

fn resolve(path: &Path) -> io::Result<Target> {
    if is_descriptor_alias(path) {
        return Ok(Target::Direct);
    }
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => Ok(Target::Replace(
            std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()),
        )),
        Ok(m) if m.is_dir() => Err(io::Error::new(io::ErrorKind::IsADirectory, "is a directory")),
        Ok(_) => Ok(Target::Direct),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Target::Replace(follow_dangling_links(path)?)),
        Err(e) => Err(e),
    }
}

/// The path a chain of symlinks ending nowhere would create.
fn follow_dangling_links(path: &Path) -> io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = std::fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

enum Inner {
    Temp {
        file: BufWriter<NamedTempFile>,
        dest: PathBuf,
    },
    Direct(BufWriter<File>),
    /// Renamed into place (or failed to be) by [`commit_all`].
    Committed,
}

/// A file being written to a path; see the [module docs](self) for what happens where.
pub struct OutputFile {
    /// The path as given, for messages.
    path: PathBuf,
    inner: Inner,
}

impl OutputFile {
    /// Starts writing to `path`: a temporary file beside a regular (or new) file, the
    /// path itself for a device or FIFO. A directory is refused.
    pub fn create(path: &Path) -> Result<Self> {
        let err = |e| Error::io(path, e);
        let inner = match resolve(path).map_err(err)? {
            Target::Direct => {
                let file = OpenOptions::new().write(true).open(path).map_err(err)?;
                if file.metadata().map_err(err)?.is_file() {
                    // A descriptor alias to a file the shell opened: add, do not overwrite.
                    drop(file);
                    let file = OpenOptions::new().append(true).open(path).map_err(err)?;
                    Inner::Direct(BufWriter::with_capacity(1 << 16, file))
                } else {
                    Inner::Direct(BufWriter::with_capacity(1 << 16, file))
                }
            }
            Target::Replace(dest) => {
                let file = create_temp_beside(&dest).map_err(err)?;
                Inner::Temp {
                    file: BufWriter::with_capacity(1 << 16, file),
                    dest,
                }
            }
        };
        Ok(OutputFile {
            path: path.to_path_buf(),
            inner,
        })
    }

    /// The path as given to [`OutputFile::create`].
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes and checks the write; a temporary file is synced and renamed into place.
    pub fn commit(self) -> Result<()> {
        commit_all(vec![self])
    }

    /// Flushes everything written so far; a temporary file is synced too.
    fn finish(&mut self) -> Result<()> {
        let err = |e| Error::io(&self.path, e);
        match &mut self.inner {
            Inner::Direct(f) => f.flush().map_err(err),
            Inner::Temp { file, .. } => {
                file.flush().map_err(err)?;
                file.get_ref().as_file().sync_all().map_err(err)
            }
            Inner::Committed => Ok(()),
        }
    }
}

/// `.NAME.XXXXXX.tmp` in the directory of `dest`, registered in [`LIVE`] before anyone
/// can signal, with the permissions `dest` has or a new file would get.
fn create_temp_beside(dest: &Path) -> io::Result<NamedTempFile> {
    let dir = match dest.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = dest
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    let mut prefix = OsString::from(".");
    prefix.push(name);
    prefix.push(".");
    let mut live = live();
    if live.abandoned {
        return Err(abandoned_error());
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let file = builder.tempfile_in(dir)?;
    live.paths.push(file.path().to_path_buf());
    drop(live);
    if let Ok(m) = std::fs::metadata(dest) {
        let _ = file.as_file().set_permissions(m.permissions());
    }
    Ok(file)
}

/// Forgets `path` in [`LIVE`].
fn unregister(live: &mut Live, path: &Path) {
    if let Some(i) = live.paths.iter().position(|p| p == path) {
        live.paths.swap_remove(i);
    }
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.inner {
            Inner::Direct(f) => f.write(buf),
            Inner::Temp { file, .. } => file.write(buf),
            Inner::Committed => Err(committed_error()),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match &mut self.inner {
            Inner::Direct(f) => f.write_all(buf),
            Inner::Temp { file, .. } => file.write_all(buf),
            Inner::Committed => Err(committed_error()),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.inner {
            Inner::Direct(f) => f.flush(),
            Inner::Temp { file, .. } => file.flush(),
            Inner::Committed => Err(committed_error()),
        }
    }
}

impl Drop for OutputFile {
    fn drop(&mut self) {
        if let Inner::Temp { file, .. } = &self.inner {
            // The temporary file itself is removed by NamedTempFile's own drop.
            unregister(&mut live(), file.get_ref().path());
        }
    }
}

/// Commits several files together: all of them are put in place, or none is.
///
/// Every file is flushed and synced first, so that write errors come before any rename.
/// If a rename then fails, the files already renamed are rolled back: the previous file
/// at that path comes back (it was kept as a hard link), or the new one is removed.
/// Devices and FIFOs were written directly and cannot be taken back.
pub fn commit_all(mut files: Vec<OutputFile>) -> Result<()> {
    for f in &mut files {
        f.finish()?;
    }
    let mut live = live();
    if live.abandoned {
        drop(live);
        return Err(Error::io(files[0].path.clone(), abandoned_error()));
    }
    let mut done: Vec<(PathBuf, Option<PathBuf>)> = Vec::new();
    let mut failure = None;
    for f in &mut files {
        if !matches!(f.inner, Inner::Temp { .. }) {
            continue;
        }
        let Inner::Temp { file, dest } = std::mem::replace(&mut f.inner, Inner::Committed) else {
            unreachable!("checked above");
        };
        let temp_path = file.get_ref().path().to_path_buf();
        let temp = match file.into_inner() {
            Ok(t) => t,
            Err(e) => {
                // Dropping the writer drops the temporary file, which removes it.
                unregister(&mut live, &temp_path);
                failure = Some(Error::io(&f.path, e.into_error()));
                break;
            }
        };
        let backup = keep_previous(&dest);
        let result = temp.persist(&dest);
        unregister(&mut live, &temp_path);
        match result {
            Ok(_) => done.push((dest, backup)),
            Err(e) => {
                // Dropping the PersistError drops the temporary file, which removes it.
                if let Some(b) = backup {
                    let _ = std::fs::remove_file(b);
                }
                failure = Some(Error::io(&f.path, e.error));
                break;
            }
        }
    }
    // Files not reached unregister themselves when dropped, which takes the lock.
    drop(live);
    drop(files);
    match failure {
        None => {
            for (_, backup) in done {
                if let Some(b) = backup {
                    let _ = std::fs::remove_file(b);
                }
            }
            Ok(())
        }
        Some(e) => {
            for (dest, backup) in done.into_iter().rev() {
                let _ = match backup {
                    Some(b) => std::fs::rename(b, &dest),
                    None => std::fs::remove_file(&dest),
                };
            }
            Err(e)
        }
    }
}

/// A hard link to the regular file at `dest`, if there is one, to restore on rollback.
fn keep_previous(dest: &Path) -> Option<PathBuf> {
    if !std::fs::symlink_metadata(dest).is_ok_and(|m| m.is_file()) {
        return None;
    }
    let mut name = OsString::from(".");
    name.push(dest.file_name()?);
    name.push(format!(".{}.bak", std::process::id()));
    let backup = dest.with_file_name(name);
    let _ = std::fs::remove_file(&backup);
    std::fs::hard_link(dest, &backup).ok().map(|()| backup)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn entries(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_failed_second_rename_rolls_the_first_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.csv");
        std::fs::write(&out, "old").unwrap();
        let mut a = OutputFile::create(&out).unwrap();
        a.write_all(b"new").unwrap();
        let blocked = dir.path().join("errors.csv");
        let mut b = OutputFile::create(&blocked).unwrap();
        b.write_all(b"errors").unwrap();
        // A directory appears where the second file goes: its rename fails.
        std::fs::create_dir(&blocked).unwrap();
        std::fs::write(blocked.join("x"), "x").unwrap();
        assert!(commit_all(vec![a, b]).is_err());
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "old");
        assert_eq!(entries(dir.path()), ["errors.csv", "out.csv"]);
    }

    #[test]
    fn a_symlink_is_written_through_and_a_directory_refused() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink("real.json", &link).unwrap();
        write_atomic(&link, b"one").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "one");
        write_atomic(&link, b"two").unwrap();
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "two");
        assert!(write_atomic(dir.path(), b"x").is_err());
        assert_eq!(entries(dir.path()), ["link.json", "real.json"]);
    }
}
