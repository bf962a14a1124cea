"""The test suite's only conftest: shared fixtures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def extractor():
    """One real pipeline (jieba segmenter) for the whole session."""
    from govbrief import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def nlp(extractor):
    """The spaCy pipeline behind :func:`extractor`."""
    return extractor.nlp


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the checkout; tests that need it skip clearly without it."""
    if not (SHARED / "corpus" / "dev.jsonl").is_file():
        pytest.skip(f"../shared corpus not found at {SHARED}; shared-corpus tests skipped")
    return SHARED


@pytest.fixture
def ref_date() -> dt.date:
    """A fixed publication date for date-resolution tests."""
    return dt.date(2022, 9, 6)


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository root."""
    return ROOT
