//! Training on your own labels (issue 11, part 4): `--out` checked first, held-out rows
//! that were trained on, a `split` column, cross-validated alpha by default,
//! `--with-bundled-corpus`, a tiny vocabulary.

mod util;

use std::path::Path;
use std::time::Instant;

use claimscore::Classifier;
use util::{comments, datasets, p, run, write_delimited};

/// `text,label,article_id` rows of the corpus's `split` rows.
fn rows(split: &str, n: usize) -> Vec<Vec<String>> {
    comments()
        .into_iter()
        .filter(|r| r[4] == split)
        .take(n)
        .map(|r| vec![r[2].clone(), r[3].clone(), r[1].clone()])
        .collect()
}

fn write(path: &Path, rows: &[Vec<String>]) {
    write_delimited(path, b',', &["text", "label", "article_id"], rows);
}

fn metadata(model: &Path) -> serde_json::Value {
    let r = run(&["info", "--json", "--model", p(model)], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_slice::<serde_json::Value>(&r.stdout).unwrap()["metadata"].clone()
}

#[test]
fn an_unwritable_out_fails_before_training() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("train.csv");
    write(&data, &rows("train", 300));
    for (out, says) in [
        (dir.path().join("no/such/dir/model.json"), "No such file or directory"),
        (dir.path().to_path_buf(), "is a directory"),
    ] {
        let started = Instant::now();
        let r = run(&["train", "--data", p(&data), "--out", p(&out)], None);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(
            r.stderr.contains("cannot write the model") && r.stderr.contains(says),
            "{}",
            r.stderr
        );
        assert!(
            !r.stderr.contains("training on"),
            "the error comes before training: {}",
            r.stderr
        );
        assert!(started.elapsed().as_secs() < 5);
    }
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["train.csv"], "no temporary file is left behind");
}

#[test]
fn a_split_column_trains_on_train_rows_and_reports_on_test_rows() {
    let dir = tempfile::tempdir().unwrap();
    let (train, test) = (rows("train", 300), rows("test", 90));
    let data = dir.path().join("labels.csv");
    let tagged: Vec<Vec<String>> = train
        .iter()
        .map(|r| [r.clone(), vec!["train".into()]].concat())
        .chain(test.iter().map(|r| [r.clone(), vec!["test".into()]].concat()))
        .collect();
    write_delimited(&data, b',', &["text", "label", "article_id", "split"], &tagged);
    let out = dir.path().join("model.json");
    let r = run(&["train", "--alpha", "1", "--data", p(&data), "--out", p(&out)], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("390 examples") && r.stderr.contains("300 train, 90 test"),
        "{}",
        r.stderr
    );
    assert!(
        r.stdout().contains("held-out labels.csv split=test: 90 examples"),
        "{}",
        r.stdout()
    );
    let meta = metadata(&out);
    assert_eq!(meta["training_examples"], 300);
    assert_eq!(meta["heldout"]["labels.csv split=test"]["n"], 90);
    // The same as training on the train rows with the test rows as --test.
    let (a, b) = (dir.path().join("train.csv"), dir.path().join("test.csv"));
    write(&a, &train);
    write(&b, &test);
    let out2 = dir.path().join("model2.json");
    let r = run(
        &[
            "train",
            "--alpha",
            "1",
            "--data",
            p(&a),
            "--test",
            p(&b),
            "--out",
            p(&out2),
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(metadata(&out2)["training_data_sha256"], meta["training_data_sha256"]);
    assert_eq!(
        metadata(&out2)["heldout"]["test.csv"]["macro_f1"],
        meta["heldout"]["labels.csv split=test"]["macro_f1"]
    );
    // A split column and --test-split both name test rows: refused.
    let r = run(
        &["train", "--data", p(&data), "--test-split", "0.2", "--out", p(&out)],
        None,
    );
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("`split` column"), "{}", r.stderr);
    // A split value that is neither: the error names file, row and field.
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "text,label,split\nso true,unsourced,train\nyou clown,inflammatory,dev\n",
    )
    .unwrap();
    let r = run(&["train", "--data", p(&bad), "--out", p(&out)], None);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("bad.csv") && r.stderr.contains("row 3, field `split`") && r.stderr.contains("\"dev\""),
        "{}",
        r.stderr
    );
}

#[test]
fn held_out_rows_that_were_trained_on_are_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let train = rows("train", 300);
    let mut test = rows("test", 50);
    // Seven held-out rows are training rows, one of them with other case and spacing.
    test.extend(train[..7].iter().cloned());
    test[50][0] = format!("  {}  ", test[50][0].to_uppercase());
    let (a, b) = (dir.path().join("train.csv"), dir.path().join("test.csv"));
    write(&a, &train);
    write(&b, &test);
    let out = dir.path().join("model.json");
    let r = run(
        &[
            "train",
            "--alpha",
            "1",
            "--data",
            p(&a),
            "--test",
            p(&b),
            "--out",
            p(&out),
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("warning: 7 of the 57 held-out examples of test.csv are also in the training data"),
        "{}",
        r.stderr
    );
    write(&b, &test[..50]);
    let r = run(
        &[
            "train",
            "--alpha",
            "1",
            "--data",
            p(&a),
            "--test",
            p(&b),
            "--out",
            p(&out),
        ],
        None,
    );
    assert!(!r.stderr.contains("also in the training data"), "{}", r.stderr);
}

#[test]
fn alpha_is_cross_validated_by_default_when_the_data_allows() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("train.csv");
    write(&data, &rows("train", 600));
    let out = dir.path().join("model.json");
    let r = run(&["train", "--data", p(&data), "--out", p(&out)], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("choosing alpha by 5-fold cross-validation"),
        "{}",
        r.stderr
    );
    let meta = metadata(&out);
    let cv = meta["cross_validation"].as_array().unwrap();
    assert_eq!(cv.len(), 6, "the library's grid: {cv:?}");
    let best = cv.iter().fold(&cv[0], |b, s| {
        if s["macro_f1"].as_f64() > b["macro_f1"].as_f64() {
            s
        } else {
            b
        }
    });
    assert_eq!(meta["params"]["alpha"], best["alpha"], "the best mean macro-F1 wins");
    for s in cv {
        let line = format!(
            "alpha {:<6} mean macro-F1 {:.3}",
            s["alpha"].as_f64().unwrap(),
            s["macro_f1"].as_f64().unwrap()
        );
        assert!(r.stderr.contains(&line), "{line} in {}", r.stderr);
    }
    // Deterministic: the same data gives the same file.
    let again = dir.path().join("again.json");
    let r = run(&["train", "--data", p(&data), "--out", p(&again)], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(std::fs::read(&out).unwrap() == std::fs::read(&again).unwrap());
    // An explicit --alpha wins.
    let r = run(&["train", "--alpha", "0.2", "--data", p(&data), "--out", p(&out)], None);
    assert!(!r.stderr.contains("cross-validation"), "{}", r.stderr);
    let meta = metadata(&out);
    assert_eq!(meta["params"]["alpha"], 0.2);
    assert_eq!(meta["cross_validation"], serde_json::json!([]));
    // Too few rows of a label: alpha 1, with the reason.
    let few: Vec<Vec<String>> = rows("train", 600)
        .into_iter()
        .filter(|r| r[1] != "sourced")
        .chain(rows("train", 600).into_iter().filter(|r| r[1] == "sourced").take(12))
        .collect();
    write(&data, &few);
    let r = run(&["train", "--data", p(&data), "--out", p(&out)], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("alpha 1 (not cross-validated: 12 training rows labeled sourced, fewer than the 20 per label"),
        "{}",
        r.stderr
    );
    assert_eq!(metadata(&out)["params"]["alpha"], 1.0);
}

#[test]
fn with_bundled_corpus_adds_the_corpus_to_your_labels() {
    let dir = tempfile::tempdir().unwrap();
    let mine = rows("test", 120);
    let data = dir.path().join("mine.csv");
    write(&data, &mine);
    let out = dir.path().join("model.json");
    let r = run(
        &[
            "train",
            "--with-bundled-corpus",
            "--alpha",
            "0.5",
            "--data",
            p(&data),
            "--test-split",
            "0.25",
            "--articles",
            p(&datasets().join("articles.csv")),
            "--out",
            p(&out),
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("adding the bundled corpus's train split: 3589 examples on 36 articles"),
        "{}",
        r.stderr
    );
    let meta = metadata(&out);
    let held_out = meta["heldout"]["test-split-0.25"]["n"].as_u64().unwrap();
    assert!(
        held_out > 0 && held_out < 120,
        "held out from your data only: {held_out}"
    );
    assert_eq!(meta["training_examples"].as_u64().unwrap(), 3589 + 120 - held_out);
    // The held-out rows are not in the corpus's train split (they come from its test split).
    assert!(!r.stderr.contains("also in the training data"), "{}", r.stderr);
    let model = Classifier::load(&out).unwrap();
    assert!(model.n_features() > 10_000, "{}", model.n_features());
}

#[test]
fn with_bundled_corpus_refuses_an_article_id_of_the_corpus_with_another_text() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("mine.csv");
    let mine: Vec<Vec<String>> = rows("test", 60)
        .into_iter()
        .map(|r| {
            vec![
                r[0].clone(),
                r[1].clone(),
                "budget-australia-fuel-excise-freeze".to_string(),
            ]
        })
        .collect();
    write(&data, &mine);
    let articles = dir.path().join("articles.csv");
    std::fs::write(
        &articles,
        "article_id,text\nbudget-australia-fuel-excise-freeze,A local story of ours.\n",
    )
    .unwrap();
    let out = dir.path().join("model.json");
    let r = run(
        &[
            "train",
            "--with-bundled-corpus",
            "--alpha",
            "1",
            "--data",
            p(&data),
            "--articles",
            p(&articles),
            "--out",
            p(&out),
        ],
        None,
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("\"budget-australia-fuel-excise-freeze\"") && r.stderr.contains("rename yours"),
        "{}",
        r.stderr
    );
    assert!(!out.exists(), "no model written");
}

#[test]
fn a_tiny_vocabulary_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("tiny.csv");
    std::fs::write(
        &data,
        "text,label\nPer Reuters it passed,sourced\nPer the BBC it failed,sourced\nso true,unsourced\nnot true,unsourced\nyou clown,inflammatory\nwhat a clown,inflammatory\n",
    )
    .unwrap();
    let out = dir.path().join("model.json");
    let r = run(&["train", "--min-df", "1", "--data", p(&data), "--out", p(&out)], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let n = Classifier::load(&out).unwrap().n_features();
    assert!(
        r.stderr.contains(&format!("warning: only {n} features")),
        "{n}: {}",
        r.stderr
    );
    let big = dir.path().join("big.csv");
    write(&big, &rows("train", 300));
    let r = run(&["train", "--alpha", "1", "--data", p(&big), "--out", p(&out)], None);
    assert!(!r.stderr.contains("warning: only"), "{}", r.stderr);
}
