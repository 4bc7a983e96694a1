//! Evaluating a classifier on labeled data.

use crate::classifier::{Classifier, Input};
use crate::data::Dataset;
use crate::label::{Label, Scores};
use crate::metrics::Metrics;

impl Classifier {
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
        let (truth, predicted, scores) = score_dataset(self, data, with_articles);
        Metrics::compute_with_labels(&truth, &predicted, &scores)
    }
}

/// The truth, the verdicts' labels and the scores.
fn score_dataset(model: &Classifier, data: &Dataset, with_articles: bool) -> (Vec<Label>, Vec<Label>, Vec<Scores>) {
    let inputs = data.examples().iter().map(|e| Input {
        text: e.text.as_str(),
        article: if with_articles { data.article_of(e) } else { None },
    });
    let (predicted, scores) = model
        .classify_batch(inputs)
        .into_iter()
        .map(|v| (v.label, v.scores))
        .unzip();
    (data.examples().iter().map(|e| e.label).collect(), predicted, scores)
}
