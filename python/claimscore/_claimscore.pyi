"""Type stubs of the Rust extension (see ``claimscore/__init__.pyi`` for the docs)."""

from os import PathLike
from typing import Iterable, Optional, Union

import numpy as np
import numpy.typing as npt

from . import Explanation, Verdict

Text = Union[str, bytes, None]

DEFAULT_MAX_TEXT_BYTES: int
ANALYZER_VERSION: int

class Classifier:
    @staticmethod
    def default() -> Classifier: ...
    @staticmethod
    def load(path: Union[str, PathLike[str]]) -> Classifier: ...
    @property
    def version(self) -> str: ...
    @property
    def labels(self) -> list[str]: ...
    @property
    def n_features(self) -> int: ...
    def classify(
        self,
        texts: Iterable[Text],
        articles: Optional[Iterable[Text]] = None,
        *,
        claims: bool = True,
        max_text_bytes: int = ...,
    ) -> list[Verdict]: ...
    def scores(
        self,
        texts: Iterable[Text],
        articles: Optional[Iterable[Text]] = None,
        *,
        max_text_bytes: int = ...,
    ) -> npt.NDArray[np.float64]: ...
    def errors(
        self,
        texts: Iterable[Text],
        articles: Optional[Iterable[Text]] = None,
        *,
        max_text_bytes: int = ...,
    ) -> list[Optional[str]]: ...
    def explain(self, text: str, k: int = 5, article: Optional[str] = None) -> Explanation: ...
