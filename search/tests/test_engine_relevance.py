"""The engine's query (issue 14): the exact pass, then typos and a missing word only when it finds little."""

import pytest

from search.backends import engine
from search.forms import SearchParams
from search.indexing import check, forget_ensured, transport
from search.indexing.sync import actions_for, alias_name, bulk_write, live_pages

from .test_engine import engine_titles

pytestmark = pytest.mark.django_db

TITLES = [
    "Hospitalisation programmée en soins de réadaptation",
    "Coopérations entre professionnels de santé",
    "Simulateur de la permanence des soins",
    "Admission directe en HAD des personnes âgées",
    "Admission aux urgences pédiatriques",
    "Tableau de bord des achats hospitaliers",
]


@pytest.fixture
def catalogue(engine, make_resource):
    for title in TITLES:
        make_resource(title=title, summary="Une ressource de l'Anap.")
    # Words of the others, so that a missing word or a typo has something wrong to match.
    make_resource(title="Admission des patients en établissement", summary="Les personnes âgées et l'HAD.")
    make_resource(title="Programme de soins", summary="La permanence des équipes.")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("hospitalisaton programmée", TITLES[0]),  # a letter missing in a long word: the stem differs
        ("hospitalisation programmee readaptaiton", TITLES[0]),  # two letters swapped, no accents
        ("cooperatoins professionnels", TITLES[1]),  # swapped, on a plural
        ("imulateur permanence", TITLES[2]),  # the first letter missing
        ("smulateur de la permanance des soins", TITLES[2]),  # two words mistyped
        ("hospitalisations programees", TITLES[0]),  # an agreement wrong and a letter missing
    ],
)
def test_a_one_letter_typo_in_any_long_word_finds_its_resource_first(catalogue, query, expected):
    assert engine_titles(query)[:1] == [expected]


def test_a_long_query_with_an_extra_word_finds_its_resource_the_all_words_match_first(catalogue):
    titles = engine_titles("admission directe HAD personnes âgées domicile")
    assert titles[0] == TITLES[3]
    # Every word matched ranks above a word missing.
    assert engine_titles("admission directe HAD personnes âgées")[0] == TITLES[3]
    # Four words of five: still found (one may be missing from 3 to 6 words).
    assert engine_titles("admission patients établissement cardiologie")[:1] == [
        "Admission des patients en établissement"
    ]


def test_short_words_and_exact_queries_stay_exact(catalogue):
    assert engine_titles("tableau de bord achats") == [TITLES[5]]
    assert engine_titles("urgences pédiatriques") == [TITLES[4]]
    assert engine_titles("hda") == []  # three letters: no typo tolerance


class Counting:
    """A transport answering `matched` resources for the words, counting the requests."""

    def __init__(self, matched):
        self.matched, self.bodies = matched, []

    def search(self, index, body):
        self.bodies.append(body)
        aggs = {name: {"values": {"buckets": []}} for name in engine.facets.params()}
        hits = {"total": {"value": self.matched}, "hits": []}
        return {"hits": hits, "aggregations": {**aggs, "matched": {"doc_count": self.matched}}}


@pytest.mark.parametrize(("matched", "requests"), [(engine.RELAX_BELOW, 1), (engine.RELAX_BELOW - 1, 2), (0, 2)])
def test_the_typo_tolerant_pass_is_asked_only_when_the_exact_one_finds_little(matched, requests):
    backend = engine.EngineBackend.__new__(engine.EngineBackend)
    backend.transport, backend.index = Counting(matched), "resources"
    backend.search(SearchParams(q="hospitalisaton", labels={"type": {}, "secteur": {}}))
    sent = backend.transport.bodies
    assert len(sent) == requests
    assert "suggest" not in sent[0]
    assert "fuzzy" not in str(sent[0]) and "fuzziness" not in str(sent[0])
    if requests > 1:  # the spelling suggester rides along with the second pass
        assert "all_text.fuzzy" in str(sent[1]) and "spell" in sent[1]["suggest"]


def test_an_index_built_before_the_fuzzy_field_gets_it_through_the_check(engine, make_resource, monkeypatch):
    """The mapping change reaches an existing index as the project's other ones do: ensure_index()
    adds the field, the check finds every document stale (MAPPING_VERSION) and indexes it again."""
    from search.indexing import documents

    make_resource(title="Hospitalisation programmée")
    t = transport()
    old = f"{alias_name()}-before-fuzzy"
    body = documents.index_body()
    del body["mappings"]["properties"]["all_text"]["fields"]
    t.create_index(old, body)
    with monkeypatch.context() as before:
        before.setattr(documents, "MAPPING_VERSION", documents.MAPPING_VERSION - 1)
        bulk_write(list(actions_for(live_pages(), old)), refresh=True)
    current = t.indices_for_alias(alias_name())
    t.update_aliases(
        [{"remove": {"index": name, "alias": alias_name()}} for name in current]
        + [{"add": {"index": old, "alias": alias_name()}}]
    )
    forget_ensured()
    assert engine_titles("hospitalisaton programmee") == []  # the exact words only, no fuzzy field yet

    drift = check.compare()
    assert len(drift.stale) == 1
    check.repair(drift)  # ensure_index() adds all_text.fuzzy, then the document is written again
    assert "fuzzy" in str(t.get_mapping(old)[old]["mappings"]["properties"]["all_text"])
    assert engine_titles("hospitalisaton programmee") == ["Hospitalisation programmée"]
    assert not check.compare()
