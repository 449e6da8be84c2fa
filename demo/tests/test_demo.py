"""The demo loader builds a complete, published, idempotent site; the demo accounts work."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from pypdf import PdfReader
from wagtail.images import get_image_model
from wagtail.models import Page

from bonnes_pratiques.models import BonnePratiquePage
from home.models import ActualitePage, ActualiteResource, HomeFeaturedKit, HomePage
from publications.models import (
    HubDocument,
    KitComponent,
    KitPage,
    OutilPage,
    PublicationPage,
    RelatedResource,
    ResourceAudience,
    ResourceDocument,
    ResourcePage,
    ResourceTheme,
    WebconferencePage,
)

URGENCES_KIT = "kit-admissions-directes-had-urgences"


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """Load the demo once for the module, inside a transaction rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", verbosity=0)
        yield
        transaction.set_rollback(True)


def counts():
    return {
        "pages": Page.objects.count(),
        "live pages": Page.objects.live().count(),
        "documents": HubDocument.objects.count(),
        "images": get_image_model().objects.count(),
        "resource documents": ResourceDocument.objects.count(),
        "related links": RelatedResource.objects.count(),
        "kit components": KitComponent.objects.count(),
        "featured kits": HomeFeaturedKit.objects.count(),
        "news links": ActualiteResource.objects.count(),
        "themes on resources": ResourceTheme.objects.count(),
        "audiences on resources": ResourceAudience.objects.count(),
    }


@pytest.mark.django_db
def test_running_twice_gives_the_same_site(demo_site):
    before = counts()
    assert before["pages"] > 25
    call_command("load_demo", verbosity=0, skip_index=True)
    assert counts() == before
    assert not Page.objects.filter(has_unpublished_changes=True).exists()


@pytest.mark.django_db
def test_the_site_has_every_kind_of_content(demo_site):
    kinds = set(ResourcePage.objects.live().values_list("kind", flat=True))
    assert kinds == {key for key, _label in ResourcePage.KIND_CHOICES}
    assert BonnePratiquePage.objects.live().count() >= 2
    assert ActualitePage.objects.live().filter(kind="communique").exists()
    years = {page.publication_date.year for page in ResourcePage.objects.live()}
    assert {2022, 2023, 2024, 2025} <= years


@pytest.mark.django_db
def test_the_urgences_kit_bundles_its_four_components(demo_site):
    kit = KitPage.objects.get(slug=URGENCES_KIT)
    components = list(kit.ordered_components())
    assert [component.role for component in components] == ["flyer", "fiche", "synthese", "modele"]
    assert [type(component.page.specific).__name__ for component in components[:3]] == [
        "FlyerPage",
        "FichePratiquePage",
        "PublicationPage",
    ]
    model = components[3]
    assert model.page is None
    assert model.document.title == "Modèle de convention urgences-HAD"
    # Every component page knows it belongs to the kit.
    assert all(kit in component.page.specific.kits() for component in components[:3])
    assert HomeFeaturedKit.objects.filter(kit=kit).exists()


@pytest.mark.django_db
def test_every_resource_has_a_readable_pdf_with_its_page_count(demo_site):
    resources = ResourcePage.objects.live()
    assert resources.count() >= 18
    for resource in resources:
        pdfs = [item.document for item in resource.documents.all() if item.document.file_extension == "pdf"]
        assert pdfs, resource.title
        for document in pdfs:
            assert 2 <= document.page_count <= 40, document.title
            with document.file.open("rb") as handle:
                assert len(PdfReader(handle).pages) == document.page_count


@pytest.mark.django_db
def test_every_resource_has_a_cover_that_renders(demo_site):
    for resource in ResourcePage.objects.live().select_related("cover_image"):
        image = resource.cover_image
        assert image is not None, resource.title
        assert (image.width, image.height) == (1200, 630)
        assert image.file.storage.exists(image.file.name)
    rendition = image.get_rendition("fill-300x200")
    assert (rendition.width, rendition.height) == (300, 200)


@pytest.mark.django_db
def test_resources_are_classified_and_linked(demo_site):
    for resource in ResourcePage.objects.live():
        assert resource.summary and resource.body, resource.title
        assert resource.themes.exists() and resource.audiences.exists(), resource.title
        assert resource.related_links.exists(), resource.title
    block_types = {block.block_type for page in ResourcePage.objects.live() for block in page.body}
    assert {"paragraph", "key_figures", "quote", "document", "call_to_action"} <= block_types
    patient = ResourcePage.objects.live().filter(theme_items__tag__slug="experience-patient-et-usager")
    assert patient.count() >= 2


@pytest.mark.django_db
def test_type_specific_fields(demo_site):
    webconference = WebconferencePage.objects.get()
    assert webconference.event_start < datetime.datetime.now(datetime.UTC)
    assert webconference.duration_minutes == 60
    # The replay, once: a marked demo stand-in, not a second copy in the body.
    assert webconference.replay_is_demo and webconference.replay_embed_url is None
    assert webconference.slides.page_count >= 2
    assert "video" not in [block.block_type for block in webconference.body]

    kinds = dict(OutilPage.objects.values_list("slug", "tool_kind"))
    assert kinds["modele-formulaire-demande-admission-had"] == "modele"
    assert kinds["modele-tableau-de-bord-demandes-had"] == "tableau_de_bord"
    assert kinds["hopitaux-de-proximite-data-visualisation"] == "dataviz"
    for tool in OutilPage.objects.all():
        assert tool.tool_file_id or tool.tool_url, tool.title

    practice = BonnePratiquePage.objects.get(slug="dematerialisation-admissions-had")
    assert practice.structure_type == "had" and practice.region
    assert practice.context and practice.actions and practice.results and practice.lessons
    assert not practice.contact_is_public

    assert PublicationPage.objects.filter(sector="medico-social", title__startswith="7 leviers").exists()


@pytest.mark.django_db
def test_home_page_key_figures(demo_site):
    home = HomePage.objects.get()
    assert home.hero_title == "2 000 ressources en 1 clic"
    assert home.hero_text
    [block] = home.key_figures
    values = [figure["value"] for figure in block.value["figures"]]
    assert values == ["288", "162 000", "6,6 millions", "+22 %", "50"]


@pytest.mark.django_db
def test_database_search_finds_demo_content(demo_site):
    results = ResourcePage.objects.live().search("EHPAD")
    assert any("EHPAD" in page.title for page in results)


@pytest.mark.django_db
def test_demo_pages_render(client, demo_site):
    pages = [
        HomePage.objects.get(),
        KitPage.objects.get(slug=URGENCES_KIT),
        WebconferencePage.objects.get(),
        BonnePratiquePage.objects.live().first(),
        ActualitePage.objects.live().filter(kind="communique").first(),
    ]
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
    home = client.get("/").content.decode()
    assert "162 000" in home


# --- ensure_demo_admin ------------------------------------------------------


@pytest.fixture
def password_dir(settings, tmp_path, monkeypatch):
    monkeypatch.delenv("DEMO_ADMIN_PASSWORD", raising=False)
    settings.BASE_DIR = tmp_path
    return tmp_path


@pytest.mark.django_db
def test_ensure_demo_admin_creates_the_three_accounts(password_dir):
    call_command("ensure_demo_admin", verbosity=0)
    password = (password_dir / ".admin-password").read_text().strip()
    assert len(password) >= 12
    users = get_user_model().objects
    assert users.get(username="admin").is_superuser
    assert users.get(username="editrice").groups.filter(name="Éditeurs").exists()
    assert users.get(username="moderateur").groups.filter(name="Modérateurs").exists()
    for username in ("admin", "editrice", "moderateur"):
        assert users.get(username=username).check_password(password)

    call_command("ensure_demo_admin", verbosity=0)
    assert (password_dir / ".admin-password").read_text().strip() == password
    assert users.filter(username__in=["admin", "editrice", "moderateur"]).count() == 3


@pytest.mark.django_db
def test_ensure_demo_admin_takes_the_password_from_the_environment(password_dir, monkeypatch, capsys, settings):
    from wagtail.models import Site

    settings.BASE_URL = "http://127.0.0.1:8123"
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "un-mot-de-passe-choisi")
    call_command("ensure_demo_admin")
    assert get_user_model().objects.get(username="editrice").check_password("un-mot-de-passe-choisi")
    output = capsys.readouterr().out
    assert "http://127.0.0.1:8123/admin/" in output
    # The default site moves to BASE_URL with it.
    assert Site.objects.get(is_default_site=True).root_url == "http://127.0.0.1:8123"
    assert "un-mot-de-passe-choisi" in output
