//! What to do with a verdict's scores: per-label thresholds (flags) and review bands.
//!
//! A [`Verdict`]'s `label` is the rubric's (the most probable label, with its rules). A
//! [`Policy`] adds decisions at thresholds you choose on your own labeled sample
//! (`claimscore eval --thresholds`, [`PrecisionRecallCurve`](crate::PrecisionRecallCurve)):
//! a flag per label whose probability reaches its threshold (Detoxify's usual `score >=
//! 0.5`, at your own value), and `needs_review` when a probability falls in a band where a
//! person should look. It never changes the label.

use std::str::FromStr;

use crate::classifier::Verdict;
use crate::error::{Error, Result};
use crate::label::{Label, Scores};

/// A band of probabilities where a person should review the verdict: `low <= p < high`
/// (`high` = 1 includes 1), where `p` is the probability of `label`, or, without a label,
/// of the verdict's own label (its confidence).
///
/// Parsed from `LOW..HIGH` or `LABEL=LOW..HIGH`.
///
/// # Example
/// ```
/// use claimscore::{Label, ReviewBand};
/// let band: ReviewBand = "inflammatory=0.5..0.8".parse()?;
/// assert_eq!(band, ReviewBand::new(Some(Label::Inflammatory), 0.5, 0.8)?);
/// assert!("0.8..0.5".parse::<ReviewBand>().is_err());
/// # Ok::<(), claimscore::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReviewBand {
    label: Option<Label>,
    low: f64,
    high: f64,
}

impl ReviewBand {
    /// A band on `label`'s probability (`None`: the verdict's own label's).
    ///
    /// # Errors
    /// [`Error::InvalidParam`] unless `0 <= low < high <= 1`.
    ///
    /// # Example
    /// ```
    /// use claimscore::ReviewBand;
    /// let unsure = ReviewBand::new(None, 0.0, 0.6)?;
    /// assert_eq!((unsure.low(), unsure.high()), (0.0, 0.6));
    /// assert!(ReviewBand::new(None, 0.6, 0.6).is_err());
    /// # Ok::<(), claimscore::Error>(())
    /// ```
    pub fn new(label: Option<Label>, low: f64, high: f64) -> Result<Self> {
        if !((0.0..1.0).contains(&low) && low < high && high <= 1.0) {
            return Err(Error::param(
                "review",
                format!("{low}..{high}"),
                "LOW..HIGH with 0 <= LOW < HIGH <= 1",
            ));
        }
        Ok(ReviewBand { label, low, high })
    }

    /// The label whose probability is read (`None`: the verdict's own label).
    ///
    /// # Example
    /// ```
    /// assert_eq!("0.4..0.6".parse::<claimscore::ReviewBand>()?.label(), None);
    /// # Ok::<(), claimscore::Error>(())
    /// ```
    pub fn label(&self) -> Option<Label> {
        self.label
    }

    /// The lowest probability in the band.
    ///
    /// # Example
    /// ```
    /// assert_eq!("0.4..0.6".parse::<claimscore::ReviewBand>()?.low(), 0.4);
    /// # Ok::<(), claimscore::Error>(())
    /// ```
    pub fn low(&self) -> f64 {
        self.low
    }

    /// The probability where the band ends (excluded, unless it is 1).
    ///
    /// # Example
    /// ```
    /// assert_eq!("0.4..0.6".parse::<claimscore::ReviewBand>()?.high(), 0.6);
    /// # Ok::<(), claimscore::Error>(())
    /// ```
    pub fn high(&self) -> f64 {
        self.high
    }

    /// Whether a verdict with this label and these scores falls in the band.
    ///
    /// # Example
    /// ```
    /// use claimscore::{Label, ReviewBand, Scores};
    /// let band = ReviewBand::new(Some(Label::Inflammatory), 0.5, 0.8)?;
    /// let s = Scores::from_array([0.1, 0.3, 0.6]);
    /// assert!(band.contains(Label::Inflammatory, &s));
    /// assert!(!band.contains(Label::Inflammatory, &Scores::from_array([0.1, 0.1, 0.8])));
    /// # Ok::<(), claimscore::Error>(())
    /// ```
    pub fn contains(&self, label: Label, scores: &Scores) -> bool {
        let p = scores.get(self.label.unwrap_or(label));
        self.low <= p && (p < self.high || self.high == 1.0 && p == 1.0)
    }
}

impl FromStr for ReviewBand {
    type Err = Error;

    /// Parses `LOW..HIGH` or `LABEL=LOW..HIGH`.
    fn from_str(s: &str) -> Result<Self> {
        let bad = || {
            Error::param(
                "review",
                s,
                "LOW..HIGH or LABEL=LOW..HIGH, e.g. 0.4..0.6 or inflammatory=0.5..0.8",
            )
        };
        let (label, band) = match s.split_once('=') {
            Some((l, b)) => (Some(l.parse::<Label>()?), b),
            None => (None, s),
        };
        let (low, high) = band.split_once("..").ok_or_else(bad)?;
        let low = low.trim().parse::<f64>().map_err(|_| bad())?;
        let high = high.trim().parse::<f64>().map_err(|_| bad())?;
        ReviewBand::new(label, low, high)
    }
}

/// Per-label thresholds and review bands applied to verdicts.
///
/// # Example
/// ```
/// use claimscore::{classify, Label, Policy};
/// let policy = Policy::new()
///     .threshold(Label::Inflammatory, 0.7)?
///     .review("inflammatory=0.4..0.7".parse()?);
/// let d = policy.apply(&classify("You absolute idiot."));
/// assert_eq!(d.flag(Label::Inflammatory), Some(true));
/// assert_eq!(d.flag(Label::Sourced), None); // no threshold set
/// assert!(!d.needs_review);
/// # Ok::<(), claimscore::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Policy {
    thresholds: [Option<f64>; 3],
    review: Vec<ReviewBand>,
}

/// What a [`Policy`] says about one verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Decision {
    /// Per label in [`Label::ALL`] order: whether its probability reaches the policy's
    /// threshold for it (`None` where the policy sets none).
    pub flags: [Option<bool>; 3],
    /// Whether the verdict falls in one of the policy's review bands.
    pub needs_review: bool,
}

impl Decision {
    /// The flag of one label (`None` without a threshold for it).
    ///
    /// # Example
    /// ```
    /// use claimscore::{Label, Policy, Scores};
    /// let p = Policy::new().threshold(Label::Sourced, 0.5)?;
    /// let d = p.decide(Label::Sourced, &Scores::from_array([0.6, 0.3, 0.1]));
    /// assert_eq!(d.flag(Label::Sourced), Some(true));
    /// # Ok::<(), claimscore::Error>(())
    /// ```
    pub fn flag(&self, label: Label) -> Option<bool> {
        self.flags[label.index()]
    }
}

impl Policy {
    /// A policy with no thresholds and no review bands.
    ///
    /// # Example
    /// ```
    /// assert!(claimscore::Policy::new().is_empty());
    /// ```
    pub fn new() -> Self {
        Policy::default()
    }

    /// Flags a verdict whose probability of `label` is at least `threshold` (replacing an
    /// earlier threshold for the label).
    ///
    /// # Errors
    /// [`Error::InvalidParam`] unless `threshold` is in [0, 1].
    ///
    /// # Example
    /// ```
    /// use claimscore::{Label, Policy};
    /// let p = Policy::new().threshold(Label::Inflammatory, 0.7)?;
    /// assert_eq!(p.threshold_of(Label::Inflammatory), Some(0.7));
    /// assert!(Policy::new().threshold(Label::Inflammatory, 1.5).is_err());
    /// # Ok::<(), claimscore::Error>(())
    /// ```
    pub fn threshold(mut self, label: Label, threshold: f64) -> Result<Self> {
        if !(0.0..=1.0).contains(&threshold) {
            return Err(Error::param("threshold", threshold, "a probability in [0, 1]"));
        }
        self.thresholds[label.index()] = Some(threshold);
        Ok(self)
    }

    /// Adds a review band.
    ///
    /// # Example
    /// ```
    /// use claimscore::Policy;
    /// let p = Policy::new().review("0.0..0.5".parse()?);
    /// assert_eq!(p.review_bands().len(), 1);
    /// # Ok::<(), claimscore::Error>(())
    /// ```
    pub fn review(mut self, band: ReviewBand) -> Self {
        self.review.push(band);
        self
    }

    /// The threshold set for `label`, if any.
    ///
    /// # Example
    /// ```
    /// assert_eq!(claimscore::Policy::new().threshold_of(claimscore::Label::Sourced), None);
    /// ```
    pub fn threshold_of(&self, label: Label) -> Option<f64> {
        self.thresholds[label.index()]
    }

    /// The review bands, in the order added.
    ///
    /// # Example
    /// ```
    /// assert!(claimscore::Policy::new().review_bands().is_empty());
    /// ```
    pub fn review_bands(&self) -> &[ReviewBand] {
        &self.review
    }

    /// Whether the policy has neither thresholds nor review bands.
    ///
    /// # Example
    /// ```
    /// use claimscore::{Label, Policy};
    /// assert!(!Policy::new().threshold(Label::Sourced, 0.5)?.is_empty());
    /// # Ok::<(), claimscore::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.thresholds.iter().all(Option::is_none) && self.review.is_empty()
    }

    /// The decision on a verdict with this label and these scores (what
    /// [`Classifier::predict_batch`](crate::Classifier::predict_batch) gives).
    ///
    /// # Example
    /// ```
    /// use claimscore::{Label, Policy, Scores};
    /// let p = Policy::new().review("0.0..0.6".parse()?);
    /// assert!(p.decide(Label::Unsourced, &Scores::from_array([0.3, 0.45, 0.25])).needs_review);
    /// assert!(!p.decide(Label::Unsourced, &Scores::from_array([0.1, 0.8, 0.1])).needs_review);
    /// # Ok::<(), claimscore::Error>(())
    /// ```
    pub fn decide(&self, label: Label, scores: &Scores) -> Decision {
        let mut flags = [None; 3];
        for l in Label::ALL {
            flags[l.index()] = self.thresholds[l.index()].map(|t| scores.get(l) >= t);
        }
        Decision {
            flags,
            needs_review: self.review.iter().any(|b| b.contains(label, scores)),
        }
    }

    /// The decision on a verdict.
    ///
    /// # Example
    /// ```
    /// use claimscore::{classify, Label, Policy};
    /// let p = Policy::new().threshold(Label::Sourced, 0.5)?;
    /// assert_eq!(p.apply(&classify("so true")).flag(Label::Sourced), Some(false));
    /// # Ok::<(), claimscore::Error>(())
    /// ```
    pub fn apply(&self, verdict: &Verdict) -> Decision {
        self.decide(verdict.label, &verdict.scores)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_parse_and_reject() {
        let b: ReviewBand = " 0.25..0.75".parse().unwrap();
        assert_eq!((b.label(), b.low(), b.high()), (None, 0.25, 0.75));
        for bad in [
            "0.5",
            "a..b",
            "0.5..0.5",
            "-0.1..0.5",
            "0.2..1.5",
            "toxic=0.1..0.2",
            "NaN..1",
        ] {
            assert!(bad.parse::<ReviewBand>().is_err(), "{bad}");
        }
    }

    #[test]
    fn band_edges() {
        let b = ReviewBand::new(Some(Label::Sourced), 0.5, 1.0).unwrap();
        let at = |p: f64| b.contains(Label::Unsourced, &Scores::from_array([p, 1.0 - p, 0.0]));
        assert!(at(0.5) && at(0.99) && at(1.0) && !at(0.4999));
        let b = ReviewBand::new(None, 0.2, 0.6).unwrap();
        let s = Scores::from_array([0.6, 0.3, 0.1]);
        // Without a label the band reads the verdict's own label.
        assert!(!b.contains(Label::Sourced, &s));
        assert!(b.contains(Label::Unsourced, &s));
    }

    #[test]
    fn thresholds_flag_at_and_above() {
        let p = Policy::new()
            .threshold(Label::Inflammatory, 0.7)
            .unwrap()
            .threshold(Label::Sourced, 0.2)
            .unwrap();
        let d = p.decide(Label::Unsourced, &Scores::from_array([0.2, 0.1, 0.7]));
        assert_eq!(d.flags, [Some(true), None, Some(true)]);
        let d = p.decide(Label::Unsourced, &Scores::from_array([0.19, 0.2, 0.61]));
        assert_eq!(d.flags, [Some(false), None, Some(false)]);
        assert!(!d.needs_review);
        assert!(Policy::new().threshold(Label::Sourced, f64::NAN).is_err());
    }
}
