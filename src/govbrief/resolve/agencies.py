"""Canonical agency names (ANNOTATION.md §5 ``agencies[].name``). Work in progress."""

from __future__ import annotations


def canonical_agency(surface: str, province: str | None = None, city: str | None = None) -> str:
    """The canonical full simplified name of an agency mention.

    Args:
        surface: the mention in simplified script (``省市场监管局``).
        province: the section's province full name (``安徽省``), if known.
        city: the prefecture-level city named most recently in the section, if any.

    Returns:
        The canonical name (``安徽省市场监督管理局``).
    """
    return surface


def leading_city(surface: str, province: str | None = None) -> str | None:
    """The prefecture-level city an agency name starts with (``益阳市``), if any."""
    return None
