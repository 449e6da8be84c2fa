"""The facet registry is the one source: a facet entry added here reaches the form, the index
mapping and document, both backends' filters and counts, the API and the results page."""

import datetime

import pytest
from django.db.models.functions import ExtractMonth
from django.http import QueryDict
from elasticsearch_dsl import Integer

from publications.models import FlyerPage, PublicationPage
from search import facets
from search.backends import engine
from search.facets import Facet
from search.forms import SearchParams, parse
from search.indexing.documents import build_doc, build_mapping

# title, model, sector, publication date
RESOURCES = [
    ("Guide HAD de mars", PublicationPage, "sanitaire", datetime.date(2024, 3, 4)),
    ("Flyer HAD de mars", FlyerPage, "ville", datetime.date(2023, 3, 9)),
    ("Guide HAD de mai", PublicationPage, "ville", datetime.date(2024, 5, 2)),
    ("Flyer HAD de mai", FlyerPage, "ville", datetime.date(2022, 5, 20)),
    ("Guide HAD de décembre", PublicationPage, "sanitaire", datetime.date(2023, 12, 1)),
]


def month_value(raw):
    return int(raw) if raw in {str(month) for month in range(1, 13)} else None


MONTH = Facet(
    "mois",
    "Mois de publication",
    "month",
    lambda page: page.publication_date.month,
    mapping=Integer,
    column="month",
    expression=ExtractMonth("publication_date"),
    parse=month_value,
    order="value_desc",
)


@pytest.fixture
def month_facet():
    """Registered before any index is created (request it before `search_backend`)."""
    facets.register(MONTH)
    yield MONTH
    facets.unregister("mois")


@pytest.fixture
def resources(month_facet, search_backend, make_resource):
    return [
        make_resource(model=model, title=title, sector=sector, publication_date=date)
        for title, model, sector, date in RESOURCES
    ]


def test_the_form_parses_the_new_facet_and_drops_bad_values(month_facet, db):
    params = parse(QueryDict("mois=5&mois=13&mois=x&mois=5&mois= 3 "))
    assert params.filters["mois"] == [5, 3]
    assert parse(QueryDict("")).filters["mois"] == []
    assert list(params.filters)[-1] == "mois"  # registry order


def test_the_mapping_and_the_document_carry_the_new_field(month_facet, make_resource):
    properties = build_mapping().to_dict()["properties"]
    assert properties["month"] == {"type": "integer"}
    assert list(properties).index("month") > list(properties).index("year")  # registry order
    page = make_resource(publication_date=datetime.date(2021, 7, 14))
    assert build_doc(page, pdf_texts={}, documents=[])["month"] == 7


def test_the_engine_request_filters_and_aggregates_the_new_field(month_facet):
    body = engine.build_search(SearchParams(filters={"mois": [3], "secteur": ["ville"]}), []).to_dict()
    assert {"terms": {"month": [3]}} in body["post_filter"]["bool"]["filter"]
    month_agg = body["aggs"]["mois"]
    assert month_agg["aggs"]["values"]["terms"]["field"] == "month"
    assert month_agg["filter"] == {"bool": {"filter": [{"terms": {"sector": ["ville"]}}]}}  # its own not applied
    assert {"terms": {"month": [3]}} in body["aggs"]["secteur"]["filter"]["bool"]["filter"]


def test_without_the_entry_nothing_knows_the_facet(db):
    assert "mois" not in parse(QueryDict("mois=3")).filters
    assert "month" not in build_mapping().to_dict()["properties"]
    assert "mois" not in engine.build_search(SearchParams(), []).to_dict()["aggs"]


def counts(data, name):
    return {item["value"]: item["count"] for item in data["facets"][name]}


def test_both_backends_filter_and_count_the_new_facet(resources, api, client):
    data = api(q="had")
    assert counts(data, "mois") == {"3": 2, "5": 2, "12": 1}
    assert [item["value"] for item in data["facets"]["mois"]] == ["5", "3", "12"]  # value_desc, as strings
    data = api(q="had", mois=["3", "12"], secteur="sanitaire")
    assert sorted(hit["title"] for hit in data["results"]) == ["Guide HAD de décembre", "Guide HAD de mars"]
    # Each facet counted with the other facets' selection only.
    assert counts(data, "mois") == {"3": 1, "12": 1}
    assert counts(data, "secteur") == {"sanitaire": 2, "ville": 1}
    assert counts(data, "type") == {"publication": 2}
    page = client.get("/recherche/", {"q": "had", "mois": "5"})
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="facet-mois"' in html and "Mois de publication" in html
    assert 'name="mois" value="5" id="f-mois-1" checked' in html
