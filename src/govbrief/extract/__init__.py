"""Stage 3: extraction components. Importing this package registers every factory."""

from . import (  # noqa: F401  (imported for their @Language.factory side effect)
    agencies,
    campaigns,
    counts,
    dates,
    merge,
    people,
    places,
    sections,
    values,
)

# Order matters only for the components after merge; extractors are independent.
EXTRACTORS = (
    "govbrief_places",
    "govbrief_dates",
    "govbrief_counts",
    "govbrief_agencies",
    "govbrief_people",
    "govbrief_campaigns",
)
POST = ("govbrief_merge", "govbrief_sections", "govbrief_values")
