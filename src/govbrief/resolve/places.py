"""Administrative divisions (GB/T 2260): lookup by full or short name. Work in progress."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Division:
    """One administrative division.

    Attributes:
        code: 6-digit GB/T 2260 code (``340100``).
        name: official full name in simplified script (``合肥市``).
        level: 1 province, 2 prefecture, 3 county.
        parent: code of the division above, ``None`` for a province.
    """

    code: str
    name: str
    level: int
    parent: str | None = None


def all_divisions() -> tuple[Division, ...]:
    """Every division in the lexicon, provinces first."""
    return ()


def surface_forms() -> dict[str, tuple[Division, ...]]:
    """Every surface form (full name and short forms: 浙江, 合肥, 福州) -> the divisions it can name."""
    return {}


def lookup(surface: str) -> tuple[Division, ...]:
    """All divisions a surface form can name (full or short), most prominent first."""
    return ()


def best_division(surface: str, province: str | None = None) -> Division | None:
    """The division a place mention most likely names, preferring those in ``province``."""
    return None


def province_of(div: Division) -> Division:
    """The province-level division containing ``div`` (itself for a province)."""
    return div


def province_by_name(name: str) -> Division | None:
    """The province-level division for a canonical or short name (``安徽省``, ``安徽``, ``皖``)."""
    return None


def by_code(code: str) -> Division | None:
    """The division with this 6-digit code."""
    return None
