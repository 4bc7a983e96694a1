//! Probabilities as text with `--precision` significant digits.
//!
//! Full precision is 16 to 17 digits, about 13% of a scored CSV's bytes for nothing a
//! reader of probabilities can use; 4 significant digits is the default.

use claimscore::Scores;

use crate::args::Precision;

/// Appends `v` to `buf` with `precision` significant digits, trailing zeros dropped
/// (`0.5`, not `0.5000`); [`Precision::Full`] writes the shortest text that reads back as
/// the same `f64`.
pub fn write(buf: &mut String, v: f64, precision: Precision) {
    match precision {
        Precision::Full => write_float(buf, v),
        // Rounding goes through `core::fmt` (correctly rounded, no double rounding); the
        // rounded value's text through `write_float`.
        Precision::Digits(n) => write_float(buf, round(v, Precision::Digits(n))),
    }
}

/// Shortest text that reads back as the same `f64`, exactly as `format!("{v}")` writes it
/// (plain decimal, never an exponent), without `core::fmt`: the shortest digits come from
/// `ryu` (half the writer thread's time went to formatting floats), placed here.
///
/// When two shortest digit strings are equally close to `v`, `ryu` rounds to even and
/// `core::fmt` up. That takes an exact decimal of `v` of at most 18 significant digits.
/// `v = m * 2^e` with `m` odd has `m * 5^-e` as its digits when `e < 0`, at least
/// `0.699 * -e` of them: so values with `e >= -26` (integers, halves, ... never a
/// probability computed by the model, whose `e` is about -53) go to `core::fmt`.
pub(crate) fn write_float(buf: &mut String, v: f64) {
    let bits = v.to_bits();
    let (exponent, fraction) = ((bits >> 52) & 0x7ff, bits & ((1 << 52) - 1));
    let (m, e) = match exponent {
        0 => (fraction, -1074),
        _ => (fraction | 1 << 52, exponent as i64 - 1075),
    };
    let short_decimal = m != 0 && e + m.trailing_zeros() as i64 >= -26;
    if !v.is_finite() || short_decimal {
        use std::fmt::Write as _;
        let _ = write!(buf, "{v}");
        return;
    }
    let mut ryu = ryu::Buffer::new();
    let text = ryu.format_finite(v);
    let (sign, text) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text),
    };
    buf.push_str(sign);
    let Some((mantissa, exponent)) = text.split_once('e') else {
        // "0.25", "1.0" (written "1"), "123.0".
        buf.push_str(text.strip_suffix(".0").unwrap_or(text));
        return;
    };
    // "1.5e-7": one digit before the point, no trailing zeros.
    let exponent: i32 = exponent.parse().expect("ryu writes an integer exponent");
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let point = int.len() as i32 + exponent;
    let digits = int.bytes().chain(frac.bytes());
    let n = (int.len() + frac.len()) as i32;
    if point <= 0 {
        buf.push_str("0.");
        (0..-point).for_each(|_| buf.push('0'));
        digits.for_each(|d| buf.push(d as char));
    } else if point >= n {
        digits.for_each(|d| buf.push(d as char));
        (0..point - n).for_each(|_| buf.push('0'));
    } else {
        for (k, d) in digits.enumerate() {
            if k as i32 == point {
                buf.push('.');
            }
            buf.push(d as char);
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

#[cfg(test)]
mod ryu_tests {
    use super::write_float;

    #[test]
    fn floats_are_written_as_display_writes_them() {
        let mut special = vec![
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            0.1,
            1e-7,
            1.5e-7,
            1e-300,
            5e-324,
            1e16,
            1.25e16,
            123.0,
            123.456,
            1e22,
            1e23,
            f64::MAX,
            f64::MIN_POSITIVE,
            f64::EPSILON,
            1.0 / 3.0,
            2.0 / 3.0,
            0.999_999_999_999_999_9,
        ];
        // A deterministic spread of bit patterns (xorshift), and probabilities in (0, 1).
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            special.push(f64::from_bits(x));
            special.push((x >> 11) as f64 / (1u64 << 53) as f64);
        }
        let mut buf = String::new();
        for v in special.into_iter().filter(|v| v.is_finite()) {
            buf.clear();
            write_float(&mut buf, v);
            assert_eq!(buf, format!("{v}"), "{v:e}");
        }
    }
}
