"""The fallback: Wagtail's database search index for the text, the ORM for filters and facet counts.

Same semantics as the engine: OR inside a facet, AND across facets, and each
facet's counts computed with every other facet's selection applied. A text
query keeps its MAX_CANDIDATES best matches (fulltext.py); the count and the
facet counts are exact over them. Without text, the whole catalogue.

The number of queries does not grow with the catalogue: the ranked ids (text
only), the view restrictions (`public()`), one count grouped by the column facets
(type × sector × year, and the number of hits, sorted out in Python: search/facets.py),
one count per tag facet, one page of ids, and that page's resources, themes and audiences.
"""

import re
from collections import Counter
from functools import reduce

from django.db.models import Count, Q
from django.utils.html import escape

from core.models import ExtractedText
from publications.models import ResourceAudience, ResourceDocument, ResourcePage, ResourceTheme
from publications.privacy import current as current_privacy

from .. import facets
from ..forms import PAGE_SIZE
from ..synonyms import WORD_RE, expand, fold, normalise
from . import french
from .base import SUGGEST_BELOW, SearchResult, facet_lists, offered_suggestion
from .fulltext import ranked_ids

MAX_CANDIDATES = 500
HIT_TAGS = {"theme": ResourceTheme, "public": ResourceAudience}  # the names a hit lists
# Short French words not worth a <mark> (the engine drops them with its stop filter).
HIGHLIGHT_STOPWORDS = {"au", "aux", "avec", "ce", "ces", "dans", "de", "des", "du", "en", "et", "la", "le", "les", "ou"}
HIGHLIGHT_STOPWORDS |= {"par", "pour", "sur", "un", "une", "a"}


def highlight_words(query):
    """The query's words and the forms and corrections the search matched (french.py), longest first."""
    words = {word for word in WORD_RE.findall(normalise(query)) if word not in HIGHLIGHT_STOPWORDS and len(word) > 1}
    for alternatives, stems in french.groups(normalise(query)) if words else ():
        words.update(alternatives)
        words.update(one for one in stems if len(one) >= 4)
    return sorted((word for word in words if word not in HIGHLIGHT_STOPWORDS), key=lambda word: (-len(word), word))


def public_pdf_texts(page_ids):
    """{page id: the text of its PDFs anyone may read} (publications.privacy), for snippets."""
    if not page_ids:
        return {}
    privacy = current_privacy()
    links = [
        link
        for link in ResourceDocument.objects.filter(page_id__in=page_ids).select_related("document")
        if privacy.is_public(link.document)
    ]
    rows = ExtractedText.objects.filter(document_id__in=[link.document_id for link in links])
    texts = dict(rows.values_list("document_id", "text"))
    out = {}
    for link in links:
        if texts.get(link.document_id):
            out[link.page_id] = f"{out.get(link.page_id, '')} {texts[link.document_id]}".strip()
    return out


def base_queryset():
    return ResourcePage.objects.live().public()


def facet_q(name, values):
    """One facet's selection (OR between its values)."""
    return facets.get(name).q(values)


def selected(params, names):
    return [name for name in names if params.filters.get(name)]


def selection_q(params, names):
    """AND of the selections of the facets in `names`."""
    return reduce(lambda q, name: q & facet_q(name, params.filters[name]), selected(params, names), Q())


def facet_counts(scope, params):
    """({facet: {value: count}}, number of hits): each facet counted with every other facet's selection."""
    every = facets.all()
    columns = [facet for facet in every if facet.tags is None]  # counted from one grouped query
    tags = [facet.param for facet in every if facet.tags is not None]  # counted from their tag rows
    names = [facet.param for facet in every]
    counts = {name: Counter() for name in names}
    hits = 0
    chosen = {name: set(params.filters[name]) for name in selected(params, [facet.param for facet in columns])}
    grouped = scope.filter(selection_q(params, tags)).order_by()
    annotations = {facet.column: facet.db_expression() for facet in columns if facet.expression is not None}
    if annotations:
        grouped = grouped.annotate(**annotations)
    for *row, n in grouped.values_list(*(facet.column for facet in columns)).annotate(n=Count("pk")):
        values = dict(zip((facet.param for facet in columns), row, strict=True))
        misses = [name for name, wanted in chosen.items() if values[name] not in wanted]
        if not misses:
            hits += n
            for name, value in values.items():
                if value is not None:  # a facet of one resource type only (a programme's status)
                    counts[name][value] += n
        elif len(misses) == 1 and values[misses[0]] is not None:  # counted for the one facet it fails
            counts[misses[0]][values[misses[0]]] += n
    for facet in every:
        if facet.tags is None:
            continue
        name = facet.param
        pages = scope.filter(selection_q(params, [other for other in names if other != name]))
        rows = facet.tags.objects.filter(content_object_id__in=pages.values("pk")).values_list("tag__slug")
        counts[name] = dict(rows.annotate(n=Count("content_object_id", distinct=True)))
    return counts, hits


def highlight(text, words, limit=240):
    """Escaped text around the first matched word, with matched words in <mark>."""
    if not text:
        return ""
    folded = fold(text)
    positions = [folded.find(word) for word in words if word and folded.find(word) >= 0]
    start = max(0, min(positions) - 60) if positions else 0
    excerpt = text[start : start + limit]
    prefix, suffix = ("…" if start else ""), ("…" if start + limit < len(text) else "")
    if not words:
        return escape(prefix + excerpt + suffix)
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\w{0,3}\b", re.IGNORECASE)
    folded_excerpt = fold(excerpt)
    out, last = [], 0
    if len(folded_excerpt) == len(excerpt):  # folding kept the positions: mark on the original text
        for match in pattern.finditer(folded_excerpt):
            out.append(escape(excerpt[last : match.start()]))
            out.append(f"<mark>{escape(excerpt[match.start() : match.end()])}</mark>")
            last = match.end()
    out.append(escape(excerpt[last:]))
    return escape(prefix) + "".join(out) + escape(suffix)


def tag_names(page_ids):
    """{facet: {page id: [names]}} for the themes and audiences of a page of results (a query each)."""
    names = {}
    for name, model in HIT_TAGS.items():
        rows = model.objects.filter(content_object_id__in=page_ids).order_by("tag__name")
        per_page = names[name] = {}
        for pk, label in rows.values_list("content_object_id", "tag__name"):
            per_page.setdefault(pk, []).append(label)
    return names


def mentions(text, words):
    folded = fold(text)
    return any(word in folded for word in words)


def to_hit(page, words, names, pdf_text=""):
    snippet = escape(page.summary[:240])
    for text in (page.summary, page.title, pdf_text):
        if words and mentions(text, words):
            snippet = highlight(text, words)
            break
    return {
        "id": page.pk,
        "title": page.title,
        "url": page.get_url() or page.url_path,
        "kind": page.kind,
        "kind_label": page.get_kind_display(),
        "date": page.publication_date,
        "themes": names["theme"].get(page.pk, []),
        "audiences": names["public"].get(page.pk, []),
        "sector": page.sector,
        "sector_label": page.get_sector_display(),
        "formats": [],
        "snippet": snippet,
    }


class DatabaseBackend:
    """The Backend protocol (search.backends.base) on Wagtail's database search index and the ORM."""

    name = "database"

    def matching_ids(self, q, queryset):
        """The MAX_CANDIDATES best resources of `queryset` for `q` and its synonym variants, best first."""
        variants = expand(q)
        return ranked_ids(queryset, variants, MAX_CANDIDATES) if variants else []

    def search(self, params, exclude_ids=()):
        scope = base_queryset()
        ranked = None
        if params.q:
            ranked = self.matching_ids(params.q, scope)
            scope = scope.filter(pk__in=ranked)
        if exclude_ids:
            scope = scope.exclude(pk__in=exclude_ids)
        counts, count = facet_counts(scope, params)
        hits_qs = scope.filter(selection_q(params, facets.params()))
        window = slice(params.offset, params.offset + PAGE_SIZE)
        if not count:
            page_ids = []
        elif ranked is not None and params.sort == "pertinence":
            wanted = set(hits_qs.values_list("pk", flat=True))
            page_ids = [pk for pk in ranked if pk in wanted][window]
        else:
            page_ids = list(hits_qs.order_by("-publication_date", "title").values_list("pk", flat=True)[window])
        hits = []
        if page_ids:  # already live and public: no need to ask again
            pages = {page.pk: page for page in ResourcePage.objects.filter(pk__in=page_ids)}
            words, names = highlight_words(params.q), tag_names(page_ids)
            unmarked = [
                pk for pk, page in pages.items() if words and not mentions(f"{page.summary} {page.title}", words)
            ]
            pdf_texts = public_pdf_texts(unmarked)
            hits = [to_hit(pages[pk], words, names, pdf_texts.get(pk, "")) for pk in page_ids if pk in pages]
        # "Vouliez-vous dire" is about the words: offered when few resources match them, whatever the facets.
        matched = len(set(ranked) - set(exclude_ids)) if ranked is not None else count
        suggestion = (
            offered_suggestion(params.q, self.spelling(params.q)) if params.q and matched < SUGGEST_BELOW else ""
        )
        return SearchResult(
            count=count, hits=hits, facets=facet_lists(params, counts), suggestion=suggestion, backend=self.name
        )

    def spelling(self, q):
        """Closest catalogue words, with their accents, for "Vouliez-vous dire …" (french.Vocabulary)."""
        return french.vocabulary().spelling(q)

    def suggest(self, q, size=8):
        pages = base_queryset().filter(title__icontains=q).order_by("-publication_date")[:size]
        return [
            {"title": page.title, "url": page.get_url() or page.url_path}
            for page in pages.only("title", "url_path", "path", "depth")
        ]
