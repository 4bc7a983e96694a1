#!/usr/bin/env python3
"""Held-out macro-F1 of claimscore vs scikit-learn on the bundled corpus.

Runs the default model's recipe (`cargo run --release --example retrain`), which writes
its training set (`--dump-train`: the corpus train split, plus the real comments it adds
when ../shared/data is present) and its model into a temporary directory. scikit-learn
trains on exactly that training set and both are scored on the corpus `test` split
(articles never seen in training), with the same word n-gram range (1-2), sublinear TF,
min_df=2 and balanced class weights. scikit-learn is run twice: with its default C=1.0,
and with C picked by 5-fold cross-validation over the grid claimscore's recipe uses
(C = 1/alpha).

Usage (from the repository root):
    python3 benches/compare_sklearn.py            # sets up benches/.venv on first run
    python3 benches/compare_sklearn.py --corpus-only
"""
import csv, json, os, subprocess, sys, tempfile, venv

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, "benches", ".venv")


def ensure_venv():
    py = os.path.join(VENV, "bin", "python")
    if sys.executable != py:
        if not os.path.exists(py):
            venv.create(VENV, with_pip=True)
            subprocess.check_call([py, "-m", "pip", "install", "-q", "scikit-learn==1.9.1", "numpy"])
        os.execv(py, [py] + sys.argv)


def main():
    ensure_venv()
    import numpy as np
    import sklearn
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.model_selection import KFold, GridSearchCV
    from sklearn.pipeline import make_pipeline

    tmp = tempfile.mkdtemp()
    model_path, train_path = os.path.join(tmp, "model.json"), os.path.join(tmp, "train.csv")
    extra = [a for a in sys.argv[1:] if a == "--corpus-only"]
    subprocess.check_call(["cargo", "run", "--quiet", "--release", "--example", "retrain", "--",
                           "--out", model_path, "--dump-train", train_path] + extra, cwd=ROOT, stdout=subprocess.DEVNULL)
    with open(train_path, newline="", encoding="utf-8") as f:
        train = list(csv.DictReader(f))
    with open(os.path.join(ROOT, "datasets", "comments.csv"), newline="", encoding="utf-8") as f:
        test = [r for r in csv.DictReader(f) if r["split"] == "test"]
    xt, yt = [r["text"] for r in train], [r["label"] for r in train]
    xs, ys = [r["text"] for r in test], [r["label"] for r in test]

    def pipe(C):
        return make_pipeline(
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2),
            LogisticRegression(C=C, class_weight="balanced", max_iter=2000),
        )

    results = {}
    default = pipe(1.0).fit(xt, yt)
    results["scikit-learn, C=1.0"] = f1_score(ys, default.predict(xs), average="macro")
    grid = [1 / a for a in (0.01, 0.03, 0.1, 0.3, 1.0, 3.0)]
    search = GridSearchCV(pipe(1.0), {"logisticregression__C": grid}, scoring="f1_macro", cv=KFold(5, shuffle=True, random_state=0), n_jobs=1)
    search.fit(xt, yt)
    best_c = search.best_params_["logisticregression__C"]
    results[f"scikit-learn, C={best_c:g} by CV"] = f1_score(ys, search.predict(xs), average="macro")

    with open(model_path, encoding="utf-8") as f:
        meta = json.load(f)["metadata"]
    alpha = meta["params"]["alpha"]
    results[f"claimscore, alpha={alpha:g} by CV"] = meta["heldout"]["corpus-test"]["macro_f1"]
    results[f"claimscore with articles"] = meta["heldout"]["corpus-test-with-articles"]["macro_f1"]

    print(f"trained on {len(train)} texts; held-out macro-F1 on the corpus test split ({len(test)} comments, scikit-learn {sklearn.__version__}):")
    for k, v in results.items():
        print(f"  {k:<36} {v:.4f}")


if __name__ == "__main__":
    main()
