//! Calibration: expected calibration error, and temperature scaling of a model's scores.
//!
//! Temperature scaling (Guo et al., "On Calibration of Modern Neural Networks", ICML 2017)
//! divides every logit by one scalar `T` before the softmax. `T > 1` softens overconfident
//! probabilities, `T < 1` sharpens underconfident ones; the order of a text's logits is
//! unchanged, so the most probable label is the same at every `T`.

use crate::classifier::{Classifier, Input};
use crate::data::Dataset;
use crate::error::{Error, Result};
use crate::label::{Label, Scores};

/// Equal-width bins of [`expected_calibration_error`]: ten, [0, 0.1), [0.1, 0.2), ...,
/// [0.9, 1].
pub const ECE_BINS: usize = 10;

/// The smallest temperature a model file may hold. Below it a softmax is an argmax in all
/// but name; a fitted temperature is clamped to [`MIN_TEMPERATURE`, `MAX_TEMPERATURE`].
pub const MIN_TEMPERATURE: f64 = 0.01;
/// The largest temperature a model file may hold. Above it every score is nearly uniform.
pub const MAX_TEMPERATURE: f64 = 100.0;

/// Expected calibration error of the most probable label: texts are put in
/// [`ECE_BINS`] equal-width bins by their largest probability (the confidence), and the
/// result is the mean over bins of |accuracy − mean confidence|, weighted by the share of
/// texts in the bin. 0 is perfectly calibrated. A text is right when its most probable
/// label (`scores.max()`, ties to the earlier label) is its true label.
///
/// `truth` and `scores` are paired by position; extra elements of the longer slice are
/// ignored; an empty input gives 0.
///
/// # Example
/// ```
/// use claimscore::{expected_calibration_error, Label, Scores};
/// let sure = Scores::from_array([0.95, 0.03, 0.02]);
/// // Confident 0.95 and right half the time: ECE 0.45.
/// let ece = expected_calibration_error(&[Label::Sourced, Label::Unsourced], &[sure, sure]);
/// assert!((ece - 0.45).abs() < 1e-12);
/// ```
pub fn expected_calibration_error(truth: &[Label], scores: &[Scores]) -> f64 {
    let mut bins = [(0usize, 0.0f64, 0usize); ECE_BINS];
    let mut n = 0usize;
    for (t, s) in truth.iter().zip(scores) {
        let (label, confidence) = s.max();
        // Confidence 1.0 belongs in the last bin, not one past it.
        let bin = ((confidence * ECE_BINS as f64) as usize).min(ECE_BINS - 1);
        bins[bin].0 += 1;
        bins[bin].1 += confidence;
        bins[bin].2 += usize::from(label == *t);
        n += 1;
    }
    if n == 0 {
        return 0.0;
    }
    bins.iter()
        .filter(|b| b.0 > 0)
        .map(|&(count, confidence, right)| {
            let count = count as f64;
            (right as f64 / count - confidence / count).abs() * count / n as f64
        })
        .sum()
}

/// The temperature that minimises the mean log loss of `rows` (each a text's logits over
/// the model's `n_labels` labels and the class index of its true label), within
/// [`MIN_TEMPERATURE`, `MAX_TEMPERATURE`]; 1.0 for no rows.
///
/// The loss is convex in `1/T`, so a golden-section search over `ln(1/T)` finds the
/// minimum; 200 steps narrow the interval far below `f64` resolution of `T`.
pub(crate) fn fit_temperature(rows: &[([f64; 3], usize)], n_labels: usize) -> f64 {
    if rows.is_empty() {
        return 1.0;
    }
    let loss = |ln_beta: f64| {
        let beta = ln_beta.exp();
        rows.iter()
            .map(|(h, y)| {
                let h = &h[..n_labels];
                let top = (0..n_labels).fold(0, |best, i| if h[i] > h[best] { i } else { best });
                // log-sum-exp as ln_1p of the terms other than the largest (which is 1), so
                // that a loss near 0 keeps its slope instead of rounding to 0.
                let rest: f64 = (0..n_labels)
                    .filter(|&i| i != top)
                    .map(|i| ((h[i] - h[top]) * beta).exp())
                    .sum();
                rest.ln_1p() - (h[*y] - h[top]) * beta
            })
            .sum::<f64>()
    };
    let (mut lo, mut hi) = ((1.0 / MAX_TEMPERATURE).ln(), (1.0 / MIN_TEMPERATURE).ln());
    let phi = (5f64.sqrt() - 1.0) / 2.0;
    let (mut a, mut b) = (hi - phi * (hi - lo), lo + phi * (hi - lo));
    let (mut fa, mut fb) = (loss(a), loss(b));
    for _ in 0..200 {
        if fa <= fb {
            hi = b;
            (b, fb) = (a, fa);
            a = hi - phi * (hi - lo);
            fa = loss(a);
        } else {
            lo = a;
            (a, fa) = (b, fb);
            b = lo + phi * (hi - lo);
            fb = loss(b);
        }
    }
    (1.0 / ((lo + hi) / 2.0).exp()).clamp(MIN_TEMPERATURE, MAX_TEMPERATURE)
}

/// Checks a temperature: finite and within [`MIN_TEMPERATURE`, `MAX_TEMPERATURE`].
pub(crate) fn check_temperature(t: f64) -> Result<f64> {
    if t.is_finite() && (MIN_TEMPERATURE..=MAX_TEMPERATURE).contains(&t) {
        Ok(t)
    } else {
        Err(Error::param("temperature", t, "a finite number in [0.01, 100]"))
    }
}

impl Classifier {
    /// The temperature `T` that divides the logits before the softmax: 1.0 (the default, and
    /// for model files that do not record one) leaves the scores as trained; see
    /// [`Classifier::fit_temperature`].
    ///
    /// # Example
    /// ```
    /// let t = claimscore::Classifier::default_model().temperature();
    /// assert!(t > 0.0);
    /// ```
    pub fn temperature(&self) -> f64 {
        self.temperature
    }

    /// The same model with scores computed at temperature `t`: every probability (of the
    /// whole text and of each sentence) becomes `softmax(logits / t)`. Labels do not
    /// change: the order of the logits is the same at every `t`, and the rubric's sentence
    /// rule ([`rubric_label`](crate::rubric_label) rule 2) reads the probabilities at
    /// temperature 1. Saved in the model file.
    ///
    /// # Errors
    /// [`Error::InvalidParam`] unless `t` is finite and in [`MIN_TEMPERATURE`,
    /// `MAX_TEMPERATURE`].
    ///
    /// # Example
    /// ```
    /// use claimscore::Classifier;
    /// let m = Classifier::default_model();
    /// let soft = m.clone().with_temperature(2.0 * m.temperature())?;
    /// let t = "You absolute idiot.";
    /// assert_eq!(soft.classify(t).label, m.classify(t).label);
    /// assert!(soft.scores(t).max().1 < m.scores(t).max().1);
    /// assert!(m.clone().with_temperature(0.0).is_err());
    /// # Ok::<(), claimscore::Error>(())
    /// ```
    pub fn with_temperature(mut self, t: f64) -> Result<Self> {
        self.temperature = check_temperature(t)?;
        Ok(self)
    }

    /// Fits the temperature on labeled data (with each example's article when
    /// `with_articles`) by minimising the mean log loss of the whole-text probabilities,
    /// sets it and returns it. Use data the model was not trained on, and not the data you
    /// will measure calibration on. Examples whose label the model does not predict are
    /// left out.
    ///
    /// # Errors
    /// [`Error::Training`] when no example is left to fit on.
    ///
    /// # Example
    /// ```
    /// use claimscore::{Classifier, Dataset, Label};
    /// let mut val = Dataset::new();
    /// val.push("Per the BBC, turnout was 61%.", Label::Sourced, None);
    /// val.push("You absolute idiot.", Label::Inflammatory, None);
    /// val.push("I doubt it.", Label::Unsourced, None);
    /// let mut model = Classifier::default_model().clone();
    /// let t = model.fit_temperature(&val, false)?;
    /// assert_eq!(model.temperature(), t);
    /// # Ok::<(), claimscore::Error>(())
    /// ```
    pub fn fit_temperature(&mut self, data: &Dataset, with_articles: bool) -> Result<f64> {
        let inputs: Vec<Input> = data
            .examples()
            .iter()
            .map(|e| Input {
                text: e.text.as_str(),
                article: if with_articles { data.article_of(e) } else { None },
            })
            .collect();
        let logits = self.logits_batch(&inputs);
        let rows: Vec<([f64; 3], usize)> = logits
            .into_iter()
            .zip(data.examples())
            .filter_map(|(h, e)| self.labels.iter().position(|l| *l == e.label).map(|y| (h, y)))
            .collect();
        if rows.is_empty() {
            return Err(Error::Training(
                "no example with a label the model predicts to fit the temperature on".into(),
            ));
        }
        self.temperature = fit_temperature(&rows, self.labels.len());
        Ok(self.temperature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sc(p: [f64; 3]) -> Scores {
        Scores::from_array(p)
    }

    #[test]
    fn ece_by_hand() {
        // Bins: 0.7 right, 0.6 wrong, 0.8 right, 0.5 right; one text each.
        let truth = [Label::Sourced, Label::Sourced, Label::Unsourced, Label::Inflammatory];
        let scores = [
            sc([0.7, 0.2, 0.1]),
            sc([0.3, 0.6, 0.1]),
            sc([0.1, 0.8, 0.1]),
            sc([0.2, 0.3, 0.5]),
        ];
        let ece = ((1.0 - 0.7) + 0.6 + (1.0 - 0.8) + (1.0 - 0.5)) / 4.0;
        assert!((expected_calibration_error(&truth, &scores) - ece).abs() < 1e-12);
    }

    #[test]
    fn ece_pools_a_bin_and_keeps_confidence_one() {
        // Two texts in bin [0.9, 1]: mean confidence 0.95, accuracy 0.5.
        let truth = [Label::Sourced, Label::Unsourced];
        let scores = [sc([1.0, 0.0, 0.0]), sc([0.9, 0.05, 0.05])];
        assert!((expected_calibration_error(&truth, &scores) - 0.45).abs() < 1e-12);
        assert_eq!(expected_calibration_error(&[], &[]), 0.0);
    }

    /// Random logits with labels drawn from their softmax at temperature `t_true`: the
    /// fitted temperature recovers `t_true`.
    fn recovered(t_true: f64) -> f64 {
        // A fixed linear congruential generator: the same draws on every run.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut uniform = move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let rows: Vec<([f64; 3], usize)> = (0..20_000)
            .map(|_| {
                let h = [0.0, 6.0 * uniform() - 3.0, 6.0 * uniform() - 3.0];
                let e = h.map(|v| (v / t_true).exp());
                let u = uniform() * e.iter().sum::<f64>();
                let y = if u < e[0] {
                    0
                } else if u < e[0] + e[1] {
                    1
                } else {
                    2
                };
                (h, y)
            })
            .collect();
        fit_temperature(&rows, 3)
    }

    #[test]
    fn fitting_recovers_the_temperature() {
        for t in [0.5, 1.0, 2.0] {
            let fitted = recovered(t);
            assert!((fitted - t).abs() < 0.05 * t, "true {t}, fitted {fitted}");
        }
    }

    #[test]
    fn fitting_clamps_and_handles_no_rows() {
        assert_eq!(fit_temperature(&[], 3), 1.0);
        // Every label right with a margin: the loss falls as T falls, to the floor.
        let rows = vec![([0.0, 1.0, 0.0], 1usize); 10];
        assert!((fit_temperature(&rows, 3) - MIN_TEMPERATURE).abs() < 1e-12);
        assert!(check_temperature(f64::NAN).is_err());
        assert!(check_temperature(1000.0).is_err());
        assert_eq!(check_temperature(1.5).unwrap(), 1.5);
    }
}
