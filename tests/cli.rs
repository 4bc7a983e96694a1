//! Runs the real `claimscore` binary on bundled data and generated fixtures and checks what
//! it writes, what it says and how it exits.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use claimscore::{Classifier, Label};

const ADDED: [&str; 8] = [
    "label",
    "sourced",
    "unsourced",
    "inflammatory",
    "model_version",
    "with_article",
    "language",
    "error",
];

mod util;
use util::{comments, datasets, p, run};

fn write_csv(path: &Path, header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) {
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record(header).unwrap();
    for r in rows {
        w.write_record(&r).unwrap();
    }
    w.flush().unwrap();
}

/// Header and rows of a CSV (bytes, so invalid UTF-8 survives).
fn read_csv(bytes: &[u8]) -> (Vec<String>, Vec<csv::ByteRecord>) {
    let mut r = csv::ReaderBuilder::new().from_reader(bytes);
    let h = r
        .byte_headers()
        .unwrap()
        .iter()
        .map(|f| String::from_utf8(f.to_vec()).unwrap())
        .collect();
    (h, r.byte_records().map(Result::unwrap).collect())
}

fn field<'a>(header: &[String], row: &'a csv::ByteRecord, name: &str) -> &'a str {
    let i = header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {header:?}"));
    std::str::from_utf8(&row[i]).unwrap()
}

/// Checks a scored row's label and probabilities; returns them.
fn scores_of(header: &[String], row: &csv::ByteRecord) -> (Label, [f64; 3]) {
    let probs = ["sourced", "unsourced", "inflammatory"].map(|c| field(header, row, c).parse::<f64>().unwrap());
    assert!(probs.iter().all(|p| (0.0..=1.0).contains(p)), "{probs:?}");
    // To 1 within the rounding of the default 4 significant digits (3 x 0.5e-4).
    assert!((probs.iter().sum::<f64>() - 1.0).abs() < 1.5e-4, "{probs:?} sum to 1");
    let label: Label = field(header, row, "label").parse().unwrap();
    // The label is the rubric's verdict (`Verdict::label`), not always the most probable:
    // callers compare it with the library's.
    assert_eq!(field(header, row, "error"), "");
    (label, probs)
}

/// Probabilities as the CLI writes them by default: rounded to 4 significant digits.
fn four_digits(p: [f64; 3]) -> [f64; 3] {
    p.map(|v| format!("{v:.3e}").parse().unwrap())
}

/// The first `n` bundled comments as `id,text,note`, with a note column after the text.
fn id_text_fixture(dir: &Path, n: usize) -> (PathBuf, Vec<[String; 5]>) {
    let rows: Vec<[String; 5]> = comments().into_iter().take(n).collect();
    let path = dir.join("in.csv");
    write_csv(
        &path,
        &["id", "text", "note"],
        rows.iter()
            .map(|r| vec![r[0].clone(), r[2].clone(), format!("note {}", r[0])]),
    );
    (path, rows)
}

#[test]
fn score_round_trip_through_files_and_through_stdin_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let (input, rows) = id_text_fixture(dir.path(), 300);
    let out = dir.path().join("out.csv");
    let r = run(
        &[
            "score",
            "--input",
            p(&input),
            "--output",
            p(&out),
            "--precision",
            "full",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("scored 300 of 300 rows"), "{}", r.stderr);
    let bytes = std::fs::read(&out).unwrap();
    let (header, got) = read_csv(&bytes);
    let mut expected: Vec<String> = ["id", "text", "note"].map(String::from).to_vec();
    expected.extend(ADDED.map(String::from));
    assert_eq!(header, expected, "input columns first, in order, then the added ones");
    assert_eq!(got.len(), rows.len());
    let model = Classifier::default_model();
    for (row, src) in got.iter().zip(&rows) {
        assert_eq!(field(&header, row, "id"), src[0], "rows stay in input order");
        assert_eq!(field(&header, row, "text"), src[2]);
        assert_eq!(field(&header, row, "note"), format!("note {}", src[0]));
        assert_eq!(field(&header, row, "model_version"), model.version());
        let (label, probs) = scores_of(&header, row);
        let want = model.scores(&src[2]);
        assert_eq!(probs, want.to_array(), "the CLI writes the library's scores exactly");
        assert_eq!(
            label,
            model.classify(&src[2]).label,
            "the CLI writes the library's verdict"
        );
    }
    // No temporary file is left beside the output.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.contains(".tmp-")), "{names:?}");

    // stdin -> stdout gives the same bytes; `-` means the same; one thread the same.
    let piped = run(
        &["score", "--quiet", "--precision", "full"],
        Some(std::fs::read(&input).unwrap()),
    );
    assert_eq!(piped.code, 0, "{}", piped.stderr);
    assert_eq!(piped.stdout, bytes);
    assert_eq!(piped.stderr, "", "--quiet prints nothing");
    let dashes = run(
        &[
            "score",
            "-q",
            "--input",
            "-",
            "--output",
            "-",
            "--threads",
            "1",
            "--chunk-rows",
            "7",
            "--precision",
            "full",
        ],
        Some(std::fs::read(&input).unwrap()),
    );
    assert_eq!(dashes.code, 0, "{}", dashes.stderr);
    assert_eq!(dashes.stdout, bytes, "chunking and threads do not change the output");
}

#[test]
fn scores_the_bundled_comments_and_renames_clashing_columns() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("scored.csv");
    let input = datasets().join("comments.csv");
    let r = run(&["score", "--input", p(&input), "--output", p(&out)], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("the added one is named `claimscore_label`"),
        "{}",
        r.stderr
    );
    let (header, rows) = read_csv(&std::fs::read(&out).unwrap());
    assert_eq!(&header[..5], ["id", "article_id", "text", "label", "split"]);
    assert_eq!(header[5], "claimscore_label");
    let truth = comments();
    assert_eq!(rows.len(), truth.len());
    let correct = rows
        .iter()
        .zip(&truth)
        .filter(|(row, t)| field(&header, row, "claimscore_label") == t[3])
        .count();
    assert_eq!(
        rows.iter()
            .zip(&truth)
            .filter(|(row, t)| field(&header, row, "label") != t[3])
            .count(),
        0,
        "the input's label column is kept"
    );
    assert!(correct * 10 > truth.len() * 8, "{correct} of {} right", truth.len());
}

#[test]
fn jsonl_writes_one_object_per_row() {
    let dir = tempfile::tempdir().unwrap();
    let (input, rows) = id_text_fixture(dir.path(), 50);
    let r = run(&["score", "--input", p(&input), "--format", "jsonl"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = r.stdout();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), rows.len());
    for (line, src) in lines.iter().zip(&rows) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["id"], src[0].as_str());
        assert_eq!(v["text"], src[2].as_str());
        assert!(v["error"].is_null());
        let probs: Vec<f64> = ["sourced", "unsourced", "inflammatory"]
            .iter()
            .map(|k| v[k].as_f64().unwrap())
            .collect();
        assert!((probs.iter().sum::<f64>() - 1.0).abs() < 1.5e-4);
        assert_eq!(v["label"], Classifier::default_model().scores(&src[2]).max().0.as_str());
        // Keys in input order, then the added ones.
        let keys: Vec<&str> = line.split("\":").map(|k| k.rsplit('"').next().unwrap()).collect();
        let pos = |k: &str| keys.iter().position(|x| *x == k).unwrap();
        assert!(
            pos("id") < pos("text")
                && pos("text") < pos("note")
                && pos("note") < pos("label")
                && pos("model_version") < pos("language")
                && pos("language") < pos("error")
        );
        assert!(v["language"].is_null());
    }
}

/// One good row around each kind of bad row, as raw bytes.
fn bad_fixture(dir: &Path) -> PathBuf {
    let mut b: Vec<u8> = b"id,text,extra\n".to_vec();
    b.extend_from_slice(b"good1,\"According to Reuters, the vote passed 52 to 48.\",x\n");
    b.extend_from_slice(b"utf8,\"caf\xe9 au lait\",x\n");
    b.extend_from_slice(b"short,only two fields\n");
    b.extend_from_slice(b"long,a,b,spare field\n");
    b.extend_from_slice(b"empty,,x\n");
    b.extend_from_slice(b"blank,\"   \",x\n");
    b.extend_from_slice(b"huge,\"");
    b.extend(std::iter::repeat_n(b'a', (1 << 20) + 10));
    b.extend_from_slice(b"\",x\n");
    b.extend_from_slice(b"good2,You absolute clown.,x\n");
    let path = dir.join("bad.csv");
    std::fs::write(&path, b).unwrap();
    path
}

const BAD: [(&str, &str); 6] = [
    ("utf8", "invalid UTF-8 in column `text` at byte 3"),
    ("short", "ragged row: 2 fields where the header has 3"),
    (
        "long",
        "ragged row: 4 fields where the header has 3; extra fields: [\"spare field\"]",
    ),
    ("empty", "empty text"),
    ("blank", "empty text"),
    (
        "huge",
        "text of 1048586 bytes is over the limit of 1048576 (--max-text-bytes)",
    ),
];

#[test]
fn bad_rows_are_written_with_an_error_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let input = bad_fixture(dir.path());
    let out = dir.path().join("out.csv");
    let r = run(&["score", "--input", p(&input), "--output", p(&out)], None);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("scored 2 of 8 rows"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("6 rows could not be scored (empty text: 2, invalid UTF-8: 1, ragged row: 2, text too long: 1)"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("row 3, id \"utf8\": invalid UTF-8"), "{}", r.stderr);
    assert!(r.stderr.contains("row 8, id \"huge\": text of"), "{}", r.stderr);

    let bytes = std::fs::read(&out).unwrap();
    let mut rdr = csv::ReaderBuilder::new().from_reader(&bytes[..]);
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    let rows: Vec<csv::ByteRecord> = rdr.byte_records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 8, "no row is lost");
    assert!(
        rows.iter().all(|r| r.len() == header.len()),
        "the output is rectangular"
    );
    let ids: Vec<&[u8]> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(
        ids,
        [
            &b"good1"[..],
            b"utf8",
            b"short",
            b"long",
            b"empty",
            b"blank",
            b"huge",
            b"good2"
        ]
    );
    let error = header.iter().position(|h| h == "error").unwrap();
    for (id, message) in BAD {
        let row = rows.iter().find(|r| &r[0] == id.as_bytes()).unwrap();
        assert_eq!(std::str::from_utf8(&row[error]).unwrap(), message, "row {id}");
        for c in ["label", "sourced", "unsourced", "inflammatory", "model_version"] {
            assert_eq!(
                &row[header.iter().position(|h| h == c).unwrap()],
                b"",
                "{id}: {c} is empty"
            );
        }
    }
    let utf8 = rows.iter().find(|r| &r[0] == b"utf8").unwrap();
    assert_eq!(&utf8[1], b"caf\xe9 au lait", "invalid bytes pass through unchanged");
    assert_eq!(&rows[2][1], b"only two fields");
    assert_eq!(&rows[6][1].len(), &((1 << 20) + 10), "the oversized text is kept");
    let h: Vec<String> = header.clone();
    assert_eq!(scores_of(&h, &rows[0]).0, Label::Sourced);
    assert_eq!(scores_of(&h, &rows[7]).0, Label::Inflammatory);

    // The same through stdin/stdout, as JSON lines.
    let j = run(&["score", "--format", "jsonl"], Some(std::fs::read(&input).unwrap()));
    assert_eq!(j.code, 2, "{}", j.stderr);
    let objects: Vec<serde_json::Value> = j
        .stdout
        .split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    assert_eq!(objects.len(), 8);
    for (id, message) in BAD {
        let o = objects.iter().find(|o| o["id"] == id).unwrap();
        assert_eq!(o["error"], message);
        assert!(o["label"].is_null() && o["sourced"].is_null());
    }
    assert_eq!(
        objects.iter().find(|o| o["id"] == "short").unwrap()["extra"],
        serde_json::Value::Null
    );
}

#[test]
fn errors_file_and_strict() {
    let dir = tempfile::tempdir().unwrap();
    let input = bad_fixture(dir.path());
    let out = dir.path().join("out.csv");
    let errors = dir.path().join("errors.csv");
    let r = run(&["score", "-i", p(&input), "-o", p(&out), "--errors", p(&errors)], None);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("written to {}", errors.display())),
        "{}",
        r.stderr
    );
    let (header, rows) = read_csv(&std::fs::read(&out).unwrap());
    assert_eq!(
        rows.iter().map(|r| field(&header, r, "id")).collect::<Vec<_>>(),
        ["good1", "good2"]
    );
    let bytes = std::fs::read(&errors).unwrap();
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(&bytes[..]);
    assert_eq!(rdr.headers().unwrap(), vec!["row", "error", "id", "text", "extra"]);
    let bad: Vec<csv::ByteRecord> = rdr.byte_records().map(Result::unwrap).collect();
    assert_eq!(bad.len(), BAD.len());
    for (rec, (id, message)) in bad.iter().zip(BAD) {
        assert_eq!(&rec[2], id.as_bytes());
        assert_eq!(&rec[1], message.as_bytes());
    }
    assert_eq!(&bad[0][0], b"3", "row numbers count the header as row 1");
    assert_eq!(
        bad[2].iter().skip(2).collect::<Vec<_>>(),
        [&b"long"[..], b"a", b"b", b"spare field"],
        "rows are kept as read"
    );

    // --strict stops at the first bad row; no output file appears.
    let strict_out = dir.path().join("strict.csv");
    let s = run(&["score", "-i", p(&input), "-o", p(&strict_out), "--strict"], None);
    assert_eq!(s.code, 2, "{}", s.stderr);
    assert!(
        s.stderr
            .contains("row 3, id \"utf8\": invalid UTF-8 in column `text` at byte 3 (stopped by --strict)"),
        "{}",
        s.stderr
    );
    assert!(!strict_out.exists());
    // To stdout, the rows before the bad one are out already.
    let s = run(&["score", "-i", p(&input), "--strict"], None);
    assert_eq!(s.code, 2);
    let (_, rows) = read_csv(&s.stdout);
    assert_eq!(rows.len(), 1);
}

#[test]
fn missing_column_is_an_immediate_error_listing_the_columns() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    std::fs::write(&input, "id,body,when\n1,hello there,today\n").unwrap();
    let out = dir.path().join("out.csv");
    let r = run(&["score", "--input", p(&input), "--output", p(&out)], None);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("no column `text` (--text-column); columns present: id, body, when"),
        "{}",
        r.stderr
    );
    assert!(!out.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left"
    );
    let r = run(
        &[
            "score",
            "--input",
            p(&input),
            "--text-column",
            "body",
            "--article-column",
            "article",
        ],
        None,
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("no column `article` (--article-column); columns present: id, body, when"),
        "{}",
        r.stderr
    );
    let r = run(&["score", "--input", p(&input), "--text-column", "body"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (header, rows) = read_csv(&r.stdout);
    assert_eq!(&header[..3], ["id", "body", "when"]);
    scores_of(&header, &rows[0]);
    let r = run(&["score"], Some(Vec::new()));
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("no header row"), "{}", r.stderr);
}

#[test]
fn refuses_to_write_over_its_input() {
    let dir = tempfile::tempdir().unwrap();
    let (input, _) = id_text_fixture(dir.path(), 5);
    let before = std::fs::read(&input).unwrap();
    let same = dir.path().join(".").join("in.csv");
    for out in [&input, &same] {
        let r = run(&["score", "--input", p(&input), "--output", p(out)], None);
        assert_eq!(r.code, 1);
        assert!(r.stderr.contains("refusing to write the output"), "{}", r.stderr);
    }
    let r = run(&["score", "--input", p(&input), "--errors", p(&input)], None);
    assert_eq!(r.code, 1);
    assert_eq!(std::fs::read(&input).unwrap(), before);
}

#[test]
fn a_closed_pipe_exits_0_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let all = comments();
    let input = dir.path().join("big.csv");
    write_csv(
        &input,
        &["id", "text"],
        (0..20_000).map(|i| vec![format!("r{i}"), all[i % all.len()][2].clone()]),
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimscore"))
        .args(["score", "--input", p(&input)])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    assert!(lines.next().unwrap().unwrap().starts_with("id,text,label,"));
    assert!(lines.next().unwrap().unwrap().starts_with("r0,"));
    drop(lines);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        !stderr.contains("claimscore:"),
        "nothing said about the closed pipe: {stderr}"
    );
}

#[test]
fn claims_and_explanation_columns() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    let texts = [
        "Reuters reported the vote on Tuesday. You are all clowns.",
        "I doubt it will pass",
        "You pathetic idiot.",
    ];
    write_csv(
        &input,
        &["id", "text"],
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| vec![i.to_string(), t.to_string()]),
    );
    let r = run(&["score", "-i", p(&input), "--claims", "--explain", "2"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (header, rows) = read_csv(&r.stdout);
    assert_eq!(
        &header[header.len() - 6..],
        [
            "model_version",
            "claims",
            "explanation",
            "with_article",
            "language",
            "error"
        ]
    );
    let model = Classifier::default_model();
    for (row, text) in rows.iter().zip(texts) {
        let (label, probs) = scores_of(&header, row);
        assert_eq!(probs, four_digits(model.scores(text).to_array()));
        assert_eq!(label, model.classify(text).label);
        let claims: serde_json::Value = serde_json::from_str(field(&header, row, "claims")).unwrap();
        let want = model.classify(text).claims;
        let claims = claims.as_array().unwrap();
        assert_eq!(claims.len(), want.len());
        for (c, w) in claims.iter().zip(&want) {
            let (s, e) = (
                c["span"]["start"].as_u64().unwrap() as usize,
                c["span"]["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(&text[s..e], c["text"].as_str().unwrap());
            assert_eq!(c["label"], w.label.as_str());
        }
        let explanation: serde_json::Value = serde_json::from_str(field(&header, row, "explanation")).unwrap();
        let top = explanation.as_array().unwrap();
        assert!(!top.is_empty() && top.len() <= 2, "{top:?}");
        let contributions: Vec<f64> = top.iter().map(|c| c["contribution"].as_f64().unwrap()).collect();
        assert!(
            contributions.windows(2).all(|w| w[0] >= w[1]) && contributions.iter().all(|c| *c > 0.0),
            "{contributions:?}"
        );
        let want = model.explain(text, 2);
        let want = &want.labels.iter().find(|l| l.label == label).unwrap().for_label;
        assert_eq!(
            top.iter().map(|c| c["feature"].as_str().unwrap()).collect::<Vec<_>>(),
            want.iter().map(|c| c.feature.as_str()).collect::<Vec<_>>()
        );
    }
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(field(&header, &rows[0], "claims"))
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn articles_by_id_and_by_column_give_the_librarys_scores() {
    let dir = tempfile::tempdir().unwrap();
    let mut data = claimscore::Dataset::new();
    data.read_articles_csv(datasets().join("articles.csv")).unwrap();
    let rows: Vec<[String; 5]> = comments().into_iter().step_by(97).take(40).collect();
    let input = dir.path().join("in.csv");
    write_csv(
        &input,
        &["id", "article_id", "article_text", "text"],
        rows.iter().map(|r| {
            vec![
                r[0].clone(),
                r[1].clone(),
                data.article(&r[1]).unwrap().to_string(),
                r[2].clone(),
            ]
        }),
    );
    let articles = datasets().join("articles.csv");
    let by_id = run(&["score", "-i", p(&input), "--articles", p(&articles)], None);
    assert_eq!(by_id.code, 0, "{}", by_id.stderr);
    let by_column = run(&["score", "-i", p(&input), "--article-column", "article_text"], None);
    assert_eq!(by_column.code, 0, "{}", by_column.stderr);
    assert_eq!(by_id.stdout, by_column.stdout);
    let plain = run(&["score", "-i", p(&input)], None);
    assert_ne!(plain.stdout, by_id.stdout, "the article changes some scores");
    let (header, got) = read_csv(&by_id.stdout);
    let model = Classifier::default_model();
    for (row, src) in got.iter().zip(&rows) {
        let want = model.classify((&src[2], data.article(&src[1]).unwrap())).scores;
        assert_eq!(scores_of(&header, row).1, four_digits(want.to_array()));
        assert_eq!(field(&header, row, "with_article"), "true");
    }
    let (header, got) = read_csv(&plain.stdout);
    assert!(got.iter().all(|row| field(&header, row, "with_article") == "false"));
    // An id that is not in the articles file: scored without the article, and said so.
    let odd = dir.path().join("odd.csv");
    std::fs::write(&odd, "id,article_id,text\n1,no-such-article,Per the BBC it passed.\n").unwrap();
    let r = run(&["score", "-i", p(&odd), "--articles", p(&articles)], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("1 row named an article that is not in the articles file"),
        "{}",
        r.stderr
    );
    let (header, got) = read_csv(&r.stdout);
    assert_eq!(
        scores_of(&header, &got[0]).1,
        four_digits(model.scores("Per the BBC it passed.").to_array())
    );
    assert_eq!(field(&header, &got[0], "with_article"), "false");
}

#[test]
fn train_score_eval_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let all = comments();
    let train: Vec<&[String; 5]> = all.iter().filter(|r| r[4] == "train").take(900).collect();
    let test: Vec<&[String; 5]> = all.iter().filter(|r| r[4] == "test").take(300).collect();
    let train_csv = dir.path().join("train.csv");
    write_csv(
        &train_csv,
        &["text", "label"],
        train.iter().map(|r| vec![r[2].clone(), r[3].clone()]),
    );
    let model = dir.path().join("model.json");

    // The contract: `train --data TRAIN.csv --out MODEL` ...
    let r = run(&["train", "--data", p(&train_csv), "--out", p(&model)], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("read 900 examples") && r.stderr.contains("wrote"),
        "{}",
        r.stderr
    );
    let info = run(&["info", "--model", p(&model), "--json"], None);
    assert_eq!(info.code, 0, "{}", info.stderr);
    let info: serde_json::Value = serde_json::from_slice(&info.stdout).unwrap();
    let version = info["model_version"].as_str().unwrap().to_string();
    assert_eq!(info["metadata"]["training_examples"], 900);
    assert_ne!(version, Classifier::default_model().version());

    // ... and `score --model MODEL --input IN.csv --output OUT.csv` with IN.csv `id,text`.
    let input = dir.path().join("in.csv");
    write_csv(
        &input,
        &["id", "text"],
        test.iter().map(|r| vec![r[0].clone(), r[2].clone()]),
    );
    let out = dir.path().join("out.csv");
    let r = run(
        &["score", "--model", p(&model), "--input", p(&input), "--output", p(&out)],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (header, rows) = read_csv(&std::fs::read(&out).unwrap());
    for c in ["id", "label", "sourced", "unsourced", "inflammatory"] {
        assert!(header.iter().any(|h| h == c), "{c} in {header:?}");
    }
    assert_eq!(rows.len(), test.len());
    let loaded = Classifier::load(&model).unwrap();
    let mut correct = 0;
    for (row, src) in rows.iter().zip(&test) {
        assert_eq!(field(&header, row, "id"), src[0]);
        assert_eq!(field(&header, row, "model_version"), version);
        let (label, probs) = scores_of(&header, row);
        assert_eq!(probs, four_digits(loaded.scores(&src[2]).to_array()));
        assert_eq!(label, loaded.classify(&src[2]).label);
        correct += (label.as_str() == src[3]) as usize;
    }

    // eval agrees with the scores: same accuracy.
    let test_csv = dir.path().join("test.csv");
    write_csv(
        &test_csv,
        &["text", "label"],
        test.iter().map(|r| vec![r[2].clone(), r[3].clone()]),
    );
    let r = run(&["eval", "--model", p(&model), "--data", p(&test_csv), "--json"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let m: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    assert_eq!(m["n"], test.len());
    assert!((m["accuracy"].as_f64().unwrap() - correct as f64 / test.len() as f64).abs() < 1e-12);
    assert!(m["macro_f1"].as_f64().unwrap() > 0.6, "{m}");
    let confusion: u64 = m["confusion"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r.as_array().unwrap())
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(confusion, test.len() as u64);
    let r = run(&["eval", "--model", p(&model), "--data", p(&test_csv)], None);
    let text = r.stdout();
    for s in ["macro-F1", "ECE", "precision", "recall", "confusion", &version] {
        assert!(text.contains(s), "{s} in {text}");
    }

    // Held-out metrics are printed and recorded; the options reach the trainer.
    let model2 = dir.path().join("model2.json");
    let r = run(
        &[
            "train",
            "--data",
            p(&train_csv),
            "--test",
            p(&test_csv),
            "--ngrams",
            "1..1",
            "--min-df",
            "3",
            "--alpha",
            "0.5",
            "--out",
            p(&model2),
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout().contains("held-out test.csv: 300 examples") && r.stdout().contains("macro-F1"),
        "{}",
        r.stdout()
    );
    let info: serde_json::Value =
        serde_json::from_slice(&run(&["info", "-m", p(&model2), "--json"], None).stdout).unwrap();
    assert_eq!(info["featurizer"]["word_ngrams"], serde_json::json!([1, 1]));
    assert_eq!(info["featurizer"]["min_df"], 3);
    assert_eq!(info["metadata"]["heldout"]["test.csv"]["n"], 300);
    let text = run(&["info", "-m", p(&model2)], None).stdout();
    assert!(
        text.contains("held-out test.csv") && text.contains(info["metadata"]["training_data_sha256"].as_str().unwrap()),
        "{text}"
    );

    // A training file without `label`, and bad parameters, are errors that say why.
    let r = run(
        &["train", "--data", p(&input), "--out", p(&dir.path().join("x.json"))],
        None,
    );
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("no column `label`"), "{}", r.stderr);
    let r = run(
        &[
            "train",
            "--data",
            p(&train_csv),
            "--test-split",
            "1.5",
            "--out",
            p(&dir.path().join("x.json")),
        ],
        None,
    );
    assert_eq!(r.code, 1);
    let r = run(&["train", "--data", p(&train_csv), "--out", p(&train_csv)], None);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("refusing"), "{}", r.stderr);
}

#[test]
fn explain_and_info() {
    let text = "According to Reuters, the vote passed 52 to 48. You are all idiots.";
    let r = run(&["explain", text], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = r.stdout();
    let model = Classifier::default_model();
    let v = model.classify(text);
    assert!(out.starts_with(&format!("label: {}", v.label)), "{out}");
    assert!(
        out.contains("sentences:") && out.contains("You are all idiots."),
        "{out}"
    );
    assert!(!out.contains('\x1b'), "no colour off a terminal");
    let e = model.explain(text, 5);
    // The CLI explains the verdict's label, which the rubric's rules may set apart from
    // the most probable label (`e.label`).
    let top = &e.labels.iter().find(|l| l.label == v.label).unwrap().for_label[0];
    let span = &text[top.spans[0].clone()];
    assert!(
        out.contains(&format!("[{span}")) || out.contains(&format!("{span}]")),
        "the top span is marked: {out}"
    );
    let coloured = run(&["explain", "--color", "always", text], None).stdout();
    assert!(coloured.contains("\x1b[1;32m"), "{coloured}");

    let j = run(&["explain", "--json", "-k", "2"], Some(text.as_bytes().to_vec()));
    assert_eq!(j.code, 0, "{}", j.stderr);
    let j: serde_json::Value = serde_json::from_slice(&j.stdout).unwrap();
    assert_eq!(j["label"], v.label.as_str());
    assert_eq!(j["claims"].as_array().unwrap().len(), 2);
    assert!(
        j["explanation"]["labels"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["for_label"].as_array().unwrap().len() <= 2)
    );
    let sum: f64 = ["sourced", "unsourced", "inflammatory"]
        .iter()
        .map(|k| j["scores"][k].as_f64().unwrap())
        .sum();
    assert!((sum - 1.0).abs() < 1e-9);

    let info = run(&["info"], None);
    assert_eq!(info.code, 0);
    let info = info.stdout();
    let meta = model.metadata().unwrap();
    for s in [
        model.version(),
        meta.training_data_sha256.as_str(),
        "sourced, unsourced, inflammatory",
        &model.n_features().to_string(),
    ] {
        assert!(info.contains(s), "{s} in {info}");
    }
    for name in meta.heldout.keys() {
        assert!(info.contains(&format!("held-out {name}")), "{name} in {info}");
    }
}

#[test]
fn help_shows_examples_and_exit_status_and_usage_errors_exit_1() {
    for cmd in [
        &["--help"][..],
        &["score", "--help"],
        &["train", "--help"],
        &["eval", "--help"],
        &["explain", "--help"],
        &["info", "--help"],
    ] {
        let r = run(cmd, None);
        assert_eq!(r.code, 0, "{cmd:?}");
        let out = r.stdout();
        assert!(
            out.contains("Examples:") && out.contains("Exit status:"),
            "{cmd:?}: {out}"
        );
    }
    for bad in [
        &["score", "--no-such-flag"][..],
        &["score", "--explain", "0"],
        &["score", "--threads", "0"],
        &["train", "--out", "m.json"],
        &["frobnicate"],
        &["score", "--article-id-column", "x"],
    ] {
        let r = run(bad, Some(b"id,text\n1,hi\n".to_vec()));
        assert_eq!(r.code, 1, "{bad:?}: {}", r.stderr);
        assert!(!r.stderr.is_empty());
    }
    let r = run(
        &["score", "--model", "no/such/model.json"],
        Some(b"id,text\n1,hi\n".to_vec()),
    );
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("no/such/model.json"), "{}", r.stderr);
}

// Issue 8, case 6: the article field had no size limit; it now has the text's.
#[test]
fn an_article_over_the_text_limit_is_a_row_error() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    let long = "word ".repeat(40);
    std::fs::write(
        &input,
        format!("id,text,article_text\nok,Per Reuters it passed.,short article\nbig,Per Reuters it passed.,{long}\n"),
    )
    .unwrap();
    let r = run(
        &[
            "score",
            "-i",
            p(&input),
            "--article-column",
            "article_text",
            "--max-text-bytes",
            "100",
        ],
        None,
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("article too long: 1"), "{}", r.stderr);
    let out = r.stdout();
    assert!(
        out.contains("article of 200 bytes is over the limit of 100 (--max-text-bytes)"),
        "{out}"
    );
}

#[test]
fn text_not_in_english_gets_no_label_an_error_and_its_language() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    let texts = [
        ("en", "According to Reuters, the vote passed 52 to 48."),
        ("de", "Du bist ein Idiot und ein Lügner."),
        ("ru", "Спасибо за статью, мне было очень интересно её читать."),
        ("short", "Merci!"),
    ];
    write_csv(
        &input,
        &["id", "text"],
        texts.iter().map(|(id, t)| vec![id.to_string(), t.to_string()]),
    );
    let r = run(&["score", "--input", p(&input)], None);
    assert_eq!(r.code, 2, "unsupported rows are row errors: {}", r.stderr);
    assert!(r.stderr.contains("scored 2 of 4 rows"), "{}", r.stderr);
    assert!(r.stderr.contains("unsupported language: 2"), "{}", r.stderr);
    let (header, rows) = read_csv(&r.stdout);
    let want = [
        ("en", "", ""),
        ("de", "deu", "unsupported language: deu"),
        ("ru", "rus", "unsupported language: rus"),
        ("short", "", ""),
    ];
    for (row, (id, language, error)) in rows.iter().zip(want) {
        assert_eq!(field(&header, row, "id"), id);
        assert_eq!(field(&header, row, "language"), language, "{id}");
        assert_eq!(field(&header, row, "error"), error, "{id}");
        assert_eq!(field(&header, row, "label").is_empty(), !language.is_empty(), "{id}");
        assert_eq!(field(&header, row, "sourced").is_empty(), !language.is_empty(), "{id}");
    }

    let j = run(&["score", "--input", p(&input), "--format", "jsonl", "--claims"], None);
    assert_eq!(j.code, 2, "{}", j.stderr);
    let objects: Vec<serde_json::Value> = j.stdout().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(objects[1]["language"], "deu");
    assert_eq!(objects[1]["error"], "unsupported language: deu");
    assert!(objects[1]["label"].is_null() && objects[1]["claims"].is_null());
    assert!(objects[0]["language"].is_null() && objects[0]["error"].is_null());
    assert_eq!(objects[0]["label"], "sourced");
}

/// A German comment that quotes a line of English (6 English-only words of 37) is refused
/// as German with and without `--claims --explain`, as before issue 12's third round,
/// whose looser English shortcut scored it (`tests/language.rs` has more such comments).
#[test]
fn a_foreign_comment_quoting_english_stays_unsupported() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    let text = "Der Artikel ist schlecht recherchiert und die Zahlen stimmen einfach nicht. Die Regierung \
                hat wieder gelogen, wie immer, und niemand sagt etwas dagegen. Im Original heißt es: what \
                they think about the people with that.";
    write_csv(&input, &["id", "text"], [vec!["de".to_string(), text.to_string()]]);
    for extra in [&[][..], &["--claims", "--explain", "3"][..]] {
        let mut args = vec!["score", "--input", p(&input), "--format", "jsonl"];
        args.extend_from_slice(extra);
        let r = run(&args, None);
        assert_eq!(r.code, 2, "{extra:?}: {}", r.stderr);
        let objects = json_lines(&r.stdout);
        assert_eq!(objects.len(), 1);
        assert_eq!(objects[0]["language"], "deu", "{extra:?}");
        assert_eq!(objects[0]["error"], "unsupported language: deu", "{extra:?}");
        assert!(objects[0]["label"].is_null(), "{extra:?}");
    }
}

// Issue 13: the CLI as a pipe stage.

/// Parses JSON lines output.
fn json_lines(stdout: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8(stdout.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn jsonl_input_scores_like_csv_input_and_null_or_missing_text_is_a_row_error() {
    let dir = tempfile::tempdir().unwrap();
    let rows: Vec<[String; 5]> = comments().into_iter().take(50).collect();
    let mut jsonl = String::new();
    for r in &rows {
        // Keys in another order than the columns, numbers and nested values echo as JSON.
        let line = serde_json::json!({"n": 7, "text": r[2], "id": r[0], "meta": {"a": [1]}});
        jsonl.push_str(&line.to_string());
        jsonl.push('\n');
    }
    jsonl.push_str(
        "\n{\"id\":\"null\",\"text\":null,\"n\":1}\r\n{\"id\":\"missing\"}\n{\"id\":\"empty\",\"text\":\" \"}",
    );
    let path = dir.path().join("in.jsonl");
    std::fs::write(&path, &jsonl).unwrap();
    let r = run(&["score", "--input", p(&path), "--format", "jsonl"], None);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("scored 50 of 53 rows"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("row 52, id \"null\": no text: `text` is null or missing"),
        "the row is the line: {}",
        r.stderr
    );
    let out = json_lines(&r.stdout);
    assert_eq!(out.len(), 53);
    let model = Classifier::default_model();
    for (o, src) in out.iter().zip(&rows) {
        let keys: Vec<&str> = o.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(o["id"], src[0].as_str());
        assert_eq!(o["n"], "7", "a number is echoed as its JSON text");
        assert_eq!(o["meta"], "{\"a\":[1]}");
        let want = four_digits(model.scores(&src[2]).to_array());
        let got = ["sourced", "unsourced", "inflammatory"].map(|k| o[k].as_f64().unwrap());
        assert_eq!(got, want);
        assert!(o["error"].is_null());
        assert!(keys.contains(&"label") && keys.contains(&"model_version"), "{keys:?}");
    }
    assert_eq!(out[50]["error"], "no text: `text` is null or missing");
    assert!(out[50]["text"].is_null(), "a null stays null");
    assert_eq!(out[51]["error"], "no text: `text` is null or missing");
    assert!(out[51]["n"].is_null(), "a missing key is null");
    assert_eq!(out[52]["error"], "empty text");
    assert!(out[52]["label"].is_null());

    // The same through stdin with --input-format, and as CSV output: empty fields for nulls.
    let r = run(
        &["score", "--input-format", "jsonl", "--keep", "id", "--quiet"],
        Some(jsonl.into_bytes()),
    );
    assert_eq!(r.code, 2);
    assert_eq!(r.stderr, "", "--quiet: bad rows speak through their `error` only");
    let (header, got) = read_csv(&r.stdout);
    let mut expected = vec!["id".to_string()];
    expected.extend(ADDED.map(String::from));
    assert_eq!(header, expected);
    assert_eq!(got.len(), 53);
    assert_eq!(field(&header, &got[51], "error"), "no text: `text` is null or missing");
}

#[test]
fn jsonl_empty_input_is_0_rows_and_a_bad_line_is_fatal() {
    for input in ["", "\n\n  \n"] {
        let r = run(
            &["score", "--input-format", "jsonl", "--format", "jsonl"],
            Some(input.as_bytes().to_vec()),
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.stdout.is_empty());
        assert!(r.stderr.contains("scored 0 of 0 rows"), "{}", r.stderr);
    }
    let r = run(
        &["score", "--input-format", "jsonl"],
        Some(b"{\"text\":\"ok\"}\n[1,2]\n".to_vec()),
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("stdin: line 2 is not a JSON object"), "{}", r.stderr);
    let r = run(
        &["score", "--input-format", "jsonl"],
        Some(b"{\"text\":\"ok\n".to_vec()),
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("line 1 is not a JSON object"), "{}", r.stderr);
}

#[test]
fn keep_echoes_only_the_named_columns_in_their_order() {
    let dir = tempfile::tempdir().unwrap();
    let (input, rows) = id_text_fixture(dir.path(), 20);
    let r = run(&["score", "--input", p(&input), "--keep", "note,id"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (header, got) = read_csv(&r.stdout);
    let mut expected = vec!["note".to_string(), "id".to_string()];
    expected.extend(ADDED.map(String::from));
    assert_eq!(header, expected);
    for (row, src) in got.iter().zip(&rows) {
        assert_eq!(field(&header, row, "id"), src[0]);
        scores_of(&header, row);
    }
    let r = run(&["score", "--input", p(&input), "--keep", "id,nope"], None);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("no column `nope` (--keep); columns present: id, text, note"),
        "{}",
        r.stderr
    );
    let r = run(
        &["score", "--input", p(&input), "--keep", "id", "--format", "jsonl"],
        None,
    );
    let out = json_lines(&r.stdout);
    assert_eq!(
        out[0].as_object().unwrap().keys().cloned().collect::<Vec<_>>(),
        [
            "error",
            "id",
            "inflammatory",
            "label",
            "language",
            "model_version",
            "sourced",
            "unsourced",
            "with_article"
        ],
        "only id of the input (keys sorted by serde_json)"
    );
}

#[test]
fn no_fail_on_row_errors_exits_0_but_fatal_errors_still_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let input = bad_fixture(dir.path());
    let r = run(&["score", "--input", p(&input), "--no-fail-on-row-errors"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (header, got) = read_csv(&r.stdout);
    assert_eq!(got.len(), 8);
    for (id, message) in BAD {
        let row = got.iter().find(|r| field(&header, r, "id") == id).unwrap();
        assert_eq!(std::str::from_utf8(&row[header.len() - 1]).unwrap(), message);
    }
    assert!(
        r.stderr.contains("6 rows could not be scored"),
        "without --quiet, said on stderr"
    );
    let r = run(
        &["score", "--input", p(&input), "--no-fail-on-row-errors", "--quiet"],
        None,
    );
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    let r = run(
        &["score", "--input", "no/such.csv", "--no-fail-on-row-errors", "-q"],
        None,
    );
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("cannot open input no/such.csv"), "{}", r.stderr);
    let r = run(&["score", "--no-fail-on-row-errors", "--strict"], None);
    assert_eq!(r.code, 1, "the two switches conflict");
}

#[test]
fn schema_prints_the_output_columns() {
    let r = run(&["score", "--schema"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout(),
        "label\tstring\nsourced\tdouble\nunsourced\tdouble\ninflammatory\tdouble\nmodel_version\tstring\nwith_article\tboolean\nlanguage\tstring\nerror\tstring\n"
    );
    let r = run(&["score", "--schema", "--keep", "id,label", "--claims"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let names: Vec<String> = r
        .stdout()
        .lines()
        .map(|l| l.split('\t').next().unwrap().to_string())
        .collect();
    assert_eq!(
        names,
        [
            "id",
            "label",
            "claimscore_label",
            "sourced",
            "unsourced",
            "inflammatory",
            "model_version",
            "claims",
            "with_article",
            "language",
            "error"
        ]
    );
}

#[test]
fn thresholds_add_flag_columns_and_review_a_needs_review_column() {
    let dir = tempfile::tempdir().unwrap();
    let (input, rows) = id_text_fixture(dir.path(), 300);
    let r = run(
        &[
            "score",
            "-i",
            p(&input),
            "--threshold",
            "inflammatory=0.7,sourced=0.5",
            "--review",
            "inflammatory=0.3..0.7",
            "--review",
            "0..0.5",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (header, got) = read_csv(&r.stdout);
    assert_eq!(
        &header[header.len() - 6..],
        [
            "with_article",
            "sourced_flag",
            "inflammatory_flag",
            "needs_review",
            "language",
            "error"
        ]
    );
    let (mut flagged, mut review) = (0, 0);
    for (row, src) in got.iter().zip(&rows) {
        let (label, s) = scores_of(&header, row);
        let flag = |name: &str| field(&header, row, name) == "true";
        assert_eq!(flag("inflammatory_flag"), s[2] >= 0.7, "{}", src[2]);
        assert_eq!(flag("sourced_flag"), s[0] >= 0.5, "{}", src[2]);
        let own = s[label.index()];
        assert_eq!(
            flag("needs_review"),
            (0.3..0.7).contains(&s[2]) || own < 0.5,
            "{}",
            src[2]
        );
        flagged += usize::from(flag("inflammatory_flag"));
        review += usize::from(flag("needs_review"));
    }
    assert!(flagged > 0 && review > 0 && review < got.len(), "{flagged} {review}");
    // The same in JSON lines, as booleans; null for a row that could not be scored.
    let mut bad = std::fs::read_to_string(&input).unwrap();
    bad.push_str("x,\n");
    std::fs::write(&input, bad).unwrap();
    let r = run(
        &[
            "score",
            "-i",
            p(&input),
            "--format",
            "jsonl",
            "--threshold",
            "inflammatory=0.7",
            "--review",
            "0..0.5",
        ],
        None,
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    let lines = json_lines(&r.stdout);
    assert!(lines[0]["inflammatory_flag"].is_boolean() && lines[0]["needs_review"].is_boolean());
    let last = lines.last().unwrap();
    assert!(
        last["inflammatory_flag"].is_null() && last["with_article"].is_null(),
        "{last}"
    );
    // Bad values are usage errors that say what is expected.
    for bad in [
        ["--threshold", "toxic=0.5"],
        ["--threshold", "inflammatory=1.5"],
        ["--review", "0.7..0.3"],
        ["--review", "inflammatory"],
    ] {
        let r = run(&["score", "-i", p(&input), bad[0], bad[1]], None);
        assert_eq!(r.code, 1, "{bad:?}: {}", r.stderr);
        assert!(
            r.stderr.contains(bad[1].split('=').next().unwrap()),
            "{bad:?}: {}",
            r.stderr
        );
    }
}

#[test]
fn eval_thresholds_target_precision_and_mistakes() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("test.csv");
    let rows: Vec<[String; 5]> = comments().into_iter().step_by(13).take(300).collect();
    write_csv(
        &data,
        &["id", "text", "label"],
        rows.iter().map(|r| vec![r[0].clone(), r[2].clone(), r[3].clone()]),
    );
    let mistakes = dir.path().join("mistakes.csv");
    let r = run(
        &[
            "eval",
            "--data",
            p(&data),
            "--thresholds",
            "--target-precision",
            "inflammatory=0.9,sourced=1.01",
            "--mistakes",
            p(&mistakes),
        ],
        None,
    );
    assert_eq!(r.code, 1, "a precision over 1 is a usage error: {}", r.stderr);
    let r = run(
        &[
            "eval",
            "--data",
            p(&data),
            "--thresholds",
            "--target-precision",
            "inflammatory=0.9",
            "--mistakes",
            p(&mistakes),
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = r.stdout();
    assert!(out.contains("ECE "), "{out}");
    assert!(out.contains("(10 bins, max probability)"), "{out}");
    assert_eq!(
        out.lines().filter(|l| l.trim_start().starts_with("0.")).count(),
        19,
        "{out}"
    );
    // The library's figures, recomputed here from the verdicts.
    let model = Classifier::default_model();
    let verdicts = model.classify_batch(rows.iter().map(|r| r[2].as_str()));
    let truth: Vec<Label> = rows.iter().map(|r| r[3].parse().unwrap()).collect();
    let scores: Vec<_> = verdicts.iter().map(|v| v.scores).collect();
    let curve = claimscore::PrecisionRecallCurve::compute(&truth, &scores, Label::Inflammatory);
    let at = curve.threshold_for_precision(0.9).unwrap();
    let line = format!(
        "target precision inflammatory >= 0.900: threshold {} (precision {:.3}, recall {:.3}, {} flagged)",
        at.threshold, at.precision, at.recall, at.flagged
    );
    assert!(out.contains(&line), "{line}\n{out}");
    let half = curve.at(0.5);
    assert!(
        out.contains(&format!(
            "{:.3} / {:.3} ({})",
            half.precision, half.recall, half.flagged
        )),
        "{out}"
    );
    // The mistakes file: exactly the rows whose verdict is wrong, with their ids and rows.
    let (header, got) = read_csv(&std::fs::read(&mistakes).unwrap());
    assert_eq!(
        header,
        [
            "file",
            "row",
            "line",
            "id",
            "text",
            "label",
            "predicted",
            "sourced",
            "unsourced",
            "inflammatory"
        ]
    );
    let wrong: Vec<usize> = (0..rows.len()).filter(|&i| verdicts[i].label != truth[i]).collect();
    assert!(!wrong.is_empty());
    assert_eq!(got.len(), wrong.len());
    // Some comments span lines: `row` counts records, `line` lines.
    let lines = csv_lines(rows.iter().map(|r| [&r[0], &r[2], &r[3]].map(String::as_str)));
    assert_ne!(
        lines[rows.len() - 1],
        rows.len() + 1,
        "the fixture has multi-line comments"
    );
    for (row, &i) in got.iter().zip(&wrong) {
        assert_eq!(field(&header, row, "file"), p(&data));
        assert_eq!(field(&header, row, "id"), rows[i][0]);
        assert_eq!(field(&header, row, "row"), (i + 2).to_string());
        assert_eq!(field(&header, row, "line"), lines[i].to_string());
        assert_eq!(field(&header, row, "predicted"), verdicts[i].label.as_str());
    }
    // --json carries the curves and the target.
    let r = run(
        &[
            "eval",
            "--data",
            p(&data),
            "--json",
            "--thresholds",
            "--target-precision",
            "inflammatory=0.9",
        ],
        None,
    );
    let v: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    assert_eq!(v["curves"].as_array().unwrap().len(), 3);
    assert_eq!(
        v["target_precision"][0]["reached"]["threshold"].as_f64(),
        Some(at.threshold)
    );
    assert!(v["macro_f1"].is_number(), "the metrics stay at the top level");
}

/// The line each record of a CSV with a header line starts on: its fields' line breaks
/// push the next record down.
fn csv_lines<'a>(records: impl Iterator<Item = [&'a str; 3]>) -> Vec<usize> {
    let mut line = 2;
    records
        .map(|r| {
            let at = line;
            line += 1 + r.iter().map(|f| f.matches('\n').count()).sum::<usize>();
            at
        })
        .collect()
}

#[test]
fn eval_mistakes_point_at_their_rows_in_json_lines_and_with_other_delimiters() {
    let dir = tempfile::tempdir().unwrap();
    let rows: Vec<[String; 5]> = comments().into_iter().step_by(13).take(200).collect();
    let model = Classifier::default_model();
    let verdicts = model.classify_batch(rows.iter().map(|r| r[2].as_str()));
    let truth: Vec<Label> = rows.iter().map(|r| r[3].parse().unwrap()).collect();
    let wrong: Vec<usize> = (0..rows.len()).filter(|&i| verdicts[i].label != truth[i]).collect();
    assert!(wrong.len() >= 2, "{wrong:?}");

    // JSON Lines with other key names, numeric ids and a blank line after every tenth
    // object: `row` and `line` are the object's line.
    let jsonl = dir.path().join("test.jsonl");
    let mut body = String::new();
    let mut json_lines = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        json_lines.push(body.matches('\n').count() + 1);
        body.push_str(&serde_json::json!({"id": i, "comment": r[2], "gold": r[3]}).to_string());
        body.push('\n');
        if i % 10 == 9 {
            body.push('\n');
        }
    }
    std::fs::write(&jsonl, body).unwrap();

    // `;`-separated (detected), with a split column that takes every third row for test:
    // eval reads the train rows, then the test rows, and writes mistakes in file order.
    let semi = dir.path().join("test.csv");
    let mut w = csv::WriterBuilder::new().delimiter(b';').from_path(&semi).unwrap();
    w.write_record(["id", "text", "label", "split"]).unwrap();
    for (i, r) in rows.iter().enumerate() {
        let split = if i % 3 == 0 { "test" } else { "train" };
        w.write_record([r[0].as_str(), &r[2], &r[3], split]).unwrap();
    }
    w.flush().unwrap();
    drop(w);
    let csv_lines = csv_lines(rows.iter().map(|r| [&r[0], &r[2], &r[3]].map(String::as_str)));
    assert_ne!(
        csv_lines[rows.len() - 1],
        rows.len() + 1,
        "the fixture has multi-line comments"
    );

    // Per file: its flags, and each comment's id, row and line there.
    type Want = Vec<[String; 3]>;
    let cases: [(&Path, &[&str], Want); 2] = [
        (
            &jsonl,
            &["--text-column", "comment", "--label-column", "gold"],
            (0..rows.len())
                .map(|i| [i.to_string(), json_lines[i].to_string(), json_lines[i].to_string()])
                .collect(),
        ),
        (
            &semi,
            &[],
            (0..rows.len())
                .map(|i| [rows[i][0].clone(), (i + 2).to_string(), csv_lines[i].to_string()])
                .collect(),
        ),
    ];
    for (data, flags, want) in cases {
        let mistakes = dir.path().join("mistakes.csv");
        let _ = std::fs::remove_file(&mistakes);
        let mut args = vec!["eval", "--data", p(data), "--mistakes", p(&mistakes)];
        args.extend(flags);
        let r = run(&args, None);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.stdout().contains("(200 examples)"), "{}", r.stdout());
        let split = r
            .stderr
            .contains("has a `split` column; evaluating every row (133 train, 67 test)");
        assert_eq!(split, data == semi.as_path(), "{}", r.stderr);
        let (header, got) = read_csv(&std::fs::read(&mistakes).unwrap());
        assert_eq!(got.len(), wrong.len(), "{}", data.display());
        for (row, &i) in got.iter().zip(&wrong) {
            let at = [
                field(&header, row, "id"),
                field(&header, row, "row"),
                field(&header, row, "line"),
            ];
            assert_eq!(
                at,
                want[i].each_ref().map(String::as_str),
                "{}: comment {i}",
                data.display()
            );
            assert_eq!(field(&header, row, "text"), rows[i][2]);
            assert_eq!(field(&header, row, "label"), rows[i][3]);
            assert_eq!(field(&header, row, "predicted"), verdicts[i].label.as_str());
        }
    }
}

#[test]
fn info_card_prints_the_model_card() {
    let r = run(&["info", "--card"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let card = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("models/README.md")).unwrap();
    assert_eq!(r.stdout(), card);
    assert!(card.starts_with("---\n"), "YAML front matter first");
}

#[test]
fn reply_quotes_alone_are_unsourced_and_short_claims_are_marked() {
    let input = "id,text\n1,\"> You are an idiot\n> and a liar\"\n2,Per Reuters the bill passed on Tuesday. Typical.\n";
    let r = run(
        &["score", "--claims", "--format", "jsonl"],
        Some(input.as_bytes().to_vec()),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows = json_lines(&r.stdout);
    assert_eq!(rows[0]["label"], "unsourced");
    assert_eq!(rows[0]["claims"].as_array().unwrap().len(), 0);
    let short: Vec<bool> = rows[1]["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["too_short"].as_bool().unwrap())
        .collect();
    assert_eq!(short, [false, true]);
    // Without --claims the label is the same (the fast path applies the same rule).
    let r = run(&["score", "--format", "jsonl"], Some(input.as_bytes().to_vec()));
    assert_eq!(json_lines(&r.stdout)[0]["label"], "unsourced");
}
