//! The CLI's CSV reading on mutated CSV: the reader thread of `claimscore score`
//! (included from the binary's source), then the library on every text field. No panic;
//! rows come out in order with lines that never go backwards; scores are finite.
#![no_main]

use std::io::Cursor;
use std::sync::mpsc::sync_channel;

use claimscore::Classifier;
use libfuzzer_sys::fuzz_target;

/// Rows read from the input, in order (as in the binary's `score` module, which its
/// reader names as `super::Chunk`).
pub struct Chunk {
    pub records: Vec<csv::ByteRecord>,
    #[allow(dead_code)]
    pub end_byte: u64,
}

#[path = "../../src/bin/claimscore/score/read.rs"]
#[allow(dead_code)]
mod read;

fuzz_target!(|data: &[u8]| {
    let input: Box<dyn std::io::Read + Send> = Box::new(Cursor::new(data.to_vec()));
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(read::Tracked::new(input));
    if rdr.byte_headers().is_err() {
        return;
    }
    let (tx, rx) = sync_channel(1);
    let reader = std::thread::spawn(move || read::read_chunks(rdr, 7, "fuzz", tx));
    let model = Classifier::default_model();
    let mut last = (0, 0);
    for chunk in rx {
        let Ok(chunk) = chunk else { break };
        for record in &chunk.records {
            let pos = record.position().expect("records have positions");
            assert!(pos.record() > last.0 || last == (0, 0), "rows in order");
            assert!(pos.line() >= last.1, "lines never go backwards");
            // Lines count `\n`s; a lone `\r` also ends a row.
            if !data.contains(&b'\r') {
                assert!(pos.line() > pos.record(), "a row is on or after its own number's line");
            }
            last = (pos.record(), pos.line());
            if let Some(text) = record.get(1).and_then(|t| std::str::from_utf8(t).ok()) {
                let p = model.scores(text).to_array();
                assert!(p.iter().all(|x| x.is_finite()), "{p:?}");
            }
        }
    }
    reader.join().expect("the reader does not panic");
});
