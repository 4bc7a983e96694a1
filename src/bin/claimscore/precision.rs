//! Probabilities as text with `--precision` significant digits.
//!
//! Full precision is 16 to 17 digits, about 13% of a scored CSV's bytes for nothing a
//! reader of probabilities can use; 4 significant digits is the default.

use std::fmt::Write as _;

use claimscore::Scores;

use crate::args::Precision;

/// Appends `v` to `buf` with `precision` significant digits, trailing zeros dropped
/// (`0.5`, not `0.5000`); [`Precision::Full`] writes the shortest text that reads back as
/// the same `f64`.
pub fn write(buf: &mut String, v: f64, precision: Precision) {
    match precision {
        Precision::Full => {
            let _ = write!(buf, "{v}");
        }
        Precision::Digits(n) => {
            let _ = write!(buf, "{}", round(v, Precision::Digits(n)));
        }
    }
}

/// `v` rounded to `precision` significant digits: the `f64` nearest that decimal, whose
/// shortest text (as Rust and serde_json write it) is that decimal.
pub fn round(v: f64, precision: Precision) -> f64 {
    let Precision::Digits(n) = precision else {
        return v;
    };
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    // `{:.Ne}` rounds to N+1 significant digits correctly (no double rounding); parsing
    // it back gives the nearest f64 to that decimal.
    format!("{:.*e}", n - 1, v).parse().unwrap_or(v)
}

/// The three probabilities rounded.
pub fn round_scores(s: Scores, precision: Precision) -> Scores {
    Scores::from_array(s.to_array().map(|v| round(v, precision)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(v: f64, p: Precision) -> String {
        let mut s = String::new();
        write(&mut s, v, p);
        s
    }

    #[test]
    fn significant_digits() {
        let four = Precision::Digits(4);
        assert_eq!(text(0.123456789, four), "0.1235");
        assert_eq!(text(0.5, four), "0.5");
        assert_eq!(text(1.0, four), "1");
        assert_eq!(text(0.0, four), "0");
        assert_eq!(text(0.99996, four), "1");
        assert_eq!(text(0.000012345678, four), "0.00001235");
        assert_eq!(text(0.0049995, Precision::Digits(2)), "0.005");
        assert_eq!(text(0.1 + 0.2, Precision::Digits(17)), "0.30000000000000004");
        assert_eq!(text(0.1 + 0.2, Precision::Full), "0.30000000000000004");
        assert_eq!(text(0.123456789, Precision::Full), "0.123456789");
        let v = 0.8765432109876543;
        assert_eq!(text(v, Precision::Full).parse::<f64>().unwrap(), v);
        assert!((text(v, four).parse::<f64>().unwrap() - v).abs() <= 0.5e-4);
    }
}
