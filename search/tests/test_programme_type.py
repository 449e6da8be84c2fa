"""The appuis terrain are a resource type like the others: found, filtered and counted on both backends."""

import pytest

from programmes.tests.factories import make_programme

pytestmark = pytest.mark.django_db


def test_an_appui_terrain_is_a_type_and_a_facet(
    search_backend, site_tree, make_resource, api, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_programme(title="Appui terrain HAD", slug="appui-terrain-had")
    make_resource(title="Admission en HAD : comment être réactif ?")
    data = api(q="HAD", type="appui_terrain")
    assert [item["title"] for item in data["results"]] == ["Appui terrain HAD"]
    counts = {item["value"]: (item["label"], item["count"]) for item in api(q="HAD")["facets"]["type"]}
    assert counts["appui_terrain"] == ("Appui terrain", 1)
