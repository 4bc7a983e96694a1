"""claimscore: label news reader comments as sourced, unsourced or inflammatory.

Local, fast and explainable: a TF-IDF featurizer and a logistic regression, in Rust. A
trained model ships inside the package.

>>> import claimscore
>>> claimscore.classify(["Per Reuters, the bill passed on Tuesday."])[0]["label"]
'sourced'

Every function takes a batch: a sequence of texts (``str``, ``bytes`` or ``None``),
scored in parallel with the GIL released. A text that cannot be scored (``None``, empty,
over ``max_text_bytes``, invalid UTF-8 in ``bytes``) gets the same ``error`` message as
in ``claimscore score``'s output, and the batch goes on.
"""

from __future__ import annotations

from ._claimscore import ANALYZER_VERSION, DEFAULT_MAX_TEXT_BYTES, Classifier

#: Column order of :meth:`Classifier.scores` (like scikit-learn's ``classes_``).
LABELS = ("sourced", "unsourced", "inflammatory")

__all__ = [
    "ANALYZER_VERSION",
    "DEFAULT_MAX_TEXT_BYTES",
    "LABELS",
    "Classifier",
    "classify",
    "default_model",
    "explain",
    "scores",
]

_default = None


def default_model() -> Classifier:
    """The bundled model (loaded once)."""
    global _default
    if _default is None:
        _default = Classifier.default()
    return _default


def classify(texts, articles=None, *, claims=True, max_text_bytes=DEFAULT_MAX_TEXT_BYTES):
    """One dict per text with the bundled model; see :meth:`Classifier.classify`."""
    return default_model().classify(texts, articles, claims=claims, max_text_bytes=max_text_bytes)


def scores(texts, articles=None, *, max_text_bytes=DEFAULT_MAX_TEXT_BYTES):
    """An (n, 3) float64 array with the bundled model; see :meth:`Classifier.scores`."""
    return default_model().scores(texts, articles, max_text_bytes=max_text_bytes)


def explain(text, k=5, article=None):
    """Why the bundled model scores ``text`` as it does; see :meth:`Classifier.explain`."""
    return default_model().explain(text, k, article)
