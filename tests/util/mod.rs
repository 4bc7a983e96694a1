//! Helpers shared by the CLI test files: run the binary, write fixtures.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub struct Run {
    pub code: i32,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

impl Run {
    pub fn stdout(&self) -> String {
        String::from_utf8(self.stdout.clone()).expect("stdout is UTF-8")
    }
}

/// Runs the binary with `args`, feeding `stdin` from a thread.
pub fn run(args: &[&str], stdin: Option<Vec<u8>>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimscore"))
        .args(args)
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let feeder = stdin.map(|bytes| {
        let mut pipe = child.stdin.take().unwrap();
        std::thread::spawn(move || {
            let _ = pipe.write_all(&bytes);
        })
    });
    let out = child.wait_with_output().unwrap();
    if let Some(f) = feeder {
        f.join().unwrap();
    }
    Run {
        code: out.status.code().expect("exited, not killed"),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

pub fn datasets() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("datasets")
}

/// (id, article_id, text, label, split) of the bundled comments.
pub fn comments() -> Vec<[String; 5]> {
    let mut r = csv::Reader::from_path(datasets().join("comments.csv")).unwrap();
    let h = r.headers().unwrap().clone();
    let idx = ["id", "article_id", "text", "label", "split"].map(|name| h.iter().position(|c| c == name).unwrap());
    r.records()
        .map(|rec| idx.map(|i| rec.as_ref().unwrap()[i].to_string()))
        .collect()
}

/// Writes a CSV with this delimiter.
pub fn write_delimited(path: &Path, delimiter: u8, header: &[&str], rows: &[Vec<String>]) {
    let mut w = csv::WriterBuilder::new().delimiter(delimiter).from_path(path).unwrap();
    w.write_record(header).unwrap();
    for r in rows {
        w.write_record(r).unwrap();
    }
    w.flush().unwrap();
}

/// Writes JSON Lines: one object per row, keys in `header` order.
pub fn write_jsonl(path: &Path, header: &[&str], rows: &[Vec<String>]) {
    let mut out = String::new();
    for r in rows {
        let mut m = serde_json::Map::new();
        for (k, v) in header.iter().zip(r) {
            m.insert(k.to_string(), serde_json::Value::String(v.clone()));
        }
        out.push_str(&serde_json::to_string(&m).unwrap());
        out.push('\n');
    }
    std::fs::write(path, out).unwrap();
}

/// Parses CSV output: header and rows.
pub fn read_csv(bytes: &[u8]) -> (Vec<String>, Vec<csv::StringRecord>) {
    let mut r = csv::Reader::from_reader(bytes);
    let h = r.headers().unwrap().iter().map(String::from).collect();
    (h, r.records().map(Result::unwrap).collect())
}
