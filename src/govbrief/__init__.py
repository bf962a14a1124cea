"""govbrief: structured records from Chinese government news briefs.

``from govbrief import Extractor`` is the library entry point; ``govbrief`` on the command
line is the CLI (:mod:`govbrief.cli`).

Names are imported lazily (PEP 562), so ``import govbrief`` and ``govbrief --help`` do not
pay for spaCy, jieba or pandas until they are used.
"""

from __future__ import annotations

import importlib
from typing import Any

from .about import __version__

#: public name -> module that defines it (imported on first access).
_LAZY = {
    "Extractor": "govbrief.api",
    "set_extensions": "govbrief._extensions",
    "Record": "govbrief.records",
    "to_dataframe": "govbrief.records",
    "records_from_dicts": "govbrief.records",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'govbrief' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
