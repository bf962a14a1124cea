"""``govbrief show``: being written (issue 7)."""

from __future__ import annotations

import argparse
from typing import Any

from ..errors import UsageError


def add_parser(sub: Any, name: str) -> None:
    """Declare the command."""
    sub.add_parser(name, help="(not yet available)")


def run(args: argparse.Namespace) -> int:
    """Entry point of the CLI module."""
    raise UsageError("govbrief show is not available yet")
