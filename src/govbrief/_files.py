"""Atomic files: temporary siblings renamed into place, with the usual permissions.

Every output govbrief writes (records, error reports, resume journals, pages, converted
files) goes through :func:`temp_sibling` and :func:`os.replace`, so a reader never sees a
half-written file and a crash leaves either the old file or the new one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

#: Prefix and suffix of the temporary siblings writers work in (a crash may leave one).
TMP_PREFIX = "."
TMP_SUFFIX = ".govbrief-tmp"


def temp_sibling(path: Path, suffix: str = TMP_SUFFIX) -> Path:
    """Create an empty temporary file beside ``path`` (same filesystem, so os.replace is atomic)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f"{TMP_PREFIX}{path.name}.", suffix=suffix,
                                dir=path.parent)
    os.close(fd)
    # mkstemp creates 0600; the published output gets the usual umask permissions.
    os.chmod(name, 0o666 & ~_umask())
    return Path(name)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def fsync_path(path: Path) -> None:
    """Flush a file's data to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Flush a directory entry (a rename) to disk; silently skipped where unsupported."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # e.g. Windows cannot open directories
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def replace_durably(src: Path, dst: Path) -> None:
    """``os.replace(src, dst)`` after syncing ``src``, then sync the directory."""
    fsync_path(src)
    os.replace(src, dst)
    fsync_dir(dst.parent)
