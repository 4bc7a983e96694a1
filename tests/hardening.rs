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
}

/// A model trained on two labels (sourced, unsourced) written to `dir`.
fn two_label_model(dir: &std::path::Path) -> std::path::PathBuf {
    let rows: Vec<Vec<String>> = util::comments()
        .into_iter()
        .filter(|r| r[3] != "inflammatory")
        .take(200)
        .map(|r| vec![r[2].clone(), r[3].clone()])
        .collect();
    let data = dir.join("two.csv");
    util::write_delimited(&data, b',', &["text", "label"], &rows);
    let model = dir.join("two.json");
    let t = run(
        &["train", "-q", "--data", p(&data), "--alpha", "1", "--out", p(&model)],
        None,
    );
    assert_eq!(t.code, 0, "{}", t.stderr);
    assert_eq!(
        claimscore::Classifier::load(&model).unwrap().labels(),
        [claimscore::Label::Sourced, claimscore::Label::Unsourced]
    );
    model
}

/// A threshold, review band or target precision on a label the model does not have is a
/// usage error naming the label and the model's labels (was: `--threshold
/// inflammatory=0` flagged every row inflammatory, a band on it read a probability of 0,
/// and `eval --target-precision inflammatory=P` said "not reached on this data").
#[test]
fn thresholds_bands_and_targets_on_a_label_the_model_lacks_are_refused() {
    let dir = scratch();
    let model = two_label_model(dir.path());
    let input = dir.path().join("in.csv");
    std::fs::write(
        &input,
        "text,label\nPer Reuters it passed.,sourced\nYou idiot.,inflammatory\n",
    )
    .unwrap();
    let m = p(&model);
    for extra in [
        &["score", "-i", p(&input), "--threshold", "inflammatory=0"][..],
        &["score", "-i", p(&input), "--review", "inflammatory=0..0.5"],
        &["score", "-i", p(&input), "--threshold", "sourced=0.5,inflammatory=0.5"],
        &["eval", "--data", p(&input), "--target-precision", "inflammatory=0.5"],
    ] {
        let r = run(&[extra, &["-m", m]].concat(), None);
        assert_eq!(r.code, 1, "{extra:?}: {}", r.stdout());
        assert!(r.stdout.is_empty(), "{extra:?}: {}", r.stdout());
        assert!(
            r.stderr.contains("no label `inflammatory`") && r.stderr.contains("sourced, unsourced"),
            "{extra:?}: {}",
            r.stderr
        );
    }
    // The labels it has, and a band on the verdict's own label, work.
    let r = run(
        &[
            "score",
            "-q",
            "-m",
            m,
            "-i",
            p(&input),
            "--threshold",
            "sourced=0.5",
            "--review",
            "0..0.6",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (header, rows) = read_csv(&r.stdout);
    assert!(header.contains(&"sourced_flag".to_string()) && header.contains(&"needs_review".to_string()));
    assert_eq!(rows.len(), 2);
    let r = run(
        &[
            "eval",
            "-q",
            "-m",
            m,
            "--data",
            p(&input),
            "--target-precision",
            "sourced=0.5",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
}

/// A held-out set with no rows (a `split` column whose rows are all `train`, a `--test`
/// file with a header only) is an error before the fit, not after it (was: the whole
/// model was trained, then "the held-out set ... has no examples" and nothing written).
#[test]
fn an_empty_held_out_set_fails_before_training() {
    let dir = scratch();
    let rows: Vec<Vec<String>> = util::comments()
        .into_iter()
        .take(120)
        .map(|r| vec![r[2].clone(), r[3].clone(), "train".to_string()])
        .collect();
    let all_train = dir.path().join("all-train.csv");
    util::write_delimited(&all_train, b',', &["text", "label", "split"], &rows);
    let header_only = dir.path().join("test.csv");
    std::fs::write(&header_only, "text,label\n").unwrap();
    let plain = dir.path().join("plain.csv");
    let plain_rows: Vec<Vec<String>> = rows.iter().map(|r| r[..2].to_vec()).collect();
    util::write_delimited(&plain, b',', &["text", "label"], &plain_rows);
    let model = dir.path().join("m.json");
    for args in [
        vec!["--data", p(&all_train)],
        vec!["--data", p(&plain), "--test", p(&header_only)],
    ] {
        let r = run(
            &[&["train", "--alpha", "1", "--out", p(&model)][..], &args].concat(),
            None,
        );
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("has no examples"), "{args:?}: {}", r.stderr);
        assert!(!r.stderr.contains("trained in"), "the fit ran first: {}", r.stderr);
        assert!(!model.exists());
    }
}

/// A tab-separated header with a comma in one of its names (`notes, misc`): the comma
/// made detection split on commas, so `text` was "missing" and no error named the tab.
/// Detection now takes the delimiter on which the header has the needed columns.
#[test]
fn a_comma_in_a_tab_separated_header_name_does_not_hide_the_tab() {
    use claimscore::csv_check::detect_delimiter_for;
    let header = b"text\tlabel\tnotes, misc\n";
    assert_eq!(detect_delimiter_for(header, &["text", "label"]), Some(b'\t'));
    // A comma header whose names hold a tab or `;` stays a comma header.
    assert_eq!(
        detect_delimiter_for(b"text,label,a;b\n", &["text", "label"]),
        Some(b',')
    );
    // Neither gives the columns: the comma, as before (the error then lists the columns).
    assert_eq!(detect_delimiter_for(b"body\tgold, x\n", &["text"]), Some(b','));
    assert_eq!(detect_delimiter_for(b"text\n", &["text"]), None);

    let dir = scratch();
    let tsv = dir.path().join("labels.tsv");
    std::fs::write(
        &tsv,
        "text\tlabel\tnotes, misc\nPer Reuters, the bill passed.\tsourced\tx\nYou absolute idiot.\tinflammatory\ty\n",
    )
    .unwrap();
    let data = claimscore::Dataset::read_with(&tsv, &claimscore::ReadOptions::new()).unwrap();
    assert_eq!(data.examples()[0].text, "Per Reuters, the bill passed.");
    let r = run(&["eval", "-q", "--data", p(&tsv)], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout().contains("(2 examples)"), "{}", r.stdout());
    let r = run(&["score", "-q", "-i", p(&tsv)], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (header, rows) = read_csv(&r.stdout);
    assert_eq!(header[..4], ["text", "label", "notes, misc", "claimscore_label"]);
    assert_eq!((rows.len(), &rows[1][3]), (2, "inflammatory"));
}

/// The threshold `eval --target-precision` prints is the one to give `score --threshold`:
/// flagging at it must flag the rows it counted (was: printed to 4 decimals, so a
/// threshold of 0.99986 read "0.9999", at which those rows are not flagged at all).
#[test]
fn a_printed_target_threshold_flags_what_eval_counted() {
    let dir = scratch();
    let rows: Vec<Vec<String>> = util::comments()
        .into_iter()
        .filter(|r| r[4] == "test")
        .take(300)
        .map(|r| vec![r[0].clone(), r[2].clone(), r[3].clone()])
        .collect();
    let data = dir.path().join("test.csv");
    util::write_delimited(&data, b',', &["id", "text", "label"], &rows);
    let targets = ["inflammatory=1", "inflammatory=0.99", "sourced=0.95", "unsourced=0.9"];
    let r = run(
        &[
            &["eval", "-q", "--data", p(&data)][..],
            &targets.map(|t| ["--target-precision", t]).concat(),
        ]
        .concat(),
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = r.stdout();
    let mut checked = 0;
    for line in out.lines().filter(|l| l.starts_with("target precision")) {
        // "target precision LABEL >= P: threshold T (precision ..., recall ..., N flagged)"
        let label = line.split_whitespace().nth(2).unwrap();
        let Some(rest) = line.split(": threshold ").nth(1) else {
            continue;
        };
        let threshold = rest.split_whitespace().next().unwrap();
        let flagged: usize = rest
            .split(", ")
            .last()
            .unwrap()
            .split_whitespace()
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let s = run(
            &[
                "score",
                "-q",
                "-i",
                p(&data),
                "--keep",
                "id",
                "--threshold",
                &format!("{label}={threshold}"),
            ],
            None,
        );
        assert_eq!(s.code, 0, "{}", s.stderr);
        let (header, scored) = read_csv(&s.stdout);
        let col = header.iter().position(|h| *h == format!("{label}_flag")).unwrap();
        let n = scored.iter().filter(|r| &r[col] == "true").count();
        assert_eq!(n, flagged, "{line}");
        checked += 1;
    }
    assert!(checked >= 3, "{out}");
}

/// `-` means stdout to `score --output`; `eval --mistakes -` and `train --out -` wrote a
/// file named `-` in the working directory instead. Both are refused up front (stdout
/// holds the metrics), and nothing is created.
#[test]
fn a_dash_is_not_taken_for_a_file_name() {
    let dir = scratch();
    let data = dir.path().join("d.csv");
    std::fs::write(
        &data,
        "text,label\nPer Reuters it passed.,unsourced\nYou idiot.,inflammatory\n",
    )
    .unwrap();
    let cwd = dir.path().join("cwd");
    std::fs::create_dir(&cwd).unwrap();
    for args in [
        vec!["eval", "--data", p(&data), "--mistakes", "-"],
        vec![
            "train",
            "--data",
            p(&data),
            "--alpha",
            "1",
            "--min-df",
            "1",
            "--out",
            "-",
        ],
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_claimscore"))
            .args(&args)
            .current_dir(&cwd)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains("not `-`"), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert_eq!(std::fs::read_dir(&cwd).unwrap().count(), 0, "{args:?} created a file");
    }
}

/// A JSON Lines object naming a key twice is an error naming file, line and key in
/// `train` and `eval`, as it is in `score` and as a CSV header naming a column twice is
/// (was: the last value silently won, so `eval` scored another text than `score` does).
#[test]
fn a_key_given_twice_in_a_json_line_is_refused() {
    let dir = scratch();
    let data = dir.path().join("dup.jsonl");
    std::fs::write(
        &data,
        "{\"text\": \"so true\", \"label\": \"unsourced\"}\n{\"text\": \"Per Reuters, it passed.\", \"label\": \"sourced\", \"text\": \"You idiot.\"}\n",
    )
    .unwrap();
    let e = claimscore::Dataset::read_with(&data, &claimscore::ReadOptions::new()).unwrap_err();
    assert_eq!(e.line(), Some(2), "{e}");
    let shown = e.to_string();
    assert!(
        shown.contains("dup.jsonl") && shown.contains("`text`") && shown.contains("twice"),
        "{shown}"
    );
    let r = run(&["eval", "--data", p(&data)], None);
    assert_eq!(r.code, 1, "{}", r.stdout());
    assert!(
        r.stderr.contains("line 2") || r.stderr.contains("row 2"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_threshold_given_twice_for_one_label_is_refused() {
    let dir = scratch();
    let input = dir.path().join("in.csv");
    std::fs::write(&input, "text\nPer Reuters it passed.\n").unwrap();
    for args in [
        &[
            "score",
            "-i",
            p(&input),
            "--threshold",
            "inflammatory=0.5",
            "--threshold",
            "inflammatory=0.7",
        ][..],
        &[
            "score",
            "-i",
            p(&input),
            "--threshold",
            "inflammatory=0.5,inflammatory=0.7",
        ],
    ] {
        let r = run(args, None);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stdout());
        assert!(r.stdout.is_empty(), "{args:?}: {}", r.stdout());
        assert!(r.stderr.contains("given twice (0.5 and 0.7)"), "{args:?}: {}", r.stderr);
    }
    // One per label, several labels: fine.
    let r = run(
        &[
            "score",
            "-q",
            "-i",
            p(&input),
            "--threshold",
            "inflammatory=0.5",
            "--threshold",
            "sourced=0.5",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout().contains("sourced_flag") && r.stdout().contains("inflammatory_flag"),
        "{}",
        r.stdout()
    );
}
