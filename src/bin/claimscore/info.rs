//! `claimscore info`: what a model file is and how it was made.

use std::io::Write;

use anyhow::Result;
use claimscore::{FeaturizerConfig, ModelMetadata, SCHEMA_VERSION};
use serde::Serialize;

use crate::Outcome;
use crate::args::InfoArgs;
use crate::files;

/// `info --json`, fields in this order.
#[derive(Serialize)]
struct InfoJson<'a> {
    model_version: &'a str,
    source: &'a str,
    schema_version: u32,
    labels: &'a [&'a str],
    n_features: usize,
    featurizer: &'a FeaturizerConfig,
    metadata: Option<&'a ModelMetadata>,
}

pub fn run(a: InfoArgs) -> Result<Outcome> {
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
            }
            for (name, metrics) in &m.heldout {
                writeln!(out, "\nheld-out {name}")?;
                for line in metrics.report().lines() {
                    writeln!(out, "  {line}")?;
                }
            }
        }
    }
    out.flush()?;
    Ok(Outcome::Success)
}
