//! `claimscore`: score, train, evaluate and explain comment classifiers from the shell.
//!
//! A thin layer over the library: argument parsing, files, streams, progress and exit
//! status live here; everything about text and models lives in `claimscore`.

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

#[macro_use]
mod messages;

mod alpha;
mod args;
mod eval;
mod explain;
mod files;
mod info;
mod output;
mod precision;
mod progress;
mod score;
mod signals;
mod train;

use args::{Cli, Command};

/// What a subcommand that ran to the end reports.
pub enum Outcome {
    /// Everything went through.
    Success,
    /// Some rows could not be processed; they were reported (exit status 2).
    RowsFailed,
}

fn main() -> ExitCode {
    let cli = match parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // Help and version go to stdout and succeed; usage errors exit 1, not clap's 2,
            // which this tool keeps for failed rows.
            return if e.use_stderr() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    messages::set_quiet(cli.quiet);
    if let Err(e) = signals::install() {
        err_message!("{e:#}");
        return ExitCode::from(1);
    }
    let result = match cli.command {
        Command::Score(a) => score::run(a),
        Command::Train(a) => train::run(a),
        Command::Eval(a) => eval::run(a),
        Command::Explain(a) => explain::run(a),
        Command::Info(a) => info::run(a),
        Command::Completions(a) => completions(a),
    };
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::RowsFailed) => ExitCode::from(2),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            err_message!("{e:#}");
            match e.downcast_ref::<score::StrictStop>() {
                Some(_) => ExitCode::from(2),
                None => ExitCode::from(1),
            }
        }
    }
}

/// The command line, with the bundled model's version in `--version` (loading the model
/// only when it is asked for).
fn parse() -> Result<Cli, clap::Error> {
    let mut command = Cli::command();
    if std::env::args_os().skip(1).any(|a| a == "--version" || a == "-V") {
        let version = format!(
            "{} (bundled model {})",
            env!("CARGO_PKG_VERSION"),
            claimscore::Classifier::default_model().version()
        );
        let version: &'static str = Box::leak(version.into_boxed_str());
        command = command.version(version).long_version(version);
    }
    Cli::from_arg_matches(&command.try_get_matches()?)
}

/// `claimscore completions SHELL`: the script on stdout.
fn completions(a: args::CompletionsArgs) -> anyhow::Result<Outcome> {
    output::require_stdout("the completion script would be lost: redirect it")?;
    let mut command = Cli::command();
    let mut out = std::io::stdout().lock();
    clap_complete::generate(a.shell, &mut command, "claimscore", &mut out);
    std::io::Write::flush(&mut out)?;
    Ok(Outcome::Success)
}

/// A closed pipe (`claimscore score | head`) is how a reader says it has seen enough.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            || cause.downcast_ref::<csv::Error>().is_some_and(
                |e| matches!(e.kind(), csv::ErrorKind::Io(e) if e.kind() == std::io::ErrorKind::BrokenPipe),
            )
            || cause
                .downcast_ref::<serde_json::Error>()
                .is_some_and(|e| e.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
    })
}
