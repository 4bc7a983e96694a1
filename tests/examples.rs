//! Runs the examples as a user would and checks what they print and write.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The example binaries cargo built next to this test binary (`target/<profile>/examples`).
fn example(name: &str) -> Command {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().and_then(Path::parent).unwrap().join("examples");
    let mut c = Command::new(dir.join(name));
    c.current_dir(root());
    c
}

#[test]
fn classify_prints_verdicts_and_an_explanation() {
    let out = example("classify")
        .arg("You absolute clown, Reuters already reported this.")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("without the article: inflammatory"), "{s}");
    assert!(s.contains("why (top 3"), "{s}");
    assert!(s.contains("clown"), "{s}");
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("article.txt");
    std::fs::write(&article, "The council approved 1,200 homes on Tuesday, the mayor said.").unwrap();
    let out = example("classify")
        .args(["As the article says, the council approved 1,200 homes.", "--article"])
        .arg(&article)
        .output()
        .unwrap();
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("with the article: sourced"), "{s}");
    assert!(
        s.contains("article:"),
        "the article features show up in the explanation: {s}"
    );
}

#[test]
fn score_speed_reports_the_corpus_throughput() {
    let corpus = root().join("datasets/comments.csv");
    let out = example("score_speed")
        .arg(&corpus)
        .arg("text")
        .arg("2")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let s = String::from_utf8_lossy(&out.stdout);
    let bytes: usize = csv::Reader::from_path(&corpus)
        .unwrap()
        .records()
        .map(|r| r.unwrap()[2].len())
        .sum();
    assert!(
        s.starts_with(&format!("4756 texts, {bytes} bytes, best of 2 passes: ")),
        "{s}"
    );
    assert!(s.contains(" MB/s, ") && s.contains(" texts/s), wall "), "{s}");
    let bad = example("score_speed")
        .arg(&corpus)
        .arg("no such column")
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no such column"));
}

#[test]
fn batch_score_writes_every_row_and_reports_bad_ones() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    let mut body =
        b"id,text\n1,\"According to Statistics Canada, rents rose 8%.\"\n2,you moron\n3,\n4,\"bad \xff utf8\"\n"
            .to_vec();
    body.extend_from_slice(b"5,is this true?\n");
    std::fs::write(&input, body).unwrap();
    let output = dir.path().join("out.csv");
    let out = example("batch_score").arg(&input).arg(&output).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    let mut r = csv::Reader::from_path(&output).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let ids: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(ids, ["1", "2", "3", "4", "5"]);
    assert_eq!(&rows[0][1], "sourced");
    assert_eq!(&rows[1][1], "inflammatory");
    assert!(rows[2][5].contains("empty"), "{:?}", rows[2]);
    assert!(rows[3][5].contains("UTF-8"), "{:?}", rows[3]);
    let p: f64 = (2..5).map(|i| rows[4][i].parse::<f64>().unwrap()).sum();
    assert!((p - 1.0).abs() < 1e-9);
}

#[test]
fn retrain_reproduces_the_bundled_model() {
    if !root().join("../shared/data").is_dir() {
        println!("skipped: the bundled model's recipe trains on ../shared/data too, which is absent here");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("model.json");
    let run = example("retrain").arg("--out").arg(&out).output().unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(stdout.contains("== corpus-test\n"), "{stdout}");
    let fresh = std::fs::read(&out).unwrap();
    let bundled = std::fs::read(root().join("models/claimscore-default.json")).unwrap();
    assert!(
        fresh == bundled,
        "models/claimscore-default.json is not what `cargo run --release --example retrain` produces"
    );
}

#[test]
fn retrain_on_the_corpus_alone_works_without_shared_data() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("model.json");
    let run = example("retrain")
        .args(["--corpus-only", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let model = claimscore::Classifier::load(&out).unwrap();
    let meta = model.metadata().unwrap();
    let (train, _) = claimscore::Dataset::read_corpus(root().join("datasets")).unwrap();
    assert_eq!(meta.training_data_sha256, train.sha256());
    assert!(
        meta.heldout["corpus-test"].macro_f1 > 0.9,
        "{}",
        meta.heldout["corpus-test"].macro_f1
    );
}

#[test]
#[cfg(unix)]
fn retrain_refuses_to_overwrite_the_bundled_model_with_another_recipe() {
    // A checkout without ../shared/data: a copy of the layout in a temporary directory.
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("claimscore");
    std::fs::create_dir_all(work.join("models")).unwrap();
    std::os::unix::fs::symlink(root().join("datasets"), work.join("datasets")).unwrap();
    let bundled = work.join("models/claimscore-default.json");
    std::fs::write(&bundled, "the bundled model").unwrap();
    for (args, reason) in [
        (&[][..], "../shared/data not found"),
        (
            &["--corpus-only"][..],
            "--corpus-only is not the bundled model's recipe",
        ),
    ] {
        let run = example("retrain").args(args).current_dir(&work).output().unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(!run.status.success(), "{args:?}: {stderr}");
        assert!(
            stderr.contains(reason) && stderr.contains("refus") && stderr.contains("--out"),
            "{args:?}: {stderr}"
        );
        assert_eq!(std::fs::read_to_string(&bundled).unwrap(), "the bundled model");
    }
}
