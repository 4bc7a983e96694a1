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

/// Writes what `write_float(buf, round(v, Digits(n)))` writes, from `ryu`'s shortest
/// digits of `v` instead of `format!` and a parse (a third of the writer's instructions);
/// returns false, writing nothing, where that is not certain.
///
/// Rounding the shortest digits `s` of `v` to `n` digits gives the same decimal as rounding
/// `v` itself unless a rounding boundary (an `n + 1`-digit decimal ending in 5) lies
/// between them. Every number between `v` and `s` reads back as `v`, so such a boundary
/// would be a decimal of `n + 1` digits reading back as `v`: then `s`, the shortest, has
/// at most `n + 1` digits, and with `n + 1 <= 15` no two decimals of that many digits read
/// back as the same `f64`, so the boundary is `s` itself. So only `s` of `n + 1` digits
/// ending in 5 is left to `core::fmt`. The rounded decimal has at most 14 digits, so it is
/// the shortest text of the `f64` nearest it, which is what `write_float` writes.
fn write_rounded_shortest(buf: &mut String, v: f64, n: usize) -> bool {
    // Zero, negatives, non-finite values and `write_float`'s `core::fmt` cases are rare
    // for probabilities: they keep the old path.
    if !(v > 0.0 && v.is_finite() && (1..=14).contains(&n)) || writes_with_fmt(v) {
        return false;
    }
    let mut ryu = ryu::Buffer::new();
    // On bytes: `str::split_once` and chained iterators were half of the writer's float time.
    let text = ryu.format_finite(v).as_bytes();
    let (mantissa, exponent) = match text.iter().position(|&b| b == b'e') {
        Some(e) => (
            &text[..e],
            std::str::from_utf8(&text[e + 1..])
                .ok()
                .and_then(|e| e.parse::<i32>().ok())
                .expect("ryu writes an integer exponent"),
        ),
        None => (text, 0),
    };
    let int_len = mantissa.iter().position(|&b| b == b'.').unwrap_or(mantissa.len());
    // The value is 0.DIGITS * 10^point, DIGITS without leading or trailing zeros.
    let mut digits = [0u8; 24];
    let mut k = 0;
    let mut point = int_len as i32 + exponent;
    for &d in mantissa.iter().filter(|&&d| d != b'.') {
        if k == 0 && d == b'0' {
            point -= 1;
            continue;
        }
        digits[k] = d;
        k += 1;
    }
    while k > 0 && digits[k - 1] == b'0' {
        k -= 1;
    }
    if k == 0 || (k == n + 1 && digits[n] == b'5') {
        return false;
    }
    if k > n {
        let up = digits[n] >= b'5';
        k = n;
        if up {
            // Carry: 0.12349 -> 0.1235, 0.99996 -> 1.
            while k > 0 && digits[k - 1] == b'9' {
                k -= 1;
            }
            if k == 0 {
                digits[0] = b'1';
                k = 1;
                point += 1;
            } else {
                digits[k - 1] += 1;
            }
        }
        while k > 0 && digits[k - 1] == b'0' {
            k -= 1;
        }
    }
    write_plain(buf, &digits[..k], point);
    true
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
    // Whole slices rather than a `char` at a time.
    let digits = std::str::from_utf8(digits).expect("ASCII digits");
    let zeros = |buf: &mut String, count: i32| buf.extend(std::iter::repeat_n('0', count.max(0) as usize));
    if point <= 0 {
        buf.push_str("0.");
        zeros(buf, -point);
        buf.push_str(digits);
    } else if point >= n {
        buf.push_str(digits);
        zeros(buf, point - n);
    } else {
        buf.push_str(&digits[..point as usize]);
        buf.push('.');
        buf.push_str(&digits[point as usize..]);
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
