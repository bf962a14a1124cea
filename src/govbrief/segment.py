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
import re
import tempfile
from functools import lru_cache
from math import log as _ln
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


def _import_jieba() -> Any:
    """Import jieba without letting it import ``pkg_resources``.

    jieba only uses ``pkg_resources`` to open its own data files and falls back to opening
    them next to its module when the import fails; importing ``pkg_resources`` costs a
    fifth of a second of start-up (and a deprecation warning). Unless something has
    already imported it, the import is made to fail while jieba loads.
    """
    import sys

    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    block = "pkg_resources" not in sys.modules
    if block:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # import -> ImportError
    try:
        import jieba
    finally:
        if block and sys.modules.get("pkg_resources", False) is None:
            del sys.modules["pkg_resources"]
    return jieba


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
    jieba = _import_jieba()

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


_PREFIX = object()  # see FastTokenizer._route


@lru_cache(maxsize=1)
def _fast_tokenizer_class() -> type:
    """``jieba.Tokenizer`` with a faster accurate-mode search giving the same words."""
    jieba = _import_jieba()
    from jieba import finalseg

    re_han, re_skip = jieba.re_han_default, jieba.re_skip_default

    class FastTokenizer(jieba.Tokenizer):
        """jieba's tokenizer whose DAG search does less work for the same words.

        jieba builds a DAG dict of every dictionary word, then scores each edge with
        ``log(freq) - log(total)`` in a generator under ``max``. Here both passes run in one
        backward loop over lists, and each word's log-probability is computed once and
        kept (the cache is dropped whenever the dictionary changes). The sums are done in
        jieba's order and ties go to the longer word as jieba's ``max((score, end))``
        does, so routes, and words, are the same.
        """

        _logp: dict[str, float] | None = None
        _edges: dict[str, Any] = {}
        _logp_key: tuple[int, Any] = (0, None)

        def add_word(self, *args: Any, **kwargs: Any) -> Any:
            self._logp = None
            return super().add_word(*args, **kwargs)

        def _logprobs(self) -> tuple[dict[str, float], float]:
            key = (id(self.FREQ), self.total)
            if self._logp is None or self._logp_key != key:
                self._logp, self._edges, self._logp_key = {}, {}, key
            return self._logp, _ln(self.total)

        def calc(
            self, sentence: str, DAG: dict[int, list[int]], route: dict[int, Any]  # noqa: N803
        ) -> None:
            """``jieba.Tokenizer.calc`` with cached log-probabilities (same routes)."""
            freq = self.FREQ
            logp, logtotal = self._logprobs()
            n = len(sentence)
            route[n] = (0, 0)
            for idx in range(n - 1, -1, -1):
                best = bx = None
                for x in DAG[idx]:
                    word = sentence[idx : x + 1]
                    p = logp.get(word)
                    if p is None:
                        p = logp[word] = _ln(freq.get(word) or 1) - logtotal
                    v = p + route[x + 1][0]
                    if best is None or v >= best:
                        best, bx = v, x
                route[idx] = (best, bx)

        def _route(self, sentence: str) -> list[int]:
            """For each position, the end (inclusive) of the best word starting there."""
            self.check_initialized()
            freq = self.FREQ
            logp, logtotal = self._logprobs()
            # One lookup per fragment: its log-probability, or _PREFIX for a dictionary
            # entry of frequency 0 (a prefix of longer words only).
            edges = self._edges
            prefix = _PREFIX
            n = len(sentence)
            value = [0.0] * (n + 1)
            ends = [0] * n
            for k in range(n - 1, -1, -1):
                best = None
                bx = k
                i = k
                frag = sentence[k]
                while True:
                    p = edges.get(frag)
                    if p is None:
                        f = freq.get(frag)
                        if f is None:
                            break
                        p = edges[frag] = _ln(f) - logtotal if f else prefix
                    if p is not prefix:
                        v = p + value[i + 1]
                        if best is None or v >= best:
                            best, bx = v, i
                    i += 1
                    if i >= n:
                        break
                    frag = sentence[k : i + 1]
                if best is None:
                    ch = sentence[k]
                    p = logp.get(ch)
                    if p is None:
                        p = logp[ch] = _ln(freq.get(ch) or 1) - logtotal
                    best = p + value[k + 1]
                value[k] = best
                ends[k] = bx
            return ends

        def _cut_block(self, sentence: str, out: list[str]) -> None:
            """``jieba.Tokenizer.__cut_DAG`` (HMM on), appending the words to ``out``."""
            ends = self._route(sentence)
            freq = self.FREQ
            n = len(sentence)
            x = 0
            buf = -1  # start of a run of single characters
            while x <= n:
                if x < n:
                    y = ends[x] + 1
                    if y - x == 1:
                        if buf < 0:
                            buf = x
                        x = y
                        continue
                if buf >= 0:
                    chars = sentence[buf:x]
                    if len(chars) == 1:
                        out.append(chars)
                    elif not freq.get(chars):
                        out.extend(finalseg.cut(chars))
                    else:
                        out.extend(chars)
                    buf = -1
                if x == n:
                    break
                out.append(sentence[x:y])
                x = y

        def _Tokenizer__cut_DAG(self, sentence: str) -> Any:  # noqa: N802 (jieba's name)
            out: list[str] = []
            self._cut_block(sentence, out)
            return iter(out)

        def lcut_accurate(self, sentence: str) -> list[str]:
            """``lcut(sentence, cut_all=False, HMM=True)``, faster."""
            self.check_initialized()
            out: list[str] = []
            for blk in re_han.split(sentence):
                if not blk:
                    continue
                if re_han.match(blk):
                    self._cut_block(blk, out)
                else:
                    for piece in re_skip.split(blk):
                        if re_skip.match(piece):
                            out.append(piece)
                        else:
                            out.extend(piece)
            return out

    return FastTokenizer


@lru_cache(maxsize=2)
def _jieba_tokenizer() -> Any:
    """The project's private jieba tokenizer: jieba's dictionary plus the user dictionary.

    Building it (reading jieba's 350k-word dictionary, then adding the user words) costs
    about as much as the rest of the start-up together, so the merged prefix dictionary is
    cached under :func:`cache_dir`, keyed by a hash of both dictionaries and the jieba
    version; a changed lexicon simply gets a new file.
    """
    try:
        jieba = _import_jieba()
    except ImportError:  # pragma: no cover - core dependency
        raise ImportError("The jieba segmenter needs jieba: pip install jieba") from None
    jieba.setLogLevel(logging.WARNING)
    tk = _fast_tokenizer_class()()
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
    posseg = import_posseg()
    tagger = posseg.POSTokenizer.__new__(posseg.POSTokenizer)
    tagger.tokenizer = _jieba_tokenizer()
    tagger.word_tag_tab = dict(posseg.dt.word_tag_tab)
    return tagger


def _word_tags() -> dict[str, str]:
    """The word -> tag table of jieba's dictionary, read as ``jieba.posseg`` reads it."""
    jieba = _import_jieba()

    tags: dict[str, str] = {}
    with jieba.dt.get_dict_file() as fh:
        for line in fh:
            line = line.strip().decode("utf-8")
            if line:
                word, _, tag = line.split(" ")
                tags[word] = tag
    return tags


def _cached_word_tags() -> dict[str, str]:
    """:func:`_word_tags` from the cache, as tag codes aligned with the tokenizer's words.

    A plain cached dict takes as long to unmarshal as the tags take to parse. The words
    are already in memory as the keys of the tokenizer's prefix dictionary, so the cache
    holds only which of them are tagged (a mask in their order) and their tag codes, and
    the table reuses those string objects. Any mismatch falls back to parsing.
    """
    from itertools import compress

    freq = _jieba_tokenizer().FREQ

    def build() -> tuple[Any, ...]:
        tags = _word_tags()
        names = sorted(set(tags.values()))
        if len(names) > 255 or any(w not in freq for w in tags):
            return ()
        code = {t: i for i, t in enumerate(names)}
        mask = bytes(w in tags for w in freq)
        codes = bytes(code[tags[w]] for w in compress(freq, mask))
        return tuple(names), len(freq), mask, codes, len(tags)

    cached = cached_table("jieba-tags", "freq-aligned v1", build)
    if cached and cached[1] == len(freq):
        names, _, mask, codes, count = cached
        table = dict(zip(compress(freq, mask), map(names.__getitem__, codes), strict=False))
        if len(table) == count == len(codes):
            return table
    return _word_tags()


def import_posseg() -> Any:
    """Import ``jieba.posseg`` with its word tags from the cache, not from jieba's dictionary.

    Importing ``jieba.posseg`` builds a module-level tagger that parses the whole
    dictionary text for its tags (most of a half second). When the global tokenizer still
    uses jieba's own dictionary, the import reads an empty dictionary instead and the tagger
    gets the same table from :func:`cached_table`; otherwise it is imported as is.
    """
    import sys

    if "jieba.posseg" in sys.modules:
        return sys.modules["jieba.posseg"]
    jieba = _import_jieba()

    if jieba.dt.dictionary != jieba.DEFAULT_DICT:
        import jieba.posseg

        return jieba.posseg
    import io

    tags = _cached_word_tags()
    jieba.dt.get_dict_file = lambda: io.BytesIO(b"")  # an empty dictionary, this once
    try:
        import jieba.posseg
    finally:
        del jieba.dt.get_dict_file
    jieba.posseg.dt.word_tag_tab = tags
    return jieba.posseg


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


_WHITESPACE = re.compile(r"\s")


def _words_and_spaces(words: list[str], text: str) -> tuple[list[str], list[bool]] | None:
    """``spacy.util.get_words_and_spaces`` for words that concatenate to ``text`` exactly.

    jieba keeps every character, so no search is needed: whitespace words are dropped, a
    single space after a word becomes that word's trailing space, and any other run of
    whitespace becomes one token, as spaCy's alignment does. ``None`` when the words do
    not concatenate to the text.
    """
    if "".join(words) != text:
        return None
    if _WHITESPACE.search(text) is None:
        return words, [False] * len(words)
    out_words: list[str] = []
    out_spaces: list[bool] = []
    n = len(text)
    pos = cur = 0  # pos: first character not yet in a token; cur: start of the word
    for word in words:
        size = len(word)
        if not word.isspace():
            if cur > pos:
                out_words.append(text[pos:cur])
                out_spaces.append(False)
            out_words.append(word)
            pos = cur + size
            if pos < n and text[pos] == " ":
                out_spaces.append(True)
                pos += 1
            else:
                out_spaces.append(False)
        cur += size
    if pos < n:
        out_words.append(text[pos:])
        out_spaces.append(False)
    return out_words, out_spaces


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
            return _jieba_tokenizer().lcut_accurate
        seg = _pkuseg_segmenter(self.pkuseg_model)
        return seg.cut

    def __call__(self, text: str) -> Doc:
        """Segment ``text`` and return a ``Doc`` whose tokens reproduce it exactly."""
        words = [w for w in self._segment(text) if w]
        aligned = _words_and_spaces(words, text) if self.segmenter == "jieba" else None
        if aligned is None:
            # pkuseg drops whitespace; realign against the text.
            aligned = get_words_and_spaces(words, text)
        return Doc(self.vocab, words=aligned[0], spaces=aligned[1])

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
