//! Classifier::from_bytes on mutated model files (seed the corpus with
//! `models/claimscore-default.json`): an error or a model that scores, never a panic.
#![no_main]

use claimscore::Classifier;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(model) = Classifier::from_bytes(data) {
        let _ = model.classify("The report says 40% of households, per the ABS. Idiots.");
        let _ = model.explain("Source: the council minutes of 3 May.", 5);
    }
});
