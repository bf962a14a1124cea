"""Records as typed objects, and as a pandas DataFrame.

The pipeline's records are plain dicts (ANNOTATION.md §5); these dataclasses mirror them
field for field, with the JSON names, so code can use attributes and type checkers while
``Record.from_dict(d).to_dict() == d`` holds for every record the pipeline writes.

Example:
    >>> rec = Record.from_dict({"doc_id": "d1", "province": "安徽省", "province_code": "340000",
    ...     "sections": [[0, 20]], "dates": [], "officials": [], "agencies": [],
    ...     "organizations": [], "locations": [], "counts": [{"text": "18个", "start": 3,
    ...     "end": 6, "value": 18, "unit": "个"}], "campaigns": [], "reporters": []})
    >>> rec.counts[0].value, rec.counts[0].unit
    (18, '个')
    >>> rec.to_dict()["counts"]
    [{'text': '18个', 'start': 3, 'end': 6, 'value': 18, 'unit': '个'}]
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterable, Mapping, Union

from .errors import UsageError

__all__ = [
    "Agency", "Campaign", "Count", "DateValue", "Official", "Organization", "Place",
    "Record", "Span", "ENTITY_FIELDS", "records_from_dicts", "to_dataframe",
]


class MissingExtraError(UsageError, ImportError):
    """An optional dependency is missing; the message names the pip extra to install."""


def require(module: str, extra: str) -> Any:
    """Import an optional dependency or raise :class:`MissingExtraError` naming its extra.

    Args:
        module: the module to import (``"pandas"``, ``"pyarrow.parquet"``).
        extra: the govbrief extra that provides it (``"pandas"``, ``"parquet"``).
    """
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtraError(
            f"{module.split('.')[0]} is needed for this; install it with: "
            f'pip install "govbrief[{extra}]"'
        ) from None


_SPAN_BASE = ("text", "start", "end", "extra")


@dataclass
class Span:
    """A stretch of the original text: ``text`` with ``start``/``end`` offsets.

    Subclasses add optional attributes; ``to_dict`` leaves out the ones that are ``None``
    (the pipeline omits absent attributes rather than writing ``null``). Keys this class
    does not know are kept in ``extra`` and written back, so nothing is lost.
    """

    text: str
    start: int
    end: int
    extra: dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Span":
        """Build from the JSON dict (unknown keys go to ``extra``)."""
        names = [f.name for f in dataclasses.fields(cls) if f.name != "extra"]
        # Offsets are required; attributes default to None (parquet rows carry them as None).
        kwargs = {n: d.get(n) for n in names}
        extra = {k: v for k, v in d.items() if k not in names}
        return cls(**kwargs, extra=extra)

    def to_dict(self) -> dict[str, Any]:
        """The JSON dict: ``text``, ``start``, ``end``, then the attributes that are set."""
        out: dict[str, Any] = {"text": self.text, "start": self.start, "end": self.end}
        for f in dataclasses.fields(self):
            if f.name in _SPAN_BASE:
                continue
            value = getattr(self, f.name)
            if value is not None:
                out[f.name] = value
        out.update(self.extra)
        return out


@dataclass
class DateValue(Span):
    """``dates[]``: ``value`` is the TIMEX3-style value (``2022-09-02TAF``, ``PAST_REF`` …)."""

    value: str | None = None


@dataclass
class Agency(Span):
    """``agencies[]``: ``name`` is the canonical full name (simplified)."""

    name: str | None = None


@dataclass
class Organization(Span):
    """``organizations[]``: ``name`` is the name in simplified script."""

    name: str | None = None


@dataclass
class Place(Span):
    """``locations[]``: ``name`` and ``code`` of the administrative division when resolved."""

    name: str | None = None
    code: str | None = None


@dataclass
class Count(Span):
    """``counts[]``: ``value`` (``min`` for ranges), ``unit``, ``approx``, ``object``."""

    value: Union[int, float, None] = None
    unit: str | None = None
    approx: str | None = None
    object: str | None = None
    min: Union[int, float, None] = None


@dataclass
class Campaign(Span):
    """``campaigns[]``: ``name`` (simplified) and ``kind`` (活动, 行动 …) when known."""

    name: str | None = None
    kind: str | None = None


@dataclass
class Official:
    """``officials[]``: a named official, their titles and mention offsets in the section."""

    name: str
    titles: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Official":
        """Build from the JSON dict (unknown keys go to ``extra``)."""
        known = ("name", "titles", "mentions")
        return cls(
            name=d["name"],
            titles=list(d.get("titles") or []),
            mentions=[(int(s), int(e)) for s, e in d.get("mentions") or []],
            extra={k: v for k, v in d.items() if k not in known},
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON dict (mentions as ``[start, end]`` lists)."""
        out: dict[str, Any] = {
            "name": self.name,
            "titles": list(self.titles),
            "mentions": [[s, e] for s, e in self.mentions],
        }
        out.update(self.extra)
        return out


#: Record list fields holding entities -> their class (``reporters`` holds plain names).
ENTITY_FIELDS: dict[str, type] = {
    "dates": DateValue,
    "officials": Official,
    "agencies": Agency,
    "organizations": Organization,
    "locations": Place,
    "counts": Count,
    "campaigns": Campaign,
}


@dataclass
class Record:
    """One record: what one document says about one province (ANNOTATION.md §5)."""

    doc_id: str | None
    province: str | None
    province_code: str | None = None
    sections: list[tuple[int, int]] = field(default_factory=list)
    dates: list[DateValue] = field(default_factory=list)
    officials: list[Official] = field(default_factory=list)
    agencies: list[Agency] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    locations: list[Place] = field(default_factory=list)
    counts: list[Count] = field(default_factory=list)
    campaigns: list[Campaign] = field(default_factory=list)
    reporters: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict, repr=False)

    _KEYS: ClassVar[tuple[str, ...]] = (
        "doc_id", "province", "province_code", "sections", *ENTITY_FIELDS, "reporters",
    )

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Record":
        """Build from a record dict; missing list fields are empty, ``None`` lists too."""
        if "doc_id" not in d or "province" not in d:
            raise ValueError(f"not a record (needs doc_id and province): {sorted(d)}")
        return cls(
            doc_id=d["doc_id"],
            province=d["province"],
            province_code=d.get("province_code"),
            sections=[(int(s), int(e)) for s, e in d.get("sections") or []],
            reporters=list(d.get("reporters") or []),
            extra={k: v for k, v in d.items() if k not in cls._KEYS},
            **{
                name: [klass.from_dict(e) for e in d.get(name) or []]
                for name, klass in ENTITY_FIELDS.items()
            },
        )

    def to_dict(self) -> dict[str, Any]:
        """The record dict exactly as the pipeline writes it."""
        out: dict[str, Any] = {
            "doc_id": self.doc_id,
            "province": self.province,
            "province_code": self.province_code,
            "sections": [[s, e] for s, e in self.sections],
        }
        for name in ENTITY_FIELDS:
            out[name] = [e.to_dict() for e in getattr(self, name)]
        out["reporters"] = list(self.reporters)
        out.update(self.extra)
        return out


RecordLike = Union[Record, Mapping[str, Any]]


def records_from_dicts(dicts: Iterable[Mapping[str, Any]]) -> list[Record]:
    """Records from record dicts (e.g. the lines of ``govbrief extract`` output)."""
    return [Record.from_dict(d) for d in dicts]


def _as_dict(rec: RecordLike) -> dict[str, Any]:
    return rec.to_dict() if isinstance(rec, Record) else dict(rec)


#: Columns of an exploded row per field, after doc_id / province / province_code.
EXPLODE_COLUMNS: dict[str, tuple[str, ...]] = {
    "sections": ("start", "end"),
    "dates": ("text", "start", "end", "value"),
    "officials": ("name", "titles", "mentions"),
    "agencies": ("text", "start", "end", "name"),
    "organizations": ("text", "start", "end", "name"),
    "locations": ("text", "start", "end", "name", "code"),
    "counts": ("text", "start", "end", "value", "unit", "approx", "object", "min"),
    "campaigns": ("text", "start", "end", "name", "kind"),
    "reporters": ("name",),
}


def explode_field(rec: RecordLike, name: str) -> list[dict[str, Any]]:
    """One flat dict per entity of field ``name`` in ``rec``, keyed by record then entity.

    Args:
        rec: a :class:`Record` or record dict.
        name: a list field (see :data:`EXPLODE_COLUMNS`).
    """
    if name not in EXPLODE_COLUMNS:
        raise ValueError(f"cannot explode {name!r}; choose one of {', '.join(EXPLODE_COLUMNS)}")
    d = _as_dict(rec)
    head = {"doc_id": d.get("doc_id"), "province": d.get("province"),
            "province_code": d.get("province_code")}
    rows = []
    for item in d.get(name) or []:
        if name == "sections":
            entity: dict[str, Any] = {"start": item[0], "end": item[1]}
        elif name == "reporters":
            entity = {"name": item}
        else:
            entity = item
        rows.append({**head, **{c: entity.get(c) for c in EXPLODE_COLUMNS[name]}})
    return rows


def to_dataframe(records: Iterable[RecordLike], explode: str | None = None) -> Any:
    """A pandas DataFrame of records.

    Args:
        records: :class:`Record` objects or record dicts.
        explode: ``None`` for one row per record (list fields kept as Python lists of
            dicts, exactly as in the JSON); or a list field name (``"counts"``,
            ``"officials"``, ``"agencies"`` …) for one row per entity of that field, with
            ``doc_id``, ``province``, ``province_code`` and the entity's attributes as
            columns (absent attributes are ``None``).

    Raises:
        MissingExtraError: pandas is not installed (``pip install "govbrief[pandas]"``).
        ValueError: ``explode`` names no list field.
    """
    pd = require("pandas", "pandas")
    if explode is None:
        rows = [_as_dict(r) for r in records]
        return pd.DataFrame(rows, columns=list(Record._KEYS))
    if explode not in EXPLODE_COLUMNS:
        raise ValueError(
            f"cannot explode {explode!r}; choose one of {', '.join(EXPLODE_COLUMNS)}")
    rows = [row for r in records for row in explode_field(r, explode)]
    columns = ["doc_id", "province", "province_code", *EXPLODE_COLUMNS[explode]]
    return pd.DataFrame(rows, columns=columns)
