//! Where output goes: stdout, or a file that never replaces a device or leaves debris
//! (`claimscore::io::OutputFile`), committed together with the errors file.

use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, Result, bail};
use claimscore::io::{OutputFile, commit_all};

use crate::files;

/// Output to stdout, or to a file put in place by [`finish`].
pub enum Sink {
    /// Standard output.
    Stdout(io::Stdout),
    /// A file.
    File(OutputFile),
}

impl Sink {
    /// stdout for `None`, `-` or `/dev/stdout`, else an [`OutputFile`].
    pub fn create(path: Option<&Path>) -> Result<Self> {
        match files::named(path) {
            None => stdout(),
            Some(p) if p == Path::new("/dev/stdout") => stdout(),
            Some(p) => Ok(Sink::File(create(p, "the output")?)),
        }
    }
}

/// Starts writing `what` (`the output`, `the errors file`) to `path`.
pub fn create(path: &Path, what: &str) -> Result<OutputFile> {
    OutputFile::create(path).with_context(|| format!("cannot write {what}"))
}

fn stdout() -> Result<Sink> {
    require_stdout("the scores would be lost: redirect it or give --output FILE")?;
    Ok(Sink::Stdout(io::stdout()))
}

/// An error when stdout was closed at start (`>&-`), where writes would vanish; `consequence`
/// says what that would lose.
pub fn require_stdout(consequence: &str) -> Result<()> {
    if stdout_was_closed() {
        bail!("standard output is closed, so {consequence}");
    }
    Ok(())
}

/// Flushes stdout and puts the files in place: all of them, or none (see
/// `claimscore::io::commit_all`).
pub fn finish(sink: Sink, errors: Option<OutputFile>) -> Result<()> {
    let mut files = Vec::with_capacity(2);
    match sink {
        Sink::File(f) => files.push(f),
        Sink::Stdout(mut s) => s.flush()?,
    }
    files.extend(errors);
    if files.is_empty() {
        return Ok(());
    }
    commit_all(files).context("cannot write the output")
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stdout(s) => s.write(buf),
            Sink::File(f) => f.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Sink::Stdout(s) => s.write_all(buf),
            Sink::File(f) => f.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(s) => s.flush(),
            Sink::File(f) => f.flush(),
        }
    }
}

/// Whether descriptor 1 was closed when the process started.
///
/// Rust's runtime opens `/dev/null` on a closed stdout before `main`, after which every
/// write "succeeds"; so the check runs earlier, as an ELF constructor.
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

fn stdout_was_closed() -> bool {
    STDOUT_CLOSED.load(Ordering::SeqCst)
}

// The crate denies unsafe code; these two items are the CLI's only exception.
#[cfg(any(target_os = "linux", target_os = "android"))]
#[allow(unsafe_code)]
#[used]
#[unsafe(link_section = ".init_array")]
static CHECK_STDOUT_AT_START: extern "C" fn() = check_stdout_at_start;

#[cfg(any(target_os = "linux", target_os = "android"))]
#[allow(unsafe_code)]
extern "C" fn check_stdout_at_start() {
    // SAFETY: F_GETFD only reads the descriptor's flags; -1 (EBADF) means it is closed.
    if unsafe { libc::fcntl(1, libc::F_GETFD) } == -1 {
        STDOUT_CLOSED.store(true, Ordering::SeqCst);
    }
}
