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


# Edge table markers (see FastTokenizer._edge): a dictionary entry that is only a prefix of
# longer words, and a fragment that is not in the dictionary at all.
_PREFIX = object()
_MISS = object()
# Entries of the edge table before it is emptied (a few tens of MB at most).
_EDGE_LIMIT = 300_000


@lru_cache(maxsize=1)
def _hmm_cutter() -> Callable[[str, list[str]], None]:
    """``jieba.finalseg.cut`` as a function appending the words to a list, faster.

    jieba's Viterbi decoder keeps its table in dicts, takes ``max`` over a list of
    ``(score, state)`` tuples and copies a whole path list per state and character. With
    only four states (Begin, Middle, End, Single) the same recurrence unrolls into plain
    float variables and back pointers. Every score is summed in jieba's order
    (``previous + transition + emission``) and ties go where ``max`` on the tuples sends
    them (the later letter of the alphabet), so the tags, and words, are the same.
    """
    _import_jieba()
    from jieba import finalseg

    re_han, re_skip = finalseg.re_han, finalseg.re_skip
    force_split = finalseg.Force_Split_Words  # mutated in place by add_force_split
    lowest = finalseg.MIN_FLOAT
    start, trans, emit = finalseg.start_P, finalseg.trans_P, finalseg.emit_P
    # Every transition below exists in jieba's table (PrevStatus only lists those).
    t_bm, t_be = trans["B"]["M"], trans["B"]["E"]
    t_mm, t_me = trans["M"]["M"], trans["M"]["E"]
    t_eb, t_es = trans["E"]["B"], trans["E"]["S"]
    t_sb, t_ss = trans["S"]["B"], trans["S"]["S"]
    emit_b, emit_m, emit_e, emit_s = (emit[state] for state in "BMES")
    s_b, s_m, s_e, s_s = (start[state] for state in "BMES")
    B, M, E, S = range(4)  # noqa: N806 (the tags)
    # Each character's four emission log-probabilities in one lookup, filled on first use.
    emissions: dict[str, tuple[float, float, float, float]] = {}

    def emission(ch: str) -> tuple[float, float, float, float]:
        em = emissions[ch] = (
            emit_b.get(ch, lowest),
            emit_m.get(ch, lowest),
            emit_e.get(ch, lowest),
            emit_s.get(ch, lowest),
        )
        return em

    def tags(han: str) -> list[int]:
        """The best tag (B, M, E or S) of each character of ``han`` (Han characters only)."""
        ch = han[0]
        e_b, e_m, e_e, e_s = emissions.get(ch) or emission(ch)
        v_b, v_m, v_e, v_s = s_b + e_b, s_m + e_m, s_e + e_e, s_s + e_s
        back: list[tuple[int, int, int, int]] = []  # per step: previous tag of B, M, E, S
        for i in range(1, len(han)):
            ch = han[i]
            e_b, e_m, e_e, e_s = emissions.get(ch) or emission(ch)
            a, b = v_e + t_eb + e_b, v_s + t_sb + e_b  # B follows E or S
            if b >= a:
                n_b, p_b = b, S
            else:
                n_b, p_b = a, E
            a, b = v_m + t_mm + e_m, v_b + t_bm + e_m  # M follows M or B
            if a >= b:
                n_m, p_m = a, M
            else:
                n_m, p_m = b, B
            a, b = v_b + t_be + e_e, v_m + t_me + e_e  # E follows B or M
            if b >= a:
                n_e, p_e = b, M
            else:
                n_e, p_e = a, B
            a, b = v_s + t_ss + e_s, v_e + t_es + e_s  # S follows S or E
            if a >= b:
                n_s, p_s = a, S
            else:
                n_s, p_s = b, E
            back.append((p_b, p_m, p_e, p_s))
            v_b, v_m, v_e, v_s = n_b, n_m, n_e, n_s
        tag = S if v_s >= v_e else E
        path = [tag]
        for step in reversed(back):
            tag = step[tag]
            path.append(tag)
        path.reverse()
        return path

    def cut_han(han: str, out: list[str]) -> None:
        """Words of one run of Han characters (jieba's ``finalseg.__cut``)."""
        begin = nexti = 0
        for i, tag in enumerate(tags(han)):
            if tag == B:
                begin = i
                continue
            if tag == M:
                continue
            word = han[begin : i + 1] if tag == E else han[i]
            if word in force_split:
                out.extend(word)
            else:
                out.append(word)
            nexti = i + 1
        if nexti < len(han):
            word = han[nexti:]
            if word in force_split:
                out.extend(word)
            else:
                out.append(word)

    all_han = re_han.fullmatch

    def cut(sentence: str, out: list[str]) -> None:
        if all_han(sentence):  # the usual case: no letters or digits to split off
            cut_han(sentence, out)
            return
        for blk in re_han.split(sentence):
            if re_han.match(blk):
                cut_han(blk, out)
            else:
                out.extend(x for x in re_skip.split(blk) if x)

    return cut


@lru_cache(maxsize=1)
def _fast_tokenizer_class() -> type:
    """``jieba.Tokenizer`` with a faster accurate-mode search giving the same words."""
    jieba = _import_jieba()
    hmm_cut = _hmm_cutter()

    re_han, re_skip = jieba.re_han_default, jieba.re_skip_default

    class FastTokenizer(jieba.Tokenizer):
        """jieba's tokenizer whose DAG search does less work for the same words.

        jieba builds a DAG dict of every dictionary word, then scores each edge with
        ``log(freq) - log(total)`` in a generator under ``max``. Here both passes run in one
        backward loop over lists, and each fragment's dictionary lookup (log-probability,
        prefix only, or absent) is done once and kept (the cache is dropped whenever the
        dictionary changes). The sums are done in jieba's order and ties go to the longer
        word as jieba's ``max((score, end))`` does, so routes, and words, are the same.
        Runs of single characters go to the HMM of :func:`_hmm_cutter`, as jieba sends
        them to ``finalseg``.
        """

        _logp: dict[str, float] | None = None
        _edges: dict[str, Any] = {}
        _logtotal = 0.0
        _tables_for: tuple[Any, Any] = (None, None)  # the (FREQ, total) they were made for

        def add_word(self, *args: Any, **kwargs: Any) -> Any:
            self._logp = None
            return super().add_word(*args, **kwargs)

        def _logprobs(self) -> tuple[dict[str, float], float]:
            """The word log-probability cache and ``log(total)``, reset when they are stale."""
            freq, total = self._tables_for
            if self._logp is None or freq is not self.FREQ or total != self.total:
                self._logp, self._edges = {}, {}
                self._tables_for = (self.FREQ, self.total)
                self._logtotal = _ln(self.total)
            return self._logp, self._logtotal

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

        def _edge(self, frag: str) -> Any:
            """Look ``frag`` up in the dictionary and remember it in the edge table.

            The table holds its log-probability, :data:`_PREFIX` for an entry of frequency
            0 (a prefix of longer words only) or :data:`_MISS` for a fragment not in the
            dictionary, where the search from a position stops. Fragments not in the
            dictionary are remembered too, as most positions end their search on one; the
            table is emptied when it grows past :data:`_EDGE_LIMIT` so memory stays bounded
            on a long stream.
            """
            edges = self._edges
            if len(edges) >= _EDGE_LIMIT:
                edges.clear()
            f = self.FREQ.get(frag)
            if f is None:
                edge = _MISS
            else:
                edge = _ln(f) - self._logtotal if f else _PREFIX
            edges[frag] = edge
            return edge

        def _route(self, sentence: str) -> list[int]:
            """For each position, the end (inclusive) of the best word starting there."""
            self.check_initialized()
            freq = self.FREQ
            logp, logtotal = self._logprobs()
            get, lookup = self._edges.get, self._edge
            prefix, miss = _PREFIX, _MISS
            n = len(sentence)
            value = [0.0] * (n + 1)
            ends = [0] * n
            for k in range(n - 1, -1, -1):
                best = None
                bx = i = k
                frag = sentence[k]
                p = get(frag)
                if p is None:
                    p = lookup(frag)
                # Longer and longer fragments from k, until one is not in the dictionary.
                while p is not miss:
                    if p is not prefix:
                        v = p + value[i + 1]
                        if best is None or v >= best:
                            best, bx = v, i
                    i += 1
                    if i >= n:
                        break
                    frag = sentence[k : i + 1]
                    p = get(frag)
                    if p is None:
                        p = lookup(frag)
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
            while x < n:
                y = ends[x] + 1
                if y > x + 1:
                    out.append(sentence[x:y])
                    x = y
                    continue
                # A run of single characters: jieba hands it to the HMM when the run
                # is not a dictionary word itself.
                start = x
                x = y
                while x < n and ends[x] == x:
                    x += 1
                if x - start == 1:
                    out.append(sentence[start])
                    continue
                chars = sentence[start:x]
                if not freq.get(chars):
                    hmm_cut(chars, out)
                else:
                    out.extend(chars)

        def _Tokenizer__cut_DAG(self, sentence: str) -> Any:  # noqa: N802 (jieba's name)
            out: list[str] = []
            self._cut_block(sentence, out)
            return iter(out)

        def lcut_accurate(self, sentence: str) -> list[str]:
            r"""``lcut(sentence, cut_all=False, HMM=True)``, faster.

            ``re_han.split`` (one capturing group) alternates between the text around the
            blocks and the blocks themselves, so no block needs matching again. Around the
            blocks jieba keeps each character as a word, except ``\r\n`` which ``re_skip``
            keeps as one.
            """
            self.check_initialized()
            out: list[str] = []
            parts = re_han.split(sentence)
            for i in range(0, len(parts), 2):
                other = parts[i]
                if "\r\n" in other:
                    for piece in re_skip.split(other):
                        if re_skip.match(piece):
                            out.append(piece)
                        else:
                            out.extend(piece)
                else:
                    out.extend(other)
                if i + 1 < len(parts):
                    self._cut_block(parts[i + 1], out)
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


# A run of whitespace, captured so that re.split keeps the runs between the pieces of text.
_WHITESPACE_RUN = re.compile(r"(\s+)")


def _jieba_words_and_spaces(
    cut: Callable[[str], list[str]], text: str
) -> tuple[list[str], list[bool]]:
    """Segment ``text`` with jieba into spaCy words and trailing spaces.

    The result is what ``spacy.util.get_words_and_spaces`` makes of jieba's words of the
    whole text: whitespace words are dropped, a single space after a word becomes that
    word's trailing space, and any other run of whitespace becomes one token. jieba never
    joins whitespace to other characters (its blocks stop at whitespace), so the text
    between two whitespace runs gets the same words when segmented on its own, and only
    the runs need a decision.

    Args:
        cut: jieba's accurate mode, ``str -> list of words``.
        text: the text.

    Returns:
        ``(words, spaces)`` for ``Doc(vocab, words=words, spaces=spaces)``.
    """
    words: list[str] = []
    spaces: list[bool] = []
    pieces = _WHITESPACE_RUN.split(text)  # text, run, text, run, ..., text
    for i, piece in enumerate(pieces):
        if i % 2 == 0:
            if piece:
                piece_words = cut(piece)
                words += piece_words
                spaces += [False] * len(piece_words)
            continue
        # A run: a word precedes it unless it starts the text (runs are maximal).
        if words and piece[0] == " ":
            spaces[-1] = True
            piece = piece[1:]
        if piece:
            words.append(piece)
            spaces.append(False)
    return words, spaces


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
        if self.segmenter == "jieba":
            words, spaces = _jieba_words_and_spaces(self._segment, text)
        else:
            # pkuseg drops whitespace; realign against the text.
            words, spaces = get_words_and_spaces([w for w in self._segment(text) if w], text)
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
