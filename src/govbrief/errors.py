"""Errors raised by govbrief, with a small hierarchy callers can catch."""

from __future__ import annotations


class GovbriefError(Exception):
    """Base class of every govbrief error."""


class RuleFileError(GovbriefError, ValueError):
    """A shipped or user rule file is malformed (message names file, line and rule id)."""


class GoldFormatError(GovbriefError, ValueError):
    """A gold or prediction file does not follow ANNOTATION.md (message names file and line)."""


class InputError(GovbriefError, ValueError):
    """An input document cannot be read (message names source and line)."""


class UsageError(GovbriefError):
    """The command line asks for something impossible (missing path, bad option)."""
