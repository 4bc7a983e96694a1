//! `claimscore eval`: metrics of a model on labeled data, precision and recall per
//! threshold, and the misclassified rows.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use claimscore::{Dataset, Input, Label, Metrics, OperatingPoint, PrecisionRecallCurve, Scores, SourceRow};
use serde::Serialize;

use crate::Outcome;
use crate::args::EvalArgs;
use crate::files;
use crate::output;

/// The thresholds of the `--thresholds` table: 0.05, 0.10, ..., 0.95.
const GRID: [f64; 19] = {
    let mut g = [0.0; 19];
    let mut i = 0;
    while i < 19 {
        g[i] = (i + 1) as f64 * 0.05;
        i += 1;
    }
    g
};

/// `eval --json`: the metrics, then what --thresholds and --target-precision add.
#[derive(Serialize)]
struct EvalJson<'a> {
    #[serde(flatten)]
    metrics: &'a Metrics,
    #[serde(skip_serializing_if = "Option::is_none")]
    curves: Option<&'a [PrecisionRecallCurve]>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    target_precision: Vec<Target>,
}

/// The answer to one `--target-precision LABEL=P`.
#[derive(Serialize)]
struct Target {
    label: Label,
    precision: f64,
    /// `None` when no threshold reaches it.
    reached: Option<OperatingPoint>,
}

/// Where a labeled example came from: its file (an index into `--data`) and its row
/// and line there.
struct Row {
    file: usize,
    source: SourceRow,
}

pub fn run(a: EvalArgs) -> Result<Outcome> {
    output::require_stdout("the metrics would be lost: redirect it")?;
    if a.mistakes.as_deref().is_some_and(|m| files::named(Some(m)).is_none()) {
        bail!("--mistakes needs a file name, not `-`: the metrics go to standard output");
    }
    let model = files::load_model(a.model.as_deref())?;
    files::require_labels(model, a.target_precision.iter().map(|&(l, _)| l), "--target-precision")?;
    let opts = a.read.read_options();
    let mut data = Dataset::new();
    let mut rows = Vec::new();
    for (file, p) in a.data.iter().enumerate() {
        let ((train, train_rows), test) = Dataset::read_by_split_with_rows(p, &opts)?;
        if let Some((test, _)) = &test {
            message!(
                "note: {} has a `split` column; evaluating every row ({} train, {} test)",
                p.display(),
                train.len(),
                test.len()
            );
        }
        let (test, test_rows) = test.unwrap_or_default();
        for source in train_rows.into_iter().chain(test_rows) {
            rows.push(Row { file, source });
        }
        data.extend(train);
        data.extend(test);
    }
    for p in &a.articles {
        data.read_articles_csv(p)?;
    }
    if data.is_empty() {
        bail!(
            "no examples in {}",
            a.data
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let mistakes = match &a.mistakes {
        Some(p) => {
            let mut inputs: Vec<&Path> = a.data.iter().map(PathBuf::as_path).collect();
            inputs.extend(a.articles.iter().map(PathBuf::as_path));
            inputs.extend(a.model.as_deref());
            files::refuse_overwrite(p, &inputs, "the mistakes")?;
            Some(output::create(p, "the mistakes file")?)
        }
        None => None,
    };
    let inputs = data.examples().iter().map(|e| Input {
        text: e.text.as_str(),
        article: data.article_of(e),
    });
    let (predicted, scores): (Vec<Label>, Vec<Scores>) = model
        .classify_batch(inputs)
        .into_iter()
        .map(|v| (v.label, v.scores))
        .unzip();
    let truth: Vec<Label> = data.examples().iter().map(|e| e.label).collect();
    let metrics = Metrics::compute_with_labels(&truth, &predicted, &scores);
    let want_curves = a.thresholds || !a.target_precision.is_empty();
    let curves: Vec<PrecisionRecallCurve> = if want_curves {
        model
            .labels()
            .iter()
            .map(|&l| PrecisionRecallCurve::compute(&truth, &scores, l))
            .collect()
    } else {
        Vec::new()
    };
    let targets: Vec<Target> = a
        .target_precision
        .iter()
        .map(|&(label, precision)| Target {
            label,
            precision,
            reached: curves
                .iter()
                .find(|c| c.label == label)
                .and_then(|c| c.threshold_for_precision(precision)),
        })
        .collect();
    if let Some(file) = mistakes {
        let n = write_mistakes(file, &a.data, &data, &rows, &predicted, &scores)?;
        message!(
            "claimscore: wrote {n} misclassified rows of {} to {}",
            data.len(),
            a.mistakes.as_deref().unwrap_or(Path::new("")).display()
        );
    }
    let mut out = std::io::stdout().lock();
    if a.json {
        let v = EvalJson {
            metrics: &metrics,
            curves: a.thresholds.then_some(curves.as_slice()),
            target_precision: targets,
        };
        serde_json::to_writer_pretty(&mut out, &v)?;
        writeln!(out)?;
        out.flush()?;
        return Ok(Outcome::Success);
    }
    let files: Vec<String> = a.data.iter().map(|p| p.display().to_string()).collect();
    writeln!(
        out,
        "model {} (temperature {}) on {} ({} examples)",
        model.version(),
        model.temperature(),
        files.join(", "),
        data.len()
    )?;
    write!(out, "{}", metrics.report())?;
    if a.thresholds {
        write_table(&mut out, &curves)?;
    }
    for t in &targets {
        match t.reached {
            // The threshold in full (the shortest text that reads back as it): rounded, it
            // would flag other rows than counted here (0.99986 as 0.9999 flags none of them).
            Some(p) => writeln!(
                out,
                "target precision {} >= {:.3}: threshold {} (precision {:.3}, recall {:.3}, {} flagged)",
                t.label, t.precision, p.threshold, p.precision, p.recall, p.flagged
            )?,
            None => writeln!(
                out,
                "target precision {} >= {:.3}: not reached at any threshold on this data",
                t.label, t.precision
            )?,
        }
    }
    out.flush()?;
    Ok(Outcome::Success)
}

/// The `--thresholds` table: per threshold, each label's precision, recall and count
/// flagged (`score >= threshold`).
fn write_table(out: &mut impl Write, curves: &[PrecisionRecallCurve]) -> std::io::Result<()> {
    writeln!(
        out,
        "\nflagged when the label's probability >= threshold: precision / recall (flagged)"
    )?;
    write!(out, "threshold")?;
    for c in curves {
        write!(out, "  {:<26}", format!("{} ({} true)", c.label, c.support))?;
    }
    writeln!(out)?;
    for t in GRID {
        write!(out, "{t:>9.2}")?;
        for c in curves {
            let p = c.at(t);
            write!(
                out,
                "  {:<26}",
                format!("{:.3} / {:.3} ({})", p.precision, p.recall, p.flagged)
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// Writes the rows whose verdict's label is not the true one; returns how many.
fn write_mistakes(
    file: claimscore::io::OutputFile,
    paths: &[PathBuf],
    data: &Dataset,
    rows: &[Row],
    predicted: &[Label],
    scores: &[Scores],
) -> Result<usize> {
    let mut w = csv::Writer::from_writer(file);
    w.write_record([
        "file",
        "row",
        "line",
        "id",
        "text",
        "label",
        "predicted",
        "sourced",
        "unsourced",
        "inflammatory",
    ])?;
    // In file order: a file with a split column is read as its train rows, then its test rows.
    let mut wrong: Vec<usize> = (0..data.len())
        .filter(|&i| data.examples()[i].label != predicted[i])
        .collect();
    wrong.sort_by_key(|&i| (rows[i].file, rows[i].source.row));
    for &i in &wrong {
        let (e, row, p) = (&data.examples()[i], &rows[i], predicted[i]);
        let [a, b, c] = scores[i].to_array().map(|v| v.to_string());
        w.write_record([
            paths[row.file].display().to_string().as_str(),
            &row.source.row.to_string(),
            &row.source.line.to_string(),
            row.source.id.as_deref().unwrap_or(""),
            &e.text,
            e.label.as_str(),
            p.as_str(),
            &a,
            &b,
            &c,
        ])?;
    }
    let file = w
        .into_inner()
        .map_err(|e| e.into_error())
        .context("cannot write the mistakes file")?;
    claimscore::io::commit_all(vec![file]).context("cannot write the mistakes file")?;
    Ok(wrong.len())
}
