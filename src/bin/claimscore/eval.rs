//! `claimscore eval`: metrics of a model on labeled data.

use std::io::Write;

use anyhow::{Result, bail};
use claimscore::Dataset;

use crate::Outcome;
use crate::args::EvalArgs;
use crate::files;
use crate::output;

pub fn run(a: EvalArgs) -> Result<Outcome> {
    output::require_stdout("the metrics would be lost: redirect it")?;
    let model = files::load_model(a.model.as_deref())?;
    let mut data = Dataset::new();
    for p in &a.data {
        data.extend(Dataset::read_csv(p)?);
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
    let metrics = model.evaluate(&data, true);
    let mut out = std::io::stdout().lock();
    if a.json {
        serde_json::to_writer_pretty(&mut out, &metrics)?;
        writeln!(out)?;
    } else {
        let files: Vec<String> = a.data.iter().map(|p| p.display().to_string()).collect();
        writeln!(
            out,
            "model {} on {} ({} examples)",
            model.version(),
            files.join(", "),
            data.len()
        )?;
        write!(out, "{}", metrics.report())?;
    }
    out.flush()?;
    Ok(Outcome::Success)
}
