//! One chunk of rows: check each, score the good ones in parallel, name a row in messages.

use claimscore::{
    Claim, Classifier, Contribution, Label, RowError, Scores, check_article_len, check_not_empty, check_text_len,
    check_utf8, unsupported_language,
};
use csv::ByteRecord;
use rayon::prelude::*;

use super::columns::{ArticleSource, Columns};
use super::jsonl::NULL_FIELD;
use super::summary::Summary;
use super::{Chunk, Scored};
use crate::args::ScoreArgs;
use crate::precision;

/// What the model said about one row.
pub struct Prediction {
    pub label: Label,
    pub scores: Scores,
    pub claims: Option<Vec<Claim>>,
    pub explanation: Option<Vec<Contribution>>,
    /// Whether the row was scored with its article.
    pub with_article: bool,
}

/// Checks each row, then scores the good ones in parallel.
pub fn score_chunk(
    model: &Classifier,
    columns: &Columns,
    a: &ScoreArgs,
    chunk: Chunk,
    summary: &mut Summary,
) -> Scored {
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
                if let Err(e) = check_article_len(article.map_or(0, str::len), a.max_text_bytes) {
                    let message = e.to_string();
                    summary.fail(e.kind(), row_name(record, columns), &message);
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
    // Text that is confidently not English is a row error: the model's label would mean nothing.
    let detected: Vec<Option<&'static str>> = items.par_iter().map(|&(text, _)| unsupported_language(text)).collect();
    let mut languages: Vec<Option<&'static str>> = vec![None; records.len()];
    let mut kept = 0;
    for j in 0..items.len() {
        let row = scored_rows[j];
        if let Some(code) = detected[j] {
            let message = format!("unsupported language: {code}");
            summary.fail("unsupported language", row_name(&records[row], columns), &message);
            results[row] = Err(message);
            languages[row] = Some(code);
        } else {
            items[kept] = items[j];
            scored_rows[kept] = row;
            kept += 1;
        }
    }
    items.truncate(kept);
    scored_rows.truncate(kept);
    // The label is the verdict's (the rubric's rules over the scores and claims), not the
    // most probable: `predict_batch` when nothing else is asked for, else `classify_batch`.
    let mut explanations = a.explain.map(|k| {
        items
            .par_iter()
            .map(|&input| model.explain(input, k))
            .collect::<Vec<_>>()
            .into_iter()
    });
    let top = |e: claimscore::Explanation, label: Label| {
        e.labels
            .into_iter()
            .find(|l| l.label == label)
            .map(|l| l.for_label)
            .unwrap_or_default()
    };
    let uses_articles = model.featurizer_config().article_features;
    let predictions: Vec<Prediction> = if a.claims || a.explain.is_some() {
        // Every row left was checked above and is not confidently another language: the
        // verdicts need not detect it again.
        model
            .classify_batch_with_languages(items.iter().map(|&input| (input, None)))
            .into_iter()
            .map(|v| Prediction {
                label: v.label,
                scores: v.scores,
                explanation: explanations.as_mut().and_then(Iterator::next).map(|e| top(e, v.label)),
                claims: a.claims.then(|| {
                    let mut claims = v.claims;
                    claims
                        .iter_mut()
                        .for_each(|c| c.scores = precision::round_scores(c.scores, a.precision));
                    claims
                }),
                with_article: v.with_article,
            })
            .collect()
    } else {
        model
            .predict_batch(items.iter().copied())
            .into_iter()
            .zip(&items)
            .map(|((label, scores), (_, article))| Prediction {
                label,
                scores: Scores::from_array(scores),
                explanation: None,
                claims: None,
                with_article: uses_articles && article.is_some(),
            })
            .collect()
    };
    for (i, p) in scored_rows.into_iter().zip(predictions) {
        results[i] = Ok(p);
    }
    Scored {
        records,
        results,
        languages,
    }
}

/// The row's text and article field, or what is wrong with it: (kind, message).
pub fn check_row<'r>(
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
    let kind = |e: RowError| (e.kind(), e.to_string());
    let raw_text = &record[columns.text];
    if columns.jsonl && raw_text == NULL_FIELD {
        return Err(kind(RowError::MissingText {
            column: columns.names[columns.text].clone(),
        }));
    }
    check_text_len(raw_text.len(), max_text_bytes).map_err(kind)?;
    for (i, field) in record.iter().enumerate() {
        if !(columns.jsonl && field == NULL_FIELD) {
            check_utf8(&columns.names[i], field).map_err(kind)?;
        }
    }
    let text = std::str::from_utf8(raw_text).expect("checked above");
    check_not_empty(text).map_err(kind)?;
    let article = match columns.article {
        ArticleSource::None => None,
        ArticleSource::Text(i) | ArticleSource::Id(i, _) => Some(&record[i])
            .filter(|a| !(columns.jsonl && *a == NULL_FIELD))
            .map(|a| std::str::from_utf8(a).expect("checked above"))
            .filter(|a| !a.trim().is_empty()),
    };
    Ok((text, article))
}

/// `row 7` (the header is row 1), with the line when a quoted field spans lines and the id.
pub fn row_name(record: &ByteRecord, columns: &Columns) -> String {
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
