"""The request bodies built with elasticsearch-dsl are the ones opensearch-py's bundled DSL built.

`data/request_bodies.json` was recorded from the code before the move (opensearch-py 3.0.0's
DSL). The only difference since is the order of keys inside some objects (`bool`:
`minimum_should_match` before `should`; a text field's `term_vector` before `copy_to`;
`query` first in the suggestions body): JSON objects are unordered, and the engine reads
them as maps, so the comparison is on the canonical text (keys sorted), which still tells
1 from 1.0 and keeps the order of lists.

Re-recorded on purpose since (scripts/record_request_bodies.py, the diff is the change):
issue 14's cheaper query (the exact pass, the ranking by field and phrase as a rescore, the
typo-tolerant second pass `relaxed_query`, highlights in the fields' order) and the mapping's
`all_text.fuzzy`; issue 15's "statut" facet (programmes/facets.py: its aggregation and field).
"""

import ast
import json
from pathlib import Path

import pytest

from search import facets
from search.backends import engine
from search.forms import SearchParams
from search.indexing.documents import index_body

EXPECTED = json.loads((Path(__file__).parent / "data" / "request_bodies.json").read_text())


def canonical(body):
    return json.dumps(body, sort_keys=True, ensure_ascii=False)


def plain_json(value):
    """Only what json.dumps writes as is: no DSL object, no AttrDict, nothing that would be str()-ed."""
    if isinstance(value, dict):
        return all(type(k) is str and plain_json(v) for k, v in value.items())
    if isinstance(value, list):
        return all(plain_json(v) for v in value)
    return value is None or type(value) in (str, int, float, bool)


BUILT = {
    "plain_query": lambda: engine.build_search(SearchParams(q="urgences"), ["urgences", "soins non programmés"]),
    "facets_selected": lambda: engine.build_search(
        SearchParams(
            q="hôpital", filters={"type": ["guide"], "theme": ["qualite", "numerique"], "annee": [2023]}, page=3
        ),
        ["hôpital"],
        exclude_ids=[5, 7],
    ),
    "listing_by_date": lambda: engine.build_search(
        SearchParams(filters={"secteur": ["medico-social"], "type": []}), []
    ),
    "query_sorted_by_date": lambda: engine.build_search(SearchParams(q="had", sort="date"), ["had"]),
    "relaxed_query": lambda: engine.build_search(
        SearchParams(q="guide hospitalisaton à domicile", page=4),
        ["guide hospitalisaton a domicile", "guide had"],
        relaxed=True,
    ),
}


def current_bodies():
    """Every recorded body, as the code builds it now, in the file's order (scripts/record_request_bodies.py)."""
    built = {name: build().to_dict() for name, build in BUILT.items()}
    others = {
        "spelling": engine.spell_body("hopitaux urgense"),
        "suggestions": engine.suggestions_body("hosp", 8),
        "suggestions_size_5": engine.suggestions_body("parcours pat", 5),
        "index_body": index_body(),
        "index_body_3_shards": index_body(shards=3, replicas=1),
    }
    every = {**built, **others}
    return {name: every[name] for name in [*EXPECTED, *(name for name in every if name not in EXPECTED)]}


def test_the_recorder_builds_every_recorded_body_as_recorded():
    assert canonical(current_bodies()) == canonical(EXPECTED)


@pytest.mark.parametrize("name", sorted(BUILT))
def test_search_bodies_match_the_recorded_ones(name):
    body = BUILT[name]().to_dict()
    assert plain_json(body)
    assert canonical(body) == canonical(EXPECTED[name])


def test_suggester_bodies_match_the_recorded_ones():
    assert canonical(engine.spell_body("hopitaux urgense")) == canonical(EXPECTED["spelling"])
    assert canonical(engine.suggestions_body("hosp", 8)) == canonical(EXPECTED["suggestions"])
    assert canonical(engine.suggestions_body("parcours pat", 5)) == canonical(EXPECTED["suggestions_size_5"])


def test_index_settings_analysis_and_mapping_match_the_recorded_ones():
    for body, name in ((index_body(), "index_body"), (index_body(shards=3, replicas=1), "index_body_3_shards")):
        assert plain_json(body)
        assert canonical(body) == canonical(EXPECTED[name])
    assert set(index_body()["settings"]["analysis"]["analyzer"]) == {"fr_index", "fr_plain", "fr_folded"}


def test_two_index_bodies_do_not_share_settings():
    """rebuild() edits the settings of its body: the next body must not see it."""
    index_body()["settings"].update(refresh_interval="-1")
    assert index_body()["settings"]["refresh_interval"] == "1s"


class Recorder:
    def __init__(self):
        self.bodies = []

    def search(self, index, body):
        self.bodies.append(body)
        buckets = {name: {"values": {"buckets": []}} for name in facets.params()}
        return {"hits": {"total": {"value": 0}, "hits": []}, "aggregations": {**buckets, "matched": {"doc_count": 0}}}


def query_text(body):
    return json.dumps(body.get("query", {}), ensure_ascii=False)


@pytest.mark.django_db
def test_the_transport_receives_plain_dicts_only():
    backend = engine.EngineBackend.__new__(engine.EngineBackend)
    backend.transport, backend.index = Recorder(), "resources"
    labels = {"type": {}, "secteur": {}}
    backend.search(SearchParams(q="urgense", filters={"type": ["guide"]}, labels=labels))
    backend.suggest("hosp")
    # No exact hit: the typo-tolerant pass with the spelling suggester, then the suggestions.
    assert len(backend.transport.bodies) == 3
    assert all(type(body) is dict and plain_json(body) for body in backend.transport.bodies)
    exact, relaxed = backend.transport.bodies[:2]
    assert "fuzziness" not in query_text(exact) and "all_text.fuzzy" in query_text(relaxed)
    assert "suggest" not in exact and "suggest" in relaxed


def test_opensearch_py_is_only_the_http_client():
    """The DSL comes from elasticsearch-dsl: opensearch-py is imported only by the transport, for its client."""
    search_dir = Path(__file__).resolve().parents[1]
    found = {}
    for path in search_dir.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("opensearchpy"):
                found.setdefault(str(path.relative_to(search_dir)), set()).update(a.name for a in node.names)
            elif isinstance(node, ast.Import) and any(a.name.startswith("opensearchpy") for a in node.names):
                found.setdefault(str(path.relative_to(search_dir)), set()).add("*")
    assert found == {"indexing/transport.py": {"OpenSearch", "exceptions", "helpers"}}
