"""The admin as Anap's editors and moderators see it: in French, with the right rights."""

import pytest
from django.contrib.auth.models import Group, User
from django.utils.text import slugify
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from publications.models import PublicationPage, Theme

pytestmark = pytest.mark.django_db


def member_of(group_name, username):
    user = User.objects.create_user(username, f"{username}@anap.fr", "motdepasse-de-test")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor_client(client, site_tree):
    client.force_login(member_of("Éditeurs", "editrice"))
    return client


@pytest.fixture
def moderator_client(client, site_tree):
    client.force_login(member_of("Modérateurs", "moderateur"))
    return client


def publication_form(title, **extra):
    data = {
        "title": title,
        "slug": slugify(title),
        "summary": "Le chapô de la publication.",
        "publication_date": "2025-02-03",
        "body": streamfield([("paragraph", rich_text("<p>Un paragraphe.</p>"))]),
        "documents": inline_formset([]),
        "related_links": inline_formset([]),
        "themes": "Urgences",
        "audiences": "Médecins",
        "sector": "sanitaire",
        "comments": inline_formset([]),
    }
    data.update(extra)
    return nested_form_data(data)


def test_groups_exist_with_french_names():
    assert set(Group.objects.values_list("name", flat=True)) >= {"Éditeurs", "Modérateurs"}
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()


def test_dashboard_is_in_french(editor_client):
    content = editor_client.get("/admin/").content.decode()
    assert "Tableau de bord" in content
    assert "Vocabulaires" in content


@pytest.mark.parametrize(
    "model_name",
    ["publicationpage", "fichepratiquepage", "flyerpage", "webconferencepage", "outilpage", "kitpage"],
)
def test_editor_opens_the_create_form_of_each_type(editor_client, site_tree, model_name):
    response = editor_client.get(f"/admin/pages/add/publications/{model_name}/{site_tree['ressources'].pk}/")
    assert response.status_code == 200
    content = response.content.decode()
    labels = ["Chapô", "Date de publication", "Image de couverture", "Documents téléchargeables", "Thèmes", "Secteur"]
    for label in [*labels, "Publics cibles"]:
        assert label in content, label


def test_editor_creates_a_draft_but_cannot_publish(editor_client, site_tree):
    url = f"/admin/pages/add/publications/publicationpage/{site_tree['ressources'].pk}/"
    response = editor_client.post(url, publication_form("Nouvelle publication", **{"action-publish": "1"}))
    assert response.status_code == 302
    page = PublicationPage.objects.get(title="Nouvelle publication")
    assert not page.live
    assert [t.name for t in page.themes.all()] == ["Urgences"]
    assert page.kind == "publication"


def test_moderator_publishes(moderator_client, site_tree):
    url = f"/admin/pages/add/publications/publicationpage/{site_tree['ressources'].pk}/"
    response = moderator_client.post(url, publication_form("Publiée par la modération", **{"action-publish": "1"}))
    assert response.status_code == 302
    assert PublicationPage.objects.get(title="Publiée par la modération").live


def test_publishing_an_invalid_page_shows_french_errors_and_keeps_input(moderator_client, site_tree):
    # Drafts may be incomplete (Wagtail defers validation); publishing may not.
    url = f"/admin/pages/add/publications/publicationpage/{site_tree['ressources'].pk}/"
    response = moderator_client.post(url, publication_form("Sans chapô", summary="", **{"action-publish": "1"}))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Ce champ est obligatoire." in content
    assert "Sans chapô" in content
    assert not Page.objects.filter(title="Sans chapô").exists()


def test_a_resource_cannot_be_added_under_the_home_page(editor_client, site_tree):
    response = editor_client.get(f"/admin/pages/add/publications/publicationpage/{site_tree['home'].pk}/")
    assert response.status_code in (302, 403)


def test_vocabularies_are_curated_by_moderators(editor_client, site_tree):
    assert editor_client.get("/admin/snippets/publications/theme/").status_code == 200
    assert editor_client.get("/admin/snippets/publications/theme/add/").status_code in (302, 403)


def test_moderator_adds_a_theme(moderator_client):
    response = moderator_client.post(
        "/admin/snippets/publications/theme/add/", {"name": "Qualité", "slug": "qualite", "description": ""}
    )
    assert response.status_code == 302
    assert Theme.objects.filter(slug="qualite").exists()
