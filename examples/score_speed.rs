//! Scoring speed of the library on one core, by the CPU time of the scoring thread.
//!
//! ```text
//! cargo run --release --example score_speed -- datasets/comments.csv text 20
//! cargo run --release --example score_speed -- ../shared/data/davidson/labeled_data.csv tweet 10
//! cargo run --release --example score_speed -- datasets/comments.csv text 20 language
//! ```
//!
//! Reads the texts of one column of a CSV file, then scores them all with
//! `Classifier::scores` on this thread, `PASSES` times (default 10), and prints the best
//! pass; with `language` after `PASSES`, runs `unsupported_language` instead (the CLI's
//! per-row language check) and counts the texts it flags. It prints the best pass: its thread CPU time (`CLOCK_THREAD_CPUTIME_ID`, which other jobs on a shared
//! machine disturb far less than wall time), MB/s and texts/s by that time, and its wall
//! time. The first pass meets every word for the first time; later ones find the words in
//! the thread's cache, as a long batch does.

use std::process::ExitCode;
use std::time::Instant;

use claimscore::{Classifier, unsupported_language};

/// CPU seconds used by this thread.
fn thread_cpu_seconds() -> f64 {
    // SAFETY: clock_gettime writes the timespec it is given; an all-zero one is valid.
    #[allow(unsafe_code)]
    let ts = unsafe {
        let mut ts: libc::timespec = std::mem::zeroed();
        libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts);
        ts
    };
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(path), Some(column)) = (args.first(), args.get(1)) else {
        eprintln!("usage: score_speed FILE.csv COLUMN [PASSES] [language]");
        return ExitCode::FAILURE;
    };
    let passes: usize = match args.get(2).map(|p| p.parse()) {
        None => 10,
        Some(Ok(p)) if p > 0 => p,
        Some(_) => {
            eprintln!("PASSES must be a whole number of at least 1");
            return ExitCode::FAILURE;
        }
    };
    let language = match args.get(3).map(String::as_str) {
        None | Some("scores") => false,
        Some("language") => true,
        Some(other) => {
            eprintln!("the stage is `scores` (the default) or `language`, not {other:?}");
            return ExitCode::FAILURE;
        }
    };
    let texts = match read_column(path, column) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("cannot read column {column:?} of {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let model = Classifier::default_model();
    let bytes: usize = texts.iter().map(String::len).sum();
    let (mut best_cpu, mut best_wall, mut check) = (f64::INFINITY, 0.0, 0.0);
    for _ in 0..passes {
        let (cpu, wall) = (thread_cpu_seconds(), Instant::now());
        let sum: f64 = if language {
            texts.iter().filter(|t| unsupported_language(t).is_some()).count() as f64
        } else {
            texts.iter().map(|t| model.scores(t.as_str()).inflammatory).sum()
        };
        let (cpu, wall) = (thread_cpu_seconds() - cpu, wall.elapsed().as_secs_f64());
        if cpu < best_cpu {
            (best_cpu, best_wall) = (cpu, wall);
        }
        // Every pass scores the same texts the same way.
        assert!(check == 0.0 || check == sum, "pass scores differ");
        check = sum;
    }
    if language {
        println!("{check} texts flagged as not English");
    }
    println!(
        "{} texts, {bytes} bytes, best of {passes} passes: {best_cpu:.4} CPU-s ({:.1} MB/s, {:.0} texts/s), wall {best_wall:.4} s",
        texts.len(),
        bytes as f64 / best_cpu / 1e6,
        texts.len() as f64 / best_cpu,
    );
    ExitCode::SUCCESS
}

fn read_column(path: &str, column: &str) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let mut reader = csv::Reader::from_path(path)?;
    let at = reader
        .headers()?
        .iter()
        .position(|h| h == column)
        .ok_or("no such column")?;
    let mut texts = Vec::new();
    for record in reader.records() {
        texts.push(record?.get(at).unwrap_or_default().to_string());
    }
    Ok(texts)
}
