//! Hostile models and inputs (issue 8, cases 4, 6 and 9): a model file that would score
//! NaN is refused naming the field, huge comments and articles score in linear time, and
//! model-file errors say where and what.

use std::error::Error as _;
use std::time::{Duration, Instant};

use claimscore::{Classifier, DEFAULT_MODEL, Error};

fn bundled() -> serde_json::Value {
    serde_json::from_slice(DEFAULT_MODEL).unwrap()
}

fn load(v: &serde_json::Value) -> Result<Classifier, Error> {
    Classifier::from_bytes(&serde_json::to_vec(v).unwrap())
}

fn field_of(e: &Error) -> Option<&str> {
    match e {
        Error::Model { field, .. } => field.as_deref(),
        _ => None,
    }
}

// Case 4: huge but finite weights used to load and score NaN (inf - inf in the logits).
#[test]
fn huge_weights_are_refused_naming_the_field() {
    let mut v = bundled();
    v["weights"][0][5] = 1e300.into();
    let err = load(&v).unwrap_err();
    assert_eq!(field_of(&err), Some("weights[0][5]"), "{err}");
    assert!(err.to_string().contains("weights[0][5]"), "{err}");
    let mut v = bundled();
    v["intercepts"][2] = (-1e200).into();
    let err = load(&v).unwrap_err();
    assert_eq!(field_of(&err), Some("intercepts[2]"), "{err}");
}

// Case 4: huge IDF values overflowed the row norm, zeroing every feature (or scoring NaN).
#[test]
fn huge_or_tiny_idf_values_are_refused_naming_the_field() {
    for bad in [1e300, 1e7, 0.5, -1.0] {
        let mut v = bundled();
        v["word_idf"][3] = bad.into();
        let err = load(&v).unwrap_err();
        assert_eq!(field_of(&err), Some("word_idf[3]"), "{bad}: {err}");
    }
}

// Case 4: the largest values a model may hold still give finite scores that sum to 1.
#[test]
fn a_model_at_the_limits_scores_finite_probabilities() {
    let mut v = bundled();
    for (c, row) in v["weights"].as_array_mut().unwrap().iter_mut().enumerate() {
        for (f, w) in row.as_array_mut().unwrap().iter_mut().enumerate() {
            let sign = if (c + f) % 2 == 0 { 1.0 } else { -1.0 };
            *w = (sign * 1e100).into();
        }
    }
    for idf in v["word_idf"].as_array_mut().unwrap() {
        *idf = 1e6.into();
    }
    v["intercepts"] = serde_json::json!([1e100, -1e100, 0.0]);
    let model = load(&v).unwrap();
    let article = "The council approved the plan on Tuesday, the mayor said.";
    for text in [
        "the the the the",
        "You absolute clown!!! https://x.org",
        "approved the plan",
        "",
    ] {
        for s in [model.scores(text), model.scores((text, article))] {
            let p = s.to_array();
            assert!(p.iter().all(|x| x.is_finite() && *x >= 0.0), "{text:?}: {p:?}");
            assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-9, "{text:?}: {p:?}");
        }
    }
}

/// About `bytes` bytes of words from a small vocabulary, deterministic.
fn words(bytes: usize, seed: u64) -> String {
    const VOCAB: [&str; 24] = [
        "council", "approved", "homes", "the", "mayor", "said", "on", "Tuesday", "reported", "figures", "rose",
        "prices", "talks", "Reuters", "and", "of", "in", "a", "new", "plan", "vote", "minister", "clown", "idiot",
    ];
    let mut s = String::with_capacity(bytes + 16);
    let mut x = seed;
    while s.len() < bytes {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        s.push_str(VOCAB[(x % VOCAB.len() as u64) as usize]);
        s.push_str(if x.is_multiple_of(13) { ". " } else { " " });
    }
    s
}

// Case 6: a 1 MB comment with a 1 MB article took 45 s (a quadratic longest-run table).
#[test]
fn a_megabyte_comment_with_a_megabyte_article_scores_in_linear_time() {
    let model = Classifier::default_model();
    let (comment, article) = (words(1 << 20, 7), words(1 << 20, 11));
    let start = Instant::now();
    let s = model.scores((comment.as_str(), article.as_str()));
    let took = start.elapsed();
    assert!(s.to_array().iter().all(|p| p.is_finite()));
    // Linear work takes well under a second in release builds (seconds in debug ones); the
    // quadratic table took 45 s in release.
    assert!(took < Duration::from_secs(30), "took {took:?}");
    // A long shared run is found: the comment quotes 50 words of the article.
    let quote: String = article.split(' ').skip(1000).take(50).collect::<Vec<_>>().join(" ");
    let e = model.explain(
        (format!("As they said: {quote}").as_str(), article.as_str()),
        usize::MAX,
    );
    let run = e.labels[0]
        .for_label
        .iter()
        .chain(&e.labels[0].against_label)
        .find(|c| c.feature == "article:quoted_run")
        .expect("the quoted run counts");
    assert_eq!(run.value, 1.0);
}

// Case 9: a model file with a UTF-8 byte-order mark failed with "expected value at line 1
// column 1"; the mark is skipped.
#[test]
fn a_model_file_with_a_byte_order_mark_loads() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(DEFAULT_MODEL);
    let model = Classifier::from_bytes(&bytes).unwrap();
    assert_eq!(model.version(), Classifier::default_model().version());
}

// Case 9: model-file errors gave a line and column but not the field.
#[test]
fn model_file_errors_name_the_field_and_keep_the_json_error_as_source() {
    let mut v = bundled();
    v["weights"][1][7] = "heavy".into();
    let err = load(&v).unwrap_err();
    assert_eq!(field_of(&err), Some("weights[1][7]"), "{err}");
    let shown = err.to_string();
    assert!(shown.contains("weights[1][7]"), "{shown}");
    let source = err.source().expect("the JSON error is the source").to_string();
    assert!(source.contains("line 1 column"), "{source}");
    assert!(
        !shown.contains(&source),
        "the message does not repeat its source: {shown}"
    );
    assert_eq!(err.line(), Some(1));
    let mut v = bundled();
    v["featurizer"]["word_ngrams"] = serde_json::json!([1, "two"]);
    let err = load(&v).unwrap_err();
    assert_eq!(field_of(&err), Some("featurizer.word_ngrams[1]"), "{err}");
    let mut v = bundled();
    v["featurizer"]["word_ngrams"] = serde_json::json!([3, 1]);
    let err = load(&v).unwrap_err();
    assert_eq!(field_of(&err), Some("featurizer.word_ngrams"), "{err}");
}

// Case 9: `Error::Io` printed its source twice.
#[test]
fn io_errors_name_the_file_and_leave_the_cause_to_the_source() {
    let err = Classifier::load("no/such/dir/model.json").unwrap_err();
    assert_eq!(err.to_string(), "no/such/dir/model.json");
    let cause = err.source().unwrap().to_string();
    assert!(cause.contains("No such file"), "{cause}");
}

#[test]
fn a_model_from_another_analyzer_version_is_refused_naming_both_versions() {
    let mut v = bundled();
    v["analyzer_version"] = (claimscore::ANALYZER_VERSION + 1).into();
    let err = load(&v).unwrap_err().to_string();
    let (theirs, ours) = (claimscore::ANALYZER_VERSION + 1, claimscore::ANALYZER_VERSION);
    assert!(
        err.contains(&format!("analyzer version {theirs}")) && err.contains(&format!("version {ours}")),
        "{err}"
    );
    // Files written before the version was recorded used the first analyzer, which this
    // build no longer runs.
    let mut v = bundled();
    v.as_object_mut().unwrap().remove("analyzer_version");
    let err = load(&v).unwrap_err().to_string();
    assert!(err.contains("analyzer version 1"), "{err}");
}

// Found while fixing case 6: the tokenizer's URL look-ahead rescanned the rest of a run of
// non-blank text at every candidate start, so 64 KB of `(a.` took 3 s (a megabyte, about
// 15 minutes). Each pattern below is a megabyte without a usable space, scored with
// itself as the article, and explained.
#[test]
fn pathological_megabyte_comments_score_in_linear_time() {
    let model = Classifier::default_model();
    for unit in [
        "(a.",
        ",a:",
        "(",
        "(a-",
        " http://",
        "a..",
        "\"a.",
        "ab.co,",
        "a",
        "é",
        "1d1",
        "i ",
        "!",
        "🙄",
        "> x\n",
        "a\u{200B}",
        "a$",
        "x. ",
    ] {
        let text = unit.repeat((1 << 20) / unit.len());
        let start = Instant::now();
        let v = model.classify((text.as_str(), text.as_str()));
        let e = model.explain(text.as_str(), 3);
        let took = start.elapsed();
        assert_eq!(e.scores, model.scores(text.as_str()));
        assert!(v.scores.to_array().iter().all(|p| p.is_finite()));
        // About 100 ms each in release builds, seconds in debug ones.
        assert!(took < Duration::from_secs(20), "{unit:?}: took {took:?}");
    }
}
