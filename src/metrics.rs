//! Evaluation: accuracy, per-label precision/recall/F1, macro-F1, confusion matrix, log
//! loss and expected calibration error.

use serde::{Deserialize, Serialize};

use crate::label::{Label, Scores};

/// Precision, recall and F1 of one label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LabelMetrics {
    /// The label.
    pub label: Label,
    /// Of the texts predicted as this label, the share that are.
    pub precision: f64,
    /// Of the texts that are this label, the share predicted as it.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Texts that are this label.
    pub support: usize,
}

/// Metrics of a set of predictions against the true labels.
///
/// # Example
/// ```
/// use claimscore::{Label, Metrics, Scores};
/// let truth = [Label::Sourced, Label::Inflammatory];
/// let scores = [
///     Scores { sourced: 0.8, unsourced: 0.1, inflammatory: 0.1 },
///     Scores { sourced: 0.1, unsourced: 0.6, inflammatory: 0.3 },
/// ];
/// let m = Metrics::compute(&truth, &scores);
/// assert_eq!(m.accuracy, 0.5);
/// assert_eq!(m.confusion[2][1], 1); // one inflammatory text predicted unsourced
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Metrics {
    /// Number of texts.
    pub n: usize,
    /// Share of texts whose most probable label is the true one.
    pub accuracy: f64,
    /// Unweighted mean F1 over the labels that occur in the truth or the predictions.
    pub macro_f1: f64,
    /// Per-label metrics, in label order.
    pub per_label: Vec<LabelMetrics>,
    /// `confusion[true][predicted]`, indexed by [`Label::index`].
    pub confusion: [[usize; 3]; 3],
    /// Mean negative log probability of the true label (clipped at 1e-15).
    pub log_loss: f64,
    /// Expected calibration error of the most probable label: ten equal-width bins of the
    /// largest probability ([`expected_calibration_error`](crate::expected_calibration_error)).
    pub ece: f64,
}

impl Metrics {
    /// Computes the metrics; `truth` and `scores` are paired by position.
    ///
    /// Extra elements of the longer slice are ignored; an empty input gives zeros.
    ///
    /// # Example
    /// ```
    /// use claimscore::{Label, Metrics, Scores};
    /// let right = Scores::from_array([0.8, 0.1, 0.1]);
    /// let m = Metrics::compute(&[Label::Sourced, Label::Unsourced], &[right, right]);
    /// assert_eq!(m.n, 2);
    /// assert_eq!(m.accuracy, 0.5);
    /// ```
    pub fn compute(truth: &[Label], scores: &[Scores]) -> Metrics {
        let predicted: Vec<Label> = scores.iter().map(|s| s.max().0).collect();
        Metrics::compute_with_labels(truth, &predicted, scores)
    }

    /// Like [`Metrics::compute`], for predicted labels that are not always the most probable
    /// (a [`Verdict`](crate::Verdict)'s rubric label): precision, recall and F1 count
    /// `predicted`; log loss and calibration use `scores` alone (calibration: the most
    /// probable label and its probability, whatever `predicted` says).
    ///
    /// # Example
    /// ```
    /// use claimscore::{Label, Metrics, Scores};
    /// let s = Scores::from_array([0.2, 0.7, 0.1]);
    /// let m = Metrics::compute_with_labels(&[Label::Sourced], &[Label::Sourced], &[s]);
    /// assert_eq!(m.accuracy, 1.0);
    /// ```
    pub fn compute_with_labels(truth: &[Label], predicted: &[Label], scores: &[Scores]) -> Metrics {
        let n = truth.len().min(scores.len()).min(predicted.len());
        let mut confusion = [[0usize; 3]; 3];
        let mut log_loss = 0.0;
        for ((t, s), &pred) in truth.iter().zip(scores).zip(predicted) {
            confusion[t.index()][pred.index()] += 1;
            log_loss -= s.get(*t).max(1e-15).ln();
        }
        let correct: usize = (0..3).map(|i| confusion[i][i]).sum();
        let per_label: Vec<LabelMetrics> = Label::ALL
            .iter()
            .map(|&label| {
                let i = label.index();
                let support: usize = confusion[i].iter().sum();
                let predicted: usize = (0..3).map(|t| confusion[t][i]).sum();
                let tp = confusion[i][i] as f64;
                let precision = if predicted > 0 { tp / predicted as f64 } else { 0.0 };
                let recall = if support > 0 { tp / support as f64 } else { 0.0 };
                let f1 = if precision + recall > 0.0 {
                    2.0 * precision * recall / (precision + recall)
                } else {
                    0.0
                };
                LabelMetrics {
                    label,
                    precision,
                    recall,
                    f1,
                    support,
                }
            })
            .collect();
        let present: Vec<&LabelMetrics> = per_label
            .iter()
            .filter(|m| m.support > 0 || (0..3).any(|t| confusion[t][m.label.index()] > 0))
            .collect();
        let macro_f1 = if present.is_empty() {
            0.0
        } else {
            present.iter().map(|m| m.f1).sum::<f64>() / present.len() as f64
        };
        let nf = n.max(1) as f64;
        let ece = crate::calibration::expected_calibration_error(&truth[..n], &scores[..n]);
        Metrics {
            n,
            accuracy: correct as f64 / nf,
            macro_f1,
            per_label,
            confusion,
            log_loss: log_loss / nf,
            ece,
        }
    }

    /// A plain-text report: the summary line, a per-label table and the confusion matrix.
    ///
    /// # Example
    /// ```
    /// use claimscore::{Label, Metrics, Scores};
    /// let m = Metrics::compute(&[Label::Unsourced], &[Scores { sourced: 0.1, unsourced: 0.8, inflammatory: 0.1 }]);
    /// assert!(m.report().contains("macro-F1 1.000"));
    /// ```
    pub fn report(&self) -> String {
        let mut s = format!(
            "n {}  accuracy {:.3}  macro-F1 {:.3}  log loss {:.3}  ECE {:.3} (10 bins, max probability)\n",
            self.n, self.accuracy, self.macro_f1, self.log_loss, self.ece
        );
        s.push_str("label          precision  recall     F1  support\n");
        for m in &self.per_label {
            s.push_str(&format!(
                "{:<13} {:>10.3} {:>7.3} {:>6.3} {:>8}\n",
                m.label.as_str(),
                m.precision,
                m.recall,
                m.f1,
                m.support
            ));
        }
        s.push_str("confusion (rows: true, columns: predicted sourced / unsourced / inflammatory)\n");
        for (l, row) in Label::ALL.iter().zip(&self.confusion) {
            s.push_str(&format!(
                "{:<13} {:>8} {:>8} {:>8}\n",
                l.as_str(),
                row[0],
                row[1],
                row[2]
            ));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sc(p: [f64; 3]) -> Scores {
        Scores::from_array(p)
    }

    #[test]
    fn known_values() {
        // Reference: sklearn.metrics f1_score(average="macro"), log_loss on the same data.
        let truth = [Label::Sourced, Label::Sourced, Label::Unsourced, Label::Inflammatory];
        let scores = [
            sc([0.7, 0.2, 0.1]),
            sc([0.3, 0.6, 0.1]),
            sc([0.1, 0.8, 0.1]),
            sc([0.2, 0.3, 0.5]),
        ];
        let m = Metrics::compute(&truth, &scores);
        assert_eq!(m.accuracy, 0.75);
        // sourced P=1 R=.5 F1=2/3; unsourced P=.5 R=1 F1=2/3; inflammatory F1=1.
        assert!((m.macro_f1 - (2.0 / 3.0 + 2.0 / 3.0 + 1.0) / 3.0).abs() < 1e-12);
        let ll = -(0.7f64.ln() + 0.3f64.ln() + 0.8f64.ln() + 0.5f64.ln()) / 4.0;
        assert!((m.log_loss - ll).abs() < 1e-12);
        assert_eq!(m.confusion, [[1, 1, 0], [0, 1, 0], [0, 0, 1]]);
        // Bins: 0.7 (hit), 0.6 (miss), 0.8 (hit), 0.5 (hit), one each.
        let ece = ((1.0 - 0.7) + (0.6 - 0.0) + (1.0 - 0.8) + (1.0 - 0.5)) / 4.0;
        assert!((m.ece - ece).abs() < 1e-12);
    }

    #[test]
    fn calibration_reads_the_most_probable_label_not_the_predicted_one() {
        // The rubric predicted sourced (a link rule), the model's argmax is unsourced at 0.7:
        // ECE compares 0.7 with whether unsourced is right (it is), not with sourced's 0.2.
        let s = sc([0.2, 0.7, 0.1]);
        let m = Metrics::compute_with_labels(&[Label::Unsourced], &[Label::Sourced], &[s]);
        assert_eq!(m.accuracy, 0.0);
        assert!((m.ece - 0.3).abs() < 1e-12, "{}", m.ece);
    }

    #[test]
    fn empty_input_gives_zeros() {
        let m = Metrics::compute(&[], &[]);
        assert_eq!(m.n, 0);
        assert_eq!(m.macro_f1, 0.0);
    }
}
