//! Input files: `-` for stdin, the same-file check that keeps outputs off inputs, model
//! loading. Output files are in `output.rs`.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use anyhow::{Context, Result, bail};
use claimscore::{Classifier, Label};

/// The model at `path`, or the bundled one. A loaded model lives for the rest of the run.
pub fn load_model(path: Option<&Path>) -> Result<&'static Classifier> {
    match path {
        None => Ok(Classifier::default_model()),
        Some(p) => Ok(Box::leak(Box::new(Classifier::load(p)?))),
    }
}

/// `None` or `-` means stdin/stdout.
pub fn named(path: Option<&Path>) -> Option<&Path> {
    path.filter(|p| p.as_os_str() != "-")
}

/// Opens the input, and its size when it is a file.
pub fn open_input(path: Option<&Path>) -> Result<(Box<dyn Read + Send>, Option<u64>)> {
    match named(path) {
        None => Ok((Box::new(io::stdin()), None)),
        Some(p) => {
            let f = File::open(p).with_context(|| format!("cannot open input {}", p.display()))?;
            let size = f.metadata().ok().filter(|m| m.is_file()).map(|m| m.len());
            Ok((Box::new(f), size))
        }
    }
}

/// True when `a` and `b` name the same existing file (through links, `..`, hard links).
pub fn same_file(a: &Path, b: &Path) -> bool {
    let (Ok(ma), Ok(mb)) = (std::fs::metadata(a), std::fs::metadata(b)) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        ma.dev() == mb.dev() && ma.ino() == mb.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (ma, mb);
        matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
    }
}

/// Refuses an output that would overwrite an input.
pub fn refuse_overwrite(output: &Path, inputs: &[&Path], what: &str) -> Result<()> {
    for input in inputs {
        if same_file(output, input) {
            bail!(
                "refusing to write {what} {} over the input {}",
                output.display(),
                input.display()
            );
        }
    }
    Ok(())
}

/// Refuses `option` on a label the model does not predict: its probability is always 0,
/// so a flag or band on it would mean nothing (`--threshold inflammatory=0` would flag
/// every row of a model trained on two labels).
pub fn require_labels(model: &Classifier, labels: impl IntoIterator<Item = Label>, option: &str) -> Result<()> {
    for label in labels {
        if !model.labels().contains(&label) {
            let has: Vec<&str> = model.labels().iter().map(|l| l.as_str()).collect();
            bail!(
                "{option} {label}: the model has no label `{label}` (its labels: {})",
                has.join(", ")
            );
        }
    }
    Ok(())
}
