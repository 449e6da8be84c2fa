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
SNIPPET_FIELDS = ("summary", "body", "pdf_text", "title")  # a hit's snippet: the first one highlighted
PDF_FIELD = "pdf_text"  # highlighted in a second request, only for the hits that need it
TEXT_FIELDS = ["title^5", "theme_names^3", "summary^2", "audience_names", "body", "pdf_text"]


# Words the index's analysis drops (fr_index's stop lists), as synonyms.normalise() leaves them:
# no typo-tolerant clause for them, and they do not count in the minimum-should-match rule.
STOP_WORDS = frozenset(
    """a au aux avec ce ces dans de des du elle en et eux il ils je la le les leur leurs lui ma mais me meme
    mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une
    vos votre vous c d j l m n s t y ete etee etees etes etant suis es est sommes sont serai seras sera serons
    serez seront serais serait serions seriez seraient etais etait etions etiez etaient fus fut fumes futes
    furent sois soit soyons soyez soient fusse fusses fussions fussiez fussent ayant eu eue eues eus ai as avons
    avez ont aurai auras aura aurons aurez auront aurais aurait aurions auriez auraient avais avait avions aviez
    avaient eut eumes eutes eurent aie aies ait ayons ayez aient eusse eusses eussions eussiez eussent etre""".split()
)
# The typo-tolerant pass: asked only when the words, all of them and exactly, match fewer resources than this.
RELAX_BELOW = SUGGEST_BELOW
# Words that may be missing from a match in the typo-tolerant pass: none of 1-2 words,
# one of 3-6 ("guide admission HAD pédiatrique" still finds the admission guide), a quarter beyond.
MINIMUM_WORDS = "2<-1 6<75%"
WORD_SCORE = 20  # per word found in the typo-tolerant pass, above what the ranking clauses differ by
RESCORE_WINDOW = 100  # top hits per shard ranked by field and phrase


def content_words(variant):
    return [word for word in variant.split() if word not in STOP_WORDS]


def weights(variants):
    """(variant, weight): the words typed first, then their synonyms."""
    return [(variant, 1.0 if rank == 0 else 0.8) for rank, variant in enumerate(variants)]


def word_clause(word, weight):
    """One word, exactly (stemmed) or with a typo: one edit from 4 letters, two from 8, on the folded,
    unstemmed words (all_text.fuzzy), whatever the stemmer makes of a mistyped word; and on the
    stemmed words, for a typo on top of a plural or an agreement ("programmes" for "programmées").
    A constant score per word found: a resource with every word, one of them mistyped, ranks above
    one missing a word, whatever the words' frequencies."""
    exact = Q("match", all_text={"query": word})
    if len(word) < 4:
        return Q("constant_score", filter=exact, boost=WORD_SCORE * weight)
    typo = {"fuzziness": "AUTO:4,8", "max_expansions": 50}
    found = [
        (exact, 1.0),
        (Q("match", **{"all_text.fuzzy": {"query": word, "prefix_length": 0, **typo}}), 0.9),
        (Q("match", all_text={"query": word, "prefix_length": 1, **typo}), 0.8),
    ]
    return Q("dis_max", queries=[Q("constant_score", filter=q, boost=WORD_SCORE * weight * w) for q, w in found])


def text_query(variants, relaxed=False):
    """Every word matched exactly, in any field, the title's matches first (variants: the words
    typed, then their synonyms). relaxed: the second pass, when that finds little: typos tolerated
    and a word or more may be missing (MINIMUM_WORDS), the exact all-words matches ranked first.
    The finer ranking (fields, phrases) is the rescore's, on the top hits only."""
    recall, ranking = [], []
    for variant, weight in weights(variants):
        all_words = Q("match", all_text={"query": variant, "operator": "and", "boost": weight})
        words = content_words(variant)
        if relaxed and words:
            clauses = [word_clause(word, weight) for word in words]
            recall.append(Q("bool", should=clauses, minimum_should_match=MINIMUM_WORDS))
            ranking.append(Q("match", all_text={"query": variant, "operator": "and", "boost": 4 * weight}))
        else:
            recall.append(all_words)
        ranking.append(Q("match", title={"query": variant, "boost": 5 * weight}))
    return Q("bool", must=[Q("bool", should=recall, minimum_should_match=1)], should=ranking)


def relaxed_query(variants):
    """The second pass ranks in the query itself, not in a rescore: the rescore's exact words
    would outrank the word typed with a typo. It runs only when the exact pass finds little."""
    query = text_query(variants, relaxed=True)
    return Q("bool", must=[query], should=rescore_clauses(variants))


def rescore_clauses(variants):
    clauses = []
    for variant, weight in weights(variants):
        clauses.append(Q("multi_match", query=variant, fields=TEXT_FIELDS, type="best_fields", boost=weight))
        clauses.append(Q("match_phrase", title={"query": variant, "boost": 8 * weight}))
        clauses.append(Q("match_phrase", all_text={"query": variant, "slop": 2, "boost": 2 * weight}))
    return clauses


def rescore(variants, window):
    """The ranking by field (title, themes, summary first) and by phrase, over the top `window`
    hits of each shard: these clauses read every field's postings and positions, which over
    every match of a common word (and PDF text) cost more than the rest of the search."""
    query = Q("bool", should=rescore_clauses(variants))
    return {"window_size": window, "query": {"rescore_query": query.to_dict(), "score_mode": "total"}}


def facet_filter(param, values):
    return Q("terms", **{facets.get(param).field: values})


def build_search(params, variants, exclude_ids=(), relaxed=False):
    s = Search()
    if variants:
        s = s.query(relaxed_query(variants) if relaxed else text_query(variants))
    if exclude_ids:
        s = s.exclude("ids", values=[str(pk) for pk in exclude_ids])
    selected = {name: values for name, values in params.filters.items() if values}
    if selected:
        s = s.post_filter(Q("bool", filter=[facet_filter(name, values) for name, values in selected.items()]))
    for facet in facets.all():
        others = [facet_filter(other, values) for other, values in selected.items() if other != facet.param]
        terms = A("terms", field=facet.field, size=FACET_SIZE)
        if others:  # counted under the other facets' selections (facet_counts() reads either shape)
            agg = A("filter", Q("bool", filter=others))
            agg.bucket("values", terms)
            s.aggs.bucket(facet.param, agg)
        else:
            s.aggs.bucket(facet.param, terms)
    if variants and selected:  # how many match the words, whatever the facets: "Vouliez-vous dire" is about the words
        s.aggs.bucket("matched", A("filter", Q("match_all")))
    if params.sort == "date" or not variants:
        s = s.sort({"date": {"order": "desc"}}, {"title.raw": {"order": "asc"}})
    elif relaxed:
        s = s.sort("_score", {"date": {"order": "desc"}})
    else:
        # By score, the default order: the engine refuses a rescore with an explicit sort.
        s = s.extra(rescore=rescore(variants, max(RESCORE_WINDOW, params.offset + PAGE_SIZE)))
    s = s.source(SOURCE).extra(track_total_hits=True, **{"from": params.offset, "size": PAGE_SIZE})
    if variants:
        s = highlighted(s, variants, [name for name in SNIPPET_FIELDS if name != PDF_FIELD])
    return s


def highlighted(s, variants, fields):
    """The fast vector highlighter reads the term vectors stored for these fields
    (documents.HIGHLIGHTED): no re-analysis of a long text per hit."""
    s = s.highlight_options(
        type="fvh",
        pre_tags=["<mark>"],
        post_tags=["</mark>"],
        encoder="html",
        fragment_size=SNIPPET_SIZE,
        number_of_fragments=1,
    )
    # Highlight with the plain words only: re-running the fuzzy and phrase clauses
    # on every hit's body and PDF text costs more than the search itself.
    plain = Q("bool", should=[Q("multi_match", query=v, fields=list(SNIPPET_FIELDS)) for v in variants])
    return s.highlight(*fields, highlight_query=plain.to_dict())


def pdf_snippets_body(ids, variants):
    """The PDF text's highlight, for the hits whose summary and body lack the words: reading a PDF's
    term vectors costs most of a search, and most hits take their snippet from the summary or the body."""
    s = Search().query(Q("ids", values=list(ids))).source(False).extra(size=len(ids), track_total_hits=False)
    return highlighted(s, variants, [PDF_FIELD]).to_dict()


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


def facet_counts(aggregation):
    """{value: count} of a facet's terms, direct or under the filter of the other facets' selections."""
    return {bucket["key"]: bucket["doc_count"] for bucket in aggregation.get("values", aggregation)["buckets"]}


def matched_count(response):
    """How many resources match the words, whatever the facets (the total, when no facet is selected)."""
    return response["aggregations"].get("matched", {}).get("doc_count", response["hits"]["total"]["value"])


class EngineBackend:
    """The Backend protocol (search.backends.base) on the resource index; any failure raises."""

    name = "engine"

    def __init__(self):
        self.transport = transport()
        self.index = alias_name()

    def search(self, params, exclude_ids=()):
        variants = expand(params.q) if params.q else []
        response = self.transport.search(self.index, build_search(params, variants, exclude_ids).to_dict())
        spelled = False
        if variants and matched_count(response) < RELAX_BELOW:
            # A typo or an extra word: the second pass, with the spelling suggester in the same request.
            body = build_search(params, variants, exclude_ids, True).to_dict()
            body["suggest"] = spell_body(params.q)["suggest"]
            response, spelled = self.transport.search(self.index, body), True
        aggregations = response["aggregations"]
        counts = {name: facet_counts(aggregations[name]) for name in facets.params()}
        count = response["hits"]["total"]["value"]
        raw = response["hits"]["hits"]
        if variants:
            self.add_pdf_snippets(raw, variants)
        hits = [parse_hit(hit, params.labels["type"], params.labels["secteur"]) for hit in raw]
        matched = matched_count(response)
        suggestion = ""
        if params.q and matched < SUGGEST_BELOW:
            if not spelled:  # no second pass (no words to search): the suggester alone
                response = {
                    **response,
                    "suggest": self.transport.search(self.index, spell_body(params.q)).get("suggest"),
                }
            suggestion = offered_suggestion(params.q, suggestion_text(params.q, response.get("suggest") or {}))
        return SearchResult(
            count=count, hits=hits, facets=facet_lists(params, counts), suggestion=suggestion, backend=self.name
        )

    def add_pdf_snippets(self, raw, variants):
        """Complete the highlights of the hits whose summary and body lack the words with their PDF text's."""
        wanted = {
            hit["_id"]: hit for hit in raw if not any(hit.get("highlight", {}).get(f) for f in ("summary", "body"))
        }
        if not wanted:
            return
        response = self.transport.search(self.index, pdf_snippets_body(wanted, variants))
        for found in response["hits"]["hits"]:
            if found.get("highlight", {}).get(PDF_FIELD):
                wanted[found["_id"]].setdefault("highlight", {})[PDF_FIELD] = found["highlight"][PDF_FIELD]

    def suggest(self, q, size=8):
        body = suggestions_body(q, size)
        response = self.transport.search(self.index, body)
        return [{"title": h["_source"]["title"], "url": h["_source"]["url"]} for h in response["hits"]["hits"]]
