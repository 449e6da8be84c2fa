"""Search on the engine: one request for hits, facet counts, highlights and the spelling suggestion.

The bodies are built with elasticsearch-dsl and sent as plain dicts (`to_dict()`) through
the transport, which serves opensearch-py and the Elasticsearch client alike."""

import datetime

from django.utils.html import escape
from elasticsearch_dsl import A, Q, Search

from .. import facets
from ..forms import PAGE_SIZE
from ..indexing.transport import alias_name, transport
from ..synonyms import expand
from .base import SUGGEST_BELOW, SearchResult, facet_lists, offered_suggestion

FACET_SIZE = 500  # every value, not just the first 10
SNIPPET_SIZE = 160
SOURCE = ["title", "url", "kind", "date", "theme_names", "audience_names", "sector", "summary", "formats"]
SNIPPET_FIELDS = ("summary", "body", "pdf_text", "title")
TEXT_FIELDS = ["title^5", "theme_names^3", "summary^2", "audience_names", "body", "pdf_text"]


def text_query(variants):
    """Exact matches (all words, any field) always outrank typo-tolerant ones; title and phrases boosted."""
    recall, ranking = [], []
    for rank, variant in enumerate(variants):
        weight = 1.0 if rank == 0 else 0.8  # the words typed first, then synonyms
        recall.append(Q("match", all_text={"query": variant, "operator": "and", "boost": weight}))
        recall.append(
            Q(
                "match",
                all_text={
                    "query": variant,
                    "operator": "and",
                    "fuzziness": "AUTO:4,8",
                    "prefix_length": 1,
                    "max_expansions": 20,
                    "boost": 0.1 * weight,
                },
            )
        )
        ranking.append(Q("multi_match", query=variant, fields=TEXT_FIELDS, type="best_fields", boost=weight))
        ranking.append(Q("match_phrase", title={"query": variant, "boost": 8 * weight}))
        ranking.append(Q("match_phrase", all_text={"query": variant, "slop": 2, "boost": 2 * weight}))
    return Q("bool", must=[Q("bool", should=recall, minimum_should_match=1)], should=ranking)


def facet_filter(param, values):
    return Q("terms", **{facets.get(param).field: values})


def build_search(params, variants, exclude_ids=()):
    s = Search()
    if variants:
        s = s.query(text_query(variants))
    if exclude_ids:
        s = s.exclude("ids", values=[str(pk) for pk in exclude_ids])
    selected = {name: values for name, values in params.filters.items() if values}
    if selected:
        s = s.post_filter(Q("bool", filter=[facet_filter(name, values) for name, values in selected.items()]))
    for facet in facets.all():
        others = [facet_filter(other, values) for other, values in selected.items() if other != facet.param]
        terms = A("terms", field=facet.field, size=FACET_SIZE)
        agg = A("filter", Q("bool", filter=others) if others else Q("match_all"))
        agg.bucket("values", terms)
        s.aggs.bucket(facet.param, agg)
    if variants:  # how many match the words, whatever the facets: "Vouliez-vous dire" is about the words
        s.aggs.bucket("matched", A("filter", Q("match_all")))
    if params.sort == "date" or not variants:
        s = s.sort({"date": {"order": "desc"}}, {"title.raw": {"order": "asc"}})
    else:
        s = s.sort("_score", {"date": {"order": "desc"}})
    s = s.source(SOURCE).extra(track_total_hits=True, **{"from": params.offset, "size": PAGE_SIZE})
    if variants:
        # The fast vector highlighter reads the term vectors stored for these fields
        # (documents.HIGHLIGHTED): no re-analysis of a long PDF text per hit.
        s = s.highlight_options(
            type="fvh",
            pre_tags=["<mark>"],
            post_tags=["</mark>"],
            encoder="html",
            fragment_size=SNIPPET_SIZE,
            number_of_fragments=1,
            order="score",
        )
        # Highlight with the plain words only: re-running the fuzzy and phrase clauses
        # on every hit's body and PDF text costs more than the search itself.
        plain = Q("bool", should=[Q("multi_match", query=v, fields=list(SNIPPET_FIELDS)) for v in variants])
        s = s.highlight(*SNIPPET_FIELDS, highlight_query=plain.to_dict())
    return s


def spell_body(q):
    """The term suggester alone: asked only when a query finds almost nothing (it costs as much as the search)."""
    s = Search().extra(size=0, track_total_hits=False)
    return s.suggest("spell", q, term={"field": "spell", "suggest_mode": "missing", "min_word_length": 3}).to_dict()


def suggestions_body(q, size):
    """Titles completing what is typed: the search-as-you-type field and its shingles."""
    fields = ["title.sayt", "title.sayt._2gram", "title.sayt._3gram"]
    s = Search().query(Q("multi_match", query=q, type="bool_prefix", fields=fields))
    return s.source(["title", "url"]).extra(size=size).to_dict()


def suggestion_text(query, suggest):
    text, changed = query, False
    for entry in reversed(suggest.get("spell", [])):
        if entry.get("options"):
            start, length = entry["offset"], entry["length"]
            text = text[:start] + entry["options"][0]["text"] + text[start + length :]
            changed = True
    return text if changed else ""


def parse_hit(hit, kind_labels, sector_labels):
    source = hit.get("_source", {})
    highlight = hit.get("highlight", {})
    snippet = ""
    for name in SNIPPET_FIELDS:
        if highlight.get(name):
            snippet = highlight[name][0]
            break
    if not snippet:
        summary = source.get("summary") or ""
        snippet = escape(summary[:240] + ("…" if len(summary) > 240 else ""))
    date = source.get("date")
    return {
        "id": int(hit["_id"]),
        "title": source.get("title", ""),
        "url": source.get("url", ""),
        "kind": source.get("kind", ""),
        "kind_label": kind_labels.get(source.get("kind"), source.get("kind", "")),
        "date": datetime.date.fromisoformat(date) if date else None,
        "themes": source.get("theme_names", []),
        "audiences": source.get("audience_names", []),
        "sector": source.get("sector", ""),
        "sector_label": sector_labels.get(source.get("sector"), source.get("sector", "")),
        "formats": source.get("formats", []),
        "snippet": snippet,
    }


class EngineBackend:
    """The Backend protocol (search.backends.base) on the resource index; any failure raises."""

    name = "engine"

    def __init__(self):
        self.transport = transport()
        self.index = alias_name()

    def search(self, params, exclude_ids=()):
        variants = expand(params.q) if params.q else []
        body = build_search(params, variants, exclude_ids).to_dict()
        response = self.transport.search(self.index, body)
        aggregations = response["aggregations"]
        counts = {
            name: {bucket["key"]: bucket["doc_count"] for bucket in aggregations[name]["values"]["buckets"]}
            for name in facets.params()
        }
        count = response["hits"]["total"]["value"]
        hits = [parse_hit(hit, params.labels["type"], params.labels["secteur"]) for hit in response["hits"]["hits"]]
        matched = response["aggregations"].get("matched", {}).get("doc_count", count)
        suggestion = ""
        if params.q and matched < SUGGEST_BELOW:  # rare: a second, small request
            suggestion = offered_suggestion(
                params.q,
                suggestion_text(params.q, self.transport.search(self.index, spell_body(params.q)).get("suggest", {})),
            )
        return SearchResult(
            count=count, hits=hits, facets=facet_lists(params, counts), suggestion=suggestion, backend=self.name
        )

    def suggest(self, q, size=8):
        body = suggestions_body(q, size)
        response = self.transport.search(self.index, body)
        return [{"title": h["_source"]["title"], "url": h["_source"]["url"]} for h in response["hits"]["hits"]]
