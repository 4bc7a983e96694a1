//! Scores a CSV of comments through the library API.
//!
//! ```text
//! cargo run --release --example batch_score -- IN.csv OUT.csv [--model MODEL.json]
//! ```
//! IN.csv needs a `text` column; an `id` column is copied through when present. OUT.csv
//! gets `id,label,sourced,unsourced,inflammatory,error`. Rows that cannot be read (invalid
//! UTF-8, missing text) are written with an error and empty scores; the batch goes on.
//! Rows are scored in chunks of 10,000, in parallel. (The `claimscore score` command does
//! the same with more options.)

use std::error::Error;
use std::process::ExitCode;

use claimscore::{Classifier, Scores};

const CHUNK: usize = 10_000;

fn main() -> ExitCode {
    match run() {
        Ok(0) => ExitCode::SUCCESS,
        Ok(failed) => {
            eprintln!("batch_score: {failed} row(s) could not be scored; see the error column");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("batch_score: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<usize, Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (input, output) = match args.as_slice() {
        [i, o, ..] => (i.clone(), o.clone()),
        _ => return Err("usage: batch_score IN.csv OUT.csv [--model MODEL.json]".into()),
    };
    let loaded;
    let model = match args.iter().position(|a| a == "--model") {
        Some(i) => {
            loaded = Classifier::load(args.get(i + 1).ok_or("--model needs a path")?)?;
            &loaded
        }
        None => Classifier::default_model(),
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(&input)
        .map_err(|e| format!("{input}: {e}"))?;
    let headers = reader.byte_headers()?.clone();
    let find = |name: &str| headers.iter().position(|h| h == name.as_bytes());
    let text_col = find("text").ok_or_else(|| format!("{input}: no `text` column"))?;
    let id_col = find("id");
    let tmp = format!("{output}.tmp");
    let mut writer = csv::Writer::from_path(&tmp)?;
    writer.write_record(["id", "label", "sourced", "unsourced", "inflammatory", "error"])?;
    let mut failed = 0;
    let mut records = reader.byte_records();
    loop {
        let chunk: Vec<_> = records.by_ref().take(CHUNK).collect();
        if chunk.is_empty() {
            break;
        }
        // (id, text or error) per row, then score the good ones in one parallel batch.
        let rows: Vec<(String, Result<String, String>)> = chunk
            .into_iter()
            .enumerate()
            .map(|(k, r)| match r {
                Err(e) => (String::new(), Err(format!("unreadable row: {e}"))),
                Ok(r) => {
                    let id = id_col
                        .and_then(|i| r.get(i))
                        .map(|b| String::from_utf8_lossy(b).into_owned())
                        .unwrap_or_else(|| k.to_string());
                    let text = match r.get(text_col) {
                        None => Err("no text field".to_string()),
                        Some(b) => match std::str::from_utf8(b) {
                            Ok(t) if t.trim().is_empty() => Err("empty text".to_string()),
                            Ok(t) => Ok(t.to_string()),
                            Err(e) => Err(format!("text is not UTF-8: {e}")),
                        },
                    };
                    (id, text)
                }
            })
            .collect();
        let good = rows.iter().filter_map(|(_, t)| t.as_ref().ok());
        // scikit-learn's predict_proba: one row per good text, columns sourced, unsourced, inflammatory.
        let mut scores = model.scores_batch(good).into_iter().map(Scores::from_array);
        for (id, text) in &rows {
            match text {
                Ok(_) => {
                    let s = scores.next().expect("one score per good row");
                    let label = s.max().0;
                    writer.write_record([
                        id.as_str(),
                        label.as_str(),
                        &s.sourced.to_string(),
                        &s.unsourced.to_string(),
                        &s.inflammatory.to_string(),
                        "",
                    ])?;
                }
                Err(e) => {
                    failed += 1;
                    writer.write_record([id.as_str(), "", "", "", "", e.as_str()])?;
                }
            }
        }
    }
    writer.flush()?;
    drop(writer);
    std::fs::rename(&tmp, &output)?;
    Ok(failed)
}
