"""The Backend protocol, what every backend returns, and the facet lists they share."""

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Protocol

from .. import facets as registry
from ..synonyms import fold

# "Vouliez-vous dire …" is asked for only when the words match fewer resources than this.
SUGGEST_BELOW = 3


@dataclass
class SearchResult:
    count: int = 0
    hits: list = field(default_factory=list)  # dicts: title, url, kind, kind_label, date, themes, ...
    facets: dict = field(default_factory=dict)  # param -> [{value, label, count, selected}]
    suggestion: str = ""
    fallback: bool = False  # set by search.backends.fallback: not answered by the engine
    backend: str = ""  # the name of the backend that answered


class Backend(Protocol):
    """What the views ask of search: the engine, the database, and the wrappers around them
    (search.backends.fallback, search.backends.cached) all answer this."""

    name: str

    def search(self, params, exclude_ids: Collection[int] = ()) -> SearchResult:
        """One page of results for parsed parameters (search.forms.SearchParams), with facet counts
        and a "Vouliez-vous dire" suggestion; `exclude_ids`: pages shown above the results already."""

    def suggest(self, q: str, size: int = 8) -> list[dict]:
        """Titles completing what is typed, as {title, url}, best first."""


def offered_suggestion(query, suggestion):
    """The spelling suggestion worth showing: one that changes a word, not only its accents or
    capitals, which the search ignores already ("hopitaux" finds "hôpitaux")."""
    if not suggestion or fold(suggestion.lower()) == fold(query.lower()):
        return ""
    return suggestion


def facet_lists(params, counts):
    """{param: {value: count}} -> sorted lists with labels; selected values always shown."""
    facets = {}
    for facet in registry.all():
        name = facet.param
        values = dict(counts.get(name, {}))
        for selected in params.filters.get(name, []):
            values.setdefault(selected, 0)
        items = [
            {
                "value": str(value),
                "label": params.label(name, value),
                "count": count,
                "selected": value in params.filters.get(name, []),
            }
            for value, count in values.items()
        ]
        facets[name] = facet.sort(items)
    return facets
