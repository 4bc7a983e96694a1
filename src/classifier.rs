//! The fitted classifier: scoring, claims, explanations and the model file.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use ndarray::{Array1, Array2};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::data::Dataset;
use crate::error::{Error, Result};
use crate::featurizer::{ArticleContext, Block, FeatureKind, Featurizer, FeaturizerConfig, Scratch, SparseVec};
use crate::label::{Label, Scores};
use crate::metrics::Metrics;
use crate::text::sentences;
use crate::train::{CvScore, TrainParams};

/// The model file format this build writes and reads.
pub const SCHEMA_VERSION: u32 = 1;
const FORMAT: &str = "claimscore-model";

/// What the model file records about how a model was made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelMetadata {
    /// The model's version string.
    pub model_version: String,
    /// The claimscore version that trained it.
    pub crate_version: String,
    /// SHA-256 of the training data ([`Dataset::sha256`]).
    pub training_data_sha256: String,
    /// Number of training examples.
    pub training_examples: usize,
    /// The parameters, with the `alpha` that was used (after cross-validation, if any).
    pub params: TrainParams,
    /// L-BFGS iterations run.
    pub solver_iterations: u64,
    /// Whether the solver stopped on its gradient tolerance (not on the iteration cap).
    pub converged: bool,
    /// Cross-validation scores per candidate `alpha`, when cross-validation ran.
    pub cross_validation: Vec<CvScore>,
    /// Held-out evaluations by name (e.g. `corpus-test`).
    pub heldout: BTreeMap<String, Metrics>,
}

/// The verdict on one comment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// The most probable label of the whole comment.
    pub label: Label,
    /// A probability per label, summing to 1.
    pub scores: Scores,
    /// Each sentence of the comment (reply-quote lines excluded) with its own verdict.
    pub claims: Vec<Claim>,
}

/// One sentence of a comment and its verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Claim {
    /// Byte span of the sentence in the comment.
    pub span: Range<usize>,
    /// The sentence.
    pub text: String,
    /// Its most probable label.
    pub label: Label,
    /// Its probabilities.
    pub scores: Scores,
}

/// One feature's push towards or away from a label.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contribution {
    /// The n-gram (stemmed terms joined by spaces), character n-gram, or context feature.
    pub feature: String,
    /// `word`, `char` or `article`.
    pub kind: &'static str,
    /// The feature's value in this text.
    pub value: f64,
    /// `weight x value`: what the feature adds to the label's logit.
    pub contribution: f64,
    /// Byte spans in the text where the feature occurs (none for article features).
    pub spans: Vec<Range<usize>>,
}

/// The contributions to one label's logit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabelExplanation {
    /// The label.
    pub label: Label,
    /// The label's logit: `intercept` plus the sum of all contributions.
    pub logit: f64,
    /// The label's intercept.
    pub intercept: f64,
    /// The largest positive contributions, largest first.
    pub for_label: Vec<Contribution>,
    /// The most negative contributions, most negative first.
    pub against_label: Vec<Contribution>,
}

/// Why a comment got its scores. Exact: the model is linear, so each label's logit is its
/// intercept plus the sum of `weight x value` over the features present.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// The most probable label.
    pub label: Label,
    /// The probabilities.
    pub scores: Scores,
    /// Per-label contributions, for the labels the model knows.
    pub labels: Vec<LabelExplanation>,
}

/// A trained classifier.
///
/// # Example
/// ```
/// use claimscore::{Classifier, Label};
/// let model = Classifier::default_model();
/// let v = model.classify("You are a complete idiot and a disgrace.");
/// assert_eq!(v.label, Label::Inflammatory);
/// ```
#[derive(Clone)]
pub struct Classifier {
    featurizer: Featurizer,
    labels: Vec<Label>,
    /// `n_features x labels.len()`, row-major.
    weights: Vec<f64>,
    intercepts: Vec<f64>,
    metadata: Option<ModelMetadata>,
}

impl std::fmt::Debug for Classifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Classifier")
            .field("model_version", &self.metadata.as_ref().map(|m| &m.model_version))
            .field("labels", &self.labels)
            .field("n_features", &self.n_features())
            .finish_non_exhaustive()
    }
}

impl Classifier {
    pub(crate) fn from_parts(
        featurizer: Featurizer,
        labels: Vec<Label>,
        weights: Array2<f64>,
        intercepts: Array1<f64>,
    ) -> Result<Self> {
        let weights = weights.as_standard_layout().iter().copied().collect();
        let c = Classifier {
            featurizer,
            labels,
            weights,
            intercepts: intercepts.to_vec(),
            metadata: None,
        };
        c.check_shapes()?;
        Ok(c)
    }

    pub(crate) fn set_metadata(&mut self, m: ModelMetadata) {
        self.metadata = Some(m);
    }

    /// The bundled default model (parsed once, on first use).
    ///
    /// # Example
    /// ```
    /// let m = claimscore::Classifier::default_model();
    /// assert!(m.n_features() > 1000);
    /// ```
    pub fn default_model() -> &'static Classifier {
        crate::default_model()
    }

    /// Number of features (n-grams plus article features).
    ///
    /// # Example
    /// ```
    /// assert!(claimscore::Classifier::default_model().n_features() > 0);
    /// ```
    pub fn n_features(&self) -> usize {
        self.featurizer.n_features()
    }

    /// The labels the model predicts, in class order.
    ///
    /// # Example
    /// ```
    /// assert_eq!(claimscore::Classifier::default_model().labels().len(), 3);
    /// ```
    pub fn labels(&self) -> &[Label] {
        &self.labels
    }

    /// The model's version string (`"unversioned"` for a model without metadata).
    ///
    /// # Example
    /// ```
    /// assert!(claimscore::Classifier::default_model().version().starts_with("claimscore-"));
    /// ```
    pub fn version(&self) -> &str {
        self.metadata
            .as_ref()
            .map_or("unversioned", |m| m.model_version.as_str())
    }

    /// How the model was trained, if recorded.
    ///
    /// # Example
    /// ```
    /// let m = claimscore::Classifier::default_model().metadata().unwrap();
    /// assert_eq!(m.training_data_sha256.len(), 64);
    /// ```
    pub fn metadata(&self) -> Option<&ModelMetadata> {
        self.metadata.as_ref()
    }

    /// The featurizer settings.
    ///
    /// # Example
    /// ```
    /// let c = claimscore::Classifier::default_model().featurizer_config();
    /// assert_eq!(c.word_ngrams.0, 1);
    /// ```
    pub fn featurizer_config(&self) -> &FeaturizerConfig {
        &self.featurizer.config
    }

    /// Records a held-out evaluation in the metadata (saved with the model).
    ///
    /// # Example
    /// ```
    /// use claimscore::{Classifier, Dataset, Label};
    /// let mut test = Dataset::new();
    /// test.push("Per the BBC, turnout was 61%.", Label::Sourced, None);
    /// let mut model = Classifier::default_model().clone();
    /// let m = model.evaluate(&test, false);
    /// model.record_heldout("tiny", m.clone());
    /// assert_eq!(model.metadata().unwrap().heldout["tiny"], m);
    /// ```
    pub fn record_heldout(&mut self, name: impl Into<String>, metrics: Metrics) {
        if let Some(m) = self.metadata.as_mut() {
            m.heldout.insert(name.into(), metrics);
        }
    }

    /// Evaluates on labeled data, with each example's article when `with_articles`.
    ///
    /// # Example
    /// ```
    /// use claimscore::{Classifier, Dataset, Label};
    /// let mut test = Dataset::new();
    /// test.push("you pathetic moron", Label::Inflammatory, None);
    /// let m = Classifier::default_model().evaluate(&test, false);
    /// assert_eq!(m.n, 1);
    /// ```
    pub fn evaluate(&self, data: &Dataset, with_articles: bool) -> Metrics {
        crate::train::evaluate(self, data, with_articles)
    }

    /// Classifies one comment, with a verdict per sentence.
    ///
    /// # Example
    /// ```
    /// use claimscore::Classifier;
    /// let v = Classifier::default_model().classify("The BBC reported it. You are all sheep.");
    /// assert_eq!(v.claims.len(), 2);
    /// ```
    pub fn classify(&self, text: &str) -> Verdict {
        self.with_scratch(|s| self.verdict(text, None, s))
    }

    /// Classifies a comment with the text of the article it answers, which adds the
    /// article-context features (similarity, shared words, quoted run).
    ///
    /// # Example
    /// ```
    /// use claimscore::Classifier;
    /// let article = "The city council approved 1,200 new homes on Tuesday, the mayor said.";
    /// let v = Classifier::default_model()
    ///     .classify_with_article("As the article says, the council approved 1,200 new homes.", article);
    /// assert!((v.scores.sourced + v.scores.unsourced + v.scores.inflammatory - 1.0).abs() < 1e-9);
    /// ```
    pub fn classify_with_article(&self, text: &str, article: &str) -> Verdict {
        self.with_scratch(|s| {
            let ctx = self.featurizer.article(article, s);
            self.verdict(text, Some(&ctx), s)
        })
    }

    /// Classifies many comments in parallel; the same verdicts as one by one, in order.
    ///
    /// # Example
    /// ```
    /// use claimscore::Classifier;
    /// let m = Classifier::default_model();
    /// let texts = ["Reuters said so on Monday.", "idiots, all of them"];
    /// let batch = m.classify_batch(&texts);
    /// assert_eq!(batch[1], m.classify(texts[1]));
    /// ```
    pub fn classify_batch(&self, texts: &[&str]) -> Vec<Verdict> {
        texts
            .par_iter()
            .map(|t| self.with_scratch(|s| self.verdict(t, None, s)))
            .collect()
    }

    /// Classifies many (comment, optional article) pairs in parallel, preparing each
    /// distinct article once.
    ///
    /// # Example
    /// ```
    /// use claimscore::Classifier;
    /// let m = Classifier::default_model();
    /// let article = "Officials said talks in Miami were productive.";
    /// let items = [("The article quotes officials calling the talks productive.", Some(article)), ("lol", None)];
    /// let batch = m.classify_batch_with_articles(&items);
    /// assert_eq!(batch[0], m.classify_with_article(items[0].0, article));
    /// ```
    pub fn classify_batch_with_articles(&self, items: &[(&str, Option<&str>)]) -> Vec<Verdict> {
        let contexts = self.contexts(items);
        items
            .par_iter()
            .map(|(t, a)| self.with_scratch(|s| self.verdict(t, a.and_then(|a| contexts.get(a)), s)))
            .collect()
    }

    /// Scores only (no per-sentence claims): the fast path for bulk scoring.
    ///
    /// # Example
    /// ```
    /// use claimscore::Classifier;
    /// let m = Classifier::default_model();
    /// let t = "Statistics Canada's 2021 census shows the rise.";
    /// assert_eq!(m.scores(t), m.classify(t).scores);
    /// ```
    pub fn scores(&self, text: &str) -> Scores {
        self.with_scratch(|s| self.score_text(text, None, s))
    }

    /// [`Classifier::scores`] for many (comment, optional article) pairs, in parallel.
    ///
    /// # Example
    /// ```
    /// use claimscore::Classifier;
    /// let m = Classifier::default_model();
    /// let s = m.scores_batch_with_articles(&[("so true", None)]);
    /// assert_eq!(s[0], m.scores("so true"));
    /// ```
    pub fn scores_batch_with_articles(&self, items: &[(&str, Option<&str>)]) -> Vec<Scores> {
        let contexts = self.contexts(items);
        items
            .par_iter()
            .map(|(t, a)| self.with_scratch(|s| self.score_text(t, a.and_then(|a| contexts.get(a)), s)))
            .collect()
    }

    /// The top `k` features for and against each label, with their spans in `text`.
    ///
    /// # Example
    /// ```
    /// use claimscore::{Classifier, Label};
    /// let text = "You are a pathetic idiot.";
    /// let e = Classifier::default_model().explain(text, 3);
    /// let inflammatory = e.labels.iter().find(|l| l.label == Label::Inflammatory).unwrap();
    /// let top = &inflammatory.for_label[0];
    /// assert!(top.contribution > 0.0);
    /// assert!(top.spans.iter().all(|s| text.get(s.clone()).is_some()));
    /// ```
    pub fn explain(&self, text: &str, k: usize) -> Explanation {
        self.explanation(text, None, k)
    }

    /// [`Classifier::explain`] with the comment's article.
    ///
    /// # Example
    /// ```
    /// use claimscore::Classifier;
    /// let e = Classifier::default_model().explain_with_article("As reported, 40 died.", "Officials said 40 people died.", 2);
    /// assert_eq!(e.labels.len(), 3);
    /// ```
    pub fn explain_with_article(&self, text: &str, article: &str, k: usize) -> Explanation {
        let ctx = self.with_scratch(|s| self.featurizer.article(article, s));
        self.explanation(text, Some(&ctx), k)
    }

    fn explanation(&self, text: &str, article: Option<&ArticleContext>, k: usize) -> Explanation {
        let mut trace = Vec::new();
        let row = self.with_scratch(|s| self.featurizer.transform(text, article, s, Some(&mut trace)));
        let scores = self.score_row(&row);
        let nl = self.labels.len();
        let logits = self.logits(&row);
        let labels = self
            .labels
            .iter()
            .enumerate()
            .map(|(c, &label)| {
                let mut contribs: Vec<Contribution> = row
                    .indices
                    .iter()
                    .zip(&row.values)
                    .map(|(&f, &v)| {
                        let (kind, name) = self.featurizer.feature(f as usize);
                        let mut spans: Vec<Range<usize>> = trace
                            .iter()
                            .filter(|(id, _)| *id == f)
                            .map(|(_, r)| r.clone())
                            .collect();
                        spans.dedup();
                        Contribution {
                            feature: name.to_string(),
                            kind: match kind {
                                FeatureKind::Word => "word",
                                FeatureKind::Char => "char",
                                FeatureKind::Context => "article",
                            },
                            value: v,
                            contribution: self.weights[f as usize * nl + c] * v,
                            spans,
                        }
                    })
                    .collect();
                contribs.sort_by(|a, b| {
                    b.contribution
                        .total_cmp(&a.contribution)
                        .then_with(|| a.feature.cmp(&b.feature))
                });
                let for_label = contribs
                    .iter()
                    .filter(|c| c.contribution > 0.0)
                    .take(k)
                    .cloned()
                    .collect();
                let against_label = contribs
                    .iter()
                    .rev()
                    .filter(|c| c.contribution < 0.0)
                    .take(k)
                    .cloned()
                    .collect();
                LabelExplanation {
                    label,
                    logit: logits[c],
                    intercept: self.intercepts[c],
                    for_label,
                    against_label,
                }
            })
            .collect();
        Explanation {
            label: scores.max().0,
            scores,
            labels,
        }
    }

    fn with_scratch<R>(&self, f: impl FnOnce(&mut Scratch) -> R) -> R {
        Scratch::with(self.featurizer.config.stemmer, f)
    }

    fn contexts<'a>(&self, items: &[(&str, Option<&'a str>)]) -> BTreeMap<&'a str, ArticleContext> {
        let mut distinct: Vec<&str> = items.iter().filter_map(|(_, a)| *a).collect();
        distinct.sort_unstable();
        distinct.dedup();
        distinct
            .par_iter()
            .map(|a| (*a, self.with_scratch(|s| self.featurizer.article(a, s))))
            .collect()
    }

    /// Scores one text with the scratch's row buffer.
    fn score_text(&self, text: &str, article: Option<&ArticleContext>, s: &mut Scratch) -> Scores {
        let mut row = std::mem::take(&mut s.row);
        self.featurizer.transform_into(text, article, s, None, &mut row);
        let scores = self.score_row(&row);
        s.row = row;
        scores
    }

    fn verdict(&self, text: &str, article: Option<&ArticleContext>, s: &mut Scratch) -> Verdict {
        let scores = self.score_text(text, article, s);
        let spans = sentences(text);
        let claims = spans
            .into_iter()
            .map(|span| {
                let scores = if span.len() == text.len() {
                    scores
                } else {
                    self.score_text(&text[span.clone()], article, s)
                };
                Claim {
                    text: text[span.clone()].to_string(),
                    span,
                    label: scores.max().0,
                    scores,
                }
            })
            .collect();
        Verdict {
            label: scores.max().0,
            scores,
            claims,
        }
    }

    /// Per-label logits `b + row · W`, in class order (unused slots stay 0).
    fn logits(&self, row: &SparseVec) -> [f64; 3] {
        let nl = self.labels.len();
        let mut h = [0.0; 3];
        h[..nl].copy_from_slice(&self.intercepts);
        for (&f, &v) in row.indices.iter().zip(&row.values) {
            let w = &self.weights[f as usize * nl..f as usize * nl + nl];
            h.iter_mut().zip(w).for_each(|(h, w)| *h += v * w);
        }
        h
    }

    fn score_row(&self, row: &SparseVec) -> Scores {
        let nl = self.labels.len();
        let h = self.logits(row);
        let max = h[..nl].iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let mut e = [0.0; 3];
        e.iter_mut().zip(&h[..nl]).for_each(|(e, h)| *e = (h - max).exp());
        let sum: f64 = e.iter().sum();
        let mut p = [0.0; 3];
        for (l, e) in self.labels.iter().zip(e) {
            p[l.index()] = e / sum;
        }
        Scores::from_array(p)
    }

    fn check_shapes(&self) -> Result<()> {
        let nl = self.labels.len();
        if nl < 2 || self.labels.windows(2).any(|w| w[0] >= w[1]) {
            return Err(Error::model(format!(
                "labels {:?}: need two or three distinct labels in class order",
                self.labels
            )));
        }
        let nf = self.n_features();
        if self.weights.len() != nf * nl {
            return Err(Error::model(format!(
                "weights hold {} values; {} features x {} labels need {}",
                self.weights.len(),
                nf,
                nl,
                nf * nl
            )));
        }
        if self.intercepts.len() != nl {
            return Err(Error::model(format!(
                "{} intercepts for {} labels",
                self.intercepts.len(),
                nl
            )));
        }
        if self.weights.iter().chain(&self.intercepts).any(|w| !w.is_finite()) {
            return Err(Error::model("weights hold a non-finite value"));
        }
        Ok(())
    }

    /// Writes the model file (JSON). The write goes to a temporary file beside `path`,
    /// renamed into place, so a reader never sees half a model.
    ///
    /// # Example
    /// ```
    /// use claimscore::Classifier;
    /// let path = std::env::temp_dir().join("claimscore-doc-save.json");
    /// Classifier::default_model().save(&path)?;
    /// let back = Classifier::load(&path)?;
    /// assert_eq!(back.version(), Classifier::default_model().version());
    /// # Ok::<(), claimscore::Error>(())
    /// ```
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        let bytes = self.to_bytes();
        crate::io::write_atomic(path, &bytes)
    }

    /// The model file's bytes: one JSON document, byte-identical for the same model.
    ///
    /// # Example
    /// ```
    /// use claimscore::Classifier;
    /// let m = Classifier::default_model();
    /// assert_eq!(Classifier::from_bytes(&m.to_bytes())?.to_bytes(), m.to_bytes());
    /// # Ok::<(), claimscore::Error>(())
    /// ```
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut v = serde_json::to_vec(&self.file()).expect("a model serializes");
        v.push(b'\n');
        v
    }

    /// Reads a model file.
    ///
    /// # Example
    /// ```
    /// let err = claimscore::Classifier::load("no/such/model.json").unwrap_err();
    /// assert!(err.to_string().contains("no/such/model.json"));
    /// ```
    pub fn load(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Self::from_bytes(&bytes).map_err(|e| match e {
            Error::Model { message, .. } => Error::Model {
                path: Some(path.to_path_buf()),
                message,
            },
            e => e,
        })
    }

    /// Parses a model file's bytes; unknown schema versions and inconsistent shapes are
    /// errors.
    ///
    /// # Example
    /// ```
    /// let err = claimscore::Classifier::from_bytes(br#"{"format":"claimscore-model","schema_version":99}"#).unwrap_err();
    /// assert!(err.to_string().contains("schema version 99"));
    /// ```
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        #[derive(Deserialize)]
        struct Header {
            format: String,
            schema_version: u32,
        }
        let header: Header =
            serde_json::from_slice(bytes).map_err(|e| Error::model(format!("not a model file: {e}")))?;
        if header.format != FORMAT {
            return Err(Error::model(format!("format {:?} is not {FORMAT:?}", header.format)));
        }
        if header.schema_version != SCHEMA_VERSION {
            return Err(Error::model(format!(
                "schema version {} is not supported (this build reads version {SCHEMA_VERSION})",
                header.schema_version
            )));
        }
        let file: ModelFile = serde_json::from_slice(bytes).map_err(|e| Error::model(e.to_string()))?;
        file.featurizer.check().map_err(|e| Error::model(e.to_string()))?;
        let words = Block::new(file.word_vocabulary, file.word_idf)?;
        let chars = match (file.featurizer.char_ngrams, file.char_vocabulary, file.char_idf) {
            (Some(_), Some(v), Some(i)) => Some(Block::new(v, i)?),
            (None, None, None) => None,
            _ => return Err(Error::model("character n-gram settings and vocabulary disagree")),
        };
        let featurizer = Featurizer::new(file.featurizer, words, chars);
        let nl = file.labels.len();
        if file.weights.len() != nl {
            return Err(Error::model(format!(
                "{} weight rows for {nl} labels",
                file.weights.len()
            )));
        }
        let nf = featurizer.n_features();
        if let Some(bad) = file.weights.iter().position(|r| r.len() != nf) {
            return Err(Error::model(format!(
                "weight row {bad} has {} values for {nf} features",
                file.weights[bad].len()
            )));
        }
        let mut weights = vec![0.0; nf * nl];
        for (c, row) in file.weights.iter().enumerate() {
            for (f, w) in row.iter().enumerate() {
                weights[f * nl + c] = *w;
            }
        }
        let c = Classifier {
            featurizer,
            labels: file.labels,
            weights,
            intercepts: file.intercepts,
            metadata: file.metadata,
        };
        c.check_shapes()?;
        Ok(c)
    }

    fn file(&self) -> ModelFile {
        let nl = self.labels.len();
        let nf = self.n_features();
        ModelFile {
            format: FORMAT.to_string(),
            schema_version: SCHEMA_VERSION,
            metadata: self.metadata.clone(),
            labels: self.labels.clone(),
            featurizer: self.featurizer.config.clone(),
            word_vocabulary: self.featurizer.words.terms.clone(),
            word_idf: self.featurizer.words.idf.clone(),
            char_vocabulary: self.featurizer.chars.as_ref().map(|b| b.terms.clone()),
            char_idf: self.featurizer.chars.as_ref().map(|b| b.idf.clone()),
            weights: (0..nl)
                .map(|c| (0..nf).map(|f| self.weights[f * nl + c]).collect())
                .collect(),
            intercepts: self.intercepts.clone(),
        }
    }
}

impl Serialize for Classifier {
    /// Serializes as the model file.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        self.file().serialize(serializer)
    }
}

/// The model file: one self-describing JSON document.
#[derive(Serialize, Deserialize)]
struct ModelFile {
    format: String,
    schema_version: u32,
    metadata: Option<ModelMetadata>,
    labels: Vec<Label>,
    featurizer: FeaturizerConfig,
    word_vocabulary: Vec<String>,
    word_idf: Vec<f64>,
    char_vocabulary: Option<Vec<String>>,
    char_idf: Option<Vec<f64>>,
    /// One row per label, one value per feature.
    weights: Vec<Vec<f64>>,
    intercepts: Vec<f64>,
}
