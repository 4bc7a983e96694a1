//! `claimscore train`: fit a model from labeled files (plus, on request, the bundled
//! corpus), choose alpha, report held-out metrics, save it.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use claimscore::{ClassWeight, Dataset, Label, Solver, TrainParams};

use crate::Outcome;
use crate::alpha::{self, AlphaChoice};
use crate::args::{ClassWeightArg, SolverArg, TrainArgs};
use crate::files;
use crate::output;
use crate::progress::Spinner;

pub fn run(a: TrainArgs) -> Result<Outcome> {
    if files::named(Some(&a.out)).is_none() {
        bail!("--out needs a file name, not `-`: the held-out metrics go to standard output");
    }
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
    // Opened now, so that an unwritable --out fails before training rather than after.
    let out = output::create(&a.out, "the model")?;

    let opts = a.read.read_options();
    let mut data = Dataset::new();
    let mut split_test: Option<(String, Dataset)> = None;
    for p in &a.data {
        let (d, test) = Dataset::read_by_split(p, &opts)?;
        match test {
            None => message!("read {} examples from {}", d.len(), p.display()),
            Some(test) => {
                message!(
                    "read {} examples from {}: {} train, {} test (its `split` column)",
                    d.len() + test.len(),
                    p.display(),
                    d.len(),
                    test.len()
                );
                let (names, mut all) = split_test.take().unwrap_or_default();
                all.extend(test);
                let name = format!("{}{}", if names.is_empty() { "" } else { "+" }, file_name(p));
                split_test = Some((format!("{names}{name}"), all));
            }
        }
        data.extend(d);
    }
    if split_test.is_some() && (a.test.is_some() || a.test_split.is_some()) {
        bail!(
            "the data has a `split` column, which already names the test rows; drop --test/--test-split, or the column"
        );
    }
    for p in &a.articles {
        data.read_articles_csv(p)?;
    }
    note_articles(&data, !a.articles.is_empty());
    let seed = a.seed.unwrap_or(42);
    let (mut train, test) = match (&a.test, a.test_split, split_test) {
        (_, _, Some((names, mut test))) => {
            for p in &a.articles {
                test.read_articles_csv(p)?;
            }
            (data, Some((format!("{names} split=test"), test)))
        }
        (Some(p), _, None) => {
            let mut test = Dataset::read_with(p, &opts)?;
            for a in &a.articles {
                test.read_articles_csv(a)?;
            }
            (data, Some((file_name(p), test)))
        }
        (None, Some(f), None) => {
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
        (None, None, None) => (data, None),
    };
    if a.with_bundled_corpus {
        let (corpus, _) = Dataset::bundled_corpus()?;
        message!(
            "adding the bundled corpus's train split: {} examples on {} articles",
            corpus.len(),
            corpus
                .examples()
                .iter()
                .filter_map(|e| e.article_id.as_deref())
                .collect::<std::collections::BTreeSet<_>>()
                .len()
        );
        // The corpus's articles would replace yours of the same id: your comments would then
        // train against the corpus's text, silently.
        for id in corpus.examples().iter().filter_map(|e| e.article_id.as_deref()) {
            if let (Some(yours), Some(bundled)) = (train.article(id), corpus.article(id))
                && yours != bundled
            {
                bail!(
                    "article id {id:?} is in your articles and in the bundled corpus with another text: rename yours to use --with-bundled-corpus"
                );
            }
        }
        train.extend(corpus);
    }
    if train.is_empty() {
        bail!("no training examples");
    }
    // Before the fit, which can take minutes, rather than after it.
    if let Some((name, test)) = &test {
        if test.is_empty() {
            bail!("the held-out set {name} has no examples");
        }
    }
    if let Some((name, test)) = &test {
        let shared = train.shared_texts(test);
        if shared > 0 {
            message!(
                "warning: {shared} of the {} held-out examples of {name} are also in the training data (same text, ignoring case and spacing): their scores flatter the model",
                test.len()
            );
        }
    }
    message!("training on {} examples ({})", train.len(), label_counts(&train));
    let params = match alpha::choose(a.alpha, a.cv, &train) {
        AlphaChoice::Given => params,
        AlphaChoice::CrossValidated { folds, by_default } => {
            message!(
                "choosing alpha by {folds}-fold cross-validation{}",
                if by_default {
                    " (the default when every label has enough rows; --alpha X to fix it)"
                } else {
                    ""
                }
            );
            params.params().clone().cv_folds(folds).check()?
        }
        AlphaChoice::Default { reason } => {
            message!(
                "alpha {} (not cross-validated: {reason}; --alpha X or --cv K to choose)",
                params.params().alpha_value()
            );
            params
        }
    };

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
        message!(
            "  cross-validation: alpha {:<6} mean macro-F1 {:.3}",
            cv.alpha,
            cv.macro_f1
        );
    }
    if model.n_features() < MIN_FEATURES {
        message!(
            "warning: only {} features (n-grams in at least --min-df documents): too few to generalise; add labeled rows or lower --min-df",
            model.n_features()
        );
    }
    if let Some((name, test)) = test {
        let m = model.evaluate(&test, true);
        let mut stdout = std::io::stdout().lock();
        writeln!(stdout, "held-out {name}: {} examples", test.len())?;
        write!(stdout, "{}", m.report())?;
        stdout.flush()?;
        model.record_heldout(name, m);
    }
    let mut out = out;
    out.write_all(&model.to_bytes())
        .with_context(|| format!("cannot write the model to {}", a.out.display()))?;
    out.commit()
        .with_context(|| format!("cannot write the model to {}", a.out.display()))?;
    message!("wrote {} ({})", a.out.display(), model.version());
    Ok(Outcome::Success)
}

/// Fewer features than this is a warning: a vocabulary that small cannot generalise.
const MIN_FEATURES: usize = 100;

/// The file name alone, for names of held-out sets.
fn file_name(p: &Path) -> String {
    p.file_name()
        .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned())
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
