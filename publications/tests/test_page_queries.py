"""The faster page queries (issue 5) keep their meaning: related resources, breadcrumbs, routing."""

import datetime

import pytest

from home.models import ActualitePage
from publications.models import RelatedResource, ResourcePage
from publications.models import resource as resource_module

pytestmark = pytest.mark.django_db

ALL_THREE = ["urgences", "hospitalisation-a-domicile-had", "achats"]


@pytest.fixture
def neighbours(make_resource):
    """A page with three themes and resources sharing three, two, one or none of them."""
    day = datetime.date
    make_resource(title="Trois, ancienne", themes=ALL_THREE, publication_date=day(2019, 1, 1))
    make_resource(title="Deux, récente", themes=["urgences", "achats"], publication_date=day(2024, 6, 1))
    make_resource(title="Deux, ancienne", themes=ALL_THREE[:2], publication_date=day(2020, 1, 1))
    make_resource(title="Une, récente", themes=["achats"], publication_date=day(2025, 1, 1))
    make_resource(title="Une, ancienne", themes=["urgences"], publication_date=day(2018, 1, 1))
    make_resource(title="Sans rapport", themes=["finances"], publication_date=day(2025, 3, 1))
    make_resource(title="Brouillon", themes=ALL_THREE, publication_date=day(2025, 2, 1)).unpublish()
    return make_resource(title="Page", themes=ALL_THREE)


EXPECTED = ["Trois, ancienne", "Deux, récente", "Deux, ancienne", "Une, récente", "Une, ancienne"]


def related_titles(page, limit):
    return [resource.title for resource in ResourcePage.objects.get(pk=page.pk).related_resources(limit=limit)]


@pytest.mark.parametrize("few_tagged", [200, 0], ids=["rare-themes", "common-themes"])
def test_related_resources_rank_by_shared_themes_then_date(neighbours, monkeypatch, few_tagged):
    # Both ways of finding resources that share a single theme give the same answer.
    monkeypatch.setattr(resource_module, "FEW_TAGGED", few_tagged)
    assert related_titles(neighbours, limit=5) == EXPECTED
    assert related_titles(neighbours, limit=2) == EXPECTED[:2]


def test_hand_picked_links_come_first_and_are_not_repeated(neighbours, make_resource):
    chosen = ResourcePage.objects.get(title="Une, ancienne")
    neighbours.related_links = [RelatedResource(resource=chosen)]
    neighbours.save_revision().publish()
    assert related_titles(neighbours, limit=4) == ["Une, ancienne", *EXPECTED[:3]]


def test_ties_on_shared_themes_and_date_go_to_the_oldest_page(make_resource):
    same_day = datetime.date(2024, 1, 1)
    first = make_resource(title="Premier", themes=["urgences"], publication_date=same_day)
    make_resource(title="Second", themes=["urgences"], publication_date=same_day)
    page = make_resource(title="Page", themes=["urgences"])
    assert related_titles(page, limit=1) == [first.title]


def test_related_resources_take_few_queries_whatever_the_catalogue(neighbours, django_assert_max_num_queries):
    page = ResourcePage.objects.get(pk=neighbours.pk)
    page.prefetch_tags()
    # Links, view restrictions, the pages sharing several themes (+ their themes and renditions),
    # the count choosing how to read single-theme pages, those pages (+ themes and renditions).
    with django_assert_max_num_queries(9):
        assert len(page.related_resources(limit=5)) == 5


def test_breadcrumbs_are_read_once_per_page(make_resource, django_assert_num_queries):
    page = ResourcePage.objects.get(pk=make_resource(title="Fil").pk)
    with django_assert_num_queries(1):
        assert [crumb.title for crumb in page.breadcrumbs()] == ["Ressources"]
        assert [crumb.title for crumb in page.breadcrumbs()] == ["Ressources"]


def test_pages_found_by_url_path_in_their_own_section(client, make_resource, site_tree):
    resource = make_resource(title="Ressource homonyme", slug="meme-adresse")
    news = site_tree["actualites"].add_child(instance=ActualitePage(title="Actualité homonyme", slug="meme-adresse"))
    news.save_revision().publish()
    assert "Ressource homonyme" in client.get(resource.url).content.decode()
    assert "Actualité homonyme" in client.get(news.url).content.decode()
    assert client.get("/ressources/adresse-inconnue/").status_code == 404
    assert client.get("/ressources/meme-adresse/en-trop/").status_code == 404
