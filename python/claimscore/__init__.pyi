"""Type stubs of the claimscore package."""

from os import PathLike
from typing import Iterable, Optional, Union

import numpy as np
import numpy.typing as npt
from typing import TypedDict

Text = Union[str, bytes, None]
"""A comment or article: ``str``, UTF-8 ``bytes``, or missing (``None``; also a float NaN
or ``pd.NA``, pandas' missing values)."""

DEFAULT_MAX_TEXT_BYTES: int
"""The longest text scored by default, in bytes (1 MiB); longer ones are row errors."""
ANALYZER_VERSION: int
"""The version of the text pipeline; a model file trained with another one is refused."""
LABELS: tuple[str, str, str]
"""("sourced", "unsourced", "inflammatory"): the column order of ``scores``."""

class Claim(TypedDict):
    """One sentence of a comment and its verdict."""

    text: str
    span: tuple[int, int]
    """Character offsets in the comment: ``comment[start:end] == text``."""
    label: str
    sourced: float
    unsourced: float
    inflammatory: float
    too_short: bool
    """Fewer than two words ("Typical.", "!!!"): too little to judge alone; read the comment's label."""

class Verdict(TypedDict):
    """The verdict on one comment. A row that cannot be scored has ``error`` set and
    ``None`` for label, the scores and claims; a comment confidently not in English has
    ``language`` (ISO 639-3) and the error ``"unsupported language: xx"``, as in the CLI."""

    label: Optional[str]
    sourced: Optional[float]
    unsourced: Optional[float]
    inflammatory: Optional[float]
    claims: Optional[list[Claim]]
    model_version: str
    with_article: Optional[bool]
    """Whether the comment was scored with its article (None for a row with an error)."""
    language: Optional[str]
    error: Optional[str]

class Contribution(TypedDict):
    feature: str
    kind: str
    """"word", "char" or "article"."""
    value: float
    contribution: float
    """weight x value: what the feature adds to the label's logit."""
    spans: list[tuple[int, int]]
    """Character offsets in the comment where the feature occurs."""

class LabelExplanation(TypedDict):
    label: str
    logit: float
    intercept: float
    for_label: list[Contribution]
    against_label: list[Contribution]

class Explanation(TypedDict):
    label: str
    sourced: float
    unsourced: float
    inflammatory: float
    model_version: str
    labels: list[LabelExplanation]

class Classifier:
    """A trained model: the bundled one (``Classifier.default()``) or a file."""

    @staticmethod
    def default() -> Classifier:
        """The bundled default model."""
    @staticmethod
    def load(path: Union[str, PathLike[str]]) -> Classifier:
        """Loads a model file written by ``claimscore train``. Raises FileNotFoundError,
        OSError, or ValueError for a malformed model or one of another analyzer version."""
    @property
    def version(self) -> str:
        """The model's version string (the ``model_version`` of every verdict)."""
    @property
    def temperature(self) -> float:
        """Divides the logits before the softmax (1.0: scores as trained); labels do not depend on it."""
    @property
    def labels(self) -> list[str]:
        """The column order of ``scores``: sourced, unsourced, inflammatory."""
    @property
    def n_features(self) -> int: ...
    def classify(
        self,
        texts: Iterable[Text],
        articles: Optional[Iterable[Text]] = None,
        *,
        claims: bool = True,
        max_text_bytes: int = ...,
    ) -> list[Verdict]:
        """One verdict per text, in order, with per-sentence claims (``claims=False``:
        none, ``claims`` is None, about twice as fast). ``articles``: one article text (or
        None) per text. Scored in parallel with the GIL released."""
    def scores(
        self,
        texts: Iterable[Text],
        articles: Optional[Iterable[Text]] = None,
        *,
        max_text_bytes: int = ...,
    ) -> npt.NDArray[np.float64]:
        """Probabilities like scikit-learn's ``predict_proba``: shape (n, 3), columns in
        ``LABELS`` order, each row summing to 1; a row that cannot be scored is NaN."""
    def errors(
        self,
        texts: Iterable[Text],
        articles: Optional[Iterable[Text]] = None,
        *,
        max_text_bytes: int = ...,
    ) -> list[Optional[str]]:
        """Each text's row error (the CLI's message), or None when it can be scored."""
    def explain(self, text: str, k: int = 5, article: Optional[str] = None) -> Explanation:
        """The k features pushing hardest for and against each label. Raises ValueError
        for an empty text."""

def default_model() -> Classifier:
    """The bundled model, loaded once."""

def classify(
    texts: Iterable[Text],
    articles: Optional[Iterable[Text]] = None,
    *,
    claims: bool = True,
    max_text_bytes: int = ...,
) -> list[Verdict]:
    """``default_model().classify(...)``."""

def scores(
    texts: Iterable[Text], articles: Optional[Iterable[Text]] = None, *, max_text_bytes: int = ...
) -> npt.NDArray[np.float64]:
    """``default_model().scores(...)``."""

def explain(text: str, k: int = 5, article: Optional[str] = None) -> Explanation:
    """``default_model().explain(...)``."""
