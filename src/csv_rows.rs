//! CSV rows for the dataset readers: the whole input read once, refused where the csv
//! crate lets bad input through (a quote never closed, a column named twice, a ragged
//! row, a header on the wrong delimiter), each record with the line it starts on.

use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::path::Path;
use std::rc::Rc;

use crate::csv_check::{detect_delimiter_for, other_delimiter, unclosed_quote_with};
use crate::error::{Error, Result};

pub(crate) type Records<'r> = Box<dyn Iterator<Item = (u64, Result<csv::StringRecord>)> + 'r>;

/// Reads a whole CSV, refusing what the csv crate lets through (a quote never closed, a
/// header naming a column twice, a row with more or fewer fields than the header), and
/// gives each record with the 1-based line it starts on. A `delimiter` of `None` is detected
/// from the header, one on which it names `columns` where there is one.
pub(crate) fn open_csv<'r>(
    mut reader: impl Read,
    path: Option<&'r Path>,
    delimiter: Option<u8>,
    columns: &[&str],
) -> Result<(Header, Records<'r>)> {
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).map_err(|e| Error::csv(path, e.into()))?;
    let delimiter = delimiter
        .or_else(|| detect_delimiter_for(&bytes, columns))
        .unwrap_or(b',');
    let mut lines = Lines {
        bytes: bytes.into(),
        counted: 0,
        newlines: 0,
    };
    if let Some(open) = unclosed_quote_with(&lines.bytes, delimiter) {
        return Err(Error::UnclosedQuote {
            path: path.map(Path::to_path_buf),
            line: lines.line_at(open),
        });
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(Cursor::new(Rc::clone(&lines.bytes)));
    let headers = reader.headers().map_err(|e| Error::csv(path, e))?.clone();
    let mut seen = HashMap::with_capacity(headers.len());
    for (i, name) in headers.iter().enumerate() {
        if let Some(first) = seen.insert(name, i) {
            return Err(Error::DuplicateColumn {
                path: path.map(Path::to_path_buf),
                column: name.to_string(),
                first: first + 1,
                second: i + 1,
            });
        }
    }
    let other = other_delimiter(&lines.bytes, delimiter);
    let names = headers.clone();
    let records = reader.into_byte_records().map(move |r| {
        let record = match r {
            Ok(record) => record,
            Err(e) => return (e.position().map_or(0, |p| p.line()), Err(Error::csv(path, e))),
        };
        let row = lines.record_line(record.position().map_or(0, |p| p.byte()));
        if record.len() != names.len() {
            let e = Error::RaggedRow {
                path: path.map(Path::to_path_buf),
                row,
                fields: record.len(),
                expected: names.len(),
            };
            return (row, Err(e));
        }
        let record = csv::StringRecord::from_byte_record(record).map_err(|e| {
            let name = names.get(e.utf8_error().field()).unwrap_or_default();
            bad(path, row, name, "invalid UTF-8".into())
        });
        (row, record)
    });
    let header = Header {
        names: headers,
        delimiter,
        other_delimiter: other,
    };
    Ok((header, Box::new(records)))
}

/// Line numbers of a CSV's bytes, counted as the records go forward.
struct Lines {
    bytes: Rc<[u8]>,
    /// `bytes[..counted]` holds `newlines` newlines.
    counted: usize,
    newlines: u64,
}

impl Lines {
    /// The 1-based line of the byte at `offset`.
    fn line_at(&mut self, offset: usize) -> u64 {
        let offset = offset.min(self.bytes.len());
        if offset < self.counted {
            (self.counted, self.newlines) = (0, 0);
        }
        self.newlines += self.bytes[self.counted..offset].iter().filter(|&&b| b == b'\n').count() as u64;
        self.counted = offset;
        self.newlines + 1
    }

    /// The line of the first byte of a record whose position is `start`: the csv crate
    /// gives where the previous record ended, before the `\n` of a CRLF and any blank
    /// lines it skipped.
    fn record_line(&mut self, start: u64) -> u64 {
        let start = (start as usize).min(self.bytes.len());
        let skipped = self.bytes[start..]
            .iter()
            .take_while(|&&b| b == b'\r' || b == b'\n')
            .count();
        self.line_at(start + skipped)
    }
}

/// A CSV header: its names, the delimiter it was split on, and another delimiter it
/// holds when it does not hold that one (for an error that names it).
pub(crate) struct Header {
    pub names: csv::StringRecord,
    pub delimiter: u8,
    pub other_delimiter: Option<u8>,
}

impl Header {
    /// Where the column `name` is, if it is there.
    pub fn position(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|h| h == name)
    }

    /// Where the required column `name` is, or an error listing the columns present (or
    /// naming the delimiter the header seems to use).
    pub fn column(&self, path: Option<&Path>, name: &str) -> Result<usize> {
        self.position(name).ok_or_else(|| match self.other_delimiter {
            Some(found) if self.names.len() == 1 => Error::WrongDelimiter {
                path: path.map(Path::to_path_buf),
                column: name.to_string(),
                delimiter: self.delimiter,
                found,
            },
            _ => Error::MissingColumn {
                path: path.map(Path::to_path_buf),
                column: name.to_string(),
                present: self.names.iter().map(str::to_string).collect(),
            },
        })
    }
}

pub(crate) fn field<'r>(
    path: Option<&Path>,
    row: u64,
    record: &'r csv::StringRecord,
    i: usize,
    name: &str,
) -> Result<&'r str> {
    match record.get(i) {
        Some(v) if !v.trim().is_empty() => Ok(v),
        Some(_) => Err(bad(path, row, name, "empty".into())),
        None => Err(bad(
            path,
            row,
            name,
            format!("missing: the row has {} fields", record.len()),
        )),
    }
}

pub(crate) fn bad(path: Option<&Path>, row: u64, field: &str, message: String) -> Error {
    Error::BadField {
        path: path.map(Path::to_path_buf),
        row,
        field: field.to_string(),
        message,
    }
}
