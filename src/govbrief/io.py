r"""Read input documents from files, JSONL, directories and stdin; write JSONL outputs.

Every input document becomes either an :class:`InputDoc` or an :class:`InputFailure`
naming its source and line, so that nothing is silently lost. The policies, in the order
a document meets them:

Paths
    A missing path, or a directory holding no ``.txt``/``.jsonl``/``.ndjson`` file, is a
    :class:`~govbrief.errors.UsageError` from :func:`check_paths` before any work starts.
    Directories are searched recursively in sorted order; names starting with ``.`` are
    ignored (hidden files, editor swap files, half-written outputs); other files are not
    read but listed in ``skipped``. A file named on the command line is read whatever its
    suffix (``.jsonl``/``.ndjson`` as JSONL, anything else as one text document). A file
    or directory that cannot be read (permission denied) is a failure entry.

Encodings
    ``--encoding NAME`` forces a codec (an unknown name is a ``UsageError``). Otherwise:
    a BOM (UTF-8, UTF-16 LE/BE, UTF-32) decides; then strict UTF-8 over the whole file;
    then a constrained choice among GB18030, Big5 (with HKSCS) and BOM-less UTF-16,
    each decoded and scored by how much of the result is common Chinese text (common
    Han characters after simplification, CJK punctuation) rather than rare characters,
    kana, controls or replacement characters; charset-normalizer breaks near ties. Text
    that no candidate decodes convincingly, or that decodes with errors, is a failure
    ("cannot decode ... use --encoding"), never mojibake. Binary data (NUL bytes) is a
    failure. JSONL files are detected as a whole and then decoded line by line, so one
    undecodable line is a failure for that line only; files are streamed, not read whole.

JSONL lines
    Blank lines are skipped silently and are not documents. A line that is not JSON, not
    an object, lacks a non-empty string ``text``, or has an ``id`` that is not a
    non-empty string (integers are accepted and turned into strings) is a failure naming
    file and line; the rest of the file is still read. A missing ``id`` defaults to
    ``NAME:LINE`` (NAME as for ``.txt`` ids). ``published`` may be absent, null or
    empty; otherwise it must be a date ``YYYY-MM-DD`` (``YYYY/M/D`` and ``YYYY年M月D日``
    are accepted and passed on as ISO dates, a trailing time is ignored). Any other
    ``published`` is a failure: relative dates ("9月6日") resolve against it, so guessing
    or ignoring it would give silently wrong years.

Ids
    Ids are unique across the whole batch. ``.txt`` files inside a directory get the
    path relative to that directory without suffix (``nested/a``); a ``.txt`` file named
    on the command line gets its stem; stdin text gets ``stdin``. **The first occurrence
    of an id wins; every later occurrence is a failure "duplicate id (first seen in
    FILE:LINE)"** and is not processed, so outputs and ``--resume`` can key documents by
    id. An id is claimed by the first line that carries it, even when that document
    itself then fails (too long, empty), so the report shows both problems. Ids are data
    only: nothing uses them to build a path.

Documents
    Text that is empty or only whitespace (also after removing HTML markup and invisible
    control characters) is a failure "empty document". Text longer than ``max_chars``
    characters is a failure "document has N characters, more than --max-chars M; split it
    or raise the limit"; large ``.txt`` files are then only counted, in bounded memory.
    Text with unpaired surrogates (possible through JSON ``\\ud800`` escapes) is a
    failure. HTML, CRLF line ends, control characters, emoji and pinyin debris are
    accepted as they are; :mod:`govbrief.normalize` handles them with an offset map, so
    output offsets always index the text as given.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import json
import os
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, BinaryIO, Iterable, Iterator, Union

from ._files import temp_sibling
from .errors import InputError, UsageError

TEXT_SUFFIXES = {".txt"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
INPUT_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES

# Bytes read to choose among GB18030, Big5 and UTF-16 (scoring runs per character).
SAMPLE_BYTES = 64 * 1024
CHUNK_BYTES = 1 << 20
# Below this share of convincing characters no candidate encoding is trusted.
MIN_SCORE = 0.5


@dataclass
class InputDoc:
    """One readable document."""

    source: str
    line: int | None
    id: str
    text: str
    published: Any = None


@dataclass
class InputFailure:
    """A document (or line) that could not be read."""

    source: str
    line: int | None
    id: str | None
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """The error-report entry: source, line, id, reason."""
        return {"source": self.source, "line": self.line, "id": self.id, "reason": self.reason}


Item = Union[InputDoc, InputFailure]


# --------------------------------------------------------------------------- paths


def _hidden(name: str) -> bool:
    return name.startswith(".")


def _walk(root: Path) -> Iterator[tuple[Path | None, str | None]]:
    """Files under ``root`` in sorted order.

    Yields:
        ``(path, None)`` per file; ``(None, message)`` per directory that cannot be listed.
    """
    errors: list[OSError] = []
    found: list[tuple[tuple[str, ...], Path]] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append):
        dirnames[:] = sorted(d for d in dirnames if not _hidden(d))
        for name in filenames:
            if not _hidden(name):
                path = Path(dirpath, name)
                found.append((path.relative_to(root).parts, path))
    for err in errors:
        yield None, f"{err.filename}: cannot list directory: {err.strerror}"
    for _, path in sorted(found):
        yield path, None


def check_paths(paths: Iterable[str]) -> list[str]:
    """Fail before any work starts when an input path does not exist or has no inputs.

    Raises:
        UsageError: naming the first missing path, or a directory without any
            ``.txt``/``.jsonl``/``.ndjson`` file.
    """
    paths = list(paths)
    if not paths:
        raise UsageError("no INPUT given (a file, a directory, or - for stdin)")
    for p in paths:
        if p == "-":
            continue
        if not os.path.exists(p):
            raise UsageError(f"input not found: {p}")
        if os.path.isdir(p):
            has_input = any(
                path is not None and path.suffix.lower() in INPUT_SUFFIXES
                for path, _ in _walk(Path(p))
            )
            if not has_input and os.access(p, os.R_OK):
                raise UsageError(f"no .txt, .jsonl or .ndjson files in directory: {p}")
    return paths


def check_encoding(name: str | None) -> str | None:
    """Validate a ``--encoding`` name.

    Returns:
        The codec's canonical name (``None`` stays ``None``: detect).

    Raises:
        UsageError: for a name Python does not know.
    """
    if name is None:
        return None
    try:
        info = codecs.lookup(name)
    except LookupError:
        info = None
    # base64, rot13 … are codecs but not text encodings: bytes.decode refuses them.
    if info is None or not getattr(info, "_is_text_encoding", True):
        raise UsageError(f"unknown encoding: {name} (try utf-8, utf-16, gb18030, big5)")
    return info.name


# ----------------------------------------------------------------------- encodings

# (BOM, codec) with UTF-32 before UTF-16: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Candidates when the input is not UTF-8, in order of preference on a tie.
CANDIDATES = ("gb18030", "big5hkscs", "utf-16-le", "utf-16-be")
_DISPLAY = {"big5hkscs": "big5", "utf_8": "utf-8"}
_WIDE = ("utf-16", "utf-32", "utf_16", "utf_32")

_COMMON_PUNCT = set("，。、；：？！“”‘’（）《》〈〉【】「」『』…—·～　￥％")


def _bom(head: bytes) -> tuple[str | None, int]:
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name, len(bom)
    return None, 0


@lru_cache(maxsize=1)
def _simplify() -> Any:
    from .normalize.script import to_simplified

    return to_simplified


def _han_level(ch: str) -> float:
    """1 for the 3755 most common characters (GB2312 level 1), less for rarer ones."""
    try:
        b = ch.encode("gb2312")
    except UnicodeEncodeError:
        return 0.2
    return 1.0 if 0xB0 <= b[0] <= 0xD7 else 0.6


def _score(text: str) -> tuple[float, int]:
    """How convincingly ``text`` reads as Chinese (or plain) text.

    Printable ASCII is not counted (it decodes the same in GB18030 and Big5); every other
    character scores 1 when it is a common Han character (after simplification) or common
    CJK punctuation, less when rare, 0 for kana, Hangul, symbols or private use, and
    negative for controls and replacement characters.

    Returns:
        ``(mean score, number of characters scored)``.
    """
    simple = _simplify()(text)[0]
    total = 0.0
    n = 0
    for ch in simple:
        o = ord(ch)
        if 0x20 <= o < 0x7F or ch in "\t\n\r":
            continue
        n += 1
        if 0x4E00 <= o <= 0x9FFF:
            total += _han_level(ch)
        elif ch in _COMMON_PUNCT:
            total += 1.0
        elif 0xFF01 <= o <= 0xFF5E:
            total += 0.9
        elif 0x2010 <= o <= 0x2027 or 0x3000 <= o <= 0x303F:
            total += 0.6
        elif ch == "\ufffd":
            total -= 4.0
        elif o < 0x20 or 0x7F <= o <= 0x9F:
            total -= 1.0
        elif 0x3400 <= o <= 0x4DBF or 0x20000 <= o <= 0x3FFFF:
            total += 0.1
        elif 0xA0 <= o <= 0x24F or 0x0370 <= o <= 0x04FF or 0x3040 <= o <= 0x30FF:
            total += 0.1
    return (total / n if n else 1.0), n


def _decode_sample(sample: bytes, codec: str) -> str:
    dec = codecs.getincrementaldecoder(codec)(errors="replace")
    return dec.decode(sample, final=False)


def _charset_normalizer_guess(sample: bytes, names: list[str]) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    iso = {"big5hkscs": "big5", "utf-16-le": "utf_16_le", "utf-16-be": "utf_16_be"}
    best = from_bytes(sample, cp_isolation=[iso.get(n, n) for n in names]).best()
    if best is None:
        return None
    guess = codecs.lookup(best.encoding).name
    for n in names:
        if codecs.lookup(iso.get(n, n)).name == guess:
            return n
    return None


def guess_encoding(sample: bytes) -> str | None:
    """Choose among GB18030, Big5 and BOM-less UTF-16 for a non-UTF-8 sample.

    Returns:
        A codec name, or ``None`` when no candidate reads convincingly.
    """
    scored = []
    for codec in CANDIDATES:
        if codec.startswith("utf-16") and len(sample) < 2:
            continue
        score, n = _score(_decode_sample(sample, codec))
        scored.append((score, codec, n))
    if not scored:
        return None
    best = max(s for s, _, _ in scored)
    if best < MIN_SCORE:
        return None
    tied = [c for s, c, _ in scored if s >= best - 0.05]
    if len(tied) > 1:
        guess = _charset_normalizer_guess(sample, tied)
        if guess is not None:
            return guess
    return next(c for s, c, _ in scored if s == best)


def _utf8_ok(chunks: Iterable[bytes]) -> bool:
    """Strict UTF-8 check over a stream of chunks, without keeping the text."""
    dec = codecs.getincrementaldecoder("utf-8")(errors="strict")
    try:
        for chunk in chunks:
            dec.decode(chunk)
        dec.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _chunks(fh: BinaryIO) -> Iterator[bytes]:
    while chunk := fh.read(CHUNK_BYTES):
        yield chunk


def detect_file_encoding(path: Path) -> tuple[str, int]:
    """The encoding of a file and the length of its BOM, reading it in chunks.

    Raises:
        InputError: when the encoding cannot be determined.
    """
    with open(path, "rb") as fh:
        head = fh.read(SAMPLE_BYTES)
        name, skip = _bom(head)
        if name:
            return name, skip
        fh.seek(0)
        if _utf8_ok(_chunks(fh)):
            return _utf8_or_nul(head), 0
    return _guess_or_fail(head), 0


def _guess_or_fail(sample: bytes) -> str:
    wide = _nul_utf16(sample)
    if wide:
        return wide
    if _looks_binary(sample):
        raise InputError("binary data (NUL bytes), not a text document")
    codec = guess_encoding(sample)
    if codec is None:
        raise InputError(
            "cannot decode: not UTF-8, UTF-16, GB18030 or Big5 text; "
            "pass --encoding NAME if you know the encoding"
        )
    return codec


def _nul_utf16(sample: bytes) -> str | None:
    """BOM-less UTF-16 of mostly ASCII text: NUL bytes on one parity only."""
    if len(sample) < 4 or sample.count(0) < 0.3 * len(sample):
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > 0 and even == 0:
        return "utf-16-le"
    if even > 0 and odd == 0:
        return "utf-16-be"
    return None


def _utf8_or_nul(sample: bytes) -> str:
    """For valid UTF-8: UTF-8, unless NULs show BOM-less UTF-16 or binary data."""
    if 0 not in sample:
        return "utf-8"
    wide = _nul_utf16(sample)
    if wide:
        return wide
    if _looks_binary(sample):
        raise InputError("binary data (NUL bytes), not a text document")
    return "utf-8"


def _looks_binary(data: bytes) -> bool:
    """NUL bytes in a text that is not UTF-16/32 (where ASCII has NUL halves)."""
    nul = data.count(0)
    if nul <= max(1, len(data) // 200):
        return False
    # UTF-16 ASCII puts NULs on one parity only.
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    return min(even, odd) > max(1, len(data) // 200)


def _decode_error(
    exc: UnicodeDecodeError, codec: str, base: int = 0, where: str = "offset"
) -> str:
    bad = exc.object[exc.start : exc.start + 1]
    return (
        f"cannot decode as {_DISPLAY.get(codec, codec)}: byte 0x{bad.hex()} at {where} "
        f"{base + exc.start} ({exc.reason}); pass --encoding NAME if you know the encoding"
    )


def decode_bytes(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Decode a whole document.

    Args:
        data: the raw bytes.
        encoding: a codec to use instead of detecting one.

    Returns:
        ``(text, codec name)``.

    Raises:
        InputError: when the bytes cannot be decoded (never returns mojibake).
    """
    if encoding is not None:
        codec, skip = encoding, 0
    else:
        codec, skip = _bom(data[:4])
        if codec is None:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                codec = _guess_or_fail(data[:SAMPLE_BYTES])
            else:
                codec = _utf8_or_nul(data[:SAMPLE_BYTES])
                if codec == "utf-8":
                    return text, codec
    try:
        text = data[skip:].decode(codec)
    except UnicodeDecodeError as exc:
        raise InputError(_decode_error(exc, codec, skip)) from None
    if text.startswith("\ufeff"):  # a BOM the forced codec does not consume
        text = text[1:]
    return text, codec


# ------------------------------------------------------------------------ documents

_SURROGATE = re.compile("[\ud800-\udfff]")
_NEEDS_CLEANING = re.compile(
    r"[<\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]"
)
_LOOSE_DATE = re.compile(r"\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:$|[T\s])")


def too_long_reason(n: int, max_chars: int) -> str:
    """The failure reason for a document above the limit."""
    return (
        f"document has {n} characters, more than --max-chars {max_chars}; "
        "split it or raise the limit"
    )


def _text_problem(text: str, max_chars: int | None) -> str | None:
    """Why ``text`` cannot be a document, or ``None``."""
    if max_chars is not None and len(text) > max_chars:
        return too_long_reason(len(text), max_chars)
    if not text.strip():
        return "empty document"
    if _SURROGATE.search(text):
        return "text contains an unpaired surrogate (invalid Unicode escape)"
    if _NEEDS_CLEANING.search(text):
        from .normalize import clean_controls, strip_html

        if not clean_controls(strip_html(text)[0])[0].strip():
            return "empty document (only markup or control characters)"
    return None


def parse_published_field(value: Any) -> str | None:
    """Check a JSONL ``published`` value.

    Returns:
        The ISO date string, or ``None`` when absent/empty.

    Raises:
        ValueError: with the reason, when the value is not a date.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        m = _LOOSE_DATE.match(value)
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
            except ValueError:
                pass
    shown = value if len(repr(value)) <= 40 else repr(value)[:37] + "..."
    raise ValueError(f"'published' is not a date (YYYY-MM-DD): {shown!r}")


class _Batch:
    """State shared by every input of one batch: options and the ids seen so far."""

    def __init__(self, encoding: str | None, max_chars: int | None):
        self.encoding = encoding
        self.max_chars = max_chars
        self.ids: dict[str, str] = {}

    def claim(self, doc_id: str, where: str) -> str | None:
        """Register ``doc_id``; the failure reason when an earlier input has it."""
        first = self.ids.get(doc_id)
        if first is not None:
            return f"duplicate id (first seen in {first})"
        self.ids[doc_id] = where
        return None

    def document(
        self, source: str, line: int | None, doc_id: str, text: str, published: Any = None
    ) -> Item:
        where = f"{source}:{line}" if line is not None else source
        dup = self.claim(doc_id, where)
        if dup:
            return InputFailure(source, line, doc_id, dup)
        problem = _text_problem(text, self.max_chars)
        if problem:
            return InputFailure(source, line, doc_id, problem)
        return InputDoc(source, line, doc_id, text, published)

    def jsonl_line(self, line: str, source: str, lineno: int, name: str) -> Item | None:
        """One JSONL line: a document, a failure, or ``None`` for a blank line."""
        if not line.strip():
            return None
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            return InputFailure(
                source, lineno, None, f"malformed JSON: {exc.msg} (column {exc.colno})"
            )
        except RecursionError:
            return InputFailure(source, lineno, None, "malformed JSON: nested too deeply")
        if not isinstance(obj, dict):
            return InputFailure(source, lineno, None,
                                f"a JSONL line must be an object, not {type(obj).__name__}")
        if "id" in obj:
            doc_id = obj["id"]
            if isinstance(doc_id, int) and not isinstance(doc_id, bool):
                doc_id = str(doc_id)
            elif not isinstance(doc_id, str):
                return InputFailure(source, lineno, None,
                                    f"'id' must be a string, not {type(doc_id).__name__}")
            if not doc_id.strip():
                return InputFailure(source, lineno, None, "'id' is empty")
            if _SURROGATE.search(doc_id):
                return InputFailure(source, lineno, None, "'id' contains an unpaired surrogate")
        else:
            doc_id = f"{name}:{lineno}"
        text = obj.get("text")
        if not isinstance(text, str):
            what = "missing" if text is None else f"not a string ({type(text).__name__})"
            dup = self.claim(doc_id, f"{source}:{lineno}")
            return InputFailure(source, lineno, doc_id, dup or f"'text' is {what}")
        try:
            published = parse_published_field(obj.get("published"))
        except ValueError as exc:
            dup = self.claim(doc_id, f"{source}:{lineno}")
            return InputFailure(source, lineno, doc_id, dup or str(exc))
        return self.document(source, lineno, doc_id, text, published)


def _jsonl_byte_lines(
    batch: _Batch, lines: Iterable[bytes], codec: str, source: str, name: str
) -> Iterator[Item]:
    """Decode and read JSONL line by line (each line is decoded on its own)."""
    for lineno, raw in enumerate(lines, 1):
        try:
            line = raw.decode(codec)
        except UnicodeDecodeError as exc:
            yield InputFailure(source, lineno, None, _decode_error(exc, codec, where="byte"))
            continue
        if lineno == 1 and line.startswith("\ufeff"):
            line = line[1:]
        item = batch.jsonl_line(line, source, lineno, name)
        if item is not None:
            yield item


def _wide_codec(codec: str, head: bytes) -> tuple[str, int]:
    """Fix the byte order of a UTF-16/32 codec (from the BOM) so lines decode alone.

    Returns:
        ``(codec with byte order, BOM length)``.
    """
    name = codecs.lookup(codec).name.replace("_", "-")
    if name.endswith(("-le", "-be")):
        bom, skip = _bom(head)
        return name, skip if bom == name else 0
    bom, skip = _bom(head)
    if bom and bom.startswith(name):
        return bom, skip
    return name + "-le", 0


def _wide_lines(fh: BinaryIO, codec: str) -> Iterator[bytes]:
    """Split UTF-16/32 bytes into lines at newline code units (aligned to the unit)."""
    newline = "\n".encode(codec)
    unit = len(newline)
    buf = b""
    for chunk in _chunks(fh):
        buf += chunk
        start = pos = 0
        while (pos := buf.find(newline, pos)) != -1:
            if (pos - start) % unit:  # not on a code unit boundary: part of another unit
                pos += 1
                continue
            yield buf[start : pos + unit]
            start = pos = pos + unit
        buf = buf[start:]
    if buf:
        yield buf


def _is_wide(codec: str) -> bool:
    return codecs.lookup(codec).name.startswith(_WIDE)


def _jsonl_file(batch: _Batch, path: Path, source: str, name: str) -> Iterator[Item]:
    if batch.encoding is not None:
        codec, skip = batch.encoding, 0
    else:
        try:
            codec, skip = detect_file_encoding(path)
        except InputError as exc:
            yield InputFailure(source, None, None, str(exc))
            return
    with open(path, "rb") as fh:
        if _is_wide(codec):
            codec, skip = _wide_codec(codec, fh.read(4))
            fh.seek(skip)
            yield from _jsonl_byte_lines(batch, _wide_lines(fh, codec), codec, source, name)
            return
        fh.seek(skip)
        yield from _jsonl_byte_lines(batch, fh, codec, source, name)


def _count_chars(path: Path, encoding: str | None) -> int:
    """Count the characters of a big file in chunks (for the too-long message)."""
    with open(path, "rb") as fh:
        head = fh.read(SAMPLE_BYTES)
        codec, skip = (encoding, 0) if encoding else _bom(head)
        if codec is None:
            codec = "utf-8"
            try:
                head.decode("utf-8", errors="strict")
            except UnicodeDecodeError as exc:
                if exc.start < len(head) - 4:  # not just a character cut at the end
                    codec = _guess_or_fail(head)
        fh.seek(skip)
        dec = codecs.getincrementaldecoder(codec)(errors="replace")
        n = sum(len(dec.decode(chunk)) for chunk in _chunks(fh))
        return n + len(dec.decode(b"", final=True))


def _text_file(batch: _Batch, path: Path, source: str, doc_id: str) -> Iterator[Item]:
    max_chars = batch.max_chars
    # Every encoding we read uses at most 4 bytes per character: a file above 4 bytes per
    # allowed character may be too long, so count before reading it whole.
    if max_chars is not None and path.stat().st_size > 4 * max_chars + 4:
        n = _count_chars(path, batch.encoding)
        if n > max_chars:
            dup = batch.claim(doc_id, source)
            yield InputFailure(source, None, doc_id, dup or too_long_reason(n, max_chars))
            return
    try:
        text, _ = decode_bytes(path.read_bytes(), batch.encoding)
    except InputError as exc:
        dup = batch.claim(doc_id, source)
        yield InputFailure(source, None, doc_id, dup or str(exc))
        return
    yield batch.document(source, None, doc_id, text)


def _file_items(batch: _Batch, path: Path, doc_id: str) -> Iterator[Item]:
    """One input file; ``doc_id`` is its text id (also the JSONL default-id prefix)."""
    source = str(path)
    try:
        if path.suffix.lower() in JSONL_SUFFIXES:
            yield from _jsonl_file(batch, path, source, doc_id)
        else:
            yield from _text_file(batch, path, source, doc_id)
    except InputError as exc:
        yield InputFailure(source, None, doc_id, str(exc))
    except OSError as exc:
        yield InputFailure(source, None, None, f"cannot read: {exc.strerror or exc}")


def _stdin_items(batch: _Batch) -> Iterator[Item]:
    source = "<stdin>"
    data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read()
    if isinstance(data, str):  # a replaced sys.stdin (tests): already text
        data = data.encode("utf-8")
    try:
        if batch.encoding:
            codec, skip = batch.encoding, 0
        else:
            codec, skip = _bom(data[:4])
            if codec is None:
                try:
                    data.decode("utf-8")
                except UnicodeDecodeError:
                    codec = _guess_or_fail(data[:SAMPLE_BYTES])
                else:
                    codec = _utf8_or_nul(data[:SAMPLE_BYTES])
        if _is_wide(codec):
            codec, skip = _wide_codec(codec, data[:4])
            lines = list(_wide_lines(io.BytesIO(data[skip:]), codec))
        else:
            lines = data[skip:].split(b"\n")
        # JSONL when the first non-blank line starts with "{".
        first = next((t for t in (x.decode(codec, errors="replace").strip() for x in lines)
                      if t), "")
        if not first.startswith("{"):
            text, _ = decode_bytes(data[skip:], codec)
    except InputError as exc:
        yield InputFailure(source, None, None, str(exc))
        return
    if first.startswith("{"):
        yield from _jsonl_byte_lines(batch, lines, codec, source, "stdin")
        return
    yield batch.document(source, None, "stdin", text)


def iter_documents(
    paths: Iterable[str],
    skipped: list[str] | None = None,
    *,
    encoding: str | None = None,
    max_chars: int | None = None,
) -> Iterator[Item]:
    """Yield every document of the inputs, in order.

    The module docstring gives the policies on encodings, bad lines, duplicate ids, empty
    and long documents.

    Args:
        paths: files (``.txt``: one document; ``.jsonl``/``.ndjson``: one
            ``{"id", "text", "published"?}`` per line), directories (searched recursively
            for those files, in sorted order) or ``-`` for stdin (JSONL when its first
            non-blank character is ``{``, else one text document with id ``stdin``).
        skipped: when given, files in directories that are not inputs are appended here
            (before the next document is yielded).
        encoding: force this input encoding instead of detecting it.
        max_chars: documents longer than this become failures instead of documents.

    Raises:
        UsageError: at call time, for an unknown encoding or a ``max_chars`` below 1.
    """
    codec = check_encoding(encoding)
    if max_chars is not None and max_chars < 1:
        raise UsageError(f"--max-chars must be at least 1, not {max_chars}")
    return _iter_documents(list(paths), skipped, _Batch(codec, max_chars))


def _iter_documents(paths: list[str], skipped: list[str] | None, batch: _Batch) -> Iterator[Item]:
    for p in paths:
        if p == "-":
            yield from _stdin_items(batch)
            continue
        path = Path(p)
        if not path.is_dir():
            yield from _file_items(batch, path, path.stem)
            continue
        for child, problem in _walk(path):
            if child is None:
                yield InputFailure(str(path), None, None, str(problem))
                continue
            if child.suffix.lower() in INPUT_SUFFIXES:
                rel = child.relative_to(path).with_suffix("")
                yield from _file_items(batch, child, rel.as_posix())
            elif skipped is not None:
                skipped.append(str(child))


# -------------------------------------------------------------------------- output

class AtomicWriter:
    """Write a file through a temporary sibling, renamed into place on success.

    ``path`` ``None`` or ``"-"`` writes to stdout directly.
    """

    def __init__(self, path: str | None):
        self.path = None if path in (None, "-") else Path(path)
        self._tmp: str | None = None
        self.fh: IO[str]

    def __enter__(self) -> IO[str]:
        if self.path is None:
            self.fh = sys.stdout
            return self.fh
        self._tmp = str(temp_sibling(self.path))
        self.fh = open(self._tmp, "w", encoding="utf-8")
        return self.fh

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if self.path is None:
            self.fh.flush()
            return
        self.fh.close()
        assert self._tmp is not None
        if exc_type is None:
            os.replace(self._tmp, self.path)
        else:
            os.unlink(self._tmp)


def write_jsonl(fh: IO[str], obj: Any) -> None:
    """Write one JSON object as a line (UTF-8, not ASCII-escaped)."""
    fh.write(json.dumps(obj, ensure_ascii=False))
    fh.write("\n")
