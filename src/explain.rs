//! Explanations: each feature's exact contribution to each label's logit.

use std::ops::Range;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::article::ArticleContext;
use crate::char_offsets::CharOffsets;
use crate::classifier::{Classifier, Input};
use crate::featurizer::FeatureKind;
use crate::label::{Label, Scores};

/// One feature's push towards or away from a label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Contribution {
    /// The n-gram (stemmed terms joined by spaces), character n-gram, or context feature.
    pub feature: String,
    /// What kind of feature it is.
    pub kind: FeatureKind,
    /// The feature's value in this text.
    pub value: f64,
    /// `weight x value`: what the feature adds to the label's logit.
    pub contribution: f64,
    /// Byte spans in the text where the feature occurs (none for article features).
    pub spans: Vec<Range<usize>>,
    /// The same spans in characters (Unicode scalar values): Python's `text[start:end]`,
    /// JavaScript's `Array.from(text).slice(start, end).join("")`.
    #[serde(default)]
    pub char_spans: Vec<Range<usize>>,
}

/// The contributions to one label's logit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Explanation {
    /// The most probable label.
    pub label: Label,
    /// The probabilities: the softmax of the logits divided by the model's
    /// [temperature](crate::Classifier::temperature).
    pub scores: Scores,
    /// Per-label contributions, for the labels the model knows.
    pub labels: Vec<LabelExplanation>,
    /// The version of the model that gave the explanation.
    pub model_version: String,
}

impl Classifier {
    /// The top `k` features for and against each label, with their spans in the comment.
    ///
    /// # Example
    /// ```
    /// use claimscore::{Classifier, FeatureKind, Label};
    /// let model = Classifier::default_model();
    /// let text = "You are a pathetic idiot.";
    /// let e = model.explain(text, 3);
    /// let inflammatory = e.labels.iter().find(|l| l.label == Label::Inflammatory).unwrap();
    /// let top = &inflammatory.for_label[0];
    /// assert!(top.contribution > 0.0);
    /// assert_eq!(top.kind, FeatureKind::Word);
    /// assert!(top.spans.iter().all(|s| text.get(s.clone()).is_some()));
    /// assert_eq!(top.char_spans.len(), top.spans.len());
    /// let with_article = model.explain(("As reported, 40 died.", "Officials said 40 people died."), 2);
    /// assert_eq!(with_article.labels.len(), 3);
    /// ```
    pub fn explain<'a>(&self, input: impl Into<Input<'a>>, k: usize) -> Explanation {
        let input = input.into();
        let ctx = input
            .article
            .map(|a| self.with_scratch(|s| self.featurizer.article(a, s)));
        self.explanation(input.text, ctx.as_ref(), k)
    }

    /// [`Classifier::explain`] for many comments, in parallel, in order.
    ///
    /// # Example
    /// ```
    /// use claimscore::Classifier;
    /// let m = Classifier::default_model();
    /// let e = m.explain_batch(["so true", "you clown"], 2);
    /// assert_eq!(e[1], m.explain("you clown", 2));
    /// ```
    pub fn explain_batch<'a, I: Into<Input<'a>>>(
        &self,
        inputs: impl IntoIterator<Item = I>,
        k: usize,
    ) -> Vec<Explanation> {
        let inputs: Vec<Input<'a>> = inputs.into_iter().map(Into::into).collect();
        let contexts = self.contexts(&inputs);
        inputs
            .par_iter()
            .map(|i| self.explanation(i.text, i.article.and_then(|a| contexts.get(a)), k))
            .collect()
    }

    fn explanation(&self, text: &str, article: Option<&ArticleContext>, k: usize) -> Explanation {
        let mut trace = Vec::new();
        let row = self.with_scratch(|s| self.featurizer.transform(text, article, s, Some(&mut trace)));
        // By feature, each feature's occurrences still in text order (the sort is stable),
        // so a feature's spans are one binary search away rather than a scan of them all.
        trace.sort_by_key(|(id, _)| *id);
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
                        let from = trace.partition_point(|(id, _)| *id < f);
                        let mut spans: Vec<Range<usize>> = trace[from..]
                            .iter()
                            .take_while(|(id, _)| *id == f)
                            .map(|(_, r)| r.clone())
                            .collect();
                        spans.dedup();
                        Contribution {
                            feature: name.to_string(),
                            kind,
                            value: v,
                            contribution: self.weights[f as usize * nl + c] * v,
                            spans,
                            char_spans: Vec::new(),
                        }
                    })
                    .collect();
                contribs.sort_by(|a, b| {
                    b.contribution
                        .total_cmp(&a.contribution)
                        .then_with(|| a.feature.cmp(&b.feature))
                });
                // Character spans only for the contributions shown.
                let mut chars = CharOffsets::new(text);
                let mut shown = |c: &Contribution| Contribution {
                    char_spans: c.spans.iter().map(|s| chars.span(s)).collect(),
                    ..c.clone()
                };
                let for_label = contribs
                    .iter()
                    .filter(|c| c.contribution > 0.0)
                    .take(k)
                    .map(&mut shown)
                    .collect();
                let against_label = contribs
                    .iter()
                    .rev()
                    .filter(|c| c.contribution < 0.0)
                    .take(k)
                    .map(&mut shown)
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
            model_version: self.version().to_string(),
        }
    }
}
