"""The fallback: Wagtail's database search for the text, the ORM for filters and facet counts.

Same semantics as the engine: OR inside a facet, AND across facets, and each
facet's counts computed with every other facet's selection applied.
"""

import difflib
import re

from django.db.models import Count
from django.utils.html import escape
from wagtail.search.query import Or, PlainText

from publications.models import ResourceAudience, ResourcePage, ResourceTheme

from ..forms import FACETS, PAGE_SIZE
from ..synonyms import WORD_RE, expand, fold, normalise
from .base import SearchResult, facet_lists

MAX_CANDIDATES = 500
ORM_FIELDS = {"type": "kind", "secteur": "sector", "annee": "publication_date__year"}
# Short French words not worth a <mark> (the engine drops them with its stop filter).
HIGHLIGHT_STOPWORDS = {"au", "aux", "avec", "ce", "ces", "dans", "de", "des", "du", "en", "et", "la", "le", "les", "ou"}
HIGHLIGHT_STOPWORDS |= {"par", "pour", "sur", "un", "une", "a"}


def highlight_words(query):
    return [word for word in WORD_RE.findall(normalise(query)) if word not in HIGHLIGHT_STOPWORDS and len(word) > 1]


def base_queryset():
    return ResourcePage.objects.live().public()


def apply_filter(qs, name, values):
    if name == "theme":
        return qs.filter(theme_items__tag__slug__in=values).distinct()
    if name == "public":
        return qs.filter(audience_items__tag__slug__in=values).distinct()
    return qs.filter(**{f"{ORM_FIELDS[name]}__in": values})


def filtered(qs, params, skip=None):
    for name, values in params.filters.items():
        if values and name != skip:
            qs = apply_filter(qs, name, values)
    return qs


def facet_counts(qs, params):
    counts = {}
    for name, _field in FACETS:
        scoped = filtered(qs, params, skip=name)
        if name == "theme":
            rows = ResourceTheme.objects.filter(content_object__in=scoped.values("pk")).values_list("tag__slug")
            rows = rows.annotate(n=Count("content_object", distinct=True))
        elif name == "public":
            rows = ResourceAudience.objects.filter(content_object__in=scoped.values("pk")).values_list("tag__slug")
            rows = rows.annotate(n=Count("content_object", distinct=True))
        else:
            rows = scoped.order_by().values_list(ORM_FIELDS[name]).annotate(n=Count("pk", distinct=True))
        counts[name] = {value: n for value, n in rows if value is not None}
    return counts


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


def to_hit(page, words):
    themes = [theme.name for theme in page.themes.all()]
    snippet = escape(page.summary[:240])
    for text in (page.summary, page.title):
        if words and any(word in fold(text) for word in words):
            snippet = highlight(text, words)
            break
    return {
        "id": page.pk,
        "title": page.title,
        "url": page.get_url() or page.url_path,
        "kind": page.kind,
        "kind_label": page.get_kind_display(),
        "date": page.publication_date,
        "themes": themes,
        "audiences": [audience.name for audience in page.audiences.all()],
        "sector": page.sector,
        "sector_label": page.get_sector_display(),
        "formats": [],
        "snippet": snippet,
    }


class DatabaseBackend:
    name = "database"

    def matching_ids(self, q):
        variants = expand(q)
        if not variants:
            return []
        query = PlainText(variants[0], operator="and")
        if len(variants) > 1:
            query = Or([PlainText(variant, operator="and") for variant in variants])
        # Best matches only: ranking every match of a broad query on 20,000 pages
        # costs seconds, and nobody pages past the first few hundred.
        results = base_queryset().only("pk").search(query, fields=None)[:MAX_CANDIDATES]
        return [page.pk for page in results]

    def search(self, params, exclude_ids=()):
        qs = base_queryset()
        ranked = None
        if params.q:
            ranked = self.matching_ids(params.q)
            qs = qs.filter(pk__in=ranked)
        if exclude_ids:
            qs = qs.exclude(pk__in=exclude_ids)
        counts = facet_counts(qs, params)
        hits_qs = filtered(qs, params)
        count = hits_qs.count()
        if ranked is not None and params.sort == "pertinence":
            wanted = set(hits_qs.values_list("pk", flat=True))
            page_ids = [pk for pk in ranked if pk in wanted][params.offset : params.offset + PAGE_SIZE]
        else:
            page_ids = list(
                hits_qs.order_by("-publication_date", "title").values_list("pk", flat=True)[
                    params.offset : params.offset + PAGE_SIZE
                ]
            )
        pages = {
            page.pk: page for page in base_queryset().filter(pk__in=page_ids).prefetch_related("themes", "audiences")
        }
        words = highlight_words(params.q) if params.q else []
        hits = [to_hit(pages[pk], words) for pk in page_ids if pk in pages]
        suggestion = self.suggest(params.q) if params.q and count < 3 else ""
        return SearchResult(
            count=count, hits=hits, facets=facet_lists(params, counts), suggestion=suggestion, backend=self.name
        )

    def suggest(self, q):
        """Closest words from titles and theme names, for "Vouliez-vous dire …"."""
        vocabulary = {}
        for title in base_queryset().order_by("-publication_date").values_list("title", flat=True)[:2000]:
            for word in WORD_RE.findall(title.lower()):
                if len(word) > 2:
                    vocabulary.setdefault(fold(word), word)
        changed, out = False, []
        for word in WORD_RE.findall(q.lower()):
            folded = fold(word)
            if len(word) > 2 and folded not in vocabulary:
                close = difflib.get_close_matches(folded, vocabulary.keys(), n=1, cutoff=0.75)
                if close:
                    out.append(vocabulary[close[0]])
                    changed = True
                    continue
            elif folded in vocabulary and vocabulary[folded] != word:
                out.append(vocabulary[folded])
                changed = True
                continue
            out.append(word)
        return " ".join(out) if changed else ""

    def suggestions(self, q, size=8):
        pages = base_queryset().filter(title__icontains=q).order_by("-publication_date")[:size]
        return [
            {"title": page.title, "url": page.get_url() or page.url_path}
            for page in pages.only("title", "url_path", "path", "depth")
        ]
