//! `claimscore train`: fit a model from labeled CSVs, report held-out metrics, save it.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use anyhow::{Result, bail};
use claimscore::{ClassWeight, Dataset, Label, Solver, TrainParams};

use crate::Outcome;
use crate::args::{ClassWeightArg, SolverArg, TrainArgs};
use crate::files;
use crate::progress::Spinner;

pub fn run(a: TrainArgs) -> Result<Outcome> {
    let inputs: Vec<&Path> = a
        .data
        .iter()
        .chain(&a.articles)
        .chain(&a.test)
        .map(|p| p.as_path())
        .collect();
    files::refuse_overwrite(&a.out, &inputs, "the model")?;
    if let Some(f) = a.test_split {
        if !(f > 0.0 && f < 1.0) {
            bail!("--test-split {f}: need a fraction between 0 and 1, e.g. 0.2");
        }
    }
    let params = params(&a)?;

    let mut data = Dataset::new();
    for p in &a.data {
        let d = Dataset::read_csv(p)?;
        message!("read {} examples from {}", d.len(), p.display());
        data.extend(d);
    }
    for p in &a.articles {
        data.read_articles_csv(p)?;
    }
    note_articles(&data, !a.articles.is_empty());
    let seed = a.seed.unwrap_or(42);
    let (train, test) = match (&a.test, a.test_split) {
        (Some(p), _) => {
            let mut test = Dataset::read_csv(p)?;
            for a in &a.articles {
                test.read_articles_csv(a)?;
            }
            let name = p
                .file_name()
                .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned());
            (data, Some((name, test)))
        }
        (None, Some(f)) => {
            let claimscore::Split {
                train,
                test,
                by_article,
                ..
            } = data.split_holdout(f, seed);
            let by = if by_article { "whole articles" } else { "random rows" };
            message!("held out {} of {} examples ({by}) for testing", test.len(), data.len());
            (train, Some((format!("test-split-{f}"), test)))
        }
        (None, None) => (data, None),
    };
    if train.is_empty() {
        bail!("no training examples");
    }
    message!("training on {} examples ({})", train.len(), label_counts(&train));

    let started = Instant::now();
    let spinner = Spinner::new("fitting");
    let fitted = params.fit(&train);
    spinner.finish();
    let mut model = fitted?;
    let meta = model.metadata().expect("a fitted model has metadata");
    message!(
        "trained in {:.1} s: {} features, alpha {}, {} solver iterations{}",
        started.elapsed().as_secs_f64(),
        model.n_features(),
        meta.params.alpha_value(),
        meta.solver_iterations,
        if meta.converged {
            ""
        } else {
            " (stopped at the iteration cap before converging)"
        }
    );
    for cv in &meta.cross_validation {
        message!("  cross-validation: alpha {:<6} macro-F1 {:.3}", cv.alpha, cv.macro_f1);
    }
    if let Some((name, test)) = test {
        if test.is_empty() {
            bail!("the held-out set {name} has no examples");
        }
        let m = model.evaluate(&test, true);
        let mut out = std::io::stdout().lock();
        writeln!(out, "held-out {name}: {} examples", test.len())?;
        write!(out, "{}", m.report())?;
        out.flush()?;
        model.record_heldout(name, m);
    }
    model.save(&a.out)?;
    message!("wrote {} ({})", a.out.display(), model.version());
    Ok(Outcome::Success)
}

fn params(a: &TrainArgs) -> Result<claimscore::CheckedTrainParams> {
    let mut p = TrainParams::new();
    if let Some((lo, hi)) = a.ngrams {
        p = p.word_ngrams(lo, hi);
    }
    if a.char_ngrams.is_some() {
        p = p.char_ngrams(a.char_ngrams);
    }
    if let Some(n) = a.min_df {
        p = p.min_df(n);
    }
    if a.max_features.is_some() {
        p = p.max_features(a.max_features);
    }
    if let Some(x) = a.alpha {
        p = p.alpha(x);
    }
    if let Some(k) = a.cv {
        p = p.cv_folds(k);
    }
    let solver = match a.solver {
        SolverArg::Sparse => Solver::Sparse,
        SolverArg::Linfa => Solver::Linfa,
    };
    // linfa has no sample weights, so its default is unweighted.
    let weight = match (a.class_weight, solver) {
        (Some(ClassWeightArg::Balanced), _) => ClassWeight::Balanced,
        (Some(ClassWeightArg::None), _) | (None, Solver::Linfa) => ClassWeight::None,
        (None, _) => ClassWeight::Balanced,
    };
    p = p.solver(solver).class_weight(weight);
    if let Some(s) = a.seed {
        p = p.seed(s);
    }
    if let Some(v) = &a.model_version {
        p = p.model_version(v.clone());
    }
    Ok(p.check()?)
}

/// Says when article ids cannot be used, so that a missing `--articles` is not silent.
fn note_articles(data: &Dataset, have_articles: bool) {
    let with_id = data.examples().iter().filter(|e| e.article_id.is_some()).count();
    let unknown = data
        .examples()
        .iter()
        .filter(|e| e.article_id.is_some() && data.article_of(e).is_none())
        .count();
    if with_id > 0 && !have_articles {
        message!(
            "note: {with_id} examples have an article_id but no --articles was given; training without article features"
        );
    } else if unknown > 0 {
        message!("note: {unknown} examples name an article that is not in the articles files; they train without it");
    }
}

fn label_counts(data: &Dataset) -> String {
    Label::ALL
        .iter()
        .map(|&l| format!("{} {l}", data.examples().iter().filter(|e| e.label == l).count()))
        .collect::<Vec<_>>()
        .join(", ")
}
