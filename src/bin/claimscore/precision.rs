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
        Precision::Digits(n) => {
            if !write_rounded_shortest(buf, v, n) {
                // Rounding through `core::fmt` (correctly rounded, no double rounding); the
                // rounded value's text through `write_float`.
                write_float(buf, round(v, Precision::Digits(n)));
            }
        }
    }
}

/// Writes what `write_float(buf, round(v, Digits(n)))` writes, from the exact value of `v`
/// in integers instead of `format!` and a parse; returns false, writing nothing, where
/// that is not certain.
///
/// `v = m * 2^e` exactly, so `v * 10^k = m * 5^k / 2^-e`: with `m * 5^k` in a `u128`,
/// the quotient and the remainder are exact, and the quotient rounded half up is `v`
/// correctly rounded to `n` significant digits (a remainder of exactly one half, a tie,
/// is left to `core::fmt`, as is any `v` outside that range). That decimal has at most 14
/// digits, so it is the shortest text of the `f64` nearest it, which is what `write_float`
/// writes. (It took `ryu`'s shortest digits of `v` and rounded those: 930 instructions a
/// probability, a third of them this.)
fn write_rounded_shortest(buf: &mut String, v: f64, n: usize) -> bool {
    // Zero, negatives, non-finite values and `write_float`'s `core::fmt` cases are rare
    // for probabilities: they keep the old path.
    if !(v > 0.0 && v.is_finite() && (1..=14).contains(&n)) || writes_with_fmt(v) {
        return false;
    }
    let Some((q, point)) = rounded_digits(v, n as u32) else {
        return false;
    };
    // `q` has `n` digits: 0.DIGITS * 10^point, trailing zeros dropped.
    let mut digits = [0u8; 16];
    let mut q = q;
    for d in digits[..n].iter_mut().rev() {
        *d = b'0' + (q % 10) as u8;
        q /= 10;
    }
    let mut k = n;
    while k > 1 && digits[k - 1] == b'0' {
        k -= 1;
    }
    write_plain(buf, &digits[..k], point);
    true
}

/// `5^k` for `k <= 32` (`5^32 < 2^75`, so `m * 5^k < 2^128` for a 53-bit `m`).
const POWERS_OF_FIVE: [u128; 33] = {
    let mut t = [1u128; 33];
    let mut k = 1;
    while k < 33 {
        t[k] = t[k - 1] * 5;
        k += 1;
    }
    t
};

/// `v > 0` (normal) correctly rounded to `n <= 14` significant digits: the digits as an
/// integer `q` of exactly `n` digits and the decimal point's place (`v ~ 0.q * 10^point`);
/// `None` for a tie or a `v` whose exact product does not fit (below about `1e-28` or at
/// least `2^53`-ish).
fn rounded_digits(v: f64, n: u32) -> Option<(u64, i32)> {
    let bits = v.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    if biased == 0 {
        return None;
    }
    let m = u128::from(bits & ((1 << 52) - 1) | 1 << 52);
    let e = biased - 1075;
    let (low, high) = (10u64.pow(n - 1), 10u64.pow(n));
    // 2^(biased - 1023) <= v, so log10(v) is about (biased - 1023) * log10(2): a first
    // guess at the point, off by at most one, fixed below (78913 / 2^18 ~ log10(2)).
    let mut point = (((biased - 1023) * 78913) >> 18) + 1;
    for _ in 0..3 {
        // q = floor(v * 10^k) with k = n - point, and the remainder below it.
        let k = n as i32 - point;
        let shift = -(k + e);
        if !(0..=32).contains(&k) || !(1..=127).contains(&shift) {
            return None;
        }
        let x = m * POWERS_OF_FIVE[k as usize];
        let q = (x >> shift) as u64;
        if (x >> shift) >= u128::from(high) {
            point += 1;
            continue;
        }
        if q < low {
            point -= 1;
            continue;
        }
        let rem = x & ((1u128 << shift) - 1);
        let half = 1u128 << (shift - 1);
        if rem == half {
            return None;
        }
        let q = q + u64::from(rem > half);
        // Rounding up 9999 gives 10000: 1000 one place further.
        return Some(if q == high { (low, point + 1) } else { (q, point) });
    }
    None
}

/// Whether `write_float` writes `v` with `core::fmt` (see there).
fn writes_with_fmt(v: f64) -> bool {
    let bits = v.to_bits();
    let (exponent, fraction) = ((bits >> 52) & 0x7ff, bits & ((1 << 52) - 1));
    let (m, e) = match exponent {
        0 => (fraction, -1074),
        _ => (fraction | 1 << 52, exponent as i64 - 1075),
    };
    !v.is_finite() || (m != 0 && e + m.trailing_zeros() as i64 >= -26)
}

/// `0.DIGITS * 10^point` as a plain decimal, as `write_float` places ryu's digits.
fn write_plain(buf: &mut String, digits: &[u8], point: i32) {
    let n = digits.len() as i32;
    // A `char` at a time: ASCII, so each is one byte pushed (`str::from_utf8` and an
    // iterator of zeros cost more than the few bytes they wrote).
    let push = |buf: &mut String, digits: &[u8]| digits.iter().for_each(|&d| buf.push(char::from(d)));
    let zeros = |buf: &mut String, count: i32| (0..count).for_each(|_| buf.push('0'));
    buf.reserve(digits.len() + point.unsigned_abs() as usize + 2);
    if point <= 0 {
        buf.push_str("0.");
        zeros(buf, -point);
        push(buf, digits);
    } else if point >= n {
        push(buf, digits);
        zeros(buf, point - n);
    } else {
        push(buf, &digits[..point as usize]);
        buf.push('.');
        push(buf, &digits[point as usize..]);
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
    // Where `write_rounded_shortest` writes at all, it writes the shortest text of the
    // `f64` that `round_by_fmt` gives, which reads back as that `f64`: no `core::fmt`
    // (most of the main thread's time with `--claims`, which rounds every sentence's scores).
    let mut text = String::with_capacity(24);
    if write_rounded_shortest(&mut text, v, n) {
        return text.parse().expect("a plain decimal parses");
    }
    round_by_fmt(v, n)
}

/// `v` rounded to `n` significant digits through `core::fmt`.
fn round_by_fmt(v: f64, n: usize) -> f64 {
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
mod rounded_shortest_tests {
    use super::*;

    /// What `write` wrote before `write_rounded_shortest`.
    fn by_fmt(v: f64, n: usize) -> String {
        let mut s = String::new();
        let rounded = if v == 0.0 || !v.is_finite() {
            v
        } else {
            round_by_fmt(v, n)
        };
        write_float(&mut s, rounded);
        s
    }

    fn check(v: f64, taken: &mut usize) {
        for n in 1..=17 {
            let mut s = String::new();
            if write_rounded_shortest(&mut s, v, n) {
                *taken += 1;
                assert_eq!(s, by_fmt(v, n), "{v:e} to {n} digits");
            }
            let mut w = String::new();
            write(&mut w, v, Precision::Digits(n));
            assert_eq!(w, by_fmt(v, n), "{v:e} to {n} digits");
            // `round` (the claims' scores) as it was, bit for bit.
            let rounded = round(v, Precision::Digits(n));
            assert_eq!(rounded.to_bits(), round_by_fmt(v, n).to_bits(), "{v:e} to {n} digits");
        }
    }

    #[test]
    fn rounding_the_shortest_digits_writes_what_fmt_rounding_wrote() {
        let mut taken = 0;
        // Probabilities as the model makes them, and their neighbours.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..200_000 {
            // xorshift64*
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            let r = x.wrapping_mul(0x2545_F491_4F6C_DD1D);
            let v = (r >> 11) as f64 / (1u64 << 53) as f64;
            let scale = [1.0, 1e-3, 1e-7, 1e-12][(r & 3) as usize];
            for v in [v, v * scale, 1.0 - v * 1e-6] {
                check(v, &mut taken);
            }
        }
        // Boundaries and their neighbours: decimals ending in 5 at every length, carries,
        // the smallest and largest values.
        for text in [
            "0.5",
            "0.05",
            "0.15",
            "0.25",
            "0.125",
            "0.12345",
            "0.99995",
            "0.999949999999",
            "0.00012345",
            "0.3333333333333335",
            "0.45",
            "0.95",
            "0.995",
            "0.9999999999999999",
            "1e-300",
            "5e-324",
            "2.5e-8",
            "0.1234567890125",
            "0.8765432109876543",
        ] {
            let v: f64 = text.parse().unwrap();
            let mut u = v;
            for _ in 0..8 {
                check(u, &mut taken);
                u = u.next_down();
            }
            let mut u = v;
            for _ in 0..8 {
                check(u, &mut taken);
                u = u.next_up();
            }
        }
        for m in 1..100_000u32 {
            check(m as f64 / 100_000.0 + 5e-6, &mut taken);
        }
        // The fast path is the common one.
        assert!(taken > 7_000_000, "{taken}");
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
