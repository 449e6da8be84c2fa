"""The best-ranked resources for a text query, read from Wagtail's database search index in one query.

Wagtail's queryset search (`ResourcePage.objects.search(...)[:500]`) does not scale
to 20,000 resources, whatever the slice:
- on SQLite it ranks with a correlated subquery that runs the full-text match again
  for every matching page: quadratic in the number of matches;
- on PostgreSQL the planner expects one row from `title || body @@ query` and joins
  the index to the pages with a nested loop over text casts.
Here: one FTS5 query ranked by bm25() on SQLite, one ranked scan of the index entries
joined to live pages by primary key on PostgreSQL (timings in docs/benchmarks.md,
"Database fallback at 20,000"), and a second one for all words but one when few pages
have every word. A word matches in any of its forms or, unknown, its close spellings
(french.py), in the title, the body or a public PDF's text. Other databases keep
Wagtail's queryset (every word of one variant).
"""

from functools import cache
from itertools import combinations

from django.db import connection
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Or, PlainText
from wagtail.search.utils import get_descendants_content_types_pks

from ..forms import PAGE_SIZE
from . import french

# Weight of a match in the title against one in the body; the engine boosts titles ×5 too (engine.TEXT_FIELDS).
WEIGHTS = {"title": 5.0, "body": 1.0}
# All words but one are asked for only when every word found less than a page of results.
RELAX_BELOW = PAGE_SIZE
PREFIX_STEM = 5  # a stem this long also matches the words it begins (body words the vocabulary lacks)


def ranked_ids(queryset, variants, limit):
    """Ids of pages of `queryset` matching one of `variants`, best first: those with every word
    (in one of its forms, french.py) first, then, for 3 words or more when these are few, those missing one.

    On SQLite and PostgreSQL, any live page of the queryset's model (its other filters apply afterwards).
    """
    backend = get_search_backend()
    if connection.vendor == "sqlite":
        from wagtail.search.backends.database.sqlite.sqlite import SQLiteSearchBackend

        if isinstance(backend, SQLiteSearchBackend):  # not Wagtail's fallback, when SQLite lacks FTS5
            return relaxed(lambda groups: sqlite_ranked_ids(queryset.model, groups, limit), variants, limit)
    elif connection.vendor == "postgresql":
        from wagtail.search.backends.database.postgres.postgres import PostgresSearchBackend

        if isinstance(backend, PostgresSearchBackend) and backend.config:
            config = backend.config
            return relaxed(lambda groups: postgres_ranked_ids(queryset.model, groups, limit, config), variants, limit)
    query = PlainText(variants[0], operator="and")
    if len(variants) > 1:
        query = Or([PlainText(variant, operator="and") for variant in variants])
    return [page.pk for page in queryset.only("pk").search(query, fields=None)[:limit]]


def relaxed(search, variants, limit):
    """search(alternatives) for every word of a variant, then for all words but one (3 words or more)."""
    per_variant = [french.groups(variant) for variant in variants]
    strict = [groups for groups in per_variant if groups]
    ids = search(strict) if strict else []
    loose = [
        list(combo) for groups in per_variant if len(groups) >= 3 for combo in combinations(groups, len(groups) - 1)
    ]
    if len(ids) < RELAX_BELOW and loose:
        seen = set(ids)
        ids += [pk for pk in search(loose) if pk not in seen]
    return ids[:limit]


def fetch_ids(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [int(object_id) for (object_id,) in cursor.fetchall()]


@cache
def fts_weights(table):
    """bm25() takes one weight per column, in the table's order (autocomplete, body, title in Wagtail 8)."""
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA table_info({table})")
        return ", ".join(str(WEIGHTS.get(row[1], 0.0)) for row in cursor.fetchall())


def fts_group(alternatives):
    """One word's alternatives in FTS5 syntax: '("dedie" OR "dediee" OR "dedie"*)'.

    Words and stems come from synonyms.normalise (letters and digits only), so quoting them is enough.
    """
    words, stems = alternatives
    # A stem prefix (a slow FTS5 scan) only for a word whose other forms the vocabulary lacks: a body word.
    prefixes = [f'"{one}"*' for one in stems if len(one) >= PREFIX_STEM] if len(words) == 1 else []
    terms = [f'"{word}"' for word in words] + prefixes
    return "(" + " OR ".join(terms) + ")"


def match_expression(clauses):
    """FTS5 syntax: '{title body} : ((hopital AND proximite) OR (had))' for [[group, ...], ...]:
    the groups of a clause ANDed, the clauses ORed."""
    clauses = [" AND ".join(fts_group(group) for group in groups) for groups in clauses]
    return "{title body} : (" + " OR ".join(f"({clause})" for clause in clauses if clause) + ")"


def sqlite_ranked_ids(model, clauses, limit):
    from wagtail.search.models import IndexEntry, SQLiteFTSIndexEntry

    fts, entries = SQLiteFTSIndexEntry._meta.db_table, IndexEntry._meta.db_table
    content_types = get_descendants_content_types_pks(model)
    sql = (
        f"SELECT e.object_id FROM {fts} JOIN {entries} e ON e.id = {fts}.rowid "
        "JOIN wagtailcore_page p ON p.id = CAST(e.object_id AS INTEGER) "
        f"WHERE {fts} MATCH %s AND e.content_type_id IN ({', '.join(['%s'] * len(content_types))}) AND p.live "
        f"ORDER BY bm25({fts}, {fts_weights(fts)}), e.id LIMIT %s"
    )
    return fetch_ids(sql, [match_expression(clauses), *content_types, limit])


def ts_group(alternatives):
    """One word's stems as a tsquery ('dedi' | 'dedie'): the index holds french_stem(unaccent(word))."""
    _, stems = alternatives
    return "(" + " | ".join(f"'{one}'" for one in stems) + ")"


def ts_expression(clauses):
    clauses = [" & ".join(ts_group(group) for group in groups) for groups in clauses]
    return " | ".join(f"({clause})" for clause in clauses if clause)


def postgres_ranked_ids(model, clauses, limit, config):
    """The clauses as one tsquery of stems, in the backend's configuration ("anap_french", search/migrations)."""
    from wagtail.search.models import IndexEntry

    entries = IndexEntry._meta.db_table
    content_types = get_descendants_content_types_pks(model)
    sql = (
        "WITH q AS (SELECT %s::tsquery AS query), "
        # Materialised: the resource entries only reach the integer cast below.
        "matches AS MATERIALIZED (SELECT e.id, e.object_id, "
        "ts_rank(e.title, q.query) * %s + ts_rank(e.body, q.query) * %s AS score "
        f"FROM {entries} e, q WHERE e.content_type_id IN ({', '.join(['%s'] * len(content_types))}) "
        "AND (e.title || e.body) @@ q.query) "
        "SELECT m.object_id FROM matches m JOIN wagtailcore_page p ON p.id = m.object_id::integer "
        "WHERE p.live ORDER BY m.score DESC, m.id LIMIT %s"
    )
    params = [ts_expression(clauses), WEIGHTS["title"], WEIGHTS["body"], *content_types, limit]
    return fetch_ids(sql, params)
