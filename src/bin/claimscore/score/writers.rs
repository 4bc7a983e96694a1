//! The writer thread: rows and results out as CSV or JSON lines, bad rows to the errors
//! file when there is one.

use std::io::Write;
use std::sync::mpsc::Receiver;

use anyhow::{Context, Result};
use claimscore::io::OutputFile;
use csv::ByteRecord;

use super::Scored;
use super::columns::Layout;
use super::jsonl::NULL_FIELD;
use crate::args::Format;
use crate::output::Sink;

type Written = (Sink, Option<OutputFile>);

pub fn write_rows(layout: Layout, sink: Sink, errors: Option<OutputFile>, rx: Receiver<Scored>) -> Result<Written> {
    let mut errors = errors.map(|e| csv::WriterBuilder::new().flexible(true).from_writer(e));
    if let Some(w) = errors.as_mut() {
        let mut header = ByteRecord::new();
        header.push_field(b"row");
        header.push_field(b"error");
        layout.all_columns.iter().for_each(|c| header.push_field(c.as_bytes()));
        w.write_byte_record(&header)?;
    }
    let sink = match layout.format {
        Format::Csv => write_csv(&layout, sink, errors.as_mut(), rx)?,
        Format::Jsonl => write_jsonl(&layout, sink, errors.as_mut(), rx)?,
    };
    let errors = match errors {
        Some(w) => Some(
            w.into_inner()
                .map_err(|e| e.into_error())
                .context("cannot write the errors file")?,
        ),
        None => None,
    };
    Ok((sink, errors))
}

/// A field as written to CSV: a JSON null or missing value is empty.
fn csv_field<'a>(layout: &Layout, f: &'a [u8]) -> &'a [u8] {
    if layout.jsonl && f == NULL_FIELD { b"" } else { f }
}

/// Writes a bad row, as read, to the errors file.
fn divert(w: &mut csv::Writer<OutputFile>, layout: &Layout, record: &ByteRecord, message: &str) -> Result<()> {
    let mut out = ByteRecord::with_capacity(record.as_slice().len() + message.len() + 16, record.len() + 2);
    out.push_field(record.position().map_or(0, |p| p.record() + 1).to_string().as_bytes());
    out.push_field(message.as_bytes());
    record.iter().for_each(|f| out.push_field(csv_field(layout, f)));
    w.write_byte_record(&out).context("cannot write the errors file")?;
    Ok(())
}

fn write_csv(
    layout: &Layout,
    sink: Sink,
    mut errors: Option<&mut csv::Writer<OutputFile>>,
    rx: Receiver<Scored>,
) -> Result<Sink> {
    let mut w = csv::WriterBuilder::new().buffer_capacity(1 << 16).from_writer(sink);
    let mut header = ByteRecord::new();
    layout
        .input_columns
        .iter()
        .for_each(|c| header.push_field(c.as_bytes()));
    header.push_field(layout.label.as_bytes());
    layout
        .probabilities
        .iter()
        .for_each(|c| header.push_field(c.as_bytes()));
    header.push_field(layout.model_version.as_bytes());
    layout
        .claims
        .iter()
        .chain(&layout.explanation)
        .for_each(|c| header.push_field(c.as_bytes()));
    header.push_field(layout.language.as_bytes());
    header.push_field(layout.error.as_bytes());
    w.write_byte_record(&header)?;
    let mut out = ByteRecord::new();
    let mut buf = String::new();
    for chunk in rx {
        for ((record, result), language) in chunk.records.iter().zip(&chunk.results).zip(&chunk.languages) {
            if let (Err(message), Some(e)) = (result, errors.as_deref_mut()) {
                divert(e, layout, record, message)?;
                continue;
            }
            out.clear();
            layout
                .kept
                .iter()
                .for_each(|&i| out.push_field(csv_field(layout, record.get(i).unwrap_or_default())));
            match result {
                Ok(p) => {
                    out.push_field(p.label.as_str().as_bytes());
                    for v in p.scores.to_array() {
                        buf.clear();
                        write_float(&mut buf, v);
                        out.push_field(buf.as_bytes());
                    }
                    out.push_field(layout.version.as_bytes());
                    if layout.claims.is_some() {
                        out.push_field(&serde_json::to_vec(&p.claims).expect("claims serialize"));
                    }
                    if layout.explanation.is_some() {
                        out.push_field(&serde_json::to_vec(&p.explanation).expect("explanations serialize"));
                    }
                    out.push_field(b"");
                    out.push_field(b"");
                }
                Err(message) => {
                    (0..5).for_each(|_| out.push_field(b""));
                    layout
                        .claims
                        .iter()
                        .chain(&layout.explanation)
                        .for_each(|_| out.push_field(b""));
                    out.push_field(language.unwrap_or_default().as_bytes());
                    out.push_field(message.as_bytes());
                }
            }
            w.write_byte_record(&out)?;
        }
        super::read::recycle(chunk.records);
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

fn write_jsonl(
    layout: &Layout,
    mut sink: Sink,
    mut errors: Option<&mut csv::Writer<OutputFile>>,
    rx: Receiver<Scored>,
) -> Result<Sink> {
    let key = |buf: &mut Vec<u8>, k: &str| {
        serde_json::to_writer(&mut *buf, k).expect("strings serialize");
        buf.push(b':');
    };
    let mut buf: Vec<u8> = Vec::with_capacity(1 << 20);
    let mut num = String::new();
    for chunk in rx {
        buf.clear();
        for ((record, result), language) in chunk.records.iter().zip(&chunk.results).zip(&chunk.languages) {
            if let (Err(message), Some(e)) = (result, errors.as_deref_mut()) {
                divert(e, layout, record, message)?;
                continue;
            }
            buf.push(b'{');
            for (&i, name) in layout.kept.iter().zip(&layout.input_columns) {
                key(&mut buf, name);
                match record.get(i) {
                    // Invalid UTF-8 cannot be JSON: null, never U+FFFD; the row has an error.
                    // A JSON input's null (`NULL_FIELD`, not UTF-8) is null again.
                    Some(f) => match std::str::from_utf8(f) {
                        Ok(f) => serde_json::to_writer(&mut buf, f).expect("strings serialize"),
                        Err(_) => buf.extend_from_slice(b"null"),
                    },
                    None => buf.extend_from_slice(b"null"),
                }
                buf.push(b',');
            }
            key(&mut buf, &layout.label);
            match result {
                Ok(p) => {
                    serde_json::to_writer(&mut buf, p.label.as_str()).expect("strings serialize");
                    for (name, v) in layout.probabilities.iter().zip(p.scores.to_array()) {
                        buf.push(b',');
                        key(&mut buf, name);
                        num.clear();
                        write_float(&mut num, v);
                        buf.extend_from_slice(num.as_bytes());
                    }
                }
                Err(_) => {
                    buf.extend_from_slice(b"null");
                    for name in &layout.probabilities {
                        buf.push(b',');
                        key(&mut buf, name);
                        buf.extend_from_slice(b"null");
                    }
                }
            }
            buf.push(b',');
            key(&mut buf, &layout.model_version);
            serde_json::to_writer(&mut buf, &layout.version).expect("strings serialize");
            let ok = result.as_ref().ok();
            if let Some(name) = &layout.claims {
                buf.push(b',');
                key(&mut buf, name);
                serde_json::to_writer(&mut buf, &ok.and_then(|p| p.claims.as_ref())).expect("claims serialize");
            }
            if let Some(name) = &layout.explanation {
                buf.push(b',');
                key(&mut buf, name);
                serde_json::to_writer(&mut buf, &ok.and_then(|p| p.explanation.as_ref()))
                    .expect("explanations serialize");
            }
            buf.push(b',');
            key(&mut buf, &layout.language);
            serde_json::to_writer(&mut buf, language).expect("strings serialize");
            buf.push(b',');
            key(&mut buf, &layout.error);
            serde_json::to_writer(&mut buf, &result.as_ref().err()).expect("strings serialize");
            buf.extend_from_slice(b"}\n");
        }
        sink.write_all(&buf)?;
    }
    Ok(sink)
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
fn write_float(buf: &mut String, v: f64) {
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

#[cfg(test)]
mod tests {
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
