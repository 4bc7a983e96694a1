#!/usr/bin/env python3
"""Scoring speed, training time and held-out macro-F1: claimscore vs its peers.

On the same texts, one thread each, in one run:

* scoring texts/s and MB/s of
  (a) claimscore: the CLI (`claimscore score --threads N --quiet`, the whole command timed,
      CSV reading and writing included) and the library in-process on a rayon pool of N
      threads, timed inside a small harness (a cargo project written to the target
      directory's `cs_bench`): `scores_batch` alone (the probabilities: "claimscore
      library"), and the per-row work the CLI does ("library, CLI's work": each text's
      language checked with `unsupported_language`, then `predict_batch`, the rubric's label
      and the probabilities, of the texts it does not reject), so that the CLI's own cost
      (reading, checking and writing CSV, the threads between) shows as the difference,
  (b) scikit-learn: TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2) +
      LogisticRegression(class_weight="balanced", C=1.0), `predict_proba`, trained on the
      corpus train split,
  (c) alt-profanity-check: `predict_prob`;
  on two text sets: the bundled corpus comments (datasets/comments.csv, train and test) and
  the Davidson tweets (../shared/data/davidson/labeled_data.csv, `tweet` column) repeated to
  1,000,000 rows (skipped, with the reason, when the file is absent);
* claimscore at 2 threads as well (scaling);
* training time and held-out macro-F1 on the corpus test split (articles never seen in
  training) of claimscore vs scikit-learn, both trained on the corpus train split.

Every figure is the median of 3 runs, in wall time (time.perf_counter around the call or
the command) and in CPU time (user + system: `getrusage` in the harness, the child's rusage
for the CLI, `time.process_time` for the Python scorers). On a shared machine wall times
swing with the other jobs; CPU times much less.
Comment texts only: no article text goes to any scorer. The scikit-learn and
alt-profanity-check timings exclude reading the CSV (the texts are already a Python list);
the claimscore CLI timings include it, and writing the scored CSV (to a pipe that discards
it).

Usage (from the repository root):
    python3 benches/compare_peers.py                 # sets up benches/.venv on first run
    python3 benches/compare_peers.py --rows 200000   # fewer Davidson rows, for a quick look
    python3 benches/compare_peers.py --claimscore-only   # the CLI against the library: no
                                                         # peers, no training, no venv
"""
import argparse, csv, json, os, shutil, statistics, subprocess, sys, tempfile, time, venv

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, "benches", ".venv")
DAVIDSON = os.path.join(ROOT, "..", "shared", "data", "davidson", "labeled_data.csv")
RUNS = 3
ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "RAYON_NUM_THREADS": "1"}


def ensure_venv():
    py = os.path.join(VENV, "bin", "python")
    if sys.executable != py:
        if not os.path.exists(py):
            venv.create(VENV, with_pip=True)
        have = subprocess.run([py, "-c", "import sklearn, profanity_check; assert sklearn.__version__ == '1.9.1'"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
        if not have:
            subprocess.check_call([py, "-m", "pip", "install", "-q", "scikit-learn==1.9.1", "numpy", "alt-profanity-check"])
        # One thread for numpy/scipy's BLAS too: set before the interpreter starts.
        os.execve(py, [py] + sys.argv, {**os.environ, **ONE_THREAD})


def target_dir():
    return os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))


# The in-process harness: a cargo project outside the repo, depending on claimscore by path.
HARNESS_TOML = """[package]
name = "cs_bench"
version = "0.0.0"
edition = "2024"
publish = false

# Its own workspace: it lives in the repository's target directory.
[workspace]

[dependencies]
claimscore = {{ path = "{root}" }}
libc = "0.2"
rayon = "1"
serde_json = "1"

[profile.release]
debug = "line-tables-only"
"""

HARNESS_MAIN = r'''
//! cs_bench score TEXTS.json THREADS [scores|cli] -> {"seconds", "cpu_seconds", "n", "bytes", "scored"}
//!   scores: `scores_batch` of every text; cli: the CLI's per-row work, `unsupported_language`
//!   of every text, then `predict_batch` (label and probabilities) of those it does not reject
//! cs_bench train CORPUS_DIR ARTICLES(0|1) -> {"seconds", "macro_f1", "macro_f1_with_articles", "n_train", "n_features"}
use std::time::Instant;
use claimscore::{Classifier, Dataset, TrainParams, unsupported_language};
use rayon::prelude::*;

/// User + system CPU seconds of this process, all threads.
fn cpu_seconds() -> f64 {
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    let t = |v: libc::timeval| v.tv_sec as f64 + v.tv_usec as f64 * 1e-6;
    t(u.ru_utime) + t(u.ru_stime)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args[1].as_str() {
        "score" => {
            let texts: Vec<String> = serde_json::from_slice(&std::fs::read(&args[2]).unwrap()).unwrap();
            let threads: usize = args[3].parse().unwrap();
            let cli_work = match args.get(4).map(String::as_str) {
                None | Some("scores") => false,
                Some("cli") => true,
                Some(other) => panic!("unknown work {other}"),
            };
            let items: Vec<(&str, Option<&str>)> = texts.iter().map(|t| (t.as_str(), None)).collect();
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            let model = Classifier::default_model();
            let (start, cpu) = (Instant::now(), cpu_seconds());
            let scored = pool.install(|| {
                if cli_work {
                    // As `claimscore score` does per chunk: the language of every row, then
                    // the label and probabilities of the rows it keeps.
                    let kept: Vec<(&str, Option<&str>)> = items
                        .par_iter()
                        .filter(|(t, _)| unsupported_language(t).is_none())
                        .copied()
                        .collect();
                    model.predict_batch(kept).len()
                } else {
                    model.scores_batch(items.iter().copied()).len()
                }
            });
            let (seconds, cpu_seconds) = (start.elapsed().as_secs_f64(), cpu_seconds() - cpu);
            assert!(scored <= items.len() && scored * 2 > items.len(), "{scored} of {} scored", items.len());
            let bytes: usize = texts.iter().map(|t| t.len()).sum();
            println!("{}", serde_json::json!({"seconds": seconds, "cpu_seconds": cpu_seconds, "n": texts.len(), "bytes": bytes, "scored": scored}));
        }
        "train" => {
            let (train, test) = Dataset::read_corpus(&args[2]).unwrap();
            let articles = args[3] == "1";
            let params = TrainParams::new().word_ngrams(1, 2).min_df(2).alpha(1.0).article_features(articles).check().unwrap();
            let start = Instant::now();
            let model = params.fit(&train).unwrap();
            let seconds = start.elapsed().as_secs_f64();
            let m = model.evaluate(&test, false);
            let ma = model.evaluate(&test, true);
            println!("{}", serde_json::json!({"seconds": seconds, "macro_f1": m.macro_f1,
                "macro_f1_with_articles": ma.macro_f1, "n_train": train.len(), "n_features": model.n_features()}));
        }
        other => panic!("unknown command {other}"),
    }
}
'''


def build():
    """Builds the CLI in release and the harness; returns (cli path or None, harness path)."""
    subprocess.check_call(["cargo", "build", "--quiet", "--release", "--bin", "claimscore"], cwd=ROOT)
    cli = os.path.join(target_dir(), "release", "claimscore")
    if not os.path.exists(cli) or not cli_supported(cli):
        print(f"note: {cli} missing or without `score --threads 1 --quiet`; the library harness alone measures claimscore")
        cli = None
    harness_dir = os.path.join(target_dir(), "cs_bench")
    os.makedirs(os.path.join(harness_dir, "src"), exist_ok=True)
    with open(os.path.join(harness_dir, "Cargo.toml"), "w") as f:
        f.write(HARNESS_TOML.format(root=ROOT))
    with open(os.path.join(harness_dir, "src", "main.rs"), "w") as f:
        f.write(HARNESS_MAIN)
    # The repo's lock file pins the same dependency versions, so the shared target
    # directory reuses the repo's compiled dependencies.
    shutil.copy(os.path.join(ROOT, "Cargo.lock"), os.path.join(harness_dir, "Cargo.lock"))
    subprocess.check_call(["cargo", "build", "--quiet", "--release", "--target-dir", target_dir()], cwd=harness_dir)
    return cli, os.path.join(target_dir(), "release", "cs_bench")


def cli_supported(cli):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "in.csv")
        write_csv(path, ["Reuters reported it.", "so true"])
        r = subprocess.run([cli, "score", "--threads", "1", "--quiet", "--input", path],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        return r.returncode == 0 and r.stdout.count(b"\n") == 3


def write_csv(path, texts):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "text"])
        for i, t in enumerate(texts):
            w.writerow([i, t])


def read_corpus():
    with open(os.path.join(ROOT, "datasets", "comments.csv"), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [r for r in rows if r["split"] == "train"], [r for r in rows if r["split"] == "test"]


def read_davidson(rows):
    if not os.path.exists(DAVIDSON):
        print(f"skipping Davidson: {os.path.relpath(DAVIDSON, ROOT)} is absent")
        return None
    with open(DAVIDSON, newline="", encoding="utf-8") as f:
        tweets = [r["tweet"] for r in csv.DictReader(f) if r["tweet"].strip()]
    return [tweets[i % len(tweets)] for i in range(rows)]


def median_time(fn):
    """Median wall and CPU seconds of `fn` over RUNS runs; `fn` may return its own CPU
    seconds (a child process's), else this process's CPU time is taken."""
    walls, cpus = [], []
    for _ in range(RUNS):
        start, cpu = time.perf_counter(), time.process_time()
        child_cpu = fn()
        walls.append(time.perf_counter() - start)
        cpus.append(child_cpu if isinstance(child_cpu, float) else time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def run_cli(cli, path, threads, n, rss_file):
    """Runs the whole command, under /usr/bin/time (when present) for its peak memory."""
    cmd = [cli, "score", "--threads", str(threads), "--quiet", "--input", path]
    if rss_file:
        # Measured by a small parent: a child forked from this (large) Python process
        # would report this process's resident size as its own peak.
        cmd = ["/usr/bin/time", "-f", "%M", "-o", rss_file] + cmd
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    lines = 0
    for chunk in iter(lambda: p.stdout.read(1 << 20), b""):
        lines += chunk.count(b"\n")
    err = p.stderr.read()
    # The child's rusage counts its own waited-for children (the CLI under /usr/bin/time).
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    # Exit 2 means some rows could not be scored (and were written with an error).
    if p.returncode not in (0, 2) or lines < n + 1:
        raise RuntimeError(f"claimscore score failed ({p.returncode}): {err.decode(errors='replace')[:500]}")
    return usage.ru_utime + usage.ru_stime


def library_rows(harness, name, json_path, threads, n, nbytes):
    """The library's two rows (median of RUNS runs each): `scores_batch`, and the CLI's
    per-row work (language, label, probabilities)."""
    env = {**os.environ, "RAYON_NUM_THREADS": str(threads)}
    rows = []
    for work, scorer in (("scores", "claimscore library"), ("cli", "library, CLI's work")):
        runs = [json.loads(subprocess.check_output([harness, "score", json_path, str(threads), work], env=env))
                for _ in range(RUNS)]
        rows.append((name, scorer, threads, statistics.median(r["seconds"] for r in runs),
                     statistics.median(r["cpu_seconds"] for r in runs), n, nbytes))
    return rows


def print_cli_vs_library(results):
    """The CLI's throughput by CPU time as a share of the library's, both ways."""
    cpu = {(r[0], r[1], r[2]): r[4] for r in results}
    lines = []
    for (name, scorer, threads), c in cpu.items():
        if scorer != "claimscore CLI":
            continue
        lib, work = cpu.get((name, "claimscore library", threads)), cpu.get((name, "library, CLI's work", threads))
        if lib and work:
            lines.append(f"| {name:<20} | {threads:>7} | {c:>8.2f} | {lib:>12.2f} | {lib / c:>6.0%} | {work:>8.2f} | {work / c:>6.0%} |")
    if lines:
        print("\nThe CLI against the library by CPU time: CPU-s, and the library's CPU-s over the CLI's (the CLI's throughput as a share of the library's)")
        print(f"| {'texts':<20} | threads | {'CLI':>8} | {'scores_batch':>12} | {'share':>6} | {'CLI work':>8} | {'share':>6} |")
        print(f"|{'-' * 22}|--------:|{'-' * 9}:|{'-' * 13}:|{'-' * 7}:|{'-' * 9}:|{'-' * 7}:|")
        print("\n".join(lines))


def claimscore_rows(cli, harness, name, texts, tmp, rss):
    """The CLI's rows (when built) and the library's for one set of texts, on 1 and 2
    threads; the CLI's peak resident memory goes into `rss` by (set, threads)."""
    n, nbytes = len(texts), sum(len(t.encode("utf-8")) for t in texts)
    csv_path, json_path = os.path.join(tmp, "texts.csv"), os.path.join(tmp, "texts.json")
    write_csv(csv_path, texts)
    with open(json_path, "w", encoding="utf-8") as f:
        json.dump(texts, f)
    rows = []
    for threads in (1, 2):
        if cli:
            rss_file = os.path.join(tmp, "rss") if os.path.exists("/usr/bin/time") else None
            s, c = median_time(lambda: run_cli(cli, csv_path, threads, n, rss_file))
            rows.append((name, "claimscore CLI", threads, s, c, n, nbytes))
            if rss_file:
                rss[(name, threads)] = peak_mb(rss_file)
        rows += library_rows(harness, name, json_path, threads, n, nbytes)
    return rows


def print_scoring(sets, results, rss):
    """The scoring table; the columns against the peers only when they ran."""
    peers = [p for p in ("scikit-learn", "alt-profanity-check") if any(r[1] == p for r in results)]
    head = "".join(f" {'vs ' + p:>{max(15, len(p) + 3)}} |" for p in peers)
    rule = "".join(f"{'-' * (max(15, len(p) + 3) + 1)}:|" for p in peers)
    print(f"| {'texts':<20} | {'scorer':<29} | {'texts/s':>10} | {'MB/s':>7} | {'CPU-s':>7} | {'MB/CPU-s':>8} |{head}")
    print(f"|{'-' * 22}|{'-' * 31}|{'-' * 12}:|{'-' * 8}:|{'-' * 8}:|{'-' * 9}:|{rule}")
    for name, _ in sets:
        rows = [r for r in results if r[0] == name]
        peer = {r[1]: (r[3], r[4]) for r in rows if r[1] in peers}
        for _, scorer, threads, s, c, n, nbytes in rows:
            label = scorer + (f", {threads} threads" if threads > 1 else "")
            vs = "".join(
                f" {(f'{peer[p][0] / s:.2f}x / {peer[p][1] / c:.2f}x' if scorer.startswith('claimscore') and p in peer else ''):>{max(15, len(p) + 3)}} |"
                for p in peers)
            print(f"| {name:<20} | {label:<29} | {n / s:>10,.0f} | {nbytes / s / 1e6:>7.2f} | {c:>7.2f} | {nbytes / c / 1e6:>8.2f} |{vs}")
    if rss:
        print("\nclaimscore CLI peak resident memory: " + ", ".join(
            f"{name} {t} thread{'s' if t > 1 else ''} {mb:.0f} MB" for (name, t), mb in rss.items()))


def claimscore_only(rows):
    """The CLI and the library on the same texts, without the peers."""
    cli, harness = build()
    train, test = read_corpus()
    sets = [("corpus", [r["text"] for r in train + test])]
    davidson = read_davidson(rows)
    if davidson is not None:
        sets.append((f"Davidson x{rows:,}", davidson))
    tmp = tempfile.mkdtemp(prefix="cs_peers_")
    results, rss = [], {}
    try:
        for name, texts in sets:
            results += claimscore_rows(cli, harness, name, texts, tmp, rss)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"\nmachine: {os.cpu_count()} CPUs; 1-minute load average {os.getloadavg()[0]:.2f}; median of {RUNS} runs")
    print_scoring(sets, results, rss)
    print_cli_vs_library(results)


def peak_mb(rss_file):
    with open(rss_file) as f:
        return int(f.read().split()[-1]) / 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=1_000_000, help="Davidson rows (tweets repeated), default 1,000,000")
    ap.add_argument("--claimscore-only", action="store_true",
                    help="only the CLI and the library (no peers, no training, no Python packages)")
    args = ap.parse_args()
    if args.claimscore_only:
        return claimscore_only(args.rows)
    ensure_venv()

    import numpy as np
    import sklearn
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.pipeline import make_pipeline
    from profanity_check import predict_prob

    cli, harness = build()
    train, test = read_corpus()
    xt, yt = [r["text"] for r in train], [r["label"] for r in train]
    xs, ys = [r["text"] for r in test], [r["label"] for r in test]
    sets = [("corpus", xt + xs)]
    davidson = read_davidson(args.rows)
    if davidson is not None:
        sets.append((f"Davidson x{args.rows:,}", davidson))

    # Training: median of 3 fits each, one thread.
    def sk_pipe():
        return make_pipeline(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2),
                             LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000))
    sk_model = None

    def sk_fit():
        nonlocal sk_model
        sk_model = sk_pipe().fit(xt, yt)
    sk_train_s, _ = median_time(sk_fit)
    sk_f1 = f1_score(ys, sk_model.predict(xs), average="macro")

    env1 = {**os.environ, **ONE_THREAD}
    cs_train = {}
    for articles in ("0", "1"):
        runs = [json.loads(subprocess.check_output([harness, "train", os.path.join(ROOT, "datasets"), articles], env=env1))
                for _ in range(RUNS)]
        cs_train[articles] = {**runs[0], "seconds": statistics.median(r["seconds"] for r in runs)}

    # Scoring.
    load_before = os.getloadavg()
    tmp = tempfile.mkdtemp(prefix="cs_peers_")
    results = []  # (set, scorer, threads, wall seconds, CPU seconds, n, bytes)
    rss = {}
    try:
        for name, texts in sets:
            results += claimscore_rows(cli, harness, name, texts, tmp, rss)
            n, nbytes = len(texts), sum(len(t.encode("utf-8")) for t in texts)
            probs = []
            s, c = median_time(lambda: probs.append(sk_model.predict_proba(texts)))
            assert probs[-1].shape == (n, 3)
            results.append((name, "scikit-learn", 1, s, c, n, nbytes))
            probs = []
            s, c = median_time(lambda: probs.append(predict_prob(texts)))
            assert len(probs[-1]) == n
            results.append((name, "alt-profanity-check", 1, s, c, n, nbytes))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    load_after = os.getloadavg()
    print(f"\nmachine: {os.cpu_count()} CPUs; 1-minute load average {load_before[0]:.2f} before scoring, {load_after[0]:.2f} after")
    print_cli_vs_library(results)
    rev = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    print(f"claimscore {rev or '(not a git checkout)'}; scikit-learn {sklearn.__version__}, numpy {np.__version__}, Python {sys.version.split()[0]}; "
          f"median of {RUNS} runs; one thread unless marked")
    print("\nScoring: wall time (texts/s, MB/s) and CPU time (CPU-s, MB per CPU-s); ratios are claimscore / peer on texts/s, wall / CPU")
    print_scoring(sets, results, rss)

    print(f"\nTraining on the corpus train split ({len(xt):,} comments), held-out macro-F1 on the test split ({len(xs):,}), one thread")
    print(f"| {'model':<54} | {'train s':>8} | {'macro-F1':>8} | {'time vs scikit-learn':>20} |")
    print(f"|{'-' * 56}|{'-' * 9}:|{'-' * 9}:|{'-' * 21}:|")
    print(f"| {'scikit-learn TF-IDF 1-2 + LogisticRegression C=1':<54} | {sk_train_s:>8.2f} | {sk_f1:>8.4f} | {'1.00x':>20} |")
    for articles, label in (("0", "claimscore alpha=1, text features only"), ("1", "claimscore alpha=1, article features (scored without)")):
        r = cs_train[articles]
        print(f"| {label:<54} | {r['seconds']:>8.2f} | {r['macro_f1']:>8.4f} | {r['seconds'] / sk_train_s:>19.2f}x |")
    r = cs_train["1"]
    print(f"| {'  same model, scored with articles':<54} | {'':>8} | {r['macro_f1_with_articles']:>8.4f} | {'':>20} |")


if __name__ == "__main__":
    main()
