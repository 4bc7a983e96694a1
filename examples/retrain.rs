//! Retrains the default model from the bundled corpus and prints held-out metrics.
//!
//! ```text
//! cargo run --release --example retrain                  # writes models/claimscore-default.json
//! cargo run --release --example retrain -- --out my.json  # somewhere else
//! cargo run --release --example retrain -- --data DIR     # another corpus in the same layout
//! ```
//! The corpus layout is `DIR/articles.csv` + `DIR/comments.csv` (see `datasets/README.md`);
//! the model trains on the `train` split and is evaluated on the `test` split, with and
//! without the articles.
//!
//! When `../shared/data` is present (it is not redistributed), the training set also gets
//! real comments from two permissively licensed public datasets, so the model learns how
//! real readers write: ToxicSpans (CC0; news-site comments split into sentences, those
//! with rater-marked toxic spans inflammatory, the others unsourced) and Davidson et al.
//! (MIT; tweets with unanimous votes). Both are subsampled so the bundled corpus, the only
//! source of `sourced` examples, keeps its weight. `--corpus-only` skips them. Real
//! labeled sets that are not trained on are evaluated and recorded in the model.
//!
//! The recipe is deterministic: the same data gives a byte-identical model file.
//! `--dump-train FILE` writes the training set as `text,label` CSV (for the scikit-learn
//! comparison in `benches/compare_sklearn.py`).

use std::path::PathBuf;
use std::process::ExitCode;

use claimscore::{Classifier, Dataset, TrainParams};

/// The default model's recipe: word 1-2-grams of stemmed words, terms in at least two
/// documents, balanced class weights, and the L2 penalty picked by 5-fold
/// cross-validation grouped by article.
fn recipe() -> TrainParams {
    TrainParams::new().word_ngrams(1, 2).min_df(2).cv_folds(5)
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("retrain: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut data = PathBuf::from("datasets");
    let mut out = PathBuf::from("models/claimscore-default.json");
    let mut corpus_only = false;
    let mut dump = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--data" => data = args.next().ok_or("--data needs a directory")?.into(),
            "--out" => out = args.next().ok_or("--out needs a path")?.into(),
            "--dump-train" => dump = Some(PathBuf::from(args.next().ok_or("--dump-train needs a path")?)),
            "--corpus-only" => corpus_only = true,
            other => {
                return Err(format!(
                    "unknown argument {other:?} (expected --data DIR, --out PATH, --corpus-only, --dump-train FILE)"
                )
                .into());
            }
        }
    }
    let (mut train, test) = Dataset::read_corpus(&data)?;
    let shared = PathBuf::from("../shared/data");
    if corpus_only {
        eprintln!("--corpus-only: training on the bundled corpus alone");
    } else if shared.is_dir() {
        train.extend(real_training_data(&shared)?);
    } else {
        eprintln!("../shared/data not found: training on the bundled corpus alone (not the bundled model's recipe)");
    }
    eprintln!("training on {} comments, testing on {}", train.len(), test.len());
    if let Some(path) = dump {
        let mut w = csv::Writer::from_path(&path)?;
        w.write_record(["text", "label"])?;
        for e in train.examples() {
            w.write_record([e.text.as_str(), e.label.as_str()])?;
        }
        w.flush()?;
    }
    let start = std::time::Instant::now();
    let mut model: Classifier = recipe().check()?.fit(&train)?;
    let meta = model.metadata().expect("fit records metadata");
    for cv in &meta.cross_validation {
        eprintln!("cv: alpha {:<5} mean macro-F1 {:.4}", cv.alpha, cv.macro_f1);
    }
    eprintln!(
        "trained in {:.2?}: {} features, {} solver iterations, converged: {}",
        start.elapsed(),
        model.n_features(),
        meta.solver_iterations,
        meta.converged
    );
    report(&mut model, "corpus-test", &test, false);
    report(&mut model, "corpus-test-with-articles", &test, true);
    for (name, data) in real_sets()? {
        report(&mut model, &name, &data, false);
    }
    model.save(&out)?;
    eprintln!("wrote {} ({})", out.display(), model.version());
    Ok(())
}

/// The real comments the default recipe trains on (see the module docs). Held-out parts:
/// ToxicSpans' test file and every fifth Davidson row are never trained on.
fn real_training_data(root: &std::path::Path) -> Result<Dataset, claimscore::Error> {
    use claimscore::{Label, external};
    let spans = external::toxic_spans_sentences(root.join("toxic-spans/SemEval2021/tsd_train.csv"), 6)?;
    let davidson = external::davidson(root.join("davidson/labeled_data.csv"), true)?;
    let mut mix = spans.filter(|i, _| i % 6 == 0);
    mix.extend(davidson.filter(|i, e| i % 5 != 0 && i % 2 == 0 && e.label == Label::Unsourced));
    mix.extend(davidson.filter(|i, e| i % 5 != 0 && i % 16 == 1 && e.label == Label::Inflammatory));
    eprintln!(
        "real training data: {} ToxicSpans sentences and Davidson tweets",
        mix.len()
    );
    Ok(mix)
}

/// Real labeled comments from `../shared/data` that the recipe does not train on.
fn real_sets() -> Result<Vec<(String, Dataset)>, claimscore::Error> {
    use claimscore::external;
    let root = PathBuf::from("../shared/data");
    if !root.is_dir() {
        eprintln!("../shared/data not found: skipping the real-data evaluations");
        return Ok(Vec::new());
    }
    Ok(vec![
        (
            "real-toxic-spans-test".into(),
            external::toxic_spans(root.join("toxic-spans/SemEval2021/tsd_test.csv"))?,
        ),
        (
            "real-wiki-toxicity".into(),
            external::wiki_toxicity(root.join("wiki-toxicity-testset/toxicity_nonfuzzed_testset.csv"))?,
        ),
        (
            "real-toxic-spans-test-sentences".into(),
            external::toxic_spans_sentences(root.join("toxic-spans/SemEval2021/tsd_test.csv"), 6)?,
        ),
        (
            "real-davidson-heldout".into(),
            external::davidson(root.join("davidson/labeled_data.csv"), true)?.filter(|i, _| i % 5 == 0),
        ),
        (
            "real-ibm-evidence".into(),
            external::ibm_evidence(root.join("ibm-ce-emnlp2015"))?,
        ),
        (
            "real-hatecheck".into(),
            external::hatecheck(root.join("hatecheck/test_suite_cases.csv"))?,
        ),
    ])
}

fn report(model: &mut Classifier, name: &str, data: &Dataset, with_articles: bool) {
    let m = model.evaluate(data, with_articles);
    println!("== {name}\n{}", m.report());
    model.record_heldout(name, m);
}
