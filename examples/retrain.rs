//! Retrains the default model from the bundled corpus and prints held-out metrics.
//!
//! ```text
//! cargo run --release --example retrain                  # writes models/claimscore-default.json
//! cargo run --release --example retrain -- --out my.json  # somewhere else
//! cargo run --release --example retrain -- --data DIR     # another corpus in the same layout
//! ```
//! The corpus layout is `DIR/articles.csv` + `DIR/comments.csv` (see `datasets/README.md`);
//! the model trains on the `train` split and is evaluated on the `test` split, with and
//! without the articles. The recipe is deterministic: the same corpus gives a
//! byte-identical model file.

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
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--data" => data = args.next().ok_or("--data needs a directory")?.into(),
            "--out" => out = args.next().ok_or("--out needs a path")?.into(),
            other => return Err(format!("unknown argument {other:?} (expected --data DIR, --out PATH)").into()),
        }
    }
    let (train, test) = Dataset::read_corpus(&data)?;
    eprintln!("training on {} comments, testing on {}", train.len(), test.len());
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

/// Real labeled comments from `../shared/data`, when it is there (it is not redistributed).
fn real_sets() -> Result<Vec<(String, Dataset)>, claimscore::Error> {
    use claimscore::external;
    let root = PathBuf::from("../shared/data");
    if !root.is_dir() {
        eprintln!("../shared/data not found: skipping the real-data evaluations");
        return Ok(Vec::new());
    }
    Ok(vec![
        ("real-toxic-spans-test".into(), external::toxic_spans(root.join("toxic-spans/SemEval2021/tsd_test.csv"))?),
        ("real-wiki-toxicity".into(), external::wiki_toxicity(root.join("wiki-toxicity-testset/toxicity_nonfuzzed_testset.csv"))?),
        ("real-davidson-unanimous".into(), external::davidson(root.join("davidson/labeled_data.csv"), true)?),
        ("real-ibm-evidence".into(), external::ibm_evidence(root.join("ibm-ce-emnlp2015"))?),
        ("real-hatecheck".into(), external::hatecheck(root.join("hatecheck/test_suite_cases.csv"))?),
    ])
}

fn report(model: &mut Classifier, name: &str, data: &Dataset, with_articles: bool) {
    let m = model.evaluate(data, with_articles);
    println!("== {name}\n{}", m.report());
    model.record_heldout(name, m);
}
