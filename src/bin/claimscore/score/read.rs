//! The reader thread: raw rows in chunks, with true line numbers, and an unclosed quote
//! caught instead of swallowing the rest of the input.
//!
//! The csv crate gives each record the position where the previous one ended, so after
//! a CRLF or a blank line its line is one short; and a quoted field left open at the end
//! of the input just ends there, every later line merged into it. Both are fixed from the
//! raw bytes, which [`Tracked`] keeps from the current record on.

use std::io::{self, Read};
use std::sync::Mutex;
use std::sync::mpsc::SyncSender;

use anyhow::{Result, anyhow};
use claimscore::csv_check::{detect_delimiter_for, other_delimiter, unclosed_quote_with};
use csv::ByteRecord;

use super::Chunk;

/// A chunk is cut at this many bytes of row data even when it has fewer rows than
/// `--chunk-rows`, which bounds memory when texts are long.
const CHUNK_BYTES: usize = 4 << 20;

/// Records the writer is done with, for the reader to read rows into again: a fresh
/// `ByteRecord` per row (two allocations) was half the reader thread's time.
static SPARE: Mutex<Vec<ByteRecord>> = Mutex::new(Vec::new());

/// At most this many spare records are kept (input that is not CSV takes none): two
/// chunks of the default `--chunk-rows`, about as many as are in flight at once.
const MAX_SPARE: usize = 16_384;

/// Only a record of at most this many bytes is kept for reuse, so the spare records hold
/// a few MB at most (a record keeps the buffers its longest row grew).
const MAX_SPARE_BYTES: usize = 1024;

/// Hands the records of a written chunk back to the reader thread.
pub fn recycle(records: Vec<ByteRecord>) {
    let Ok(mut spare) = SPARE.lock() else { return };
    let room = MAX_SPARE.saturating_sub(spare.len());
    spare.extend(
        records
            .into_iter()
            .filter(|r| r.as_slice().len() <= MAX_SPARE_BYTES)
            .take(room),
    );
}

/// The input, keeping the bytes read since the start of the current record and counting
/// newlines, for the line numbers.
pub struct Tracked<R> {
    inner: R,
    /// The bytes from offset `base` up to what has been read.
    kept: Vec<u8>,
    base: u64,
    /// The input before offset `counted` has `newlines` newlines.
    counted: u64,
    newlines: u64,
}

impl<R: Read> Tracked<R> {
    pub fn new(inner: R) -> Self {
        Tracked {
            inner,
            kept: Vec::with_capacity(1 << 17),
            base: 0,
            counted: 0,
            newlines: 0,
        }
    }
}

impl<R> Tracked<R> {
    /// The bytes read from `offset` on; `offset` is not before the current record.
    fn bytes_from(&self, offset: u64) -> &[u8] {
        &self.kept[(offset - self.base) as usize..]
    }

    /// The 1-based line of the byte at `offset`; offsets must not go backwards.
    fn line_at(&mut self, offset: u64) -> u64 {
        let from = (self.counted - self.base) as usize;
        let to = (offset - self.base) as usize;
        self.newlines += self.kept[from..to].iter().filter(|&&b| b == b'\n').count() as u64;
        self.counted = offset;
        self.newlines + 1
    }

    /// Lets the bytes before `offset` go (in batches, so that the copy stays cheap).
    fn forget_before(&mut self, offset: u64) {
        let dead = (offset.min(self.counted) - self.base) as usize;
        if dead >= 1 << 16 && dead * 2 >= self.kept.len() {
            self.kept.drain(..dead);
            self.base += dead as u64;
        }
    }
}

impl<R: Read> Read for Tracked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.kept.extend_from_slice(&buf[..n]);
        Ok(n)
    }
}

/// The input type the reader thread parses.
pub type Input = Tracked<Box<dyn Read + Send>>;

pub fn read_chunks(
    mut rdr: csv::Reader<Input>,
    delimiter: u8,
    chunk_rows: usize,
    input_name: &str,
    tx: SyncSender<Result<Chunk>>,
) {
    let mut rows = Rows {
        last_start: 0,
        last_row: 1,
        delimiter,
        spare: Vec::new(),
    };
    // One row is read ahead, so that the chunk ending at the end of the input is known
    // to be the last one before it is sent: its last row may be an unclosed quote's.
    let mut next = rows.next(&mut rdr);
    loop {
        let mut records = Vec::with_capacity(chunk_rows.min(1 << 16));
        let mut bytes = 0;
        while let Ok(Some(record)) = next {
            bytes += record.as_slice().len();
            records.push(record);
            next = rows.next(&mut rdr);
            if records.len() >= chunk_rows || bytes >= CHUNK_BYTES {
                break;
            }
        }
        let failure = match next {
            Ok(Some(_)) => None,
            Ok(None) => {
                let failure = rows.unclosed_quote(rdr.get_mut(), input_name);
                // That row is the rest of the input: not a row to score.
                if failure.is_some() && rows.last_row > 1 {
                    records.pop();
                }
                failure
            }
            Err(e) => {
                let _ = tx.send(Err(anyhow::Error::new(e).context(format!("cannot read {input_name}"))));
                return;
            }
        };
        let end = !matches!(next, Ok(Some(_)));
        if !send(&tx, records, rdr.position().byte(), failure, end) {
            return;
        }
    }
}

/// The header line's delimiter: `given`, or detected from the first line (`,` when it
/// shows none; one on which it names `columns` where there is one); and another delimiter
/// the line holds when it does not hold that one. The bytes read to see the line are put
/// back in front of the input.
pub fn sniff_delimiter(
    mut input: Box<dyn Read + Send>,
    given: Option<u8>,
    columns: &[&str],
) -> io::Result<(Box<dyn Read + Send>, u8, Option<u8>)> {
    let mut head = Vec::with_capacity(1 << 12);
    let mut buf = [0u8; 1 << 12];
    // A header is one line; 1 MiB without a newline is not one worth reading further.
    while !head.contains(&b'\n') && head.len() < 1 << 20 {
        let n = match input.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        head.extend_from_slice(&buf[..n]);
    }
    let delimiter = given.or_else(|| detect_delimiter_for(&head, columns)).unwrap_or(b',');
    let other = other_delimiter(&head, delimiter);
    Ok((Box::new(io::Cursor::new(head).chain(input)), delimiter, other))
}

/// Sends a chunk's rows (if any), then the failure that ended it (if any); whether the
/// reader goes on: not after a failure, at the end of the input, or when the scorer hung up.
/// Shared by the CSV and JSON Lines readers.
pub(super) fn send(
    tx: &SyncSender<Result<Chunk>>,
    records: Vec<ByteRecord>,
    end_byte: u64,
    failure: Option<anyhow::Error>,
    end: bool,
) -> bool {
    if !records.is_empty() && tx.send(Ok(Chunk { records, end_byte })).is_err() {
        return false;
    }
    if let Some(e) = failure {
        let _ = tx.send(Err(e));
        return false;
    }
    !end
}

/// Where the last row read starts, and its number (the header, row 1, before any row).
struct Rows {
    last_start: u64,
    last_row: u64,
    delimiter: u8,
    /// Records to read into, taken from [`SPARE`] in one go when empty.
    spare: Vec<ByteRecord>,
}

impl Rows {
    /// The next row, with its line fixed; `None` at the end of the input.
    fn next(&mut self, rdr: &mut csv::Reader<Input>) -> csv::Result<Option<ByteRecord>> {
        if self.spare.is_empty() {
            if let Ok(mut spare) = SPARE.lock() {
                std::mem::swap(&mut self.spare, &mut spare);
            }
        }
        let mut record = self.spare.pop().unwrap_or_default();
        if !rdr.read_byte_record(&mut record)? {
            return Ok(None);
        }
        self.last_start = record.position().map_or(0, |p| p.byte());
        fix_line(&mut record, rdr.get_mut());
        self.last_row = record.position().map_or(0, |p| p.record() + 1);
        Ok(Some(record))
    }

    /// At the end of the input: the error for a quoted field in the last row that never
    /// closed.
    fn unclosed_quote(&self, tracked: &mut Tracked<Box<dyn Read + Send>>, input_name: &str) -> Option<anyhow::Error> {
        let quote = unclosed_quote_with(tracked.bytes_from(self.last_start), self.delimiter)?;
        let line = tracked.line_at(self.last_start + quote as u64);
        Some(anyhow!(
            "cannot read {input_name}: row {} opens a quoted field on line {line} that is never closed: every line after it would be merged into that field",
            self.last_row
        ))
    }
}

/// Sets the record's line to the line its first byte is on.
///
/// The record's position is where the previous one ended: before the `\n` of a CRLF and
/// before any blank lines, which the parser skips.
fn fix_line<R>(record: &mut ByteRecord, tracked: &mut Tracked<R>) {
    let Some(mut pos) = record.position().cloned() else {
        return;
    };
    let start = pos.byte();
    let skipped = tracked
        .bytes_from(start)
        .iter()
        .take_while(|&&b| b == b'\r' || b == b'\n')
        .count();
    pos.set_line(tracked.line_at(start + skipped as u64));
    record.set_position(Some(pos));
    tracked.forget_before(start);
}
