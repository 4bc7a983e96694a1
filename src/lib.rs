//! claimscore reads news reader comments and says, for each comment and each claim in it,
//! whether it backs its claim with a checkable source (**sourced**), asserts without one
//! (**unsourced**), or attacks and provokes (**inflammatory**).
//!
//! It is local, fast and explainable: a TF-IDF featurizer (word n-grams of stemmed words,
//! optional character n-grams, and features of the article being commented on) feeding a
//! multinomial logistic regression. A trained model ships inside the crate.
//!
//! ```text
//! comment ─scan+split → fold (NFKC, lowercase, de-obfuscate) → stem─▶ terms ─n-grams─▶ TF-IDF row ┐
//! article (optional) ──same pipeline──▶ cosine, shared words, quoted run ─────────────────────────┤
//!                                                                     softmax(row · W + b) ◀──────┘
//!                                                                     → Verdict { label, scores, claims }
//! ```
//!
//! # The text pipeline, in the order it runs
//! 1. **scan and split** the raw text: reply-quote lines (`> ...`) become `__reply__` and
//!    are skipped; URLs become `__url__` plus the domain; quotes, `!!` and emoji become
//!    tokens; spaced-out letters (`i d i o t`) are joined; punctuation is dropped. URLs are
//!    recognised here, on the raw text, so a full-width URL is not one.
//! 2. **fold each word**: numbers become `__num__`; Unicode NFKC and lowercase (per word,
//!    after splitting); de-obfuscation (`1d10t` → `idiot`, `a$$` → `ass`, `stuuupid` →
//!    `stuupid`).
//! 3. **stem** (Snowball, the model's [`Language`]).
//! 4. **n-grams** of terms, TF-IDF weighted, each block L2-normalised.
//!
//! A model file records the version of this pipeline it was trained with
//! ([`ANALYZER_VERSION`]) and is refused by a build with another one.
//!
//! # Cargo features
//! - `train` (default): training ([`TrainParams`]'s `check()?.fit(..)`, `Dataset::split_holdout`,
//!   `Dataset::sha256`), with linfa, argmin, ndarray, rand and sha2.
//! - `cli` (default; implies `train`): the `claimscore` binary, with clap, indicatif and
//!   anyhow.
//!
//! `default-features = false` gives a library that loads models, scores, explains and
//! evaluates (reading datasets), without training or any of those dependencies.
//!
//! # Classify with the bundled model
//! ```
//! use claimscore::{classify, Label};
//! let v = classify("According to the UN refugee agency, 6.3 million people have left.");
//! assert_eq!(v.label, Label::Sourced);
//! assert!(v.scores.sourced > 0.5);
//! ```
//!
//! # Use the article, explain a score
//! Every scoring method takes an [`Input`]: a comment (`&str`), or a `(comment, article)`
//! pair.
//! ```
//! use claimscore::Classifier;
//! let model = Classifier::default_model();
//! let article = "Envoy Steve Witkoff said on Sunday the talks were productive.";
//! let v = model.classify(("The article quotes Witkoff calling the talks productive.", article));
//! println!("{} {:?}", v.label, v.scores);
//! let why = model.explain("What a clown, hiding under his desk.", 3);
//! for l in &why.labels {
//!     println!("{}: {:?}", l.label, l.for_label.iter().map(|c| &c.feature).collect::<Vec<_>>());
//! }
//! ```
//!
//! # Text that is not English
//! The model reads English. A comment that is confidently in another language gets a
//! verdict with `language` set to its ISO 639-3 code, and a label that means nothing:
//! ```
//! let v = claimscore::classify("Eres un imbécil y no tienes ni idea de economía.");
//! assert!(!v.is_supported());
//! assert_eq!(claimscore::unsupported_language("Per Reuters, it passed."), None);
//! ```
//!
//! # Batch-score
//! ```
//! use claimscore::Classifier;
//! let model = Classifier::default_model();
//! let verdicts = model.classify_batch(["Source: bbc.co.uk/news", "so true"]);
//! assert_eq!(verdicts.len(), 2);
//! // scikit-learn's predict_proba: one row per input, columns in `Label::ALL` order.
//! let p = model.scores_batch(["Source: bbc.co.uk/news", "so true"]);
//! assert_eq!(p[1], verdicts[1].scores.to_array());
//! ```
//!
//! # Act on scores: thresholds, review bands, calibration
//! `label` is the rubric's. To flag or route comments, choose thresholds on labeled
//! comments like yours with a [`PrecisionRecallCurve`], then apply them with a [`Policy`].
//! Scores are calibrated when the model file holds a temperature
//! ([`Classifier::temperature`]); [`expected_calibration_error`] measures how well.
//! ```
//! use claimscore::{Classifier, Label, Policy, PrecisionRecallCurve};
//! let model = Classifier::default_model();
//! let texts = ["You absolute idiot.", "Per Reuters, it passed.", "What a clown.", "I doubt it."];
//! let truth = [Label::Inflammatory, Label::Sourced, Label::Inflammatory, Label::Unsourced];
//! let scores: Vec<_> = model.classify_batch(texts).iter().map(|v| v.scores).collect();
//! let curve = PrecisionRecallCurve::compute(&truth, &scores, Label::Inflammatory);
//! let t = curve.threshold_for_precision(0.9).unwrap().threshold;
//! let policy = Policy::new().threshold(Label::Inflammatory, t)?.review("inflammatory=0.4..0.9".parse()?);
//! let d = policy.apply(&model.classify("What a clown."));
//! assert_eq!(d.flag(Label::Inflammatory), Some(true));
//! # Ok::<(), claimscore::Error>(())
//! ```
//!
//! # Check rows as the CLI does
//! Front ends (the `claimscore` CLI, the Python package) check each row with [`check_text`]
//! before scoring it, so a bad row gets the same [`RowError`] message everywhere.
//! ```
//! use claimscore::{check_text, Classifier, DEFAULT_MAX_TEXT_BYTES};
//! let raw: &[&[u8]] = &[b"Per the BBC, 40 died.", b"   ", b"caf\xe9"];
//! let checked: Vec<_> = raw.iter().map(|r| check_text(r, DEFAULT_MAX_TEXT_BYTES)).collect();
//! assert_eq!(checked[1].as_ref().unwrap_err().to_string(), "empty text");
//! assert_eq!(checked[2].as_ref().unwrap_err().to_string(), "invalid UTF-8 in column `text` at byte 3");
//! let good: Vec<&str> = checked.into_iter().flatten().collect();
//! assert_eq!(Classifier::default_model().scores_batch(good).len(), 1);
//! ```
//!
//! # Retrain on your own labels
//! ```
//! # #[cfg(feature = "train")] {
//! use claimscore::{Dataset, Label, TrainParams};
//! let mut data = Dataset::new();
//! data.push("The ONS figures published today show a rise", Label::Sourced, None);
//! data.push("Reuters reported the vote on Tuesday", Label::Sourced, None);
//! data.push("Prices always go up, nothing changes", Label::Unsourced, None);
//! data.push("I doubt it will pass", Label::Unsourced, None);
//! data.push("Shut up, you clown", Label::Inflammatory, None);
//! data.push("What a clown this minister is", Label::Inflammatory, None);
//! let model = TrainParams::new().min_df(1).check()?.fit(&data)?;
//! model.save(std::env::temp_dir().join("claimscore-doc-model.json"))?;
//! # }
//! # Ok::<(), claimscore::Error>(())
//! ```
//!
//! # Read labeled files in your layout
//! CSV with any delimiter (detected from the header) or JSON Lines, columns by name, an
//! optional `split` column; [`Dataset::bundled_corpus`] is the corpus of `datasets/`,
//! compiled in, to train on beside your labels.
//! ```
//! use claimscore::{Dataset, ReadOptions};
//! let path = std::env::temp_dir().join("claimscore-doc-layout.csv");
//! std::fs::write(&path, "comment;gold;split\nPer Reuters, it passed.;sourced;train\nyou clown;inflammatory;test\n")?;
//! let opts = ReadOptions::new().text_column("comment").label_column("gold");
//! let (mut train, test) = Dataset::read_by_split(&path, &opts)?;
//! assert_eq!((train.len(), test.map(|t| t.len())), (1, Some(1)));
//! train.extend(Dataset::bundled_corpus()?.0);
//! assert_eq!(train.len(), 3590);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]
#![doc(test(attr(deny(warnings))))]

mod article;
mod calibration;
mod char_offsets;
mod classifier;
#[doc(hidden)]
pub mod csv_check;
mod csv_rows;
mod curve;
mod data;
mod dataset_read;
mod error;
mod evaluate;
mod explain;
pub mod external;
mod featurizer;
// Output files for the `claimscore` binary; public for it, hidden: not a stable API.
#[doc(hidden)]
pub mod io;
mod label;
mod language;
mod metadata;
mod metrics;
mod model_file;
mod params;
mod policy;
mod read_options;
mod row;
mod sentences;
#[cfg(feature = "train")]
mod solver;
mod sparse;
mod text;
#[cfg(feature = "train")]
mod train;
#[cfg(feature = "train")]
mod vocabulary;

pub use calibration::{ECE_BINS, MAX_TEMPERATURE, MIN_TEMPERATURE, expected_calibration_error};
pub use classifier::{CLAIM_INFLAMMATORY_THRESHOLD, Claim, Classifier, Input, MIN_CLAIM_WORDS, Verdict, rubric_label};
pub use curve::{OperatingPoint, PrecisionRecallCurve};
#[cfg(feature = "train")]
pub use data::Split;
pub use data::{Dataset, Example};
pub use dataset_read::SourceRow;
pub use error::{Error, Result};
pub use explain::{Contribution, Explanation, LabelExplanation};
pub use featurizer::{FeatureKind, FeaturizerConfig};
pub use label::{Label, Scores};
pub use language::{
    MIN_CONFIDENCE_AGAINST_ENGLISH, MIN_CONFIDENCE_LATIN, MIN_LETTERS_OTHER_SCRIPT, MIN_WORDS_LATIN,
    unsupported_language,
};
pub use metadata::ModelMetadata;
pub use metrics::{LabelMetrics, Metrics};
pub use model_file::SCHEMA_VERSION;
pub use params::{CheckedTrainParams, ClassWeight, CvScore, Solver, TrainParams};
pub use policy::{Decision, Policy, ReviewBand};
pub use read_options::{DataFormat, ReadOptions};
pub use row::{
    DEFAULT_MAX_TEXT_BYTES, RowError, check_article_len, check_not_empty, check_text, check_text_len, check_utf8,
};
pub use text::{ANALYZER_VERSION, Language};

use std::sync::OnceLock;

/// The bundled model file, `models/claimscore-default.json`.
pub const DEFAULT_MODEL: &[u8] = include_bytes!("../models/claimscore-default.json");

fn default_model() -> &'static Classifier {
    static MODEL: OnceLock<Classifier> = OnceLock::new();
    MODEL.get_or_init(|| Classifier::from_bytes(DEFAULT_MODEL).expect("the bundled model is valid (checked by tests)"))
}

/// Classifies one comment with the bundled default model.
///
/// # Example
/// ```
/// use claimscore::{classify, Label};
/// let v = classify("You absolute idiot.");
/// assert_eq!(v.label, Label::Inflammatory);
/// assert_eq!(v.claims.len(), 1);
/// ```
pub fn classify(text: &str) -> Verdict {
    default_model().classify(text)
}
