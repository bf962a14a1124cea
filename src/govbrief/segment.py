"""Stage 2: the registered Chinese tokenizer ``govbrief.ChineseTokenizer.v1``.

spaCy's own Chinese tokenizer drives the *global* ``jieba`` module and does not serialise
user dictionaries. This one wraps a private ``jieba.Tokenizer`` loaded with the project's
user dictionary (places, agencies, titles from the package lexicons), or spacy-pkuseg with
the same user dictionary when ``segmenter = "pkuseg"``.
"""

from __future__ import annotations

import logging
import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from spacy.tokens import Doc
from spacy.util import get_words_and_spaces, registry
from spacy.vocab import Vocab

from .resources import lexicon_path

log = logging.getLogger(__name__)

SEGMENTERS = ("jieba", "pkuseg")
PKUSEG_ENV = "GOVBRIEF_PKUSEG_MODEL"


def default_pkuseg_model() -> Path:
    """Where the pkuseg model directory is looked for.

    ``$GOVBRIEF_PKUSEG_MODEL`` when set, else ``models/pkuseg/default`` in the project
    checkout (``make pkuseg`` puts the model from the pkuseg 0.0.25 wheel there).
    """
    env = os.environ.get(PKUSEG_ENV)
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "models" / "pkuseg" / "default"


def user_words() -> list[str]:
    """Words of the project's segmentation user dictionary (one per line in the lexicon)."""
    path = lexicon_path("jieba_user.dict")
    if not path.is_file():
        return []
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.split(" ", 1)[0].strip()
        if word and not word.startswith("#"):
            words.append(word)
    return words


@lru_cache(maxsize=2)
def _jieba_tokenizer() -> Any:
    try:
        import jieba
    except ImportError:  # pragma: no cover - core dependency
        raise ImportError("The jieba segmenter needs jieba: pip install jieba") from None
    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.initialize()
    path = lexicon_path("jieba_user.dict")
    if path.is_file():
        tk.load_userdict(str(path))
    return tk


@lru_cache(maxsize=2)
def _pkuseg_segmenter(model: str) -> Any:
    try:
        import spacy_pkuseg
    except ImportError:  # pragma: no cover - core dependency
        raise ImportError(
            "The pkuseg segmenter needs spacy-pkuseg: pip install spacy-pkuseg"
        ) from None
    if not Path(model, "features.pkl").is_file():
        raise OSError(
            f"pkuseg model not found in {model}. Run `make pkuseg` (it unpacks the default "
            f"model of the pkuseg 0.0.25 wheel) or set ${PKUSEG_ENV}."
        )
    return spacy_pkuseg.pkuseg(model, user_dict=user_words() or "default")


class ChineseTokenizer:
    """Segment Chinese text with jieba (default) or pkuseg into a spaCy ``Doc``.

    Args:
        vocab: the pipeline's vocabulary.
        segmenter: ``"jieba"`` or ``"pkuseg"``.
        pkuseg_model: model directory for pkuseg; ``None`` uses :func:`default_pkuseg_model`.
    """

    def __init__(self, vocab: Vocab, segmenter: str = "jieba", pkuseg_model: str | None = None):
        if segmenter not in SEGMENTERS:
            raise ValueError(f"segmenter must be one of {SEGMENTERS}, not {segmenter!r}")
        self.vocab = vocab
        self.segmenter = segmenter
        self.pkuseg_model = pkuseg_model or str(default_pkuseg_model())
        self._segment = self._load()

    def _load(self) -> Any:
        if self.segmenter == "jieba":
            tk = _jieba_tokenizer()
            return lambda text: tk.lcut(text, cut_all=False, HMM=True)
        seg = _pkuseg_segmenter(self.pkuseg_model)
        return seg.cut

    def __call__(self, text: str) -> Doc:
        """Segment ``text`` and return a ``Doc`` whose tokens reproduce it exactly."""
        words = [w for w in self._segment(text) if w]
        if self.segmenter == "pkuseg":
            # pkuseg drops whitespace; realign against the text.
            words, spaces = get_words_and_spaces(words, text)
        else:
            words, spaces = get_words_and_spaces(words, text)
        return Doc(self.vocab, words=words, spaces=spaces)

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterable[Doc]:
        """Tokenize a stream of texts."""
        for text in texts:
            yield self(text)

    # Serialisation: all state is in the config (segmenter, model path) and the package
    # lexicon, so there is nothing to write.
    def to_bytes(self, **kwargs: Any) -> bytes:
        """Serialise (no state beyond the config)."""
        return b""

    def from_bytes(self, data: bytes, **kwargs: Any) -> "ChineseTokenizer":
        """Deserialise (no state beyond the config)."""
        return self

    def to_disk(self, path: Any, **kwargs: Any) -> None:
        """Write nothing: the tokenizer is rebuilt from the config."""

    def from_disk(self, path: Any, **kwargs: Any) -> "ChineseTokenizer":
        """Read nothing: the tokenizer is rebuilt from the config."""
        return self


@registry.tokenizers("govbrief.ChineseTokenizer.v1")
def create_chinese_tokenizer(segmenter: str = "jieba", pkuseg_model: str | None = None) -> Any:
    """Registry function for ``[nlp.tokenizer] @tokenizers = "govbrief.ChineseTokenizer.v1"``."""

    def make(nlp: Any) -> ChineseTokenizer:
        return ChineseTokenizer(nlp.vocab, segmenter=segmenter, pkuseg_model=pkuseg_model)

    return make
