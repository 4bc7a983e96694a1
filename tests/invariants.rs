//! Invariants of the library: batch = alone, reproducible model files, solver agreement,
//! exact explanations, model-file validation.

use std::path::PathBuf;

use claimscore::{ClassWeight, Classifier, Dataset, Label, Solver, TrainParams};

fn corpus() -> (Dataset, Dataset) {
    Dataset::read_corpus(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("datasets")).unwrap()
}

fn small_train() -> Dataset {
    corpus().0.filter(|i, _| i % 4 == 0)
}

#[test]
fn a_text_scores_the_same_alone_and_in_any_batch() {
    let (_, test) = corpus();
    let model = Classifier::default_model();
    let items: Vec<(&str, Option<&str>)> = test
        .examples()
        .iter()
        .take(400)
        .map(|e| (e.text.as_str(), test.article_of(e)))
        .collect();
    let mut shuffled = items.clone();
    shuffled.reverse();
    shuffled.rotate_left(37);
    let batch = model.classify_batch(shuffled.iter().copied());
    let probabilities = model.scores_batch(shuffled.iter().copied());
    for (((text, article), verdict), p) in shuffled.iter().zip(&batch).zip(&probabilities) {
        let alone = model.classify((*text, *article));
        assert_eq!(verdict.scores.to_array(), *p);
        assert_eq!(&alone, verdict, "{text}");
        let sum = verdict.scores.sourced + verdict.scores.unsourced + verdict.scores.inflammatory;
        assert!((sum - 1.0).abs() < 1e-9);
    }
    let texts: Vec<&str> = items.iter().map(|(t, _)| *t).collect();
    let plain = model.classify_batch(&texts);
    let explained = model.explain_batch(&texts[..20], 3);
    for (t, e) in texts.iter().zip(&explained) {
        assert_eq!(e, &model.explain(*t, 3));
    }
    for (t, v) in texts.iter().zip(&plain) {
        assert_eq!(v, &model.classify(t));
        assert_eq!(v.scores, model.scores(t));
    }
}

#[test]
fn same_data_and_parameters_give_a_byte_identical_model_at_any_thread_count() {
    let data = small_train();
    let params = TrainParams::new().alpha(0.1).check().unwrap();
    let fit = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| params.fit(&data).unwrap().to_bytes())
    };
    let one = fit(1);
    assert_eq!(one, fit(2));
    assert_eq!(one, fit(3));
    let other = TrainParams::new()
        .alpha(0.2)
        .check()
        .unwrap()
        .fit(&data)
        .unwrap()
        .to_bytes();
    assert_ne!(one, other, "a different alpha gives a different model");
}

#[test]
fn sparse_and_linfa_solvers_agree_on_text() {
    let data = corpus().0.filter(|i, _| i % 12 == 0);
    let base = TrainParams::new()
        .word_ngrams(1, 1)
        .min_df(3)
        .alpha(1.0)
        .class_weight(ClassWeight::None)
        .gradient_tolerance(1e-10)
        .max_iterations(1000);
    let sparse = base.clone().solver(Solver::Sparse).check().unwrap().fit(&data).unwrap();
    let linfa = base.solver(Solver::Linfa).check().unwrap().fit(&data).unwrap();
    let weights = |m: &Classifier| {
        let v = serde_json::to_value(m).unwrap();
        let mut w: Vec<f64> = v["weights"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|r| r.as_array().unwrap().iter().map(|x| x.as_f64().unwrap()))
            .collect();
        w.extend(v["intercepts"].as_array().unwrap().iter().map(|x| x.as_f64().unwrap()));
        w
    };
    let (a, b) = (weights(&sparse), weights(&linfa));
    assert_eq!(a.len(), b.len());
    assert!(a.len() > 1000, "{} weights", a.len());
    let worst = a.iter().zip(&b).map(|(x, y)| (x - y).abs()).fold(0.0, f64::max);
    assert!(worst < 1e-5, "largest weight difference {worst}");
    let (_, test) = corpus();
    for e in test.examples().iter().take(300) {
        assert_eq!(
            sparse.classify(&e.text).label,
            linfa.classify(&e.text).label,
            "{}",
            e.text
        );
    }
}

#[test]
fn explanations_are_exact_and_point_into_the_text() {
    let model = Classifier::default_model();
    let text = "Reuters reported on Friday that 40 people died. You are a pathetic 1d10t!!";
    let e = model.explain(text, usize::MAX);
    assert_eq!(e.scores, model.scores(text));
    let z: Vec<f64> = e.labels.iter().map(|l| l.logit).collect();
    let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    // Scores are the softmax of the logits divided by the model's temperature.
    let t = model.temperature();
    let norm: f64 = z.iter().map(|v| ((v - max) / t).exp()).sum();
    for l in &e.labels {
        let sum: f64 = l.intercept
            + l.for_label
                .iter()
                .chain(&l.against_label)
                .map(|c| c.contribution)
                .sum::<f64>();
        assert!((sum - l.logit).abs() < 1e-9, "{}: {sum} vs {}", l.label, l.logit);
        assert!((((l.logit - max) / t).exp() / norm - e.scores.get(l.label)).abs() < 1e-9);
        for c in l.for_label.iter().chain(&l.against_label) {
            assert!(!c.spans.is_empty(), "{} has no span", c.feature);
            for s in &c.spans {
                assert!(text.get(s.clone()).is_some(), "{s:?} is not a span of the text");
            }
        }
    }
    let inflammatory = e.labels.iter().find(|l| l.label == Label::Inflammatory).unwrap();
    let idiot = inflammatory
        .for_label
        .iter()
        .find(|c| c.feature == "idiot")
        .expect("the deobfuscated insult counts");
    assert_eq!(&text[idiot.spans[0].clone()], "1d10t");
    let top = model.explain(text, 2);
    assert!(
        top.labels
            .iter()
            .all(|l| l.for_label.len() <= 2 && l.against_label.len() <= 2)
    );
}

#[test]
fn claims_are_the_sentences_with_their_own_verdicts() {
    let text =
        "> you are an idiot\nThe ONS figures published on Tuesday show a 3% rise. Honestly, what a bunch of clowns!";
    let v = claimscore::classify(text);
    let spans: Vec<&str> = v.claims.iter().map(|c| &text[c.span.clone()]).collect();
    assert_eq!(
        spans,
        [
            "The ONS figures published on Tuesday show a 3% rise.",
            "Honestly, what a bunch of clowns!"
        ]
    );
    assert_eq!(v.claims[0].label, Label::Sourced);
    assert_eq!(v.claims[1].label, Label::Inflammatory);
    assert_eq!(v.claims[0].text, spans[0]);
}

#[test]
fn save_and_load_round_trip_bit_exactly() {
    let model = TrainParams::new()
        .alpha(0.1)
        .check()
        .unwrap()
        .fit(&small_train())
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.json");
    model.save(&path).unwrap();
    let back = Classifier::load(&path).unwrap();
    assert_eq!(back.to_bytes(), model.to_bytes());
    let (_, test) = corpus();
    for e in test.examples().iter().take(100) {
        assert_eq!(back.classify(&e.text), model.classify(&e.text));
    }
}

#[test]
fn bad_model_files_are_clear_errors() {
    let good: serde_json::Value = serde_json::from_slice(claimscore::DEFAULT_MODEL).unwrap();
    let check = |v: &serde_json::Value, want: &str| {
        let err = Classifier::from_bytes(&serde_json::to_vec(v).unwrap())
            .unwrap_err()
            .to_string();
        assert!(err.contains(want), "{err:?} should mention {want:?}");
    };
    let mut v = good.clone();
    v["schema_version"] = 2.into();
    check(&v, "schema version 2 is not supported");
    let mut v = good.clone();
    v["format"] = "something-else".into();
    check(&v, "something-else");
    let mut v = good.clone();
    v["weights"][1].as_array_mut().unwrap().pop();
    check(&v, "weight row 1");
    let mut v = good.clone();
    v["intercepts"].as_array_mut().unwrap().pop();
    check(&v, "intercepts");
    let mut v = good.clone();
    v["word_idf"].as_array_mut().unwrap().pop();
    check(&v, "idf values");
    let mut v = good.clone();
    v["word_vocabulary"].as_array_mut().unwrap().swap(0, 1);
    check(&v, "sorted");
    let mut v = good;
    v["labels"] = serde_json::json!(["sourced", "sourced", "inflammatory"]);
    check(&v, "distinct labels");
    let err = Classifier::from_bytes(b"{not json").unwrap_err().to_string();
    assert!(err.contains("not a model file"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.json");
    std::fs::write(&path, b"[]").unwrap();
    let err = Classifier::load(&path).unwrap_err().to_string();
    assert!(err.contains("broken.json"), "{err}");
}

#[test]
fn training_rejects_unusable_data() {
    let mut one = Dataset::new();
    one.push("a b c", Label::Sourced, None);
    one.push("a b d", Label::Sourced, None);
    let err = TrainParams::new()
        .min_df(1)
        .check()
        .unwrap()
        .fit(&one)
        .unwrap_err()
        .to_string();
    assert!(err.contains("two labels"), "{err}");
    let err = TrainParams::new().alpha(f64::NAN).check().unwrap_err().to_string();
    assert!(err.contains("alpha") && err.contains("NaN"), "{err}");
}

#[test]
fn public_types_are_send_and_sync() {
    fn check<T: Send + Sync + Clone + std::fmt::Debug>() {}
    check::<Classifier>();
    check::<claimscore::Verdict>();
    check::<claimscore::Explanation>();
    check::<claimscore::Metrics>();
    check::<Dataset>();
}

#[test]
fn the_bundled_model_is_versioned_and_reports_its_provenance() {
    let m = Classifier::default_model();
    let meta = m.metadata().unwrap();
    assert_eq!(m.version(), meta.model_version);
    assert_eq!(meta.training_data_sha256.len(), 64);
    assert!(meta.training_examples >= corpus().0.len());
    assert!(meta.converged);
    assert!(meta.heldout.contains_key("corpus-test") && meta.heldout.contains_key("realdev"));
}

#[test]
fn the_bundled_model_holds_the_corpus_test_target() {
    let meta = Classifier::default_model().metadata().unwrap();
    let f1 = meta.heldout["corpus-test"].macro_f1;
    assert!(f1 >= 0.9, "corpus test macro-F1 {f1:.3}");
}

/// SHA-256 over the bits of every probability of the bundled corpus (train then test
/// split, each without then with the articles), as the code before the module split, the
/// suffix automaton and the model bounds computed it (commit 75ae72e, the bundled model
/// without `analyzer_version`), updated for each model since (last: the second issue-10 recipe,
/// alpha 1, rule 2 at 0.6, temperature 0.92). Refactors
/// must keep scores bit-identical; a deliberate change of the pipeline or the model updates
/// this value.
const CORPUS_SCORES_SHA256: &str = "eb2d9d9dbcdaae994761e678071fc061593157c13ec2f5370328598164597c1c";

#[test]
fn the_bundled_model_scores_the_corpus_bit_identically() {
    use sha2::{Digest, Sha256};
    let (train, test) = corpus();
    let model = Classifier::default_model();
    let mut h = Sha256::new();
    let mut n = 0;
    for data in [&train, &test] {
        for with_articles in [false, true] {
            let inputs = data.examples().iter().map(|e| claimscore::Input {
                text: &e.text,
                article: if with_articles { data.article_of(e) } else { None },
            });
            for row in model.scores_batch(inputs) {
                for p in row {
                    h.update(p.to_bits().to_le_bytes());
                    n += 1;
                }
            }
        }
    }
    let digest: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(n, 28536);
    assert_eq!(digest, CORPUS_SCORES_SHA256);
}

/// SHA-256 over the bits of every probability of the Davidson tweets
/// (`../shared/data/davidson/labeled_data.csv`, column `tweet`, in file order, no articles)
/// scored by the bundled model, as the code before the word cache and integer n-gram keys
/// computed it (commit 435dcd7; for the current model, commit 4ce38f2 gives the same value
/// as the word-cache code). Like [`CORPUS_SCORES_SHA256`], a deliberate change of the
/// pipeline or the model updates this value.
const DAVIDSON_SCORES_SHA256: &str = "806d4b09e90408287166fe797623499cfd4702d7ea2a6eaf755bd8207818de14";

#[test]
fn the_bundled_model_scores_the_davidson_tweets_bit_identically() {
    use sha2::{Digest, Sha256};
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/davidson/labeled_data.csv");
    if !path.exists() {
        println!("skipped: {} is absent", path.display());
        return;
    }
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let column = reader.headers().unwrap().iter().position(|h| h == "tweet").unwrap();
    let tweets: Vec<String> = reader.records().map(|r| r.unwrap()[column].to_string()).collect();
    let model = Classifier::default_model();
    let digest = |rows: &[[f64; 3]]| -> String {
        let mut h = Sha256::new();
        rows.iter().flatten().for_each(|p| h.update(p.to_bits().to_le_bytes()));
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    };
    // Twice: the second pass finds every word in the scoring threads' caches.
    let first = model.scores_batch(&tweets);
    let second = model.scores_batch(&tweets);
    assert_eq!(first.len(), tweets.len());
    assert_eq!(digest(&second), digest(&first));
    assert_eq!(digest(&first), DAVIDSON_SCORES_SHA256);
}

#[test]
fn every_output_round_trips_through_json() {
    fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(v: &T) {
        let json = serde_json::to_string(v).unwrap();
        assert_eq!(&serde_json::from_str::<T>(&json).unwrap(), v, "{json}");
    }
    let model = Classifier::default_model();
    let input = ("Per Reuters, 40 died. You clown.", "Officials said 40 people died.");
    round_trip(&model.classify(input));
    round_trip(&model.explain(input, 3));
    round_trip(&model.scores(input));
    round_trip(model.metadata().unwrap());
    let (_, test) = corpus();
    round_trip(&model.evaluate(&test.filter(|i, _| i < 50), true));
    round_trip(&test.filter(|i, _| i < 5));
    round_trip(&test.filter(|i, _| i < 20).split_holdout(0.2, 1));
    let kind = &model.explain("you clown", 1).labels[0];
    let c = kind.for_label.iter().chain(&kind.against_label).next().unwrap();
    assert_eq!(serde_json::to_value(c.kind).unwrap(), "word");
}

/// `predict_batch` (the CLI's and Python's fast path) gives every corpus comment the
/// verdict's label and the same probabilities as `classify`, with and without articles.
#[test]
fn predict_batch_agrees_with_classify_on_the_corpus() {
    let (train, test) = corpus();
    let model = Classifier::default_model();
    for data in [&train, &test] {
        for with_articles in [false, true] {
            let inputs: Vec<claimscore::Input> = data
                .examples()
                .iter()
                .map(|e| claimscore::Input {
                    text: &e.text,
                    article: if with_articles { data.article_of(e) } else { None },
                })
                .collect();
            let verdicts = model.classify_batch(inputs.iter().copied());
            for ((label, p), v) in model.predict_batch(inputs.iter().copied()).into_iter().zip(verdicts) {
                assert_eq!((label, p), (v.label, v.scores.to_array()));
            }
        }
    }
}
