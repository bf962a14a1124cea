"""Stage 2: the registered Chinese tokenizer ``govbrief.ChineseTokenizer.v1``.

spaCy's own Chinese tokenizer drives the *global* ``jieba`` module and does not serialise
user dictionaries. This one wraps a private ``jieba.Tokenizer`` loaded with the project's
user dictionary (places, agencies, titles from the package lexicons), or spacy-pkuseg with
the same user dictionary when ``segmenter = "pkuseg"``.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, TypeVar

from spacy.tokens import Doc
from spacy.util import get_words_and_spaces, registry
from spacy.vocab import Vocab

from .resources import lexicon_path

log = logging.getLogger(__name__)
T = TypeVar("T")

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


CACHE_ENV = "GOVBRIEF_CACHE_DIR"


def cache_dir() -> Path:
    """Where derived data (the prebuilt jieba prefix dictionary) is cached.

    ``$GOVBRIEF_CACHE_DIR`` when set, else ``$XDG_CACHE_HOME/govbrief`` (``~/.cache/govbrief``).
    Nothing there is ever downloaded: every file is rebuilt from the installed jieba and
    the package lexicons when missing.
    """
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(xdg) / "govbrief"


@lru_cache(maxsize=1)
def dictionary_key() -> str:
    """A hash of everything the private tokenizer's dictionary is built from.

    That is jieba's version and dictionary file, and the project's user dictionary.
    """
    import jieba

    digest = hashlib.sha1(f"jieba {jieba.__version__}\n".encode())
    with jieba.get_dict_file() as fh:
        digest.update(fh.read())
    user_dict = lexicon_path("jieba_user.dict")
    if user_dict.is_file():
        digest.update(user_dict.read_bytes())
    return digest.hexdigest()[:16]


def cached_table(name: str, extra_key: str, build: Callable[[], T]) -> T:
    """A table derived from the jieba dictionaries, built once and then read from disk.

    Args:
        name: the table's name (part of the file name).
        extra_key: whatever else the table depends on (e.g. a hash of a lexicon).
        build: builds the table; its value must be marshal-able (dicts, tuples, str ...).

    Returns:
        The table, from ``cache_dir()/<name>-<key>.marshal`` when present.
    """
    key = hashlib.sha1(f"{dictionary_key()} {extra_key}".encode()).hexdigest()[:16]
    path = cache_dir() / f"{name}-{key}.marshal"
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass
    table = build()
    _write_atomic(path, marshal.dumps(table))
    return table


def _write_atomic(path: Path, data: bytes) -> None:
    """Write a cache file atomically; a cache that cannot be written is skipped."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        log.debug("cache not written to %s: %s", path, exc)


def _load_cached(tk: Any, path: Path) -> bool:
    """Fill ``tk`` from a prebuilt cache file; False when there is none (or it is unreadable)."""
    try:
        # marshal.loads over the whole file is several times faster than marshal.load on
        # the file object, which is what jieba itself does with its own cache.
        freq, total, user_tags = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return False
    tk.FREQ, tk.total, tk.user_word_tag_tab = freq, total, user_tags
    tk.initialized = True
    return True


@lru_cache(maxsize=2)
def _jieba_tokenizer() -> Any:
    """The project's private jieba tokenizer: jieba's dictionary plus the user dictionary.

    Building it (reading jieba's 350k-word dictionary, then adding the user words) costs
    about as much as the rest of the start-up together, so the merged prefix dictionary is
    cached under :func:`cache_dir`, keyed by a hash of both dictionaries and the jieba
    version; a changed lexicon simply gets a new file.
    """
    try:
        import jieba
    except ImportError:  # pragma: no cover - core dependency
        raise ImportError("The jieba segmenter needs jieba: pip install jieba") from None
    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    path = lexicon_path("jieba_user.dict")
    cached = cache_dir() / f"jieba-{dictionary_key()}.marshal"
    if _load_cached(tk, cached):
        return tk
    tk.initialize()
    if path.is_file():
        tk.load_userdict(str(path))
    _write_atomic(cached, marshal.dumps((tk.FREQ, tk.total, tk.user_word_tag_tab)))
    return tk


@lru_cache(maxsize=1)
def pos_tokenizer() -> Any:
    """The jieba part-of-speech tagger over the private tokenizer, shared by all extractors.

    ``jieba.posseg`` builds its module-level tagger, reading jieba's dictionary for the
    word tags, as soon as it is imported; the tags of that same dictionary are copied from
    it rather than read a second time. The user dictionary's tags (ns, nn) are merged by
    the tagger itself on its first call.
    """
    import jieba.posseg

    tagger = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
    tagger.tokenizer = _jieba_tokenizer()
    tagger.word_tag_tab = dict(jieba.posseg.dt.word_tag_tab)
    return tagger


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
