"""govbrief: structured records from Chinese government news briefs.

``from govbrief import Extractor`` is the library entry point; ``govbrief`` on the command
line is the CLI (:mod:`govbrief.cli`).
"""

from __future__ import annotations

from ._extensions import set_extensions
from .about import __version__
from .api import Extractor

set_extensions()

__all__ = ["Extractor", "__version__", "set_extensions"]
