"""Rebuild the resource index behind its alias: the site searches the old index until the swap."""

from itertools import islice

from core import content_version

from .documents import index_body
from .sync import actions_for, bulk_write, live_pages, mark_ensured, new_index_name, new_version
from .transport import alias_name, transport

CHUNK = 500


def rebuild(progress=False, stdout=None):
    """Build a new index, load every live resource, swap the alias atomically, drop the old index."""
    from tqdm import tqdm

    t = transport()
    alias = alias_name()
    name = new_index_name()
    body = index_body()
    # Loading: no refresh, and the translog synced in the background (the new index is not used until the swap).
    body["settings"].update(refresh_interval="-1", translog={"durability": "async"})
    t.create_index(name, body)
    ids = list(live_pages().values_list("pk", flat=True))
    bar = tqdm(total=len(ids), unit="ressource", disable=not progress, file=stdout)

    def actions():
        iterator = iter(ids)
        while chunk := list(islice(iterator, CHUNK)):
            yield from actions_for(live_pages(chunk), name, new_version())  # a worker's later update wins
            bar.update(len(chunk))

    try:
        bulk_write(actions(), refresh=False, threads=2)  # the engine indexes one batch while the next one is built
        t.put_settings(name, {"index": {"refresh_interval": "1s", "translog.durability": "request"}})
        t.refresh(name)
    except Exception:
        t.delete_index(name)
        raise
    finally:
        bar.close()
    old = [index for index in t.indices_for_alias(alias) if index != name]
    swap = [{"remove": {"index": index, "alias": alias}} for index in old] + [{"add": {"index": name, "alias": alias}}]
    t.update_aliases(swap)
    for index in old:
        t.delete_index(index)
    mark_ensured(alias)
    content_version.bump()  # results cached from the old index
    return name, len(ids)
