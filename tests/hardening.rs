//! Hostile and awkward inputs to the features of issue 11, each a fault found by trying
//! to break them: the input, what must happen, and (in the commit) what happened before.

mod util;

use util::{p, read_csv, run};

/// A private scratch directory, removed at the end of the test.
fn scratch() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// JSON Lines written by Windows tools (Notepad, PowerShell's `Out-File -Encoding utf8`)
/// start with a UTF-8 byte order mark and end lines with CRLF: read like the same file
/// without them, by `train`, `eval` and `score` (was: "line 1 is not a JSON object").
#[test]
fn json_lines_with_a_byte_order_mark_read_like_without() {
    let dir = scratch();
    let body = "{\"id\": \"a\", \"text\": \"Per Reuters, the bill passed.\", \"label\": \"sourced\"}\r\n\
                {\"id\": \"b\", \"text\": \"You absolute idiot.\", \"label\": \"inflammatory\"}\r\n\
                {\"id\": \"c\", \"text\": \"I doubt it will help anyone.\", \"label\": \"unsourced\"}\r\n";
    let plain = dir.path().join("plain.jsonl");
    let bom = dir.path().join("bom.jsonl");
    std::fs::write(&plain, body).unwrap();
    std::fs::write(&bom, [&b"\xEF\xBB\xBF"[..], body.as_bytes()].concat()).unwrap();

    let eval = |f: &std::path::Path| run(&["eval", "-q", "--data", p(f), "--json"], None);
    let (a, b) = (eval(&plain), eval(&bom));
    assert_eq!(b.code, 0, "{}", b.stderr);
    assert_eq!(a.stdout, b.stdout);

    let score = |f: &std::path::Path| run(&["score", "-q", "-i", p(f), "--format", "jsonl"], None);
    let (a, b) = (score(&plain), score(&bom));
    assert_eq!(b.code, 0, "{}", b.stderr);
    assert_eq!(a.stdout, b.stdout);
    // The first key is `id`, not `\u{feff}id`.
    assert!(b.stdout().starts_with("{\"id\":\"a\""), "{}", b.stdout());

    let model = dir.path().join("m.json");
    let t = run(
        &[
            "train",
            "-q",
            "--data",
            p(&bom),
            "--alpha",
            "1",
            "--min-df",
            "1",
            "--out",
            p(&model),
        ],
        None,
    );
    assert_eq!(t.code, 0, "{}", t.stderr);
    let lib = claimscore::Dataset::read_with(&bom, &claimscore::ReadOptions::new()).unwrap();
    assert_eq!(
        lib,
        claimscore::Dataset::read_with(&plain, &claimscore::ReadOptions::new()).unwrap()
    );
    // A byte order mark anywhere but the start is still an error naming its line.
    let later = dir.path().join("later.jsonl");
    std::fs::write(
        &later,
        format!("{body}\u{feff}{{\"text\": \"x\", \"label\": \"sourced\"}}\n"),
    )
    .unwrap();
    let e = eval(&later);
    assert_eq!(e.code, 1);
    assert!(e.stderr.contains("line 4"), "{}", e.stderr);
    let _ = read_csv;
}
