"""HubPageQuerySet.public() checks view restrictions in the database and means what Wagtail's does."""

import pytest
from wagtail.models import Page, PageViewRestriction

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

    with django_assert_num_queries(1):  # Wagtail's reads the restrictions first: two
        ours = set(ResourcePage.objects.public().values_list("pk", flat=True))
    wagtails = set(Page.objects.type(ResourcePage).public().values_list("pk", flat=True))
    assert ours == wagtails == {open_page.pk, beside.pk}
    assert set(ResourcePage.objects.not_public().values_list("pk", flat=True)) == {locked_page.pk, inside.pk}
