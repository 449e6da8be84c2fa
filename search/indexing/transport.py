"""A tiny adapter over opensearch-py's client, for OpenSearch 2/3.

Queries and mappings are plain dicts (elasticsearch-dsl's `to_dict()`). SEARCH_URL names one
node or several, comma-separated (the nodes of one cluster): see `hosts()`.
"""

from collections import deque
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from itertools import islice

from django.conf import settings

INDEX_TIMEOUT = 120
BULK_SIZE = 500  # actions per bulk request


class EngineError(Exception):
    """The engine is unreachable, timed out or refused the request."""


def hosts(url):
    """The nodes of SEARCH_URL: "http://a:9200,http://b:9200" (spaces and empty items ignored)."""
    return [host.strip() for host in url.split(",") if host.strip()]


class OpenSearchTransport:
    def __init__(self, url, timeout):
        from opensearchpy import OpenSearch
        from opensearchpy import exceptions as exc

        nodes = hosts(url)
        # One node: no retry, a dead or frozen engine costs one timeout, then the database answers.
        # Several: a refused or timed-out request is retried once on each other node, and the pool
        # leaves the failed node aside (60 s, then doubling) so the next requests go to live ones.
        self.client = OpenSearch(
            hosts=nodes, timeout=timeout, max_retries=len(nodes) - 1, retry_on_timeout=len(nodes) > 1
        )
        self.errors = (exc.OpenSearchException,)
        self.not_found = exc.NotFoundError

    def search(self, index, body):
        return self.client.search(index=index, body=body)

    def bulk(self, actions, refresh=False, threads=1, timeout=INDEX_TIMEOUT):
        """Send index/delete actions, 500 a request; return the failed items.
        threads > 1: requests in flight while the caller builds the next ones (a rebuild).
        timeout: seconds per request (the worker's updates: settings.SEARCH_WRITE_TIMEOUT)."""
        from opensearchpy import helpers

        return _failures(helpers, self.client, actions, refresh, threads, request_timeout=timeout)

    def scan(self, index, body, timeout=INDEX_TIMEOUT):
        """Every hit of the query, in pages (scroll)."""
        from opensearchpy import helpers

        return helpers.scan(self.client, index=index, query=body, size=BULK_SIZE, request_timeout=timeout)

    def count(self, index):
        return self.client.count(index=index)["count"]

    def put_mapping(self, index, body, timeout=None):
        self.client.indices.put_mapping(index=index, body=body, request_timeout=timeout or INDEX_TIMEOUT)

    def get_mapping(self, index):
        return self.client.indices.get_mapping(index=index)

    def delete(self, index, doc_id, refresh=False):
        self.client.delete(index=index, id=doc_id, refresh=refresh, ignore=404)

    def create_index(self, name, body):
        self.client.indices.create(index=name, body=body, request_timeout=INDEX_TIMEOUT)

    def delete_index(self, name):
        self.client.indices.delete(index=name, ignore=404, request_timeout=INDEX_TIMEOUT)

    def put_settings(self, name, settings):
        self.client.indices.put_settings(index=name, body=settings, request_timeout=INDEX_TIMEOUT)

    def refresh(self, name, timeout=INDEX_TIMEOUT):
        self.client.indices.refresh(index=name, request_timeout=timeout)

    def indices_for_alias(self, alias):
        try:
            return sorted(self.client.indices.get_alias(name=alias))
        except self.not_found:
            return []

    def index_exists(self, name):
        return self.client.indices.exists(index=name)

    def update_aliases(self, actions):
        self.client.indices.update_aliases(body={"actions": actions}, request_timeout=INDEX_TIMEOUT)

    def list_indices(self, pattern):
        return sorted(self.client.indices.get(index=pattern, ignore_unavailable=True, allow_no_indices=True))


def _failures(helpers, client, actions, refresh, threads, **options):
    """helpers.bulk(). With threads > 1, up to that many requests are in flight while
    the caller's generator builds the next batch, in the caller's thread (its database connection)."""
    options.update(chunk_size=BULK_SIZE, refresh=refresh, raise_on_error=False, raise_on_exception=True)
    if threads <= 1:
        return helpers.bulk(client, actions, **options)[1]
    errors, in_flight = [], deque()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        iterator = iter(actions)
        while batch := list(islice(iterator, BULK_SIZE)):
            in_flight.append(pool.submit(helpers.bulk, client, batch, **options))
            while len(in_flight) >= threads:
                errors.extend(in_flight.popleft().result()[1])
        for future in in_flight:
            errors.extend(future.result()[1])
    return errors


@lru_cache(maxsize=8)
def get_transport(url, timeout):
    return OpenSearchTransport(url, timeout)


def engine_configured():
    return bool(settings.SEARCH_URL)


def alias_name():
    """The alias the site searches; each rebuild puts a new index behind it."""
    return f"{settings.SEARCH_INDEX_PREFIX}-resources"


def transport():
    """The configured engine's transport (one client per URL and timeout)."""
    return get_transport(settings.SEARCH_URL, settings.SEARCH_TIMEOUT)
