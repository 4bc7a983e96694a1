//! The fitted classifier: scoring and verdicts.

use std::collections::BTreeMap;
use std::ops::Range;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::article::ArticleContext;
use crate::char_offsets::CharOffsets;
use crate::error::{Error, Result};
use crate::featurizer::{Featurizer, FeaturizerConfig, Scratch};
use crate::label::{Label, Scores};
use crate::metadata::ModelMetadata;
use crate::metrics::Metrics;
use crate::sentences::sentences;
use crate::sparse::SparseVec;

/// What the classifier reads: a comment, and optionally the text of the article it answers
/// (which adds the article-context features: similarity, shared words, quoted run).
///
/// Every scoring method takes `impl Into<Input>`: a `&str` (or `&String`) is a comment
/// alone, a `(comment, article)` pair a comment with its article.
///
/// # Example
/// ```
/// use claimscore::{Classifier, Input};
/// let model = Classifier::default_model();
/// let article = "The city council approved 1,200 new homes on Tuesday, the mayor said.";
/// let alone = model.classify("The council approved 1,200 homes.");
/// let with = model.classify(("The council approved 1,200 homes.", article));
/// assert_eq!(with, model.classify(Input::new("The council approved 1,200 homes.").with_article(article)));
/// assert_ne!(alone.scores, with.scores);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Input<'a> {
    /// The comment.
    pub text: &'a str,
    /// The article it answers, if known.
    pub article: Option<&'a str>,
}

impl<'a> Input<'a> {
    /// A comment without its article.
    ///
    /// # Example
    /// ```
    /// assert_eq!(claimscore::Input::new("so true").article, None);
    /// ```
    pub fn new(text: &'a str) -> Self {
        Input { text, article: None }
    }

    /// The same comment with the text of its article.
    ///
    /// # Example
    /// ```
    /// let i = claimscore::Input::new("As reported, 40 died.").with_article("Officials said 40 people died.");
    /// assert!(i.article.is_some());
    /// ```
    pub fn with_article(self, article: &'a str) -> Self {
        Input {
            article: Some(article),
            ..self
        }
    }
}

impl<'a, T: AsRef<str> + ?Sized> From<&'a T> for Input<'a> {
    fn from(text: &'a T) -> Self {
        Input::new(text.as_ref())
    }
}

impl<'a, T, A> From<(&'a T, &'a A)> for Input<'a>
where
    T: AsRef<str> + ?Sized,
    A: AsRef<str> + ?Sized,
{
    fn from((text, article): (&'a T, &'a A)) -> Self {
        Input::new(text.as_ref()).with_article(article.as_ref())
    }
}

impl<'a, T, A> From<(&'a T, Option<&'a A>)> for Input<'a>
where
    T: AsRef<str> + ?Sized,
    A: AsRef<str> + ?Sized,
{
    fn from((text, article): (&'a T, Option<&'a A>)) -> Self {
        Input {
            text: text.as_ref(),
            article: article.map(AsRef::as_ref),
        }
    }
}

/// The verdict on one comment.
///
/// A comment that is confidently not English gets a verdict with [`Verdict::language`] set
/// (see [`unsupported_language`](crate::unsupported_language)): its label and scores are
/// still the English model's and mean nothing. Check [`Verdict::is_supported`] before
/// using them.
///
/// # Example
/// ```
/// use claimscore::classify;
/// let v = classify("Du bist ein Idiot und ein Lügner.");
/// assert!(!v.is_supported());
/// assert_eq!(v.language.as_deref(), Some("deu"));
/// assert!(classify("You absolute idiot.").is_supported());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Verdict {
    /// The rubric's label of the whole comment: the most probable label of the whole text,
    /// except that a sentence scored at least [`CLAIM_INFLAMMATORY_THRESHOLD`] inflammatory
    /// makes the comment inflammatory, and a comment with a link that would be unsourced is
    /// sourced (see [`rubric_label`]).
    pub label: Label,
    /// The model's probability per label for the whole text, summing to 1, at the model's
    /// [temperature](Classifier::temperature) (`scores.max()` may differ from `label` where
    /// a rule applied).
    pub scores: Scores,
    /// Each sentence of the comment (reply-quote lines excluded) with its own verdict.
    pub claims: Vec<Claim>,
    /// The version of the model that gave the verdict ([`Classifier::version`]).
    pub model_version: String,
    /// The ISO 639-3 code (`"deu"`, `"rus"`, `"cmn"`) of the language of a comment that is
    /// confidently not English, whose label, scores and claims are then not meaningful;
    /// `None` for English and for text too short to tell, which is scored as English.
    #[serde(default)]
    pub language: Option<String>,
    /// Whether the comment was scored with its article (an article was given and the model
    /// uses article features); `false` when deserializing older verdicts.
    #[serde(default)]
    pub with_article: bool,
}

impl Verdict {
    /// Whether the comment is in a language the model reads (English, or too short to
    /// tell): only then do [`label`](Verdict::label), [`scores`](Verdict::scores) and
    /// [`claims`](Verdict::claims) mean anything.
    ///
    /// # Example
    /// ```
    /// let v = claimscore::classify("Ты полный идиот.");
    /// assert!(!v.is_supported());
    /// ```
    pub fn is_supported(&self) -> bool {
        self.language.is_none()
    }
}

/// One sentence of a comment and its verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Claim {
    /// Byte span of the sentence in the comment (Rust's `&text[span]`).
    pub span: Range<usize>,
    /// The same span in characters (Unicode scalar values): Python's `text[start:end]`,
    /// JavaScript's `Array.from(text).slice(start, end).join("")`.
    #[serde(default)]
    pub char_span: Range<usize>,
    /// The sentence.
    pub text: String,
    /// Its most probable label.
    pub label: Label,
    /// Its probabilities.
    pub scores: Scores,
    /// The sentence has fewer than [`MIN_CLAIM_WORDS`] words ("Typical.", "!!!"): its label
    /// is read from too little to mean much alone; read the comment's. `false` when
    /// deserializing older verdicts.
    #[serde(default)]
    pub too_short: bool,
}

/// A sentence with fewer words than this is [`Claim::too_short`]: one word or none
/// ("Typical.", "Wow!", "!!!") says too little to be judged alone. A word is a
/// whitespace-separated run with a letter or digit in it.
pub const MIN_CLAIM_WORDS: usize = 2;

/// Words of a sentence, as [`MIN_CLAIM_WORDS`] counts them.
fn n_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// A trained classifier.
///
/// # Example
/// ```
/// use claimscore::{Classifier, Label};
/// let model = Classifier::default_model();
/// let v = model.classify("You are a complete idiot and a disgrace.");
/// assert_eq!(v.label, Label::Inflammatory);
/// assert_eq!(v.model_version, model.version());
/// ```
#[derive(Clone)]
pub struct Classifier {
    pub(crate) featurizer: Featurizer,
    pub(crate) labels: Vec<Label>,
    /// `n_features x labels.len()`, row-major.
    pub(crate) weights: Vec<f64>,
    pub(crate) intercepts: Vec<f64>,
    pub(crate) metadata: Option<ModelMetadata>,
    /// Divides the logits before the softmax (see `calibration.rs`); 1.0 leaves them as trained.
    pub(crate) temperature: f64,
    /// Rule 2 of [`rubric_label`]: a sentence scored at least this inflammatory (at
    /// temperature 1) makes a comment of several sentences inflammatory. Per model, because
    /// how sure a model's sentence scores are depends on its training data and penalty.
    pub(crate) claim_inflammatory_threshold: f64,
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
    /// Rule 2 of [`rubric_label`] for this model: a comment of several sentences is
    /// inflammatory when one sentence is scored at least this inflammatory (at temperature
    /// 1). [`CLAIM_INFLAMMATORY_THRESHOLD`] unless the model sets its own; the bundled model
    /// sets 0.6, chosen on real comments (see `models/README.md`).
    ///
    /// # Example
    /// ```
    /// let t = claimscore::Classifier::default_model().claim_inflammatory_threshold();
    /// assert!(t > 0.0 && t <= 1.0);
    /// ```
    pub fn claim_inflammatory_threshold(&self) -> f64 {
        self.claim_inflammatory_threshold
    }

    /// The same model with rule 2's threshold set to `t`: a probability in (0, 1]; 1 turns
    /// the rule off but for sentences scored exactly 1. Changes labels, not scores.
    ///
    /// # Errors
    /// [`Error::InvalidParam`] unless `0 < t <= 1`.
    ///
    /// # Example
    /// ```
    /// use claimscore::{Classifier, Label};
    /// let text = "The report came out on Monday. Only a fool would believe it.";
    /// let strict = Classifier::default_model().clone().with_claim_inflammatory_threshold(1.0)?;
    /// let eager = Classifier::default_model().clone().with_claim_inflammatory_threshold(0.01)?;
    /// assert_eq!(eager.classify(text).label, Label::Inflammatory);
    /// assert_eq!(strict.scores(text), eager.scores(text));
    /// assert!(Classifier::default_model().clone().with_claim_inflammatory_threshold(0.0).is_err());
    /// # Ok::<(), claimscore::Error>(())
    /// ```
    pub fn with_claim_inflammatory_threshold(mut self, t: f64) -> Result<Self> {
        self.claim_inflammatory_threshold = check_claim_threshold(t)?;
        Ok(self)
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

    /// Classifies one comment (with its article, if given), with a verdict per sentence.
    ///
    /// # Example
    /// ```
    /// use claimscore::Classifier;
    /// let model = Classifier::default_model();
    /// let v = model.classify("The BBC reported it. You are all sheep.");
    /// assert_eq!(v.claims.len(), 2);
    /// let article = "The city council approved 1,200 new homes on Tuesday, the mayor said.";
    /// let v = model.classify(("As the article says, the council approved 1,200 new homes.", article));
    /// assert!((v.scores.sourced + v.scores.unsourced + v.scores.inflammatory - 1.0).abs() < 1e-9);
    /// ```
    pub fn classify<'a>(&self, input: impl Into<Input<'a>>) -> Verdict {
        let input = input.into();
        self.with_scratch(|s| {
            let ctx = input.article.map(|a| self.featurizer.article(a, s));
            let language = crate::language::unsupported_language(input.text);
            self.verdict(input.text, ctx.as_ref(), s, language)
        })
    }

    /// Classifies many comments in parallel, preparing each distinct article once; the
    /// same verdicts as one by one, in order.
    ///
    /// # Example
    /// ```
    /// use claimscore::Classifier;
    /// let m = Classifier::default_model();
    /// let texts = vec!["Reuters said so on Monday.".to_string(), "idiots, all of them".to_string()];
    /// let batch = m.classify_batch(&texts);
    /// assert_eq!(batch[1], m.classify(&texts[1]));
    /// let article = "Officials said talks in Miami were productive.";
    /// let pairs = [("The article quotes officials calling the talks productive.", Some(article)), ("lol", None)];
    /// let batch = m.classify_batch(pairs);
    /// assert_eq!(batch[0], m.classify((pairs[0].0, article)));
    /// ```
    pub fn classify_batch<'a, I: Into<Input<'a>>>(&self, inputs: impl IntoIterator<Item = I>) -> Vec<Verdict> {
        let inputs: Vec<Input<'a>> = inputs.into_iter().map(Into::into).collect();
        let contexts = self.contexts(&inputs);
        inputs
            .par_iter()
            .map(|i| {
                let language = crate::language::unsupported_language(i.text);
                self.with_scratch(|s| self.verdict(i.text, i.article.and_then(|a| contexts.get(a)), s, language))
            })
            .collect()
    }

    /// [`Classifier::classify_batch`] of comments whose language the caller has already
    /// detected: each input comes with what
    /// [`unsupported_language`](crate::unsupported_language) returned for its text, which
    /// becomes the verdict's [`language`](Verdict::language) without running the detectors
    /// again (they can cost as much as scoring). Given `unsupported_language(text)` for
    /// each, the verdicts equal `classify_batch`'s, in order.
    ///
    /// # Example
    /// ```
    /// use claimscore::{unsupported_language, Classifier};
    /// let m = Classifier::default_model();
    /// let texts = ["Reuters said so on Monday.", "Du bist ein Idiot und ein Lügner."];
    /// let checked = texts.iter().map(|&t| (t, unsupported_language(t)));
    /// assert_eq!(m.classify_batch_with_languages(checked), m.classify_batch(texts));
    /// ```
    pub fn classify_batch_with_languages<'a, I: Into<Input<'a>>>(
        &self,
        inputs: impl IntoIterator<Item = (I, Option<&'static str>)>,
    ) -> Vec<Verdict> {
        let (inputs, languages): (Vec<Input<'a>>, Vec<Option<&'static str>>) =
            inputs.into_iter().map(|(i, l)| (i.into(), l)).unzip();
        let contexts = self.contexts(&inputs);
        inputs
            .par_iter()
            .zip(languages)
            .map(|(i, language)| {
                self.with_scratch(|s| self.verdict(i.text, i.article.and_then(|a| contexts.get(a)), s, language))
            })
            .collect()
    }

    /// The verdict's label and the model's probabilities of many comments, in parallel,
    /// without the per-sentence verdicts: scikit-learn's `predict` and `predict_proba` in
    /// one pass. The label equals [`Classifier::classify`]'s; a comment's sentences are
    /// scored only where they could change it (rule 2 of [`rubric_label`]), and the
    /// language is not checked (see [`unsupported_language`](crate::unsupported_language)).
    ///
    /// # Example
    /// ```
    /// use claimscore::Classifier;
    /// let m = Classifier::default_model();
    /// let texts = ["Rents rose, see https://www.ons.gov.uk/x", "The plan is fine. You are a moron."];
    /// for (t, (label, p)) in texts.iter().zip(m.predict_batch(texts)) {
    ///     let v = m.classify(*t);
    ///     assert_eq!((label, p), (v.label, v.scores.to_array()));
    /// }
    /// ```
    pub fn predict_batch<'a, I: Into<Input<'a>>>(&self, inputs: impl IntoIterator<Item = I>) -> Vec<(Label, [f64; 3])> {
        let inputs: Vec<Input<'a>> = inputs.into_iter().map(Into::into).collect();
        let contexts = self.contexts(&inputs);
        inputs
            .par_iter()
            .map(|i| {
                self.with_scratch(|s| {
                    let article = i.article.and_then(|a| contexts.get(a));
                    let h = self.logits_text(i.text, article, s);
                    let link = has_link(&s.analysis);
                    if s.analysis.tokens.is_empty() {
                        return (Label::Unsourced, self.probabilities(&h, self.temperature).to_array());
                    }
                    let label = rubric_label_with(&self.probabilities(&h, 1.0), link, || {
                        let spans = sentences(i.text);
                        spans.len() > 1
                            && spans.into_iter().any(|span| {
                                let h = self.logits_text(&i.text[span], article, s);
                                self.probabilities(&h, 1.0).inflammatory >= self.claim_inflammatory_threshold
                            })
                    });
                    (label, self.probabilities(&h, self.temperature).to_array())
                })
            })
            .collect()
    }

    /// The probabilities of one comment (no per-sentence claims): the fast path.
    ///
    /// # Example
    /// ```
    /// use claimscore::Classifier;
    /// let m = Classifier::default_model();
    /// let t = "Statistics Canada's 2021 census shows the rise.";
    /// assert_eq!(m.scores(t), m.classify(t).scores);
    /// ```
    pub fn scores<'a>(&self, input: impl Into<Input<'a>>) -> Scores {
        let input = input.into();
        self.with_scratch(|s| {
            let ctx = input.article.map(|a| self.featurizer.article(a, s));
            self.score_text(input.text, ctx.as_ref(), s)
        })
    }

    /// The probabilities of many comments, in parallel: scikit-learn's `predict_proba`.
    ///
    /// The result has shape `(n, 3)`: row `i` is input `i`, and the columns are in
    /// [`Label::ALL`] order: sourced, unsourced, inflammatory (a label the model does not
    /// know gets 0). Each row sums to 1 and equals [`Classifier::scores`] of that input.
    ///
    /// # Example
    /// ```
    /// use claimscore::Classifier;
    /// let m = Classifier::default_model();
    /// let p = m.scores_batch(["so true", "Per Reuters, the bill passed."]);
    /// assert_eq!(p.len(), 2);
    /// assert_eq!(p[0], m.scores("so true").to_array());
    /// ```
    pub fn scores_batch<'a, I: Into<Input<'a>>>(&self, inputs: impl IntoIterator<Item = I>) -> Vec<[f64; 3]> {
        let inputs: Vec<Input<'a>> = inputs.into_iter().map(Into::into).collect();
        let contexts = self.contexts(&inputs);
        inputs
            .par_iter()
            .map(|i| {
                self.with_scratch(|s| self.score_text(i.text, i.article.and_then(|a| contexts.get(a)), s))
                    .to_array()
            })
            .collect()
    }

    pub(crate) fn with_scratch<R>(&self, f: impl FnOnce(&mut Scratch) -> R) -> R {
        Scratch::with(self.featurizer.config.stemmer, f)
    }

    /// Each distinct article of `inputs`, prepared once.
    pub(crate) fn contexts<'a>(&self, inputs: &[Input<'a>]) -> BTreeMap<&'a str, ArticleContext> {
        let mut distinct: Vec<&str> = inputs.iter().filter_map(|i| i.article).collect();
        distinct.sort_unstable();
        distinct.dedup();
        distinct
            .par_iter()
            .map(|a| (*a, self.with_scratch(|s| self.featurizer.article(a, s))))
            .collect()
    }

    /// The logits of one text (see [`Classifier::logits`]): without an article, from the
    /// features as the featurizer finds them (the row is not written); with one, with the
    /// scratch's row buffer.
    fn logits_text(&self, text: &str, article: Option<&ArticleContext>, s: &mut Scratch) -> [f64; 3] {
        if article.is_none() {
            // The same sums in the same order as `logits` of the row.
            let h = self.intercept_logits();
            return if self.labels.len() == 3 {
                let (weights, _) = self.weights.as_chunks::<3>();
                self.featurizer
                    .fold_features(text, s, h, |h, f, v| add_feature3(h, &weights[f as usize], v))
            } else {
                self.featurizer.fold_features(text, s, h, |mut h, f, v| {
                    self.add_feature(&mut h, f, v);
                    h
                })
            };
        }
        let mut row = std::mem::take(&mut s.row);
        self.featurizer.transform_into(text, article, s, None, &mut row);
        let h = self.logits(&row);
        s.row = row;
        h
    }

    /// Scores one text with the scratch's row buffer, at the model's temperature.
    fn score_text(&self, text: &str, article: Option<&ArticleContext>, s: &mut Scratch) -> Scores {
        let h = self.logits_text(text, article, s);
        self.probabilities(&h, self.temperature)
    }

    /// The logits of many texts, in parallel, in order (for fitting the temperature).
    pub(crate) fn logits_batch(&self, inputs: &[Input<'_>]) -> Vec<[f64; 3]> {
        let contexts = self.contexts(inputs);
        inputs
            .par_iter()
            .map(|i| self.with_scratch(|s| self.logits_text(i.text, i.article.and_then(|a| contexts.get(a)), s)))
            .collect()
    }

    /// The verdict on `text`, whose language (`unsupported_language`'s answer) is given.
    fn verdict(
        &self,
        text: &str,
        article: Option<&ArticleContext>,
        s: &mut Scratch,
        language: Option<&'static str>,
    ) -> Verdict {
        let h = self.logits_text(text, article, s);
        let link = has_link(&s.analysis);
        let own_words = !s.analysis.tokens.is_empty();
        let spans = sentences(text);
        // Each sentence's scores, and its inflammatory probability at temperature 1 for
        // rule 2, whose threshold was measured on uncalibrated scores: calibration must
        // not change labels.
        let mut sure_inflammatory = false;
        let mut chars = CharOffsets::new(text);
        let claims = spans
            .into_iter()
            .map(|span| {
                let h = if span.len() == text.len() {
                    h
                } else {
                    self.logits_text(&text[span.clone()], article, s)
                };
                sure_inflammatory |= self.probabilities(&h, 1.0).inflammatory >= self.claim_inflammatory_threshold;
                let scores = self.probabilities(&h, self.temperature);
                Claim {
                    too_short: n_words(&text[span.clone()]) < MIN_CLAIM_WORDS,
                    text: text[span.clone()].to_string(),
                    char_span: chars.span(&span),
                    span,
                    label: scores.max().0,
                    scores,
                }
            })
            .collect::<Vec<_>>();
        let several = claims.len() > 1;
        let label = if own_words {
            rubric_label_with(&self.probabilities(&h, 1.0), link, || several && sure_inflammatory)
        } else {
            Label::Unsourced
        };
        let scores = self.probabilities(&h, self.temperature);
        Verdict {
            label,
            scores,
            claims,
            model_version: self.version().to_string(),
            language: language.map(str::to_string),
            with_article: article.is_some() && self.featurizer.config.article_features,
        }
    }

    /// Per-label logits `b + row · W`, in class order (unused slots stay 0). Finite: the
    /// model file's values are bounded on load (see `model_file.rs`) and row values are at
    /// most 1 in magnitude.
    pub(crate) fn logits(&self, row: &SparseVec) -> [f64; 3] {
        let mut h = self.intercept_logits();
        if self.labels.len() == 3 {
            // The usual three labels: one bounds check per feature, the same sums in the
            // same order as below.
            let (weights, _) = self.weights.as_chunks::<3>();
            for (&f, &v) in row.indices.iter().zip(&row.values) {
                h = add_feature3(h, &weights[f as usize], v);
            }
            return h;
        }
        for (&f, &v) in row.indices.iter().zip(&row.values) {
            self.add_feature(&mut h, f, v);
        }
        h
    }

    /// The logits of a row without features: the intercepts (unused slots 0).
    fn intercept_logits(&self) -> [f64; 3] {
        let mut h = [0.0; 3];
        h[..self.labels.len()].copy_from_slice(&self.intercepts);
        h
    }

    /// Adds feature `f` of value `v` to the logits `h`.
    #[inline]
    fn add_feature(&self, h: &mut [f64; 3], f: u32, v: f64) {
        let nl = self.labels.len();
        let w = &self.weights[f as usize * nl..f as usize * nl + nl];
        h.iter_mut().zip(w).for_each(|(h, w)| *h += v * w);
    }

    /// The probabilities of a row at the model's temperature.
    pub(crate) fn score_row(&self, row: &SparseVec) -> Scores {
        self.probabilities(&self.logits(row), self.temperature)
    }

    /// Softmax of the logits divided by `temperature`, computed stably: `exp((h - max h) /
    /// T)` is in [0, 1] and the largest term is exactly 1, so the sum is in [1, 3] and every
    /// probability is finite.
    fn probabilities(&self, h: &[f64; 3], temperature: f64) -> Scores {
        let nl = self.labels.len();
        let max = h[..nl].iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let mut e = [0.0; 3];
        e.iter_mut()
            .zip(&h[..nl])
            .for_each(|(e, h)| *e = ((h - max) / temperature).exp());
        let sum: f64 = e.iter().sum();
        let mut p = [0.0; 3];
        for (l, e) in self.labels.iter().zip(e) {
            p[l.index()] = e / sum;
        }
        Scores::from_array(p)
    }
}

/// [`Classifier::add_feature`] for three labels, given the feature's weights.
#[inline]
fn add_feature3(h: [f64; 3], w: &[f64; 3], v: f64) -> [f64; 3] {
    [h[0] + v * w[0], h[1] + v * w[1], h[2] + v * w[2]]
}

/// The default of [`Classifier::claim_inflammatory_threshold`], for models that do not set
/// their own (every model trained before the setting existed, and `claimscore train`): a
/// sentence the model scores at least this inflammatory makes the whole comment
/// inflammatory, the rubric's "if a substantial part of the text is inflammatory, the whole
/// is", applied where the model is sure of one sentence ("... And anyone who disagrees is a
/// brain-dead moron." at the end of a long sourced comment). Measured on `realdev` with the
/// first real-comments recipe (alpha 0.5; macro-F1, whole-text label 0.631): threshold 0.5
/// 0.612, 0.7 0.627, 0.8 0.626, 0.9 0.630; so only a sure sentence counts. The bundled
/// model sets its own (see `examples/retrain.rs`).
pub const CLAIM_INFLAMMATORY_THRESHOLD: f64 = 0.9;

/// Checks a sentence threshold of rule 2: a probability in (0, 1].
pub(crate) fn check_claim_threshold(t: f64) -> Result<f64> {
    if t > 0.0 && t <= 1.0 {
        Ok(t)
    } else {
        Err(Error::param(
            "claim_inflammatory_threshold",
            t,
            "a probability in (0, 1]",
        ))
    }
}

/// The rubric's verdict from the model's whole-text `scores`, its per-sentence `claims`
/// and whether the text holds a link:
///
/// 0. (applied by the verdict, before these) a comment with nothing of its own for the
///    model to read, only reply-quote lines (`> You are an idiot`) or only characters the
///    text pipeline drops (`...`), is unsourced: replies are judged by the author's own
///    words, and it has none, so it makes no claim. `scores` are still the model's (of a
///    text without word features).
/// 1. the most probable label of the whole text;
/// 2. inflammatory if the comment has more than one sentence and one of them is scored at
///    least [`CLAIM_INFLAMMATORY_THRESHOLD`] inflammatory (a verdict uses the model's own
///    [`Classifier::claim_inflammatory_threshold`]);
/// 3. sourced instead of unsourced if the comment has a link: on real comments a link
///    nearly always backs the claim it comes with (measured on `realdev`: macro-F1 +0.019,
///    sourced F1 0.51 → 0.56).
///
/// A verdict applies the rules to the model's probabilities at temperature 1, so that a
/// calibrated model ([`Classifier::with_temperature`]) gives the same labels; for such a
/// model, `rubric_label(&v.scores, &v.claims, ..)` on the calibrated scores may differ
/// from `v.label` where a sentence's score crosses the threshold.
///
/// # Example
/// ```
/// use claimscore::{Label, Scores, rubric_label};
/// let civil = Scores::from_array([0.2, 0.7, 0.1]);
/// assert_eq!(rubric_label(&civil, &[], false), Label::Unsourced);
/// assert_eq!(rubric_label(&civil, &[], true), Label::Sourced);
/// ```
pub fn rubric_label(scores: &Scores, claims: &[Claim], has_link: bool) -> Label {
    rubric_label_with(scores, has_link, || {
        claims.len() > 1
            && claims
                .iter()
                .any(|c| c.scores.inflammatory >= CLAIM_INFLAMMATORY_THRESHOLD)
    })
}

/// [`rubric_label`], with rule 2's test (a sure inflammatory sentence among several) asked
/// only when it could change the label.
fn rubric_label_with(scores: &Scores, has_link: bool, sure_inflammatory_sentence: impl FnOnce() -> bool) -> Label {
    let mut label = scores.max().0;
    if label != Label::Inflammatory && sure_inflammatory_sentence() {
        label = Label::Inflammatory;
    }
    if label == Label::Unsourced && has_link {
        label = Label::Sourced;
    }
    label
}

/// Whether an analysed text holds a link. The URL marker is a token of its own
/// ([`Kind::Other`](crate::text::Kind)); a word's term is made of letters, digits and
/// apostrophes, so only other tokens need their term compared.
fn has_link(analysis: &crate::text::Analysis) -> bool {
    analysis
        .tokens
        .iter()
        .any(|t| t.kind == crate::text::Kind::Other && analysis.term(t) == crate::text::URL)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comment_of_reply_quotes_alone_is_unsourced() {
        let m = Classifier::default_model();
        for text in [
            "> You are an idiot",
            "> You are an idiot\n> and a liar",
            "&gt; You moron",
            "...",
        ] {
            let v = m.classify(text);
            assert_eq!(v.label, Label::Unsourced, "{text:?}");
            assert_eq!(m.predict_batch([text])[0].0, Label::Unsourced, "{text:?}");
        }
        assert!(m.classify("> You are an idiot").claims.is_empty());
        // With words of its own, a reply is judged by them.
        let own = m.classify("> Per Reuters, it passed.\nYou absolute idiot.");
        assert_eq!(own.label, Label::Inflammatory);
        assert_eq!(own.claims.len(), 1);
    }

    #[test]
    fn links_are_found_as_by_comparing_every_term() {
        let mut texts: Vec<String> = vec![
            "see https://www.ons.gov.uk/x".into(),
            "__url__ is not a link".into(),
            "no link here".into(),
        ];
        let (train, test) =
            crate::Dataset::read_corpus(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets"))
                .expect("the bundled corpus");
        texts.extend(train.examples().iter().chain(test.examples()).map(|e| e.text.clone()));
        let davidson =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/davidson/labeled_data.csv");
        match csv::Reader::from_path(&davidson) {
            Ok(mut r) => texts.extend(r.records().map(|r| r.expect("a Davidson row")[6].to_string())),
            Err(e) => eprintln!("skipping the Davidson tweets ({}: {e})", davidson.display()),
        }
        let m = Classifier::default_model();
        let links = m.with_scratch(|s| {
            let mut links = 0;
            for t in &texts {
                s.analyzer.analyze(t, &mut s.analysis);
                let every = s.analysis.tokens.iter().any(|t| s.analysis.term(t) == crate::text::URL);
                assert_eq!(has_link(&s.analysis), every, "{t}");
                links += usize::from(every);
            }
            links
        });
        assert!(links > 100, "{links} texts with a link");
    }

    #[test]
    fn short_claims_are_marked() {
        let v = Classifier::default_model().classify("Per Reuters, the bill passed on Tuesday. Typical. !!!");
        let short: Vec<(&str, bool)> = v.claims.iter().map(|c| (c.text.as_str(), c.too_short)).collect();
        assert_eq!(
            short,
            [
                ("Per Reuters, the bill passed on Tuesday.", false),
                ("Typical.", true),
                ("!!!", true)
            ]
        );
        assert_eq!(n_words("You idiot."), 2);
        assert_eq!(n_words("-- !!! 42"), 1);
    }

    #[test]
    fn verdicts_say_whether_the_article_was_used() {
        let m = Classifier::default_model();
        assert!(!m.classify("The council approved it.").with_article);
        assert!(
            m.classify(("The council approved it.", "The council approved the plan."))
                .with_article
        );
        let batch = m.classify_batch([("a", Some("b")), ("a", None)]);
        assert_eq!((batch[0].with_article, batch[1].with_article), (true, false));
    }

    #[test]
    fn temperature_changes_scores_not_labels() {
        let m = Classifier::default_model();
        let texts = [
            "Per Reuters, it passed.",
            "You absolute idiot.",
            "The plan is fine. You are a moron and everyone knows it.",
            "Rents rose, see https://www.ons.gov.uk/x",
            "I doubt it.",
        ];
        for t in [0.5, 2.0] {
            let hot = m.clone().with_temperature(t).unwrap();
            for text in texts {
                let (a, b) = (m.classify(text), hot.classify(text));
                assert_eq!(a.label, b.label, "{text}");
                assert_eq!(a.scores.max().0, b.scores.max().0, "{text}");
                let sum: f64 = b.scores.to_array().iter().sum();
                assert!((sum - 1.0).abs() < 1e-12);
                // Softer above 1, sharper below.
                assert_eq!(b.scores.max().1 < a.scores.max().1, t > 1.0, "{text}");
                assert_eq!(hot.predict_batch([text])[0], (b.label, b.scores.to_array()));
                assert_eq!(hot.scores(text), b.scores);
            }
        }
    }
    #[test]
    fn scoring_without_the_row_gives_the_logits_of_the_row() {
        let three = Classifier::default_model();
        // The same model cut to two labels takes the general path.
        let mut two = three.clone();
        two.labels.truncate(2);
        two.intercepts.truncate(2);
        two.weights = three.weights.chunks(3).flat_map(|w| [w[0], w[1]]).collect();
        let (train, test) =
            crate::Dataset::read_corpus(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets"))
                .expect("the bundled corpus");
        for m in [three, &two] {
            let mut s = Scratch::new(m.featurizer.config.stemmer);
            for e in train.examples().iter().chain(test.examples()) {
                let row = m.featurizer.transform(&e.text, None, &mut s, None);
                let want = m.logits(&row).map(f64::to_bits);
                assert_eq!(
                    m.logits_text(&e.text, None, &mut s).map(f64::to_bits),
                    want,
                    "{}",
                    e.text
                );
            }
        }
        assert_eq!(
            two.logits_text(
                "You absolute idiot.",
                None,
                &mut Scratch::new(two.featurizer.config.stemmer)
            )[2],
            0.0
        );
    }
}
