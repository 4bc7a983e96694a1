//! `claimscore score`: stream a CSV (or JSON lines) through the model in bounded memory.
//!
//! Three stages joined by bounded channels, so at most a few chunks are in memory at once
//! whatever the input's size:
//!
//! ```text
//! reader thread ──chunks of raw rows──▶ main: check rows, score in parallel (rayon)
//!               ──rows + results──▶ writer thread: format, write in input order
//! ```
//!
//! A row that cannot be scored is written anyway, with empty scores and an `error`, and
//! the run goes on; the exit status says that some rows failed.
//!
//! Here: the argument checks and the pipeline. `columns` reads the header, `read` the
//! rows (`jsonl` JSON lines, as rows of the CSV kind), `rows` checks and scores them,
//! `writers` formats them, `summary` reports.

mod columns;
mod jsonl;
mod read;
mod rows;
mod summary;
mod writers;

use std::fmt;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::mpsc::sync_channel;
use std::thread;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use csv::ByteRecord;

use crate::Outcome;
use crate::args::{InputFormat, ScoreArgs};
use crate::files;
use crate::output::{self, Sink};
use crate::progress::Progress;
use rows::Prediction;
use summary::Summary;

/// `--strict` stopped at a row that could not be scored (exit status 2).
#[derive(Debug)]
pub struct StrictStop(String);

impl fmt::Display for StrictStop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (stopped by --strict)", self.0)
    }
}

impl std::error::Error for StrictStop {}

/// Said on stderr when `score` would wait for a terminal to type comments.
const STDIN_HINT: &str = "claimscore: reading comments from the terminal (standard input): type or paste CSV with a header row, then Ctrl-D; or give --input FILE (--help for more)";

/// Rows read from the input, in order.
pub struct Chunk {
    pub records: Vec<ByteRecord>,
    /// Input bytes consumed after the chunk's last row.
    pub end_byte: u64,
}

/// A chunk with a result per row.
pub struct Scored {
    pub records: Vec<ByteRecord>,
    pub results: Vec<Result<Prediction, String>>,
    /// The ISO 639-3 code of each row's language when it is one the model does not read.
    pub languages: Vec<Option<&'static str>>,
}

pub fn run(a: ScoreArgs) -> Result<Outcome> {
    if a.chunk_rows == 0 {
        bail!("--chunk-rows must be at least 1");
    }
    if a.explain == Some(0) {
        bail!("--explain K needs K >= 1");
    }
    if let Some(n) = a.threads {
        if n == 0 {
            bail!("--threads must be at least 1");
        }
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .context("cannot start the worker threads")?;
    }
    let input = files::named(a.input.as_deref());
    let output = files::named(a.output.as_deref());
    let input_name = input.map_or_else(|| "stdin".to_string(), |p| p.display().to_string());
    let mut inputs: Vec<&Path> = input.into_iter().collect();
    inputs.extend(a.articles.as_deref());
    inputs.extend(a.model.as_deref());
    if let Some(o) = output {
        files::refuse_overwrite(o, &inputs, "the output")?;
    }
    if let Some(e) = &a.errors {
        if files::named(Some(e)).is_none() {
            bail!("--errors needs a file name, not `-`");
        }
        files::refuse_overwrite(e, &inputs, "the errors")?;
        if output.is_some_and(|o| o == e.as_path() || files::same_file(o, e)) {
            bail!("--errors and --output are the same file {}", e.display());
        }
    }
    let model = files::load_model(a.model.as_deref())?;
    files::require_labels(model, a.threshold.iter().map(|&(l, _)| l), "--threshold")?;
    files::require_labels(model, a.review.iter().filter_map(|b| b.label()), "--review")?;
    let policy = columns::policy(&a)?;
    if a.schema {
        let names = a.keep.clone().unwrap_or_default();
        let kept = (0..names.len()).collect();
        let layout = columns::layout(&names, kept, &a, model.version(), policy);
        let mut out = std::io::stdout().lock();
        for (name, ty) in layout.schema() {
            writeln!(out, "{name}\t{ty}")?;
        }
        return Ok(Outcome::Success);
    }

    let input_format = a.input_format.unwrap_or_else(|| {
        let ext = input.and_then(Path::extension).and_then(|e| e.to_str());
        match ext {
            Some("jsonl" | "ndjson") => InputFormat::Jsonl,
            _ => InputFormat::Csv,
        }
    });
    if input.is_none() && std::io::stdin().is_terminal() {
        message!("{}", STDIN_HINT);
    }
    let (reader, input_size) = files::open_input(input)?;
    let (chunk_tx, chunk_rx) = sync_channel::<Result<Chunk>>(1);
    let chunk_rows = a.chunk_rows;
    let input_for_reader = input_name.clone();
    let (columns, layout) = match input_format {
        InputFormat::Csv => {
            let mut needed = vec![a.text_column.as_str()];
            needed.extend(a.keep.iter().flatten().map(String::as_str));
            let (reader, delimiter, other) = read::sniff_delimiter(reader, a.delimiter.delimiter(), &needed)
                .with_context(|| format!("cannot read {input_name}"))?;
            if a.delimiter.delimiter().is_none() && delimiter != b',' {
                message!(
                    "claimscore: {input_name}: fields separated by `{}` (detected from the header; --delimiter to choose)",
                    claimscore::csv_check::delimiter_name(delimiter)
                );
            }
            let mut rdr = csv::ReaderBuilder::new()
                .flexible(true)
                .delimiter(delimiter)
                .buffer_capacity(1 << 16)
                .from_reader(read::Tracked::new(reader));
            let headers = rdr
                .byte_headers()
                .with_context(|| format!("cannot read {input_name}"))?
                .clone();
            let names: Vec<String> = headers
                .iter()
                .map(|h| String::from_utf8_lossy(h).into_owned())
                .collect();
            let columns = columns::resolve_columns(&names, &a, &input_name, other.map(|o| (delimiter, o)))?;
            let kept = columns::kept_columns(&names, &a, &input_name)?;
            let layout = columns::layout(&names, kept, &a, model.version(), policy);
            thread::spawn(move || read::read_chunks(rdr, delimiter, chunk_rows, &input_for_reader, chunk_tx));
            (columns, layout)
        }
        InputFormat::Jsonl => {
            let mut lines = jsonl::Lines::new(reader, &input_name);
            let first = lines.next_object()?;
            let mut names: Vec<String> = first
                .as_ref()
                .map(|(o, _)| o.keys().map(str::to_string).collect())
                .unwrap_or_default();
            // Every column the run needs is a column, null where a line lacks it.
            let needed = [Some(&a.text_column), a.id_column.as_ref(), a.article_column.as_ref()]
                .into_iter()
                .flatten()
                .chain(a.articles.as_ref().map(|_| &a.article_id_column))
                .chain(a.keep.iter().flatten());
            for n in needed {
                if !names.contains(n) {
                    names.push(n.clone());
                }
            }
            let mut columns = columns::resolve_columns(&names, &a, &input_name, None)?;
            columns.jsonl = true;
            let kept = columns::kept_columns(&names, &a, &input_name)?;
            let mut layout = columns::layout(&names, kept, &a, model.version(), policy);
            layout.jsonl = true;
            thread::spawn(move || jsonl::read_chunks(lines, first, names, chunk_rows, chunk_tx));
            (columns, layout)
        }
    };

    let sink = Sink::create(output)?;
    let errors = a
        .errors
        .as_deref()
        .map(|p| output::create(p, "the errors file"))
        .transpose()?;

    let (scored_tx, scored_rx) = sync_channel::<Scored>(1);
    let writer = thread::spawn(move || writers::write_rows(layout, sink, errors, scored_rx));

    let progress = Progress::new(input_size);
    let mut summary = Summary::default();
    let started = Instant::now();
    let mut stop: Option<anyhow::Error> = None;
    for chunk in chunk_rx {
        let chunk = match chunk {
            Ok(c) => c,
            Err(e) => {
                stop = Some(e);
                break;
            }
        };
        let end_byte = chunk.end_byte;
        let mut scored = rows::score_chunk(model, &columns, &a, chunk, &mut summary);
        if a.strict {
            if let Some(bad) = scored.results.iter().position(Result::is_err) {
                let record = &scored.records[bad];
                let message = format!(
                    "{}: {}",
                    rows::row_name(record, &columns),
                    scored.results[bad].as_ref().err().unwrap()
                );
                scored.records.truncate(bad);
                scored.results.truncate(bad);
                scored.languages.truncate(bad);
                stop = Some(StrictStop(message).into());
            }
        }
        progress.update(summary.rows, end_byte, started);
        // A closed channel means the writer stopped; its error is collected below.
        if scored_tx.send(scored).is_err() || stop.is_some() {
            break;
        }
    }
    drop(scored_tx);
    progress.finish();
    let (sink, errors) = writer.join().expect("the writer thread does not panic")?;
    if let Some(e) = stop {
        // The output is incomplete: what went to stdout stays, files are not renamed.
        if let Sink::Stdout(mut s) = sink {
            s.flush()?;
        }
        return Err(e);
    }
    output::finish(sink, errors)?;
    summary.report(started.elapsed(), &input_name, a.errors.as_deref());
    Ok(if summary.failed > 0 && !a.no_fail_on_row_errors {
        Outcome::RowsFailed
    } else {
        Outcome::Success
    })
}
