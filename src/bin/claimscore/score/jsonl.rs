//! JSON lines input: one object per line, no header. Each line becomes a row whose fields
//! are its values in the order of the columns (the first object's keys, then any needed
//! column it lacks), so the rest of the pipeline is the CSV one's.
//!
//! A string value is its text, a number, boolean, array or object its JSON text; `null`
//! and a missing key are [`NULL_FIELD`], which a JSON string can never be (it is not
//! UTF-8). A leading UTF-8 byte order mark and blank lines are skipped; a line that is
//! not a JSON object is a fatal error (the input is not JSON lines), naming the line.

use std::fmt;
use std::io::{BufRead, BufReader, Read};
use std::sync::mpsc::SyncSender;

use anyhow::{Result, anyhow};
use csv::{ByteRecord, Position};
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::Value;

use super::Chunk;

/// A null or missing value: one byte that is not UTF-8, so no JSON string equals it.
pub const NULL_FIELD: &[u8] = b"\xff";

/// Rows per chunk are bounded as for CSV: by count and by bytes.
const CHUNK_BYTES: usize = 4 << 20;

/// A JSON object's entries in the order of the line.
pub struct Object(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Object {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Object;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Object, A::Error> {
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(4));
                while let Some(entry) = map.next_entry::<String, Value>()? {
                    entries.push(entry);
                }
                Ok(Object(entries))
            }
        }
        d.deserialize_map(V)
    }
}

impl Object {
    /// The keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }
}

/// The input, counting lines and bytes.
pub struct Lines {
    reader: BufReader<Box<dyn Read + Send>>,
    line: u64,
    byte: u64,
    buf: Vec<u8>,
    name: String,
}

impl Lines {
    pub fn new(reader: Box<dyn Read + Send>, name: &str) -> Self {
        Lines {
            reader: BufReader::with_capacity(1 << 16, reader),
            line: 0,
            byte: 0,
            buf: Vec::with_capacity(1 << 12),
            name: name.to_string(),
        }
    }

    /// The next non-blank line's object, with its 1-based line number and start byte;
    /// `None` at the end of the input.
    pub fn next_object(&mut self) -> Result<Option<(Object, Position)>> {
        loop {
            self.buf.clear();
            let n = self
                .reader
                .read_until(b'\n', &mut self.buf)
                .map_err(|e| anyhow::Error::new(e).context(format!("cannot read {}", self.name)))?;
            if n == 0 {
                return Ok(None);
            }
            self.line += 1;
            let start = self.byte;
            self.byte += n as u64;
            // A UTF-8 byte order mark (Notepad, PowerShell) opens the input, not its first object.
            if self.line == 1 && self.buf.starts_with(b"\xEF\xBB\xBF") {
                self.buf.drain(..3);
            }
            if self.buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let object: Object = serde_json::from_slice(&self.buf).map_err(|e| {
                anyhow!(
                    "cannot read {}: line {} is not a JSON object: {e}",
                    self.name,
                    self.line
                )
            })?;
            let mut pos = Position::new();
            pos.set_byte(start).set_line(self.line).set_record(self.line - 1);
            return Ok(Some((object, pos)));
        }
    }
}

/// The row of `object` in the order of `names`.
pub fn record(object: &Object, names: &[String], pos: Position) -> ByteRecord {
    let mut r = ByteRecord::with_capacity(256, names.len());
    let mut json = Vec::new();
    for name in names {
        match object.0.iter().find(|(k, _)| k == name).map(|(_, v)| v) {
            None | Some(Value::Null) => r.push_field(NULL_FIELD),
            Some(Value::String(s)) => r.push_field(s.as_bytes()),
            Some(v) => {
                json.clear();
                serde_json::to_writer(&mut json, v).expect("values serialize");
                r.push_field(&json);
            }
        }
    }
    r.set_position(Some(pos));
    r
}

/// The reader thread for JSON lines: `first` is the line already read for the columns.
pub fn read_chunks(
    mut lines: Lines,
    mut first: Option<(Object, Position)>,
    names: Vec<String>,
    chunk_rows: usize,
    tx: SyncSender<Result<Chunk>>,
) {
    loop {
        let mut records = Vec::with_capacity(chunk_rows.min(1 << 16));
        let mut bytes = 0;
        let mut failure = None;
        let mut end = false;
        while records.len() < chunk_rows && bytes < CHUNK_BYTES {
            let next = match first.take() {
                Some(f) => Ok(Some(f)),
                None => lines.next_object(),
            };
            match next {
                Ok(Some((object, pos))) => {
                    let r = record(&object, &names, pos);
                    bytes += r.as_slice().len();
                    records.push(r);
                }
                Ok(None) => {
                    end = true;
                    break;
                }
                Err(e) => {
                    failure = Some(e);
                    break;
                }
            }
        }
        if !super::read::send(&tx, records, lines.byte, failure, end) {
            return;
        }
    }
}
