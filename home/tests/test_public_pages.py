"""HubPageQuerySet.public() keeps the private sections under the content version and means what Wagtail's does."""

import pytest
from wagtail.models import Page, PageViewRestriction

from core import content_version
from publications.models import ResourceIndexPage, ResourcePage

pytestmark = pytest.mark.django_db


def test_public_leaves_out_the_same_pages_as_wagtail(make_resource, site_tree, django_assert_num_queries):
    private_section = ResourceIndexPage(title="Espace adhérents", slug="adherents")
    site_tree["home"].add_child(instance=private_section)
    private_section.save_revision().publish()
    # A sibling section: its pages share the private section's parent path, not its own.
    neighbour_section = ResourceIndexPage(title="Espace adhérents bis", slug="adherents-bis")
    site_tree["home"].add_child(instance=neighbour_section)
    neighbour_section.save_revision().publish()

    open_page = make_resource(title="Ouverte")
    locked_page = make_resource(title="Protégée par mot de passe")
    inside = make_resource(title="Dans l'espace adhérents", parent=private_section)
    beside = make_resource(title="À côté", parent=neighbour_section)
    PageViewRestriction.objects.create(page=private_section, restriction_type=PageViewRestriction.LOGIN)
    PageViewRestriction.objects.create(
        page=locked_page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )

    content_version.validate()  # as every request does: the private sections are then kept
    ours = set(ResourcePage.objects.public().values_list("pk", flat=True))
    with django_assert_num_queries(1):  # Wagtail's reads the restrictions every time: two
        assert set(ResourcePage.objects.public().values_list("pk", flat=True)) == ours
    wagtails = set(Page.objects.type(ResourcePage).public().values_list("pk", flat=True))
    assert ours == wagtails == {open_page.pk, beside.pk}
    assert set(ResourcePage.objects.not_public().values_list("pk", flat=True)) == {locked_page.pk, inside.pk}


def test_a_new_restriction_applies_to_the_next_query(make_resource, site_tree):
    page = make_resource(title="Bientôt réservée")
    content_version.validate()
    assert ResourcePage.objects.public().filter(pk=page.pk).exists()
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    content_version.validate()
    assert not ResourcePage.objects.public().filter(pk=page.pk).exists()
    restriction.delete()
    content_version.validate()
    assert ResourcePage.objects.public().filter(pk=page.pk).exists()
