//! Latency of the first `claimscore::classify` call in a fresh process, which includes
//! parsing the bundled model. Criterion repeats a closure, so this is a plain timer:
//! `cargo bench --bench first_call` (run it a few times; each run is a new process).

use std::time::Instant;

fn main() {
    let text = "According to Reuters, the talks in Miami ended on Sunday with no agreement on \
                territory, and the envoy said more meetings were planned for January in Geneva.";
    let start = Instant::now();
    let first = claimscore::classify(text);
    let first_call = start.elapsed();
    let start = Instant::now();
    let n = 10_000;
    for _ in 0..n {
        std::hint::black_box(claimscore::classify(std::hint::black_box(text)));
    }
    let warm = start.elapsed() / n;
    assert_eq!(first.label, claimscore::Label::Sourced, "sanity: the sample is sourced");
    println!(
        "first classify() including model load: {first_call:.2?}; warm classify(): {warm:.2?} ({} words)",
        text.split_whitespace().count()
    );
}
