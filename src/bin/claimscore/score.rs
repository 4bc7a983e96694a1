//! `claimscore score`: stream a CSV through the model in bounded memory.
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

use std::collections::BTreeMap;
use std::fmt;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use claimscore::{Claim, Classifier, Contribution, Dataset, Scores};
use csv::ByteRecord;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::Outcome;
use crate::args::{Format, ScoreArgs};
use crate::files::{self, AtomicFile, Sink};

/// A chunk is cut at this many bytes of row data even when it has fewer rows than
/// `--chunk-rows`, which bounds memory when texts are long.
const CHUNK_BYTES: usize = 4 << 20;
/// Failed rows listed one by one in the summary; the rest are counted.
const LISTED_FAILURES: usize = 10;

/// `--strict` stopped at a row that could not be scored (exit status 2).
#[derive(Debug)]
pub struct StrictStop(String);

impl fmt::Display for StrictStop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (stopped by --strict)", self.0)
    }
}

impl std::error::Error for StrictStop {}

/// Where each needed value sits in a row.
struct Columns {
    names: Vec<String>,
    n: usize,
    text: usize,
    id: Option<usize>,
    article: ArticleSource,
}

enum ArticleSource {
    None,
    /// The article's text is in this column.
    Text(usize),
    /// This column holds an id into the articles file.
    Id(usize, Dataset),
}

/// What the model said about one row.
struct Prediction {
    scores: Scores,
    claims: Option<Vec<Claim>>,
    explanation: Option<Vec<Contribution>>,
}

/// Rows read from the input, in order.
struct Chunk {
    records: Vec<ByteRecord>,
    /// Input bytes consumed after the chunk's last row.
    end_byte: u64,
}

/// A chunk with a result per row.
struct Scored {
    records: Vec<ByteRecord>,
    results: Vec<Result<Prediction, String>>,
}

/// How the writer lays out rows.
struct Layout {
    format: Format,
    input_columns: Vec<String>,
    /// Names of the added columns, after renaming any that clash with input columns.
    label: String,
    probabilities: [String; 3],
    model_version: String,
    claims: Option<String>,
    explanation: Option<String>,
    error: String,
    version: String,
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

    let (reader, input_size) = files::open_input(input)?;
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(reader);
    let headers = rdr
        .byte_headers()
        .with_context(|| format!("cannot read {input_name}"))?
        .clone();
    let names: Vec<String> = headers
        .iter()
        .map(|h| String::from_utf8_lossy(h).into_owned())
        .collect();
    let columns = resolve_columns(&names, &a, &input_name)?;
    let layout = layout(&names, &a, model.version());

    let sink = Sink::create(output)?;
    let errors = a.errors.as_deref().map(AtomicFile::create).transpose()?;

    let (chunk_tx, chunk_rx) = sync_channel::<Result<Chunk>>(1);
    let (scored_tx, scored_rx) = sync_channel::<Scored>(1);
    let chunk_rows = a.chunk_rows;
    let input_for_reader = input_name.clone();
    thread::spawn(move || read_chunks(rdr, chunk_rows, &input_for_reader, chunk_tx));
    let writer = thread::spawn(move || write_rows(layout, sink, errors, scored_rx));

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
        let mut scored = score_chunk(model, &columns, &a, chunk, &mut summary);
        if a.strict {
            if let Some(bad) = scored.results.iter().position(Result::is_err) {
                let record = &scored.records[bad];
                let message = format!(
                    "{}: {}",
                    row_name(record, &columns),
                    scored.results[bad].as_ref().err().unwrap()
                );
                scored.records.truncate(bad);
                scored.results.truncate(bad);
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
    sink.finish()?;
    if let Some(e) = errors {
        e.commit()?;
    }
    summary.report(started.elapsed(), &input_name, a.errors.as_deref());
    Ok(if summary.failed > 0 {
        Outcome::RowsFailed
    } else {
        Outcome::Success
    })
}

fn resolve_columns(names: &[String], a: &ScoreArgs, input_name: &str) -> Result<Columns> {
    if names.is_empty() || names.len() == 1 && names[0].is_empty() {
        bail!(
            "{input_name}: no header row; the input must be a CSV whose first row names the columns (one of them `{}`)",
            a.text_column
        );
    }
    let find = |name: &str, flag: &str| -> Result<usize> {
        names.iter().position(|n| n == name).with_context(|| {
            format!(
                "{input_name}: no column `{name}` ({flag}); columns present: {}",
                names.join(", ")
            )
        })
    };
    let text = find(&a.text_column, "--text-column")?;
    let id = match &a.id_column {
        Some(c) => Some(find(c, "--id-column")?),
        None => names.iter().position(|n| n == "id"),
    };
    let article = if let Some(c) = &a.article_column {
        ArticleSource::Text(find(c, "--article-column")?)
    } else if let Some(path) = &a.articles {
        let col = find(&a.article_id_column, "--article-id-column")?;
        let mut d = Dataset::new();
        d.read_articles_csv(path)?;
        ArticleSource::Id(col, d)
    } else {
        ArticleSource::None
    };
    Ok(Columns {
        names: names.to_vec(),
        n: names.len(),
        text,
        id,
        article,
    })
}

fn layout(names: &[String], a: &ScoreArgs, version: &str) -> Layout {
    let mut taken: Vec<String> = names.to_vec();
    let mut add = |name: &str| {
        let mut n = name.to_string();
        while taken.contains(&n) {
            n = format!("claimscore_{n}");
        }
        if n != name {
            message!("claimscore: the input has a column `{name}`; the added one is named `{n}`");
        }
        taken.push(n.clone());
        n
    };
    Layout {
        format: a.format,
        input_columns: names.to_vec(),
        label: add("label"),
        probabilities: ["sourced", "unsourced", "inflammatory"].map(&mut add),
        model_version: add("model_version"),
        claims: a.claims.then(|| add("claims")),
        explanation: a.explain.map(|_| add("explanation")),
        error: add("error"),
        version: version.to_string(),
    }
}

fn read_chunks(
    mut rdr: csv::Reader<Box<dyn std::io::Read + Send>>,
    chunk_rows: usize,
    input_name: &str,
    tx: SyncSender<Result<Chunk>>,
) {
    loop {
        let mut records = Vec::with_capacity(chunk_rows.min(1 << 16));
        let mut bytes = 0;
        let mut eof = false;
        while records.len() < chunk_rows && bytes < CHUNK_BYTES {
            let mut record = ByteRecord::new();
            match rdr.read_byte_record(&mut record) {
                Ok(true) => {
                    bytes += record.as_slice().len();
                    records.push(record);
                }
                Ok(false) => {
                    eof = true;
                    break;
                }
                Err(e) => {
                    let _ = tx.send(Err(anyhow::Error::new(e).context(format!("cannot read {input_name}"))));
                    return;
                }
            }
        }
        if !records.is_empty() {
            let end_byte = rdr.position().byte();
            if tx.send(Ok(Chunk { records, end_byte })).is_err() {
                return;
            }
        }
        if eof {
            return;
        }
    }
}

/// Checks each row, then scores the good ones in parallel.
fn score_chunk(model: &Classifier, columns: &Columns, a: &ScoreArgs, chunk: Chunk, summary: &mut Summary) -> Scored {
    let records = chunk.records;
    let mut results: Vec<Result<Prediction, String>> = Vec::with_capacity(records.len());
    let mut items: Vec<(&str, Option<&str>)> = Vec::with_capacity(records.len());
    let mut scored_rows: Vec<usize> = Vec::with_capacity(records.len());
    for (i, record) in records.iter().enumerate() {
        summary.rows += 1;
        match check_row(record, columns, a.max_text_bytes) {
            Ok((text, article)) => {
                let article = match (&columns.article, article) {
                    (ArticleSource::Id(_, d), Some(id)) => {
                        let found = d.article(id);
                        if found.is_none() {
                            summary.unknown_articles += 1;
                        }
                        found
                    }
                    (_, article) => article,
                };
                // The same limit as the text's: article features are linear, but not free.
                if let Some(len) = article.map(str::len).filter(|&n| n > a.max_text_bytes) {
                    let message = format!(
                        "article of {len} bytes is over the limit of {} (--max-text-bytes)",
                        a.max_text_bytes
                    );
                    summary.fail("article too long", row_name(record, columns), &message);
                    results.push(Err(message));
                    continue;
                }
                items.push((text, article));
                scored_rows.push(i);
                results.push(Err(String::new()));
            }
            Err((kind, message)) => {
                summary.fail(kind, row_name(record, columns), &message);
                results.push(Err(message));
            }
        }
    }
    let explanations: Option<Vec<(Scores, Vec<Contribution>)>> = a.explain.map(|k| {
        items
            .par_iter()
            .map(|&(text, article)| {
                let e = model.explain((text, article), k);
                let top = e
                    .labels
                    .into_iter()
                    .find(|l| l.label == e.label)
                    .map(|l| l.for_label)
                    .unwrap_or_default();
                (e.scores, top)
            })
            .collect()
    });
    let mut explanations = explanations.map(Vec::into_iter);
    let predictions: Vec<Prediction> = if a.claims {
        model
            .classify_batch(items.iter().copied())
            .into_iter()
            .map(|v| Prediction {
                scores: v.scores,
                claims: Some(v.claims),
                explanation: explanations.as_mut().and_then(Iterator::next).map(|(_, top)| top),
            })
            .collect()
    } else if let Some(explanations) = explanations {
        explanations
            .map(|(scores, top)| Prediction {
                scores,
                claims: None,
                explanation: Some(top),
            })
            .collect()
    } else {
        model
            .scores_batch(items.iter().copied())
            .into_iter()
            .map(|scores| Prediction {
                scores: Scores::from_array(scores),
                claims: None,
                explanation: None,
            })
            .collect()
    };
    for (i, p) in scored_rows.into_iter().zip(predictions) {
        results[i] = Ok(p);
    }
    Scored { records, results }
}

/// The row's text and article field, or what is wrong with it: (kind, message).
fn check_row<'r>(
    record: &'r ByteRecord,
    columns: &Columns,
    max_text_bytes: usize,
) -> Result<(&'r str, Option<&'r str>), (&'static str, String)> {
    if record.len() != columns.n {
        let mut message = format!("ragged row: {} fields where the header has {}", record.len(), columns.n);
        if record.len() > columns.n {
            // The output has the header's width: keep the extra fields here, not lose them.
            let extra: Vec<String> = record
                .iter()
                .skip(columns.n)
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect();
            message.push_str(&format!(
                "; extra fields: {}",
                serde_json::to_string(&extra).expect("strings serialize")
            ));
        }
        return Err(("ragged row", message));
    }
    let raw_text = &record[columns.text];
    if raw_text.len() > max_text_bytes {
        return Err((
            "text too long",
            format!(
                "text of {} bytes is over the limit of {max_text_bytes} (--max-text-bytes)",
                raw_text.len()
            ),
        ));
    }
    for (i, field) in record.iter().enumerate() {
        if let Err(e) = std::str::from_utf8(field) {
            return Err((
                "invalid UTF-8",
                format!(
                    "invalid UTF-8 in column `{}` at byte {}",
                    columns.names[i],
                    e.valid_up_to()
                ),
            ));
        }
    }
    let text = std::str::from_utf8(raw_text).expect("checked above");
    if text.trim().is_empty() {
        return Err(("empty text", "empty text".to_string()));
    }
    let article = match columns.article {
        ArticleSource::None => None,
        ArticleSource::Text(i) | ArticleSource::Id(i, _) => {
            Some(std::str::from_utf8(&record[i]).expect("checked above")).filter(|a| !a.trim().is_empty())
        }
    };
    Ok((text, article))
}

/// `row 7` (the header is row 1), with the line when a quoted field spans lines and the id.
fn row_name(record: &ByteRecord, columns: &Columns) -> String {
    let mut s = match record.position() {
        Some(p) if p.line() != p.record() + 1 => format!("row {} (line {})", p.record() + 1, p.line()),
        Some(p) => format!("row {}", p.record() + 1),
        None => "row ?".to_string(),
    };
    if let Some(id) = columns.id.and_then(|i| record.get(i)) {
        s.push_str(&format!(", id {:?}", String::from_utf8_lossy(id)));
    }
    s
}

type Written = (Sink, Option<AtomicFile>);

fn write_rows(layout: Layout, sink: Sink, errors: Option<AtomicFile>, rx: Receiver<Scored>) -> Result<Written> {
    let mut errors = errors.map(|e| csv::WriterBuilder::new().flexible(true).from_writer(e));
    if let Some(w) = errors.as_mut() {
        let mut header = ByteRecord::new();
        header.push_field(b"row");
        header.push_field(b"error");
        layout
            .input_columns
            .iter()
            .for_each(|c| header.push_field(c.as_bytes()));
        w.write_byte_record(&header)?;
    }
    let sink = match layout.format {
        Format::Csv => write_csv(&layout, sink, errors.as_mut(), rx)?,
        Format::Jsonl => write_jsonl(&layout, sink, errors.as_mut(), rx)?,
    };
    let errors = match errors {
        Some(w) => Some(
            w.into_inner()
                .map_err(|e| e.into_error())
                .context("cannot write the errors file")?,
        ),
        None => None,
    };
    Ok((sink, errors))
}

/// Writes a bad row, as read, to the errors file.
fn divert(w: &mut csv::Writer<AtomicFile>, record: &ByteRecord, message: &str) -> Result<()> {
    let mut out = ByteRecord::with_capacity(record.as_slice().len() + message.len() + 16, record.len() + 2);
    out.push_field(record.position().map_or(0, |p| p.record() + 1).to_string().as_bytes());
    out.push_field(message.as_bytes());
    record.iter().for_each(|f| out.push_field(f));
    w.write_byte_record(&out).context("cannot write the errors file")?;
    Ok(())
}

fn write_csv(
    layout: &Layout,
    sink: Sink,
    mut errors: Option<&mut csv::Writer<AtomicFile>>,
    rx: Receiver<Scored>,
) -> Result<Sink> {
    let mut w = csv::WriterBuilder::new().buffer_capacity(1 << 16).from_writer(sink);
    let mut header = ByteRecord::new();
    layout
        .input_columns
        .iter()
        .for_each(|c| header.push_field(c.as_bytes()));
    header.push_field(layout.label.as_bytes());
    layout
        .probabilities
        .iter()
        .for_each(|c| header.push_field(c.as_bytes()));
    header.push_field(layout.model_version.as_bytes());
    layout
        .claims
        .iter()
        .chain(&layout.explanation)
        .for_each(|c| header.push_field(c.as_bytes()));
    header.push_field(layout.error.as_bytes());
    w.write_byte_record(&header)?;
    let n = layout.input_columns.len();
    let mut out = ByteRecord::new();
    let mut buf = String::new();
    for chunk in rx {
        for (record, result) in chunk.records.iter().zip(&chunk.results) {
            if let (Err(message), Some(e)) = (result, errors.as_deref_mut()) {
                divert(e, record, message)?;
                continue;
            }
            out.clear();
            (0..n).for_each(|i| out.push_field(record.get(i).unwrap_or_default()));
            match result {
                Ok(p) => {
                    out.push_field(p.scores.max().0.as_str().as_bytes());
                    for v in p.scores.to_array() {
                        buf.clear();
                        write_float(&mut buf, v);
                        out.push_field(buf.as_bytes());
                    }
                    out.push_field(layout.version.as_bytes());
                    if layout.claims.is_some() {
                        out.push_field(&serde_json::to_vec(&p.claims).expect("claims serialize"));
                    }
                    if layout.explanation.is_some() {
                        out.push_field(&serde_json::to_vec(&p.explanation).expect("explanations serialize"));
                    }
                    out.push_field(b"");
                }
                Err(message) => {
                    (0..5).for_each(|_| out.push_field(b""));
                    layout
                        .claims
                        .iter()
                        .chain(&layout.explanation)
                        .for_each(|_| out.push_field(b""));
                    out.push_field(message.as_bytes());
                }
            }
            w.write_byte_record(&out)?;
        }
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

fn write_jsonl(
    layout: &Layout,
    mut sink: Sink,
    mut errors: Option<&mut csv::Writer<AtomicFile>>,
    rx: Receiver<Scored>,
) -> Result<Sink> {
    let key = |buf: &mut Vec<u8>, k: &str| {
        serde_json::to_writer(&mut *buf, k).expect("strings serialize");
        buf.push(b':');
    };
    let mut buf: Vec<u8> = Vec::with_capacity(1 << 20);
    let mut num = String::new();
    for chunk in rx {
        buf.clear();
        for (record, result) in chunk.records.iter().zip(&chunk.results) {
            if let (Err(message), Some(e)) = (result, errors.as_deref_mut()) {
                divert(e, record, message)?;
                continue;
            }
            buf.push(b'{');
            for (i, name) in layout.input_columns.iter().enumerate() {
                key(&mut buf, name);
                match record.get(i) {
                    Some(f) => serde_json::to_writer(&mut buf, &String::from_utf8_lossy(f)).expect("strings serialize"),
                    None => buf.extend_from_slice(b"null"),
                }
                buf.push(b',');
            }
            key(&mut buf, &layout.label);
            match result {
                Ok(p) => {
                    serde_json::to_writer(&mut buf, p.scores.max().0.as_str()).expect("strings serialize");
                    for (name, v) in layout.probabilities.iter().zip(p.scores.to_array()) {
                        buf.push(b',');
                        key(&mut buf, name);
                        num.clear();
                        write_float(&mut num, v);
                        buf.extend_from_slice(num.as_bytes());
                    }
                }
                Err(_) => {
                    buf.extend_from_slice(b"null");
                    for name in &layout.probabilities {
                        buf.push(b',');
                        key(&mut buf, name);
                        buf.extend_from_slice(b"null");
                    }
                }
            }
            buf.push(b',');
            key(&mut buf, &layout.model_version);
            serde_json::to_writer(&mut buf, &layout.version).expect("strings serialize");
            let ok = result.as_ref().ok();
            if let Some(name) = &layout.claims {
                buf.push(b',');
                key(&mut buf, name);
                serde_json::to_writer(&mut buf, &ok.and_then(|p| p.claims.as_ref())).expect("claims serialize");
            }
            if let Some(name) = &layout.explanation {
                buf.push(b',');
                key(&mut buf, name);
                serde_json::to_writer(&mut buf, &ok.and_then(|p| p.explanation.as_ref()))
                    .expect("explanations serialize");
            }
            buf.push(b',');
            key(&mut buf, &layout.error);
            serde_json::to_writer(&mut buf, &result.as_ref().err()).expect("strings serialize");
            buf.extend_from_slice(b"}\n");
        }
        sink.write_all(&buf)?;
    }
    Ok(sink)
}

/// Shortest text that reads back as the same `f64`.
fn write_float(buf: &mut String, v: f64) {
    use std::fmt::Write as _;
    let _ = write!(buf, "{v}");
}

/// A progress bar on stderr, only when stderr is a terminal and not `--quiet`.
struct Progress(Option<ProgressBar>);

impl Progress {
    fn new(input_size: Option<u64>) -> Self {
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

    fn update(&self, rows: u64, byte: u64, started: Instant) {
        if let Some(bar) = &self.0 {
            bar.set_position(byte);
            let rate = rows as f64 / started.elapsed().as_secs_f64().max(1e-9);
            bar.set_message(format!("{rows} rows, {rate:.0} rows/s"));
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// Counts for the summary on stderr.
#[derive(Default)]
struct Summary {
    rows: u64,
    failed: u64,
    by_kind: BTreeMap<&'static str, u64>,
    listed: Vec<String>,
    unknown_articles: u64,
}

impl Summary {
    fn fail(&mut self, kind: &'static str, row: String, message: &str) {
        self.failed += 1;
        *self.by_kind.entry(kind).or_default() += 1;
        if self.listed.len() < LISTED_FAILURES {
            self.listed.push(format!("{row}: {message}"));
        }
    }

    fn report(&self, elapsed: Duration, input_name: &str, errors: Option<&Path>) {
        let secs = elapsed.as_secs_f64();
        message!(
            "claimscore: scored {} of {} rows of {input_name} in {secs:.2} s ({:.0} rows/s)",
            self.rows - self.failed,
            self.rows,
            self.rows as f64 / secs.max(1e-9)
        );
        if self.unknown_articles > 0 {
            message!(
                "claimscore: {} named an article that is not in the articles file; scored without the article",
                rows(self.unknown_articles)
            );
        }
        if self.failed > 0 {
            let kinds: Vec<String> = self.by_kind.iter().map(|(k, n)| format!("{k}: {n}")).collect();
            let place = match errors {
                Some(p) => format!("written to {}", p.display()),
                None => "written with an `error`".to_string(),
            };
            err_message!(
                "{} could not be scored ({}); {place}:",
                rows(self.failed),
                kinds.join(", ")
            );
            for l in &self.listed {
                err_message!("  {l}");
            }
            if self.failed > self.listed.len() as u64 {
                err_message!("  ... and {} more", self.failed - self.listed.len() as u64);
            }
        }
    }
}

fn rows(n: u64) -> String {
    if n == 1 {
        "1 row".to_string()
    } else {
        format!("{n} rows")
    }
}
