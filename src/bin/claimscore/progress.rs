//! Progress on stderr, only when stderr is a terminal and not `--quiet`: a bar for
//! `score`, a spinner for `train`.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A progress bar on stderr, only when stderr is a terminal and not `--quiet`.
pub struct Progress(Option<ProgressBar>);

impl Progress {
    pub fn new(input_size: Option<u64>) -> Self {
        if crate::messages::quiet() || !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let bar = match input_size {
            Some(n) => ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr()).with_style(
                ProgressStyle::with_template("{elapsed_precise} [{wide_bar}] {percent:>3}%  {msg}  ETA {eta}")
                    .expect("valid template")
                    .progress_chars("=> "),
            ),
            None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()).with_style(
                ProgressStyle::with_template("{spinner} {elapsed_precise}  {msg}").expect("valid template"),
            ),
        };
        bar.enable_steady_tick(Duration::from_millis(200));
        Progress(Some(bar))
    }

    pub fn update(&self, rows: u64, byte: u64, started: Instant) {
        if let Some(bar) = &self.0 {
            bar.set_position(byte);
            let rate = rows as f64 / started.elapsed().as_secs_f64().max(1e-9);
            bar.set_message(format!("{rows} rows, {rate:.0} rows/s"));
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// A spinner with elapsed time while a long call runs, on a terminal only.
pub struct Spinner(Option<ProgressBar>);

impl Spinner {
    pub fn new(what: &str) -> Self {
        if crate::messages::quiet() || !std::io::stderr().is_terminal() {
            return Spinner(None);
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
            .with_style(ProgressStyle::with_template("{spinner} {msg} {elapsed}").expect("valid template"));
        bar.set_message(what.to_string());
        bar.enable_steady_tick(Duration::from_millis(120));
        Spinner(Some(bar))
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
