//! SIGINT and SIGTERM: remove the temporary output files, then exit 130 or 143, as a
//! shell reports a process killed by the signal.

use anyhow::Result;

/// Starts the thread that waits for the signals.
#[cfg(unix)]
pub fn install() -> Result<()> {
    use anyhow::Context;
    use signal_hook::consts::{SIGINT, SIGTERM};
    use signal_hook::iterator::Signals;

    let mut signals = Signals::new([SIGINT, SIGTERM]).context("cannot install the signal handlers")?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                claimscore::io::remove_temp_files();
                std::process::exit(128 + signal);
            }
        })
        .context("cannot start the signal thread")?;
    Ok(())
}

/// Elsewhere the default handling stays.
#[cfg(not(unix))]
pub fn install() -> Result<()> {
    Ok(())
}
