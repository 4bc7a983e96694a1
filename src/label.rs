//! The three labels and a probability per label.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::Error;

/// What a comment, or one claim in it, does with its claim (see the label rubric).
///
/// The order (`Sourced < Unsourced < Inflammatory`) is the class order of every model.
///
/// # Example
/// ```
/// use claimscore::Label;
/// let label: Label = "inflammatory".parse()?;
/// assert_eq!(label, Label::Inflammatory);
/// assert_eq!(label.to_string(), "inflammatory");
/// # Ok::<(), claimscore::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Label {
    /// Backs its central claim with something a reader can check.
    Sourced,
    /// Asserts without a checkable source, or makes no claim at all.
    Unsourced,
    /// Attacks, demeans, taunts or provokes instead of arguing.
    Inflammatory,
}

impl Label {
    /// All labels, in class order.
    pub const ALL: [Label; 3] = [Label::Sourced, Label::Unsourced, Label::Inflammatory];

    /// The label's name as written in files: `sourced`, `unsourced` or `inflammatory`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(claimscore::Label::Sourced.as_str(), "sourced");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Sourced => "sourced",
            Label::Unsourced => "unsourced",
            Label::Inflammatory => "inflammatory",
        }
    }

    /// Position of the label in [`Label::ALL`].
    ///
    /// # Example
    /// ```
    /// assert_eq!(claimscore::Label::Inflammatory.index(), 2);
    /// ```
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Label {
    type Err = Error;

    /// Parses a label name; surrounding whitespace and ASCII case are ignored.
    fn from_str(s: &str) -> Result<Self, Error> {
        let t = s.trim();
        Label::ALL
            .into_iter()
            .find(|l| l.as_str().eq_ignore_ascii_case(t))
            .ok_or_else(|| Error::UnknownLabel(s.to_string()))
    }
}

/// A probability per label; the three sum to 1.
///
/// # Example
/// ```
/// let v = claimscore::classify("Reuters reported on Friday that the talks ended.");
/// let s = v.scores;
/// assert!((s.sourced + s.unsourced + s.inflammatory - 1.0).abs() < 1e-9);
/// assert_eq!(s.get(v.label), s.max().1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Scores {
    /// Probability of [`Label::Sourced`].
    pub sourced: f64,
    /// Probability of [`Label::Unsourced`].
    pub unsourced: f64,
    /// Probability of [`Label::Inflammatory`].
    pub inflammatory: f64,
}

impl Scores {
    /// The probability of one label.
    ///
    /// # Example
    /// ```
    /// use claimscore::{Label, Scores};
    /// let s = Scores { sourced: 0.2, unsourced: 0.5, inflammatory: 0.3 };
    /// assert_eq!(s.get(Label::Unsourced), 0.5);
    /// ```
    pub fn get(&self, label: Label) -> f64 {
        match label {
            Label::Sourced => self.sourced,
            Label::Unsourced => self.unsourced,
            Label::Inflammatory => self.inflammatory,
        }
    }

    /// The most probable label and its probability (ties go to the earlier label).
    ///
    /// # Example
    /// ```
    /// use claimscore::{Label, Scores};
    /// let s = Scores { sourced: 0.2, unsourced: 0.5, inflammatory: 0.3 };
    /// assert_eq!(s.max(), (Label::Unsourced, 0.5));
    /// ```
    pub fn max(&self) -> (Label, f64) {
        let mut best = (Label::Sourced, self.sourced);
        for l in [Label::Unsourced, Label::Inflammatory] {
            if self.get(l) > best.1 {
                best = (l, self.get(l));
            }
        }
        best
    }

    /// The probabilities as an array in class order.
    ///
    /// # Example
    /// ```
    /// use claimscore::Scores;
    /// let s = Scores { sourced: 0.2, unsourced: 0.5, inflammatory: 0.3 };
    /// assert_eq!(s.to_array(), [0.2, 0.5, 0.3]);
    /// ```
    pub fn to_array(&self) -> [f64; 3] {
        [self.sourced, self.unsourced, self.inflammatory]
    }

    /// Scores from an array in class order (a row of [`Classifier::scores_batch`]).
    ///
    /// [`Classifier::scores_batch`]: crate::Classifier::scores_batch
    ///
    /// # Example
    /// ```
    /// use claimscore::Scores;
    /// assert_eq!(Scores::from_array([0.2, 0.5, 0.3]).unsourced, 0.5);
    /// ```
    pub fn from_array(p: [f64; 3]) -> Self {
        Scores {
            sourced: p[0],
            unsourced: p[1],
            inflammatory: p[2],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_display_round_trip() {
        for l in Label::ALL {
            assert_eq!(l.to_string().parse::<Label>().unwrap(), l);
        }
        assert_eq!(" Sourced ".parse::<Label>().unwrap(), Label::Sourced);
        let err = "toxic".parse::<Label>().unwrap_err();
        assert!(err.to_string().contains("\"toxic\""), "{err}");
    }

    #[test]
    fn serde_uses_lowercase_names() {
        assert_eq!(serde_json::to_string(&Label::Inflammatory).unwrap(), "\"inflammatory\"");
    }
}
