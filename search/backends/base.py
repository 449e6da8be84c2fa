"""What both backends return, and the facet lists they share."""

from dataclasses import dataclass, field

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
    fallback: bool = False
    backend: str = ""
    html: dict = field(default_factory=dict)  # the results page's facet and hit fragments, cached with the result


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
