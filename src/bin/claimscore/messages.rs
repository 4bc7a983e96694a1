//! Messages on stderr: progress and notes (silenced by `--quiet`) and errors (never).
//!
//! Writes to stderr ignore failures: a closed stderr must not turn a finished run into a
//! panic.

use std::sync::atomic::{AtomicBool, Ordering};

static QUIET: AtomicBool = AtomicBool::new(false);

/// Silences [`message!`] for the rest of the run.
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::SeqCst);
}

/// True when `--quiet` was given.
pub fn quiet() -> bool {
    QUIET.load(Ordering::SeqCst)
}

/// A note or progress line on stderr, unless `--quiet`.
macro_rules! message {
    ($($tt:tt)*) => {
        if !$crate::messages::quiet() {
            use std::io::Write as _;
            let _ = writeln!(std::io::stderr().lock(), $($tt)*);
        }
    }
}

/// An error line on stderr, prefixed with `claimscore: `, even with `--quiet`.
macro_rules! err_message {
    ($($tt:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), "claimscore: {}", format_args!($($tt)*));
    }}
}
