//! The habits of xsv and ripgrep users (issue 11, part 3): delimiters, column flags and
//! JSON Lines on every subcommand, `--precision`, character spans, `--version`,
//! completions and the hint when `score` waits on a terminal.

mod util;

use std::io::Read;
use std::process::{Command, Stdio};

use claimscore::Classifier;
use util::{comments, datasets, p, read_csv, run, write_delimited, write_jsonl};

/// `id,text` rows of the first `n` bundled comments, one of them with the delimiters in it.
fn id_text(n: usize) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = comments()
        .into_iter()
        .take(n)
        .map(|r| vec![r[0].clone(), r[2].clone()])
        .collect();
    rows[0][1] = "Per Reuters; it passed,\tsaid \"the\" minister.".into();
    rows
}

#[test]
fn a_semicolon_or_tab_header_is_detected_or_chosen_and_scores_as_the_csv_does() {
    let dir = tempfile::tempdir().unwrap();
    let rows = id_text(40);
    let comma = dir.path().join("comma.csv");
    write_delimited(&comma, b',', &["id", "text"], &rows);
    let want = run(&["score", "-q", "-i", p(&comma)], None);
    assert_eq!(want.code, 0, "{}", want.stderr);
    for (delimiter, name, flags) in [
        (b';', "semi.csv", &[][..]),
        (b';', "semi2.csv", &["-d", ";"][..]),
        (b'\t', "tab.tsv", &[][..]),
        (b'\t', "tab2.tsv", &["--tsv"][..]),
        (b'\t', "tab3.tsv", &["--delimiter", "tab"][..]),
        (b'|', "pipe.csv", &[][..]),
    ] {
        let path = dir.path().join(name);
        write_delimited(&path, delimiter, &["id", "text"], &rows);
        let mut args = vec!["score", "-i", p(&path)];
        args.extend(flags);
        let r = run(&args, None);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        assert_eq!(
            r.stdout(),
            want.stdout(),
            "{name}: the same rows, comma-separated output"
        );
        assert_eq!(
            r.stderr.contains("detected from the header"),
            flags.is_empty(),
            "{name}: a detected delimiter is said once: {}",
            r.stderr
        );
    }
    // From stdin too.
    let semi = std::fs::read(dir.path().join("semi.csv")).unwrap();
    let r = run(&["score", "-q"], Some(semi.clone()));
    assert_eq!(r.stdout(), want.stdout());

    // A delimiter given that the header does not have: the error names the one it has.
    let r = run(&["score", "-i", p(&dir.path().join("semi.csv")), "-d", ","], None);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("semi.csv")
            && r.stderr.contains("no column `text`")
            && r.stderr.contains("has no `,` but has `;`")
            && r.stderr.contains("--delimiter ';'"),
        "{}",
        r.stderr
    );
    let r = run(&["score", "-d", ";;"], None);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("not a delimiter"), "{}", r.stderr);

    // An unclosed quote in a `;` file is found with its line, as in a comma file.
    let line = semi.iter().filter(|&&b| b == b'\n').count() + 1;
    let mut open = semi;
    open.extend_from_slice(b"99;\"never closed\n100;more\n");
    let r = run(&["score", "-q"], Some(open));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("line {line}")) && r.stderr.contains("never closed"),
        "{}",
        r.stderr
    );
}

/// Labeled rows `text,label,article_id` from the corpus's train split.
fn labeled(n: usize) -> Vec<Vec<String>> {
    comments()
        .into_iter()
        .filter(|r| r[4] == "train")
        .take(n)
        .map(|r| vec![r[2].clone(), r[3].clone(), r[1].clone()])
        .collect()
}

#[test]
fn train_and_eval_read_other_columns_delimiters_and_json_lines_alike() {
    let dir = tempfile::tempdir().unwrap();
    let rows = labeled(240);
    let csv = dir.path().join("train.csv");
    write_delimited(&csv, b',', &["text", "label", "article_id"], &rows);
    let semi = dir.path().join("renamed.csv");
    write_delimited(&semi, b';', &["comment", "gold", "story"], &rows);
    let tsv = dir.path().join("renamed.txt");
    write_delimited(&tsv, b'\t', &["comment", "gold", "story"], &rows);
    let jsonl = dir.path().join("train.jsonl");
    write_jsonl(&jsonl, &["comment", "gold", "story"], &rows);
    let articles = datasets().join("articles.csv");
    let renamed = [
        "--text-column",
        "comment",
        "--label-column",
        "gold",
        "--article-id-column",
        "story",
    ];
    let cases: [(&str, Vec<&str>); 4] = [
        ("csv", vec!["--data", p(&csv)]),
        ("semicolons", [&["--data", p(&semi)][..], &renamed].concat()),
        ("tsv", [&["--data", p(&tsv), "--tsv"][..], &renamed].concat()),
        ("jsonl", [&["--data", p(&jsonl)][..], &renamed].concat()),
    ];
    let mut models = Vec::new();
    let mut metrics = Vec::new();
    for (name, data) in &cases {
        let out = dir.path().join(format!("{name}.json"));
        let mut args = vec!["train", "--alpha", "0.5", "--articles", p(&articles), "--out", p(&out)];
        args.extend(data);
        let r = run(&args, None);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        assert!(r.stderr.contains("read 240 examples"), "{name}: {}", r.stderr);
        models.push(std::fs::read(&out).unwrap());
        let mut args = vec!["eval", "--json", "--model", p(&out), "--articles", p(&articles)];
        args.extend(data);
        let r = run(&args, None);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        metrics.push(r.stdout);
    }
    for i in 1..cases.len() {
        assert!(
            models[i] == models[0],
            "{}: the same data trains the same model",
            cases[i].0
        );
        assert_eq!(metrics[i], metrics[0], "{}: the same metrics", cases[i].0);
    }
    let m: serde_json::Value = serde_json::from_slice(&metrics[0]).unwrap();
    assert_eq!(m["n"], 240);

    // A JSON Lines file named otherwise is read as one with --input-format jsonl.
    let plain = dir.path().join("train.txt");
    std::fs::copy(&jsonl, &plain).unwrap();
    let mut args = vec!["eval", "--json", "--input-format", "jsonl", "--data", p(&plain)];
    args.extend(renamed);
    args.extend(["--articles", p(&articles)]);
    let r = run(&args, None);
    assert_eq!(r.code, 0, "{}", r.stderr);

    // Errors name the file, the row (a JSON line) and the field.
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(
        &bad,
        "{\"comment\": \"fine\", \"gold\": \"sourced\"}\n{\"comment\": \"x\", \"gold\": \"toxic\"}\n",
    )
    .unwrap();
    for cmd in ["train", "eval"] {
        let mut args = vec![
            cmd,
            "--data",
            p(&bad),
            "--text-column",
            "comment",
            "--label-column",
            "gold",
        ];
        if cmd == "train" {
            args.extend(["--out", "unused.json"]);
        }
        let r = run(&args, None);
        assert_eq!(r.code, 1, "{cmd}: {}", r.stderr);
        assert!(
            r.stderr.contains("bad.jsonl") && r.stderr.contains("row 2, field `gold`") && r.stderr.contains("toxic"),
            "{cmd}: {}",
            r.stderr
        );
    }
    assert!(!std::path::Path::new("unused.json").exists());
    let r = run(&["eval", "--data", p(&semi), "-d", ","], None);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("renamed.csv") && r.stderr.contains("has no `,` but has `;`"),
        "{}",
        r.stderr
    );
}

/// Significant digits of a decimal number as written.
fn significant_digits(s: &str) -> usize {
    // serde_json writes small numbers as `8.983e-6`: the exponent is not a digit of it.
    let mantissa = s.split(['e', 'E']).next().unwrap_or_default();
    mantissa
        .trim_start_matches(['0', '.'])
        .chars()
        .filter(char::is_ascii_digit)
        .count()
}

#[test]
fn precision_rounds_probabilities_and_full_keeps_every_bit() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    let rows = id_text(200);
    write_delimited(&input, b',', &["id", "text"], &rows);
    let model = Classifier::default_model();
    let mut sizes = Vec::new();
    for (flags, digits) in [
        (&[][..], Some(4)),
        (&["--precision", "2"][..], Some(2)),
        (&["--precision", "full"][..], None),
    ] {
        let mut args = vec!["score", "-q", "-i", p(&input)];
        args.extend(flags);
        let r = run(&args, None);
        assert_eq!(r.code, 0, "{}", r.stderr);
        sizes.push(r.stdout.len());
        let (header, got) = read_csv(&r.stdout);
        let col = |name: &str| header.iter().position(|h| h == name).unwrap();
        for (row, src) in got.iter().zip(&rows) {
            let want = model.scores(src[1].as_str()).to_array();
            for (i, name) in ["sourced", "unsourced", "inflammatory"].into_iter().enumerate() {
                let text = &row[col(name)];
                let v: f64 = text.parse().unwrap();
                match digits {
                    Some(d) => {
                        assert!(significant_digits(text) <= d, "{flags:?}: {text}");
                        let rounded: f64 = format!("{:.*e}", d - 1, want[i]).parse().unwrap();
                        assert_eq!(v, rounded, "{flags:?}: {text} is {} rounded", want[i]);
                    }
                    None => assert_eq!(v, want[i], "full precision reads back as the same f64"),
                }
            }
        }
    }
    assert!(
        sizes[0] < sizes[2] && sizes[1] < sizes[0],
        "fewer digits, fewer bytes: {sizes:?}"
    );
    // Claims' probabilities are rounded too, in JSON lines.
    let r = run(&["score", "-q", "-i", p(&input), "--format", "jsonl", "--claims"], None);
    for line in r.stdout().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        for c in v["claims"].as_array().unwrap() {
            for (_, s) in c["scores"].as_object().unwrap() {
                assert!(significant_digits(&s.to_string()) <= 4, "{s}");
            }
        }
    }
    for bad in ["0", "18", "four"] {
        let r = run(&["score", "--precision", bad], None);
        assert_eq!(r.code, 1, "{bad}");
        assert!(r.stderr.contains("significant digits"), "{}", r.stderr);
    }
}

/// Slices `text` by character offsets, as Python's `text[start:end]` does.
fn char_slice(text: &str, span: &serde_json::Value) -> String {
    let (s, e) = (
        span["start"].as_u64().unwrap() as usize,
        span["end"].as_u64().unwrap() as usize,
    );
    text.chars().skip(s).take(e - s).collect()
}

#[test]
fn spans_have_character_offsets_beside_byte_offsets() {
    let text = "Café owners — “per the BBC” — lost 40%. Ты идиот? You absolute clown 🤡, résumé padder.";
    let r = run(&["explain", "--json", "-k", "5", text], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    let claims = v["claims"].as_array().unwrap();
    assert!(claims.len() >= 2, "{claims:?}");
    for c in claims {
        let (s, e) = (
            c["span"]["start"].as_u64().unwrap() as usize,
            c["span"]["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], c["text"].as_str().unwrap());
        assert_eq!(char_slice(text, &c["char_span"]), c["text"].as_str().unwrap());
    }
    assert_ne!(
        claims[1]["span"], claims[1]["char_span"],
        "the text has multi-byte characters"
    );
    let mut checked = 0;
    for l in v["explanation"]["labels"].as_array().unwrap() {
        for c in l["for_label"]
            .as_array()
            .unwrap()
            .iter()
            .chain(l["against_label"].as_array().unwrap())
        {
            let (bytes, chars) = (c["spans"].as_array().unwrap(), c["char_spans"].as_array().unwrap());
            assert_eq!(bytes.len(), chars.len());
            for (b, ch) in bytes.iter().zip(chars) {
                let (s, e) = (
                    b["start"].as_u64().unwrap() as usize,
                    b["end"].as_u64().unwrap() as usize,
                );
                assert_eq!(char_slice(text, ch), text[s..e]);
                checked += 1;
            }
        }
    }
    assert!(checked > 0, "some contribution has spans");
    // The same in `score --claims`.
    let r = run(
        &["score", "-q", "--format", "jsonl", "--claims"],
        Some(format!("text\n\"{text}\"\n").into_bytes()),
    );
    let v: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    for c in v["claims"].as_array().unwrap() {
        assert_eq!(char_slice(text, &c["char_span"]), c["text"].as_str().unwrap());
    }
}

#[test]
fn version_names_the_bundled_model_and_completions_are_printed() {
    let version = Classifier::default_model().version();
    for args in [&["--version"][..], &["-V"], &["score", "--version"]] {
        let r = run(args, None);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        let out = r.stdout();
        assert!(
            out.contains(env!("CARGO_PKG_VERSION")) && out.contains(&format!("bundled model {version}")),
            "{args:?}: {out}"
        );
    }
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef claimscore"),
        ("fish", "complete -c claimscore"),
    ] {
        let r = run(&["completions", shell], None);
        assert_eq!(r.code, 0, "{shell}: {}", r.stderr);
        let out = r.stdout();
        assert!(out.contains(marker), "{shell}: {}", &out[..out.len().min(300)]);
        for word in ["score", "train", "text-column", "precision", "with-bundled-corpus"] {
            assert!(out.contains(word), "{shell} completes {word}");
        }
    }
    let r = run(&["completions", "tcsh"], None);
    assert_eq!(r.code, 1, "{}", r.stderr);
}

#[test]
fn score_says_when_it_waits_on_a_terminal() {
    // A pipe: no hint.
    let r = run(&["score"], Some(b"text\nso true\n".to_vec()));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("from the terminal"), "{}", r.stderr);
    // A terminal: `script` gives the command one (util-linux).
    if Command::new("script").arg("--version").output().is_err() {
        println!("skipped the terminal half: no `script` command to make a terminal");
        return;
    }
    let command = format!("{} score", env!("CARGO_BIN_EXE_claimscore"));
    let mut child = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut seen = Vec::new();
        let mut buf = [0u8; 512];
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 {
                break;
            }
            seen.extend_from_slice(&buf[..n]);
            if String::from_utf8_lossy(&seen).contains("Ctrl-D") {
                break;
            }
        }
        String::from_utf8_lossy(&seen).into_owned()
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !reader.is_finished() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    let seen = reader.join().unwrap();
    assert!(
        seen.contains("reading comments from the terminal") && seen.contains("--input FILE"),
        "{seen:?}"
    );
}
