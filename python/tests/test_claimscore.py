"""The Python API: shapes, errors, GIL release, and equality with the CLI row by row."""

import csv
import io
import subprocess
import threading

import numpy as np
import pytest

import claimscore
from claimscore import Classifier


def test_classify_returns_one_dict_per_text():
    out = claimscore.classify(["Per Reuters, the bill passed on Tuesday.", "You absolute idiot."])
    assert [v["label"] for v in out] == ["sourced", "inflammatory"]
    for v in out:
        assert set(v) == {
            "label", "sourced", "unsourced", "inflammatory", "claims", "model_version", "with_article", "language", "error"
        }
        assert v["with_article"] is False
        assert v["error"] is None
        assert abs(v["sourced"] + v["unsourced"] + v["inflammatory"] - 1) < 1e-9
        assert v["model_version"] == claimscore.default_model().version


def test_claims_spans_are_character_offsets():
    text = "Café owners say so. Per the BBC, 40 died — officially."
    v = claimscore.classify([text])[0]
    assert len(v["claims"]) == 2
    for c in v["claims"]:
        start, end = c["span"]
        assert text[start:end] == c["text"]
        assert c["label"] in claimscore.LABELS


def test_scores_is_predict_proba():
    texts = ["so true", "Per Reuters, the bill passed.", "clowns, all of them"]
    p = claimscore.scores(texts)
    assert p.shape == (3, 3) and p.dtype == np.float64
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    for row, v in zip(p, claimscore.classify(texts)):
        assert list(row) == [v[label] for label in claimscore.LABELS]
        assert claimscore.LABELS[int(row.argmax())] == v["label"]
    assert claimscore.default_model().labels == list(claimscore.LABELS)
    assert claimscore.scores([]).shape == (0, 3)


def test_row_errors_are_the_clis():
    m = claimscore.default_model()
    texts = ["fine, per the BBC", "", "   ", None, b"ab\xffcd", "x" * 11, "\ud800 lone surrogate"]
    out = m.classify(texts, max_text_bytes=10)
    errors = [v["error"] for v in out]
    assert errors == [
        "text of 17 bytes is over the limit of 10 (--max-text-bytes)",
        "empty text",
        "empty text",
        "no text: `text` is null or missing",
        "invalid UTF-8 in column `text` at byte 2",
        "text of 11 bytes is over the limit of 10 (--max-text-bytes)",
        "text of 18 bytes is over the limit of 10 (--max-text-bytes)",
    ]
    assert m.errors(texts, max_text_bytes=10) == errors
    # pandas' missing values (NaN in a string column) are None.
    assert m.errors([float("nan")]) == ["no text: `text` is null or missing"]
    assert claimscore.classify(["Per the BBC, 40 died."], [float("nan")]) == claimscore.classify(["Per the BBC, 40 died."])
    assert all(v["label"] is None and v["claims"] is None for v in out)
    assert m.errors([b"\xc3\xa9t\xc3\xa9 per Reuters", "\ud800"]) == [None, "invalid UTF-8 in column `text` at byte 0"]
    p = m.scores(["ok then", ""])
    assert not np.isnan(p[0]).any() and np.isnan(p[1]).all()


def test_bytes_and_str_score_alike():
    assert claimscore.scores([b"Per the BBC, 40 died."]).tolist() == claimscore.scores(["Per the BBC, 40 died."]).tolist()


def test_articles_change_scores_and_are_checked():
    article = "The city council approved 1,200 new homes on Tuesday, the mayor said."
    text = "As the article says, the council approved 1,200 new homes."
    alone, with_article, empty_article = claimscore.classify([text, text, text], [None, article, "  "])
    assert alone["sourced"] != with_article["sourced"]
    assert alone == empty_article
    with pytest.raises(ValueError, match="2 texts but 1 articles"):
        claimscore.classify(["a", "b"], ["x"])
    out = claimscore.classify([text], [b"\xff"])
    assert out[0]["error"] == "invalid UTF-8 in column `article` at byte 0"
    out = claimscore.classify([text], ["y" * 20], max_text_bytes=100)
    assert out[0]["error"] is None
    out = claimscore.classify(["short"], ["y" * 20], max_text_bytes=10)
    assert out[0]["error"] == "article of 20 bytes is over the limit of 10 (--max-text-bytes)"


def test_type_errors():
    with pytest.raises(TypeError, match="not one text"):
        claimscore.classify("one text")
    with pytest.raises(TypeError, match="expected str, bytes or None, got int"):
        claimscore.classify([1])


def test_explain():
    e = claimscore.explain("What a clown, hiding under his desk.", k=3)
    assert e["label"] == "inflammatory"
    infl = next(lab for lab in e["labels"] if lab["label"] == "inflammatory")
    assert 0 < len(infl["for_label"]) <= 3
    top = infl["for_label"][0]
    assert top["contribution"] > 0 and top["kind"] in ("word", "char", "article")
    with pytest.raises(ValueError, match="empty text"):
        claimscore.explain("  ")


def test_load(tmp_path, root):
    m = Classifier.load(root / "models" / "claimscore-default.json")
    assert m.version == claimscore.default_model().version
    assert "Classifier(version=" in repr(m)
    with pytest.raises(FileNotFoundError):
        Classifier.load(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    with pytest.raises(ValueError, match="invalid model"):
        Classifier.load(bad)


def test_scoring_releases_the_gil():
    """Another Python thread makes progress while a big batch is scored."""
    # Big enough that one call lasts far longer than the ticks asked for (about 0.1 s at
    # 100 MB/s): 20,000 texts took 5 ms once scoring got faster, too short to tell.
    texts = ["Per the BBC, 40 people died in the floods on Monday, officials said."] * 200_000
    ticks = []
    done = threading.Event()

    def tick():
        while not done.is_set():
            ticks.append(1)
            done.wait(0.001)

    t = threading.Thread(target=tick)
    t.start()
    before = len(ticks)
    claimscore.scores(texts)
    during = len(ticks) - before
    done.set()
    t.join()
    assert during > 5, f"the ticking thread ran {during} times while scoring"


def _cli_rows(cli, args):
    # --keep id: the corpus has a `label` column of its own.
    cmd = [cli, "score", "--quiet", "--no-fail-on-row-errors", "--precision", "full", "--keep", "id", *args]
    out = subprocess.run(cmd, check=True, capture_output=True)
    return list(csv.DictReader(io.StringIO(out.stdout.decode("utf-8", "surrogateescape"))))


def _comments(root):
    with open(root / "datasets" / "comments.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _assert_same(cli_rows, verdicts):
    assert len(cli_rows) == len(verdicts)
    for i, (c, v) in enumerate(zip(cli_rows, verdicts)):
        assert c["error"] == (v["error"] or ""), i
        if v["error"] is None:
            assert c["model_version"] == v["model_version"], i
            assert c["label"] == v["label"], i
            # With --precision full, the CLI writes the shortest decimal that reads back as
            # the same f64.
            for label in claimscore.LABELS:
                assert float(c[label]) == v[label], (i, label)
        else:
            # The CLI's CSV leaves every added column of a bad row empty but `error`; its
            # JSON lines and Python give the model version, as on good rows.
            assert c["label"] == c["sourced"] == c["model_version"] == "", i


def test_every_row_equals_the_cli_on_the_corpus(cli, root):
    comments = _comments(root)
    verdicts = claimscore.classify([r["text"] for r in comments])
    _assert_same(_cli_rows(cli, ["--input", str(root / "datasets" / "comments.csv")]), verdicts)
    p = claimscore.scores([r["text"] for r in comments])
    assert p.tolist() == [[v[label] for label in claimscore.LABELS] for v in verdicts]


def test_every_row_equals_the_cli_with_articles(cli, root):
    comments = _comments(root)
    with open(root / "datasets" / "articles.csv", newline="", encoding="utf-8") as f:
        articles = {a["article_id"]: a["text"] for a in csv.DictReader(f)}
    verdicts = claimscore.classify([r["text"] for r in comments], [articles.get(r["article_id"]) for r in comments])
    rows = _cli_rows(
        cli,
        ["--input", str(root / "datasets" / "comments.csv"), "--articles", str(root / "datasets" / "articles.csv")],
    )
    _assert_same(rows, verdicts)


def test_bad_rows_equal_the_cli(cli, tmp_path):
    texts = [b"ok, per the BBC", b"", b"  ", b"ab\xffcd", b"y" * 40, "caf\u00e9 \u2014 per AP".encode()]
    path = tmp_path / "bad.csv"
    with open(path, "wb") as f:
        f.write(b"id,text\n")
        for i, t in enumerate(texts):
            f.write(b'%d,"%s"\n' % (i, t.replace(b'"', b'""')))
    rows = _cli_rows(cli, ["--input", str(path), "--max-text-bytes", "30"])
    _assert_same(rows, claimscore.classify(texts, max_text_bytes=30))


def test_the_wheel_ships_type_stubs():
    from pathlib import Path

    pkg = Path(claimscore.__file__).parent
    assert (pkg / "py.typed").is_file()
    assert (pkg / "__init__.pyi").is_file() and (pkg / "_claimscore.pyi").is_file()
    assert claimscore.ANALYZER_VERSION >= 1 and claimscore.DEFAULT_MAX_TEXT_BYTES == 1 << 20


def test_short_claims_articles_and_temperature():
    [v] = claimscore.classify(["Per Reuters, the bill passed on Tuesday. Typical."])
    assert [c["too_short"] for c in v["claims"]] == [False, True]
    out = claimscore.classify(["As the article says, talks resume Monday.", "so true"],
                              ["Talks will resume on Monday, officials said.", None], claims=False)
    assert [v["with_article"] for v in out] == [True, False]
    assert claimscore.classify([""])[0]["with_article"] is None
    assert claimscore.default_model().temperature > 0
