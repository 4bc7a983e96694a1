//! Regression tests for issue 8: special outputs, signals and broken CSV never destroy or
//! lose data. Each runs the real binary, as `tests/cli.rs` does.
//!
//! No test touches a real device node: devices are made with `mknod` inside a temporary
//! directory (as root only; otherwise the test says why it skips), FIFOs with `mkfifo`.
//! `CLAIMSCORE_BIN` points the tests at another build, e.g. to see them fail on an old one.
// Signals and the effective user id need libc calls.
#![allow(unsafe_code)]
#![cfg(unix)]

use std::io::Read;
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

fn bin() -> PathBuf {
    std::env::var_os("CLAIMSCORE_BIN").map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_claimscore")), PathBuf::from)
}

struct Run {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let out = Command::new(bin())
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("the binary starts");
    Run {
        code: out.status.code(),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// The names in `dir`, sorted.
fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// `n` rows of `id,text`; every `bad_every`-th has an empty text (a row error).
fn write_input(path: &Path, n: usize, bad_every: Option<usize>) {
    let mut s = String::from("id,text\n");
    for i in 1..=n {
        if bad_every.is_some_and(|k| i % k == 0) {
            s.push_str(&format!("{i},\n"));
        } else {
            s.push_str(&format!(
                "{i},\"Comment {i}: the article's figure of {i} percent, per the report, is wrong\"\n"
            ));
        }
    }
    std::fs::write(path, s).unwrap();
}

/// A device node like `/dev/null` (1, 3) or `/dev/full` (1, 7), made inside `dir`.
fn mknod(dir: &Path, name: &str, major: u32, minor: u32) -> PathBuf {
    let path = dir.join(name);
    let ok = Command::new("mknod")
        .args([p(&path), "c", &major.to_string(), &minor.to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok, "mknod {}", path.display());
    path
}

fn mkfifo(path: &Path) {
    assert!(Command::new("mkfifo").arg(path).status().unwrap().success());
}

fn is_char_device(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_char_device())
}

fn wait_timeout(child: &mut Child, limit: Duration) -> Option<ExitStatus> {
    let started = Instant::now();
    while started.elapsed() < limit {
        if let Some(s) = child.try_wait().unwrap() {
            return Some(s);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

/// `cat FIFO`, its output collected by a thread.
struct FifoReader {
    child: Child,
    output: std::thread::JoinHandle<Vec<u8>>,
}

impl FifoReader {
    fn start(fifo: &Path) -> Self {
        let mut child = Command::new("cat").arg(fifo).stdout(Stdio::piped()).spawn().unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let output = std::thread::spawn(move || {
            let mut v = Vec::new();
            let _ = stdout.read_to_end(&mut v);
            v
        });
        FifoReader { child, output }
    }

    /// What `cat` read, or `None` if nothing ever opened the FIFO for writing.
    fn finish(mut self) -> Option<Vec<u8>> {
        let status = wait_timeout(&mut self.child, Duration::from_secs(10));
        if status.is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        let got = self.output.join().unwrap();
        status.map(|_| got)
    }
}

fn training_data(dir: &Path) -> PathBuf {
    let data = dir.join("train.csv");
    let mut r = csv::Reader::from_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/comments.csv")).unwrap();
    let mut w = csv::Writer::from_path(&data).unwrap();
    w.write_record(["text", "label"]).unwrap();
    for rec in r.records().take(150) {
        let rec = rec.unwrap();
        w.write_record([&rec[2], &rec[3]]).unwrap();
    }
    w.flush().unwrap();
    data
}

// Case 1: the output rename must not replace what is at the path.

#[test]
fn output_to_a_fifo_is_written_through_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    write_input(&input, 50, None);
    let fifo = dir.path().join("out.fifo");
    mkfifo(&fifo);
    let reader = FifoReader::start(&fifo);
    let r = run(&["score", "-q", "-i", p(&input), "-o", p(&fifo)]);
    let got = String::from_utf8(reader.finish().expect("the FIFO's reader saw a writer")).unwrap();
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(got.lines().count(), 51, "{got}");
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    assert_eq!(entries(dir.path()), ["in.csv", "out.fifo"]);
}

#[test]
fn output_through_a_symlink_writes_its_target() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    write_input(&input, 20, None);
    let real_dir = dir.path().join("real");
    std::fs::create_dir(&real_dir).unwrap();
    std::fs::write(real_dir.join("scores.csv"), "old").unwrap();
    let link = dir.path().join("out.csv");
    std::os::unix::fs::symlink("real/scores.csv", &link).unwrap();
    let r = run(&["score", "-q", "-i", p(&input), "-o", p(&link)]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    let written = std::fs::read_to_string(real_dir.join("scores.csv")).unwrap();
    assert_eq!(written.lines().count(), 21);
    assert_eq!(entries(dir.path()), ["in.csv", "out.csv", "real"]);
    assert_eq!(entries(&real_dir), ["scores.csv"]);
}

#[test]
fn output_to_a_device_node_keeps_the_device() {
    if !is_root() {
        eprintln!("skipped: mknod needs root");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    write_input(&input, 20, None);
    let null = mknod(dir.path(), "null", 1, 3);
    let r = run(&["score", "-q", "-i", p(&input), "-o", p(&null)]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(is_char_device(&null), "the device was replaced");
    assert_eq!(entries(dir.path()), ["in.csv", "null"]);
}

#[test]
fn output_to_a_full_device_is_an_error() {
    if !is_root() {
        eprintln!("skipped: mknod needs root");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    write_input(&input, 20, None);
    let full = mknod(dir.path(), "full", 1, 7);
    for format in ["csv", "jsonl"] {
        let r = run(&["score", "-q", "-i", p(&input), "-o", p(&full), "--format", format]);
        assert_eq!(r.code, Some(1), "{format}: {}", r.stderr);
        assert!(r.stderr.contains("No space left on device"), "{}", r.stderr);
        assert!(is_char_device(&full), "the device was replaced");
        assert_eq!(entries(dir.path()), ["full", "in.csv"]);
    }
}

#[test]
fn train_out_writes_through_symlinks_fifos_and_devices() {
    let dir = tempfile::tempdir().unwrap();
    let data = training_data(dir.path());
    let train = |out: &Path| run(&["train", "-q", "--data", p(&data), "--alpha", "1", "--out", p(out)]);

    std::fs::create_dir(dir.path().join("models")).unwrap();
    let link = dir.path().join("model.json");
    std::os::unix::fs::symlink("models/real.json", &link).unwrap();
    let r = train(&link);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert!(claimscore::Classifier::load(&link).is_ok());
    assert_eq!(entries(&dir.path().join("models")), ["real.json"]);

    let fifo = dir.path().join("model.fifo");
    mkfifo(&fifo);
    let reader = FifoReader::start(&fifo);
    let r = train(&fifo);
    let got = reader.finish().expect("the FIFO's reader saw a writer");
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    assert!(
        claimscore::Classifier::from_bytes(&got).is_ok(),
        "the FIFO's reader got the model"
    );

    if !is_root() {
        eprintln!("skipped the device part: mknod needs root");
        return;
    }
    let null = mknod(dir.path(), "null", 1, 3);
    let r = train(&null);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(is_char_device(&null));
    let full = mknod(dir.path(), "full", 1, 7);
    let r = train(&full);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains("No space left on device"), "{}", r.stderr);
    assert!(is_char_device(&full));
    assert_eq!(
        entries(dir.path()),
        ["full", "model.fifo", "model.json", "models", "null", "train.csv"]
    );
}

// Case 2: no temporary file left behind on any failure path.

fn signal_leaves_nothing(signal: i32, code: i32) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    write_input(&input, 400_000, None);
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let mut child = Command::new(bin())
        .args(["score", "-q", "-i", p(&input), "-o", p(&out_dir.join("out.csv"))])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until it has written into its temporary file.
    let started = Instant::now();
    loop {
        let writing = std::fs::read_dir(&out_dir)
            .unwrap()
            .any(|e| e.unwrap().metadata().is_ok_and(|m| m.len() > 0));
        if writing {
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "finished before it could be signalled"
        );
        assert!(started.elapsed() < Duration::from_secs(60), "never started writing");
        std::thread::sleep(Duration::from_millis(5));
    }
    // SAFETY: kill on our own child's pid.
    assert_eq!(unsafe { libc::kill(child.id() as i32, signal) }, 0);
    let status = wait_timeout(&mut child, Duration::from_secs(30)).expect("exits after the signal");
    assert_eq!(status.code(), Some(code), "{status:?}");
    assert_eq!(entries(&out_dir), Vec::<String>::new());
}

#[test]
fn sigterm_removes_the_temporary_file_and_exits_143() {
    signal_leaves_nothing(libc::SIGTERM, 143);
}

#[test]
fn sigint_removes_the_temporary_file_and_exits_130() {
    signal_leaves_nothing(libc::SIGINT, 130);
}

#[test]
fn output_or_errors_naming_a_directory_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    write_input(&input, 20, Some(5));
    let d = dir.path().join("d");
    std::fs::create_dir(&d).unwrap();
    let out = dir.path().join("out.csv");
    for args in [
        vec!["score", "-q", "-i", p(&input), "-o", p(&d)],
        vec!["score", "-q", "-i", p(&input), "-o", p(&out), "--errors", p(&d)],
    ] {
        let r = run(&args);
        assert_eq!(r.code, Some(1), "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("is a directory"), "{}", r.stderr);
        assert_eq!(entries(dir.path()), ["d", "in.csv"], "{args:?}");
        assert_eq!(entries(&d), Vec::<String>::new());
    }
}

/// A small tmpfs mounted in a temporary directory, unmounted on drop.
struct SmallDisk(tempfile::TempDir);

impl SmallDisk {
    fn mount(size: &str) -> Result<Self, String> {
        if !is_root() {
            return Err("mounting a tmpfs needs root".into());
        }
        let dir = tempfile::tempdir().unwrap();
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs", p(dir.path())])
            .output()
            .map_err(|e| format!("cannot run mount: {e}"))?;
        if !out.status.success() {
            return Err(format!("mount failed: {}", String::from_utf8_lossy(&out.stderr)));
        }
        Ok(SmallDisk(dir))
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.0.path()).status();
    }
}

#[test]
fn a_full_disk_is_an_error_and_leaves_no_temporary_file() {
    let disk = match SmallDisk::mount("16k") {
        Ok(d) => d,
        Err(why) => {
            eprintln!("skipped: {why}");
            return;
        }
    };
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    for (format, rows) in [("jsonl", 130), ("jsonl", 5_000), ("csv", 130), ("csv", 5_000)] {
        // 130 rows fit the write buffer, so the disk fills only at the final flush.
        write_input(&input, rows, Some(7));
        let out = disk.0.path().join("out");
        let r = run(&["score", "-q", "-i", p(&input), "-o", p(&out), "--format", format]);
        assert_eq!(r.code, Some(1), "{format} {rows}: {}", r.stderr);
        assert!(r.stderr.contains("No space left on device"), "{}", r.stderr);
        assert_eq!(entries(disk.0.path()), Vec::<String>::new(), "{format} {rows}");
        // The output fits; the errors file does not.
        let out = dir.path().join("out");
        let errors = disk.0.path().join("errors.csv");
        let big = dir.path().join("big.csv");
        write_input(&big, 5_000, Some(1));
        let r = run(&[
            "score",
            "-q",
            "-i",
            p(&big),
            "-o",
            p(&out),
            "--errors",
            p(&errors),
            "--format",
            format,
        ]);
        assert_eq!(r.code, Some(1), "{format}: {}", r.stderr);
        assert_eq!(entries(disk.0.path()), Vec::<String>::new(), "{format}");
        assert_eq!(entries(dir.path()), ["big.csv", "in.csv"], "{format}");
        std::fs::remove_file(&big).unwrap();
    }
}

// Case 3: the output and the errors file are put in place together, or neither is.

#[test]
fn a_failed_errors_file_keeps_the_previous_output() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    write_input(&input, 20, Some(5));
    let out = dir.path().join("out.csv");
    std::fs::write(&out, "previous").unwrap();
    let errors = dir.path().join("errors");
    std::fs::create_dir(&errors).unwrap();
    let r = run(&["score", "-q", "-i", p(&input), "-o", p(&out), "--errors", p(&errors)]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous");
    assert_eq!(entries(dir.path()), ["errors", "in.csv", "out.csv"]);
}

// Case 5: an unclosed quote is an error naming its line, not one merged row.

#[test]
fn an_unclosed_quote_is_an_error_naming_its_line() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes, line) in [
        ("lf.csv", &b"id,text\n1,\"hello\n2,world\n3,third\n"[..], 2),
        ("crlf.csv", b"id,text\r\n1,fine\r\n\r\n2,\"hello\r\n3,world\r\n", 4),
    ] {
        let input = dir.path().join(name);
        std::fs::write(&input, bytes).unwrap();
        let out = dir.path().join("out.csv");
        let r = run(&["score", "-i", p(&input), "-o", p(&out)]);
        assert_eq!(r.code, Some(1), "{name}: {}", r.stderr);
        assert!(
            r.stderr
                .contains(&format!("quoted field on line {line} that is never closed")),
            "{name}: {}",
            r.stderr
        );
        assert!(!out.exists());
        // The merged row is not written, even when it ends a chunk.
        for chunk_rows in ["8192", "1"] {
            let r = run(&["score", "-i", p(&input), "--chunk-rows", chunk_rows]);
            assert_eq!(r.code, Some(1), "{name}: {}", r.stderr);
            let stdout = String::from_utf8(r.stdout).unwrap();
            assert!(!stdout.contains("world"), "{chunk_rows}: {stdout}");
        }
    }
}

// Case 7: a closed stdout is an error, not a silent success.

#[test]
fn a_closed_stdout_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    write_input(&input, 10, None);
    let out = Command::new("sh")
        .args(["-c", "exec \"$0\" score -i \"$1\" >&-"])
        .arg(bin())
        .arg(&input)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("standard output is closed"), "{stderr}");
    assert!(!stderr.contains("scored"), "{stderr}");
}

#[test]
fn eval_explain_and_info_fail_on_a_closed_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("test.csv");
    std::fs::write(
        &data,
        "text,label\nPer Reuters it passed.,sourced\nwhat a clown,inflammatory\n",
    )
    .unwrap();
    let commands: [&[&str]; 5] = [
        &["eval", "--data", p(&data)],
        &["eval", "--data", p(&data), "--json"],
        &["explain", "Per Reuters, the bill passed."],
        &["explain", "--json", "Per Reuters, the bill passed."],
        &["info"],
    ];
    for args in commands {
        let out = Command::new("sh")
            .args(["-c", "exec \"$0\" \"$@\" >&-"])
            .arg(bin())
            .args(args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains("standard output is closed"), "{args:?}: {stderr}");
        // With stdout open, the same command succeeds.
        assert_eq!(run(args).code, Some(0), "{args:?}");
    }
}

#[test]
fn eval_refuses_an_unclosed_quote_and_duplicate_columns() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("test.csv");
    std::fs::write(&data, "text,label\n\"hello,sourced\nworld,unsourced\n").unwrap();
    let r = run(&["eval", "--data", p(&data)]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains("opens on line 2 and is never closed"), "{}", r.stderr);
    std::fs::write(&data, "text,text,label\nfirst,second,sourced\n").unwrap();
    let r = run(&["eval", "--data", p(&data)]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains("column `text` twice"), "{}", r.stderr);
}

// Case 8: duplicate columns are refused; invalid UTF-8 is the same row error in JSONL.

#[test]
fn duplicate_column_names_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    std::fs::write(&input, "id,text,text\n1,first,second\n").unwrap();
    for format in ["csv", "jsonl"] {
        let r = run(&["score", "-i", p(&input), "--format", format]);
        assert_eq!(r.code, Some(1), "{}", r.stderr);
        assert!(r.stderr.contains("column `text` twice"), "{}", r.stderr);
        assert!(r.stdout.is_empty());
    }
}

#[test]
fn invalid_utf8_is_the_same_row_error_in_jsonl_as_in_csv() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    std::fs::write(&input, b"id,text,note\n1,fine text here,ok\n2,bad \xff text,n\xfeote\n").unwrap();
    let csv = run(&["score", "-q", "-i", p(&input)]);
    let jsonl = run(&["score", "-q", "-i", p(&input), "--format", "jsonl"]);
    assert_eq!((csv.code, jsonl.code), (Some(2), Some(2)));
    let mut r = csv::ReaderBuilder::new().from_reader(&csv.stdout[..]);
    let rows: Vec<csv::ByteRecord> = r.byte_records().map(Result::unwrap).collect();
    let csv_error = String::from_utf8(rows[1][rows[1].len() - 1].to_vec()).unwrap();
    assert!(csv_error.contains("invalid UTF-8"), "{csv_error}");
    let text = String::from_utf8(jsonl.stdout).unwrap();
    assert!(!text.contains('\u{FFFD}'), "no replacement characters: {text}");
    let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["error"], csv_error.as_str());
    assert_eq!(lines[1]["text"], serde_json::Value::Null);
    assert_eq!(lines[1]["label"], serde_json::Value::Null);
}

// Case 9: line numbers in CRLF files; an I/O error's cause printed once.

#[test]
fn crlf_rows_report_their_own_line() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    std::fs::write(
        &input,
        "id,text\r\n1,a fine comment\r\n2,\r\n3,\"two\r\nlines\"\r\n\r\n4,\r\n",
    )
    .unwrap();
    let r = run(&["score", "-i", p(&input)]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    // Row 3 is on line 3; row 5 follows a two-line row and a blank line: line 7.
    assert!(r.stderr.contains("row 3, id \"2\": empty text"), "{}", r.stderr);
    assert!(
        r.stderr.contains("row 5 (line 7), id \"4\": empty text"),
        "{}",
        r.stderr
    );
}

#[test]
fn an_io_error_prints_its_cause_once() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    write_input(&input, 3, None);
    let missing = dir.path().join("missing.json");
    let r = run(&["score", "-i", p(&input), "--model", p(&missing)]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert_eq!(r.stderr.matches("No such file or directory").count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("missing.json"), "{}", r.stderr);
}
