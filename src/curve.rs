//! Precision and recall of one label at every threshold: scikit-learn's
//! `precision_recall_curve`, one label against the rest.

use serde::{Deserialize, Serialize};

use crate::label::{Label, Scores};

/// Precision and recall of "flag a text when its probability of `label` is at least `t`",
/// at each distinct score `t` of the data (increasing), as scikit-learn's
/// `precision_recall_curve` (without its final `(1, 0)` point).
///
/// # Example
/// ```
/// use claimscore::{Label, PrecisionRecallCurve, Scores};
/// let truth = [Label::Inflammatory, Label::Unsourced, Label::Inflammatory];
/// let scores = [[0.1, 0.1, 0.8], [0.2, 0.4, 0.4], [0.3, 0.4, 0.3]].map(Scores::from_array);
/// let c = PrecisionRecallCurve::compute(&truth, &scores, Label::Inflammatory);
/// assert_eq!(c.thresholds, [0.3, 0.4, 0.8]);
/// assert_eq!(c.precision, [2.0 / 3.0, 0.5, 1.0]);
/// assert_eq!(c.recall, [1.0, 0.5, 0.5]);
/// let p = c.threshold_for_precision(0.9).unwrap();
/// assert_eq!((p.threshold, p.recall, p.flagged), (0.8, 0.5, 1));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PrecisionRecallCurve {
    /// The label flagged.
    pub label: Label,
    /// Texts that are this label.
    pub support: usize,
    /// Each distinct probability of the label, increasing.
    pub thresholds: Vec<f64>,
    /// Of the texts at or above each threshold, the share that are the label.
    pub precision: Vec<f64>,
    /// Of the texts that are the label, the share at or above each threshold (0 when none
    /// is).
    pub recall: Vec<f64>,
    /// Texts at or above each threshold.
    pub flagged: Vec<usize>,
}

/// One point of a [`PrecisionRecallCurve`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OperatingPoint {
    /// Flag at this probability or above.
    pub threshold: f64,
    /// Precision at the threshold.
    pub precision: f64,
    /// Recall at the threshold.
    pub recall: f64,
    /// Texts flagged.
    pub flagged: usize,
}

impl PrecisionRecallCurve {
    /// The curve of `label` over texts with true labels `truth` and scores `scores`
    /// (paired by position; extra elements of the longer slice are ignored).
    ///
    /// # Example
    /// ```
    /// use claimscore::{Label, PrecisionRecallCurve};
    /// let c = PrecisionRecallCurve::compute(&[], &[], Label::Sourced);
    /// assert!(c.thresholds.is_empty());
    /// ```
    pub fn compute(truth: &[Label], scores: &[Scores], label: Label) -> Self {
        let mut pairs: Vec<(f64, bool)> = truth
            .iter()
            .zip(scores)
            .map(|(t, s)| (s.get(label), *t == label))
            .collect();
        // Decreasing score: each distinct score closes a prefix of flagged texts.
        pairs.sort_by(|a, b| b.0.total_cmp(&a.0));
        let support = pairs.iter().filter(|p| p.1).count();
        let (mut thresholds, mut precision, mut recall, mut flagged) = (vec![], vec![], vec![], vec![]);
        let mut hits = 0usize;
        for (i, &(score, is_label)) in pairs.iter().enumerate() {
            hits += usize::from(is_label);
            if pairs.get(i + 1).is_some_and(|next| next.0 == score) {
                continue;
            }
            thresholds.push(score);
            precision.push(hits as f64 / (i + 1) as f64);
            recall.push(if support > 0 { hits as f64 / support as f64 } else { 0.0 });
            flagged.push(i + 1);
        }
        for v in [&mut thresholds, &mut precision, &mut recall] {
            v.reverse();
        }
        flagged.reverse();
        PrecisionRecallCurve {
            label,
            support,
            thresholds,
            precision,
            recall,
            flagged,
        }
    }

    /// Precision and recall when flagging at `threshold` or above (precision 0 when
    /// nothing is flagged).
    ///
    /// # Example
    /// ```
    /// use claimscore::{Label, PrecisionRecallCurve, Scores};
    /// let s = [[0.9, 0.05, 0.05], [0.4, 0.5, 0.1]].map(Scores::from_array);
    /// let c = PrecisionRecallCurve::compute(&[Label::Sourced, Label::Unsourced], &s, Label::Sourced);
    /// assert_eq!(c.at(0.5).precision, 1.0);
    /// assert_eq!(c.at(0.3).precision, 0.5);
    /// assert_eq!(c.at(0.95).flagged, 0);
    /// ```
    pub fn at(&self, threshold: f64) -> OperatingPoint {
        let i = self.thresholds.partition_point(|&t| t < threshold);
        match self.thresholds.get(i) {
            Some(_) => self.point(i),
            None => OperatingPoint {
                threshold,
                precision: 0.0,
                recall: 0.0,
                flagged: 0,
            },
        }
        .with_threshold(threshold)
    }

    /// The lowest threshold whose precision is at least `target`: the most recall at that
    /// precision on this data. `None` when no threshold reaches it. (Precision is not
    /// monotone in the threshold: a higher threshold may fall below `target` again.)
    ///
    /// # Example
    /// ```
    /// use claimscore::{Label, PrecisionRecallCurve, Scores};
    /// let s = [[0.9, 0.05, 0.05], [0.6, 0.3, 0.1]].map(Scores::from_array);
    /// let c = PrecisionRecallCurve::compute(&[Label::Sourced, Label::Unsourced], &s, Label::Sourced);
    /// assert_eq!(c.threshold_for_precision(1.0).unwrap().threshold, 0.9);
    /// assert_eq!(c.threshold_for_precision(0.5).unwrap().threshold, 0.6);
    /// ```
    pub fn threshold_for_precision(&self, target: f64) -> Option<OperatingPoint> {
        self.precision.iter().position(|&p| p >= target).map(|i| self.point(i))
    }

    fn point(&self, i: usize) -> OperatingPoint {
        OperatingPoint {
            threshold: self.thresholds[i],
            precision: self.precision[i],
            recall: self.recall[i],
            flagged: self.flagged[i],
        }
    }
}

impl OperatingPoint {
    fn with_threshold(self, threshold: f64) -> Self {
        OperatingPoint { threshold, ..self }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reference: sklearn.metrics.precision_recall_curve(y, p) with
    /// y = [1, 0, 1, 1, 0, 0], p = [0.9, 0.8, 0.8, 0.4, 0.3, 0.1] gives thresholds
    /// [0.1, 0.3, 0.4, 0.8, 0.9], precision [0.5, 0.6, 0.75, 0.667, 1], recall
    /// [1, 1, 1, 0.667, 0.333].
    #[test]
    fn matches_scikit_learn() {
        let truth = [
            Label::Sourced,
            Label::Unsourced,
            Label::Sourced,
            Label::Sourced,
            Label::Unsourced,
            Label::Unsourced,
        ];
        let scores: Vec<Scores> = [0.9, 0.8, 0.8, 0.4, 0.3, 0.1]
            .iter()
            .map(|&p| Scores::from_array([p, 1.0 - p, 0.0]))
            .collect();
        let c = PrecisionRecallCurve::compute(&truth, &scores, Label::Sourced);
        assert_eq!(c.thresholds, [0.1, 0.3, 0.4, 0.8, 0.9]);
        let want_p = [0.5, 0.6, 0.75, 2.0 / 3.0, 1.0];
        let want_r = [1.0, 1.0, 1.0, 2.0 / 3.0, 1.0 / 3.0];
        for i in 0..5 {
            assert!((c.precision[i] - want_p[i]).abs() < 1e-12, "{i}");
            assert!((c.recall[i] - want_r[i]).abs() < 1e-12, "{i}");
        }
        assert_eq!(c.flagged, [6, 5, 4, 3, 1]);
        assert_eq!(c.support, 3);
        // 0.7 is first reached at 0.4 (0.75), though 0.8 falls below it again.
        assert_eq!(c.threshold_for_precision(0.7).unwrap().threshold, 0.4);
        assert_eq!(c.threshold_for_precision(1.0).unwrap().threshold, 0.9);
        assert_eq!(c.at(0.5).flagged, 3);
        assert_eq!(c.at(0.5).threshold, 0.5);
    }

    #[test]
    fn no_positive_examples() {
        let s = [Scores::from_array([0.5, 0.5, 0.0])];
        let c = PrecisionRecallCurve::compute(&[Label::Unsourced], &s, Label::Sourced);
        assert_eq!((c.precision[0], c.recall[0]), (0.0, 0.0));
        assert!(c.threshold_for_precision(0.1).is_none());
    }
}
