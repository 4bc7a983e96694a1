//! `claimscore info`: what a model file is and how it was made.

use std::collections::BTreeMap;
use std::io::Write;

use anyhow::Result;
use claimscore::{FeaturizerConfig, Metrics, ModelMetadata, SCHEMA_VERSION};
use serde::Serialize;

use crate::Outcome;
use crate::args::InfoArgs;
use crate::files;
use crate::output;

/// `info --json`, fields in this order.
#[derive(Serialize)]
struct InfoJson<'a> {
    model_version: &'a str,
    source: &'a str,
    schema_version: u32,
    labels: &'a [&'a str],
    n_features: usize,
    featurizer: &'a FeaturizerConfig,
    temperature: f64,
    metadata: Option<&'a ModelMetadata>,
}

/// The bundled model's card, `models/README.md`, as built into the binary.
const CARD: &str = include_str!("../../../models/README.md");

pub fn run(a: InfoArgs) -> Result<Outcome> {
    output::require_stdout("the model information would be lost: redirect it")?;
    if a.card {
        let mut out = std::io::stdout().lock();
        out.write_all(CARD.as_bytes())?;
        out.flush()?;
        return Ok(Outcome::Success);
    }
    let model = files::load_model(a.model.as_deref())?;
    let source = a
        .model
        .as_ref()
        .map_or_else(|| "bundled".to_string(), |p| p.display().to_string());
    let labels: Vec<&str> = model.labels().iter().map(|l| l.as_str()).collect();
    let mut out = std::io::stdout().lock();
    if a.json {
        let v = InfoJson {
            model_version: model.version(),
            source: &source,
            schema_version: SCHEMA_VERSION,
            labels: &labels,
            n_features: model.n_features(),
            featurizer: model.featurizer_config(),
            temperature: model.temperature(),
            metadata: model.metadata(),
        };
        serde_json::to_writer_pretty(&mut out, &v)?;
        writeln!(out)?;
        out.flush()?;
        return Ok(Outcome::Success);
    }
    let c = model.featurizer_config();
    writeln!(out, "model version   {}", model.version())?;
    writeln!(out, "file            {source} (schema {SCHEMA_VERSION})")?;
    writeln!(out, "labels          {}", labels.join(", "))?;
    writeln!(out, "features        {}", model.n_features())?;
    writeln!(
        out,
        "temperature     {} (scores are softmax(logits / temperature); 1 = as trained)",
        model.temperature()
    )?;
    writeln!(
        out,
        "featurizer      word n-grams {}..{}, char n-grams {}, min df {}, stemmer {}, article features {}",
        c.word_ngrams.0,
        c.word_ngrams.1,
        c.char_ngrams
            .map_or_else(|| "none".to_string(), |(lo, hi)| format!("{lo}..{hi}")),
        c.min_df,
        c.stemmer
            .map_or_else(|| "none".to_string(), |s| format!("{s:?}").to_lowercase()),
        if c.article_features { "on" } else { "off" }
    )?;
    match model.metadata() {
        None => writeln!(out, "metadata        none recorded")?,
        Some(m) => {
            writeln!(out, "training data   sha256 {}", m.training_data_sha256)?;
            writeln!(
                out,
                "                {} examples, trained by claimscore {}",
                m.training_examples, m.crate_version
            )?;
            writeln!(
                out,
                "solver          alpha {}, {} iterations, {}",
                m.params.alpha_value(),
                m.solver_iterations,
                if m.converged { "converged" } else { "not converged" }
            )?;
            if m.heldout.is_empty() {
                writeln!(out, "held-out        none recorded")?;
            } else {
                summary(&mut out, &m.heldout)?;
            }
            for (name, metrics) in m.heldout.iter().filter(|(n, _)| !is_functionality(n)) {
                writeln!(out, "\nheld-out {name}")?;
                for line in metrics.report().lines() {
                    writeln!(out, "  {line}")?;
                }
            }
            let functionalities: Vec<_> = m.heldout.iter().filter(|(n, _)| is_functionality(n)).collect();
            if !functionalities.is_empty() {
                writeln!(
                    out,
                    "\nHateCheck accuracy per functionality (mapped by functionality, not gold label)"
                )?;
                for (name, metrics) in functionalities {
                    writeln!(
                        out,
                        "  held-out {name:<40} n {:>4}  accuracy {:.3}",
                        metrics.n, metrics.accuracy
                    )?;
                }
            }
        }
    }
    out.flush()?;
    Ok(Outcome::Success)
}

/// A held-out set of one HateCheck functionality (`hatecheck/<functionality>`): one label
/// each, so accuracy is its only meaningful figure.
fn is_functionality(name: &str) -> bool {
    name.starts_with("hatecheck/")
}

/// Every held-out set (but single functionalities) on one line: macro-F1, and each label's
/// precision / recall / F1 with its count, the corpus split and `realdev` first so they
/// read side by side.
fn summary(out: &mut impl Write, heldout: &BTreeMap<String, Metrics>) -> std::io::Result<()> {
    let first = ["corpus-test", "realdev"];
    let mut names: Vec<&String> = heldout.keys().filter(|n| !is_functionality(n)).collect();
    names.sort_by_key(|n| (first.iter().position(|f| f == n).unwrap_or(first.len()), n.as_str()));
    let width = names.iter().map(|n| n.len()).max().unwrap_or(0);
    writeln!(
        out,
        "held-out        {:<width$}  {:>5}  {:>8}  per label: precision / recall / F1 (count)",
        "set", "n", "macro-F1"
    )?;
    for name in names {
        let m = &heldout[name];
        let labels: Vec<String> = m
            .per_label
            .iter()
            .map(|l| {
                format!(
                    "{} {:.3} / {:.3} / {:.3} ({})",
                    l.label.as_str(),
                    l.precision,
                    l.recall,
                    l.f1,
                    l.support
                )
            })
            .collect();
        writeln!(
            out,
            "                {name:<width$}  {:>5}  {:>8.3}  {}",
            m.n,
            m.macro_f1,
            labels.join("  ")
        )?;
    }
    Ok(())
}
