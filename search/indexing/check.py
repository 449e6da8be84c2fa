"""Reconciliation: the live public resources against the index, by id and content_hash.

- missing: a live public resource the index lacks;
- extra: a document whose page is gone, unpublished or private;
- stale: a document whose content_hash differs from the one built now (or has none: an index
  built before the hash existed).
`repair()` applies `sync()` to those ids, in batches. Run by `manage.py search_index_check`
and, periodically, by the worker (search.tasks.check_index).
"""

from dataclasses import dataclass, field
from itertools import islice

from .documents import CONTENT_HASH
from .sync import actions_for, live_pages, sync
from .transport import INDEX_TIMEOUT, alias_name, engine_configured, transport

__all__ = ["Drift", "compare", "engine_configured", "repair"]

CHUNK = 500
SHOWN = 5  # titles or ids quoted per kind of drift


@dataclass
class Drift:
    live: int = 0  # live public resources
    indexed: int = 0  # documents in the index
    missing: dict = field(default_factory=dict)  # id -> title
    extra: list = field(default_factory=list)  # ids
    stale: dict = field(default_factory=dict)  # id -> title

    def __bool__(self):
        return bool(self.missing or self.extra or self.stale)

    def ids(self):
        return sorted({*self.missing, *self.extra, *self.stale})

    def counts(self):
        return {
            "live": self.live,
            "indexed": self.indexed,
            "missing": len(self.missing),
            "extra": len(self.extra),
            "stale": len(self.stale),
        }

    def summary(self):
        return ", ".join(f"{name} {count}" for name, count in self.counts().items())

    def report(self):
        """The drift in French, a line per kind, with a few titles or ids."""
        lines = [
            f"Ressources publiques en ligne : {self.live} ; documents dans l'index : {self.indexed}.",
        ]
        if not self:
            lines.append("L'index de recherche est à jour.")
            return lines
        if self.missing:
            lines.append(f"Absentes de l'index : {len(self.missing)} ({_titles(self.missing)}).")
        if self.extra:
            shown = ", ".join(str(pk) for pk in self.extra[:SHOWN])
            more = " …" if len(self.extra) > SHOWN else ""
            kind = "En trop dans l'index (dépubliées, supprimées ou privées)"
            lines.append(f"{kind} : {len(self.extra)} (id {shown}{more}).")
        if self.stale:
            lines.append(f"Périmées dans l'index : {len(self.stale)} ({_titles(self.stale)}).")
        return lines


def _titles(pages):
    shown = [f"{pk} « {title} »" for pk, title in islice(sorted(pages.items()), SHOWN)]
    return ", ".join(shown) + (" …" if len(pages) > SHOWN else "")


def indexed_hashes(timeout=INDEX_TIMEOUT):
    """{page id: content_hash or None} of every document behind the alias; {} without an index."""
    t = transport()
    alias = alias_name()
    if not t.indices_for_alias(alias):
        return {}
    t.refresh(alias, timeout=timeout)  # the worker's updates written without a refresh (an import's) count
    body = {"query": {"match_all": {}}, "_source": [CONTENT_HASH]}
    return {int(hit["_id"]): hit.get("_source", {}).get(CONTENT_HASH) for hit in t.scan(alias, body, timeout=timeout)}


def compare(timeout=INDEX_TIMEOUT):
    indexed = indexed_hashes(timeout)
    drift = Drift(indexed=len(indexed))
    ids = list(live_pages().values_list("pk", flat=True))
    drift.live = len(ids)
    iterator = iter(ids)
    while chunk := list(islice(iterator, CHUNK)):
        for action in actions_for(live_pages(chunk), alias_name()):
            pk, source = int(action["_id"]), action["_source"]
            if pk not in indexed:
                drift.missing[pk] = source["title"]
            elif indexed[pk] != source[CONTENT_HASH]:
                drift.stale[pk] = source["title"]
    live = set(ids)
    drift.extra = sorted(pk for pk in indexed if pk not in live)
    return drift


def repair(drift, timeout=INDEX_TIMEOUT):
    """Index again (or delete) every id of the drift, CHUNK at a time; the last batch refreshes."""
    ids = drift.ids()
    for start in range(0, len(ids), CHUNK):
        sync(ids[start : start + CHUNK], refresh=start + CHUNK >= len(ids), timeout=timeout)
    if ids:
        from core import content_version

        content_version.bump()
    return len(ids)
