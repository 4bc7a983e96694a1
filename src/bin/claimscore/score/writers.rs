//! The writer thread: rows and results out as CSV or JSON lines, bad rows to the errors
//! file when there is one.

use std::io::Write;
use std::sync::mpsc::Receiver;

use anyhow::{Context, Result};
use claimscore::io::OutputFile;
use csv::ByteRecord;

use super::Scored;
use super::columns::Layout;
use super::jsonl::NULL_FIELD;
use super::rows::Prediction;
use crate::args::Format;
use crate::output::Sink;
use crate::precision;

type Written = (Sink, Option<OutputFile>);

pub fn write_rows(layout: Layout, sink: Sink, errors: Option<OutputFile>, rx: Receiver<Scored>) -> Result<Written> {
    let mut errors = errors.map(|e| csv::WriterBuilder::new().flexible(true).from_writer(e));
    if let Some(w) = errors.as_mut() {
        let mut header = ByteRecord::new();
        header.push_field(b"row");
        header.push_field(b"error");
        layout.all_columns.iter().for_each(|c| header.push_field(c.as_bytes()));
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

/// A field as written to CSV: a JSON null or missing value is empty.
fn csv_field<'a>(layout: &Layout, f: &'a [u8]) -> &'a [u8] {
    if layout.jsonl && f == NULL_FIELD { b"" } else { f }
}

/// Writes a bad row, as read, to the errors file.
fn divert(w: &mut csv::Writer<OutputFile>, layout: &Layout, record: &ByteRecord, message: &str) -> Result<()> {
    let mut out = ByteRecord::with_capacity(record.as_slice().len() + message.len() + 16, record.len() + 2);
    out.push_field(record.position().map_or(0, |p| p.record() + 1).to_string().as_bytes());
    out.push_field(message.as_bytes());
    record.iter().for_each(|f| out.push_field(csv_field(layout, f)));
    w.write_byte_record(&out).context("cannot write the errors file")?;
    Ok(())
}

fn write_csv(
    layout: &Layout,
    sink: Sink,
    mut errors: Option<&mut csv::Writer<OutputFile>>,
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
    layout.decision_columns().for_each(|c| header.push_field(c.as_bytes()));
    header.push_field(layout.language.as_bytes());
    header.push_field(layout.error.as_bytes());
    w.write_byte_record(&header)?;
    let mut out = ByteRecord::new();
    let mut buf = String::new();
    for chunk in rx {
        for ((record, result), language) in chunk.records.iter().zip(&chunk.results).zip(&chunk.languages) {
            if let (Err(message), Some(e)) = (result, errors.as_deref_mut()) {
                divert(e, layout, record, message)?;
                continue;
            }
            out.clear();
            layout
                .kept
                .iter()
                .for_each(|&i| out.push_field(csv_field(layout, record.get(i).unwrap_or_default())));
            match result {
                Ok(p) => {
                    out.push_field(p.label.as_str().as_bytes());
                    for v in p.scores.to_array() {
                        buf.clear();
                        precision::write(&mut buf, v, layout.precision);
                        out.push_field(buf.as_bytes());
                    }
                    out.push_field(layout.version.as_bytes());
                    if layout.claims.is_some() {
                        out.push_field(&serde_json::to_vec(&p.claims).expect("claims serialize"));
                    }
                    if layout.explanation.is_some() {
                        out.push_field(&serde_json::to_vec(&p.explanation).expect("explanations serialize"));
                    }
                    decisions(layout, p).for_each(|v| out.push_field(if v { b"true" } else { b"false" }));
                    out.push_field(b"");
                    out.push_field(b"");
                }
                Err(message) => {
                    (0..5).for_each(|_| out.push_field(b""));
                    layout
                        .claims
                        .iter()
                        .chain(&layout.explanation)
                        .for_each(|_| out.push_field(b""));
                    layout.decision_columns().for_each(|_| out.push_field(b""));
                    out.push_field(language.unwrap_or_default().as_bytes());
                    out.push_field(message.as_bytes());
                }
            }
            w.write_byte_record(&out)?;
        }
        super::read::recycle(chunk.records);
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

fn write_jsonl(
    layout: &Layout,
    mut sink: Sink,
    mut errors: Option<&mut csv::Writer<OutputFile>>,
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
        for ((record, result), language) in chunk.records.iter().zip(&chunk.results).zip(&chunk.languages) {
            if let (Err(message), Some(e)) = (result, errors.as_deref_mut()) {
                divert(e, layout, record, message)?;
                continue;
            }
            buf.push(b'{');
            for (&i, name) in layout.kept.iter().zip(&layout.input_columns) {
                key(&mut buf, name);
                match record.get(i) {
                    // Invalid UTF-8 cannot be JSON: null, never U+FFFD; the row has an error.
                    // A JSON input's null (`NULL_FIELD`, not UTF-8) is null again.
                    Some(f) => match std::str::from_utf8(f) {
                        Ok(f) => serde_json::to_writer(&mut buf, f).expect("strings serialize"),
                        Err(_) => buf.extend_from_slice(b"null"),
                    },
                    None => buf.extend_from_slice(b"null"),
                }
                buf.push(b',');
            }
            key(&mut buf, &layout.label);
            match result {
                Ok(p) => {
                    serde_json::to_writer(&mut buf, p.label.as_str()).expect("strings serialize");
                    for (name, v) in layout.probabilities.iter().zip(p.scores.to_array()) {
                        buf.push(b',');
                        key(&mut buf, name);
                        num.clear();
                        precision::write(&mut num, v, layout.precision);
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
            let values: Vec<Option<bool>> = match ok {
                Some(p) => decisions(layout, p).map(Some).collect(),
                None => layout.decision_columns().map(|_| None).collect(),
            };
            for (name, v) in layout.decision_columns().zip(values) {
                buf.push(b',');
                key(&mut buf, name);
                serde_json::to_writer(&mut buf, &v).expect("booleans serialize");
            }
            buf.push(b',');
            key(&mut buf, &layout.language);
            serde_json::to_writer(&mut buf, language).expect("strings serialize");
            buf.push(b',');
            key(&mut buf, &layout.error);
            serde_json::to_writer(&mut buf, &result.as_ref().err()).expect("strings serialize");
            buf.extend_from_slice(b"}\n");
        }
        sink.write_all(&buf)?;
    }
    Ok(sink)
}

/// The values of `Layout::decision_columns` for a scored row, in the same order:
/// scored with its article, each label's flag, needs review.
fn decisions<'a>(layout: &'a Layout, p: &Prediction) -> impl Iterator<Item = bool> + 'a {
    let d = layout.policy.decide(p.label, &p.scores);
    std::iter::once(p.with_article)
        .chain(
            layout
                .flags
                .iter()
                .zip(d.flags)
                .filter_map(|(column, flag)| column.as_ref().and(flag)),
        )
        .chain(layout.needs_review.as_ref().map(|_| d.needs_review))
}
