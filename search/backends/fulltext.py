"""The best-ranked resources for a text query, read from Wagtail's database search index in one query.

Wagtail's queryset search (`ResourcePage.objects.search(...)[:500]`) does not scale
to 20,000 resources, whatever the slice:
- on SQLite it ranks with a correlated subquery that runs the full-text match again
  for every matching page: quadratic in the number of matches;
- on PostgreSQL the planner expects one row from `title || body @@ query` and joins
  the index to the pages with a nested loop over text casts.
Here: one FTS5 query ranked by bm25() on SQLite, one ranked scan of the index entries
joined to live pages by primary key on PostgreSQL (timings in docs/benchmarks.md,
"Database fallback at 20,000"). Same matching as Wagtail: every word of one variant,
in the title or the body. Other databases keep Wagtail's queryset.
"""

from functools import cache

from django.db import connection
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Or, PlainText
from wagtail.search.utils import get_descendants_content_types_pks

# Weight of a match in the title against one in the body; the engine boosts titles ×5 too (engine.TEXT_FIELDS).
WEIGHTS = {"title": 5.0, "body": 1.0}


def ranked_ids(queryset, variants, limit):
    """Ids of pages of `queryset` matching every word of one of `variants`, best first.

    On SQLite and PostgreSQL, any live page of the queryset's model (its other filters apply afterwards).
    """
    backend = get_search_backend()
    if connection.vendor == "sqlite":
        from wagtail.search.backends.database.sqlite.sqlite import SQLiteSearchBackend

        if isinstance(backend, SQLiteSearchBackend):  # not Wagtail's fallback, when SQLite lacks FTS5
            return sqlite_ranked_ids(queryset.model, variants, limit)
    elif connection.vendor == "postgresql":
        from wagtail.search.backends.database.postgres.postgres import PostgresSearchBackend

        if isinstance(backend, PostgresSearchBackend):
            return postgres_ranked_ids(queryset.model, variants, limit, backend.config)
    query = PlainText(variants[0], operator="and")
    if len(variants) > 1:
        query = Or([PlainText(variant, operator="and") for variant in variants])
    return [page.pk for page in queryset.only("pk").search(query, fields=None)[:limit]]


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


def match_expression(variants):
    """FTS5 syntax: '{title body} : (("hopitaux" AND "proximite") OR ("had"))'.

    Words come from synonyms.normalise (letters and digits only), so quoting them is enough.
    """
    groups = [" AND ".join(f'"{word}"' for word in variant.split()) for variant in variants]
    return "{title body} : (" + " OR ".join(f"({group})" for group in groups if group) + ")"


def sqlite_ranked_ids(model, variants, limit):
    from wagtail.search.models import IndexEntry, SQLiteFTSIndexEntry

    fts, entries = SQLiteFTSIndexEntry._meta.db_table, IndexEntry._meta.db_table
    content_types = get_descendants_content_types_pks(model)
    sql = (
        f"SELECT e.object_id FROM {fts} JOIN {entries} e ON e.id = {fts}.rowid "
        "JOIN wagtailcore_page p ON p.id = CAST(e.object_id AS INTEGER) "
        f"WHERE {fts} MATCH %s AND e.content_type_id IN ({', '.join(['%s'] * len(content_types))}) AND p.live "
        f"ORDER BY bm25({fts}, {fts_weights(fts)}), e.id LIMIT %s"
    )
    return fetch_ids(sql, [match_expression(variants), *content_types, limit])


def postgres_ranked_ids(model, variants, limit, config):
    """The variants ORed as tsqueries, in the backend's configuration ("anap_french", see search/migrations/0004)."""
    from wagtail.search.models import IndexEntry

    entries = IndexEntry._meta.db_table
    content_types = get_descendants_content_types_pks(model)
    to_query = "plainto_tsquery(%s::regconfig, %s)" if config else "plainto_tsquery(%s)"
    query_params = [param for variant in variants for param in ([config, variant] if config else [variant])]
    sql = (
        f"WITH q AS (SELECT {' || '.join([to_query] * len(variants))} AS query), "
        # Materialised: the resource entries only reach the integer cast below.
        "matches AS MATERIALIZED (SELECT e.id, e.object_id, "
        "ts_rank(e.title, q.query) * %s + ts_rank(e.body, q.query) * %s AS score "
        f"FROM {entries} e, q WHERE e.content_type_id IN ({', '.join(['%s'] * len(content_types))}) "
        "AND (e.title || e.body) @@ q.query) "
        "SELECT m.object_id FROM matches m JOIN wagtailcore_page p ON p.id = m.object_id::integer "
        "WHERE p.live ORDER BY m.score DESC, m.id LIMIT %s"
    )
    return fetch_ids(sql, [*query_params, WEIGHTS["title"], WEIGHTS["body"], *content_types, limit])
