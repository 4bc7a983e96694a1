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
    let opts = a.read.read_options();
    let mut data = Dataset::new();
    for p in &a.data {
        let (d, test) = Dataset::read_by_split(p, &opts)?;
        if let Some(test) = &test {
            message!(
                "note: {} has a `split` column; evaluating every row ({} train, {} test)",
                p.display(),
                d.len(),
                test.len()
            );
        }
        data.extend(d);
        data.extend(test.unwrap_or_default());
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
