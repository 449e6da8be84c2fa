"""A tiny adapter over the engine's Python client, chosen by settings.

Queries and mappings are plain dicts (elasticsearch-dsl's `to_dict()`), so the same code
path serves OpenSearch 2/3 (opensearch-py) and Elasticsearch 8/9
(elasticsearch-py, which refuses OpenSearch). SEARCH_ENGINE picks one.
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


class OpenSearchTransport:
    def __init__(self, url, timeout):
        from opensearchpy import OpenSearch
        from opensearchpy import exceptions as exc

        self.client = OpenSearch(hosts=[url], timeout=timeout, max_retries=0, retry_on_timeout=False)
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


class ElasticsearchTransport(OpenSearchTransport):
    def __init__(self, url, timeout):
        from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError

        self.client = Elasticsearch(url, request_timeout=timeout, max_retries=0, retry_on_timeout=False)
        self.errors = (ApiError, TransportError)
        self.not_found = NotFoundError

    def _long(self):
        return self.client.options(request_timeout=INDEX_TIMEOUT)

    def search(self, index, body):
        body = dict(body)
        if "from" in body:
            body["from_"] = body.pop("from")
        return self.client.search(index=index, **body).body

    def bulk(self, actions, refresh=False, threads=1, timeout=INDEX_TIMEOUT):
        from elasticsearch import helpers

        return _failures(helpers, self.client.options(request_timeout=timeout), actions, refresh, threads)

    def scan(self, index, body, timeout=INDEX_TIMEOUT):
        from elasticsearch import helpers

        return helpers.scan(self.client.options(request_timeout=timeout), index=index, query=body, size=BULK_SIZE)

    def count(self, index):
        return self.client.count(index=index)["count"]

    def put_mapping(self, index, body, timeout=None):
        self.client.options(request_timeout=timeout or INDEX_TIMEOUT).indices.put_mapping(index=index, **body)

    def get_mapping(self, index):
        return self.client.indices.get_mapping(index=index).body

    def delete(self, index, doc_id, refresh=False):
        self.client.options(ignore_status=404).delete(index=index, id=doc_id, refresh=refresh)

    def create_index(self, name, body):
        self._long().indices.create(index=name, **body)

    def delete_index(self, name):
        self._long().options(ignore_status=404).indices.delete(index=name)

    def put_settings(self, name, settings):
        self._long().indices.put_settings(index=name, settings=settings)

    def refresh(self, name, timeout=INDEX_TIMEOUT):
        self.client.options(request_timeout=timeout).indices.refresh(index=name)

    def indices_for_alias(self, alias):
        try:
            return sorted(self.client.indices.get_alias(name=alias).body)
        except self.not_found:
            return []

    def index_exists(self, name):
        return bool(self.client.indices.exists(index=name))

    def update_aliases(self, actions):
        self._long().indices.update_aliases(actions=actions)

    def list_indices(self, pattern):
        return sorted(self.client.indices.get(index=pattern, ignore_unavailable=True, allow_no_indices=True).body)


def _failures(helpers, client, actions, refresh, threads, **options):
    """bulk() from either client. With threads > 1, up to that many requests are in flight while
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


TRANSPORTS = {"opensearch": OpenSearchTransport, "elasticsearch": ElasticsearchTransport}


@lru_cache(maxsize=8)
def get_transport(engine, url, timeout):
    return TRANSPORTS[engine](url, timeout)


def engine_configured():
    return bool(settings.SEARCH_URL)


def alias_name():
    """The alias the site searches; each rebuild puts a new index behind it."""
    return f"{settings.SEARCH_INDEX_PREFIX}-resources"


def transport():
    """The configured engine's transport (one client per engine, URL and timeout)."""
    return get_transport(settings.SEARCH_ENGINE, settings.SEARCH_URL, settings.SEARCH_TIMEOUT)
