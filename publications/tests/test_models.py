import pytest
from django.core.exceptions import ValidationError

from bonnes_pratiques.models import BonnePratiquePage
from home.models import ActualitePage, HomePage
from publications.models import (
    Audience,
    FichePratiquePage,
    FlyerPage,
    KitComponent,
    KitPage,
    OutilPage,
    PublicationPage,
    ResourceIndexPage,
    ResourcePage,
    Theme,
    WebconferencePage,
)

RESOURCE_TYPES = [PublicationPage, FichePratiquePage, FlyerPage, WebconferencePage, OutilPage, KitPage]


@pytest.mark.django_db
class TestVocabularies:
    def test_seeded_with_the_real_lists(self):
        assert Theme.objects.filter(name="Hospitalisation à domicile (HAD)").exists()
        assert Theme.objects.filter(name="Grand âge et EHPAD").exists()
        assert Audience.objects.filter(name="Médecins coordonnateurs d'EHPAD").exists()
        assert Theme.objects.count() >= 16 and Audience.objects.count() >= 10

    def test_editors_cannot_type_free_tags(self):
        assert Theme.free_tagging is False and Audience.free_tagging is False

    def test_counts_only_live_resources(self, make_resource):
        make_resource(title="A", themes=["urgences"])
        draft = make_resource(title="B", themes=["urgences"])
        draft.unpublish()
        counts = {theme.slug: theme.resource_count for theme in Theme.objects.with_counts()}
        assert counts == {"urgences": 1}

    def test_the_home_page_counts_follow_every_publish_and_unpublish(self, make_resource, client, site_tree):
        def home_counts():
            return {theme.slug: theme.resource_count for theme in client.get("/").context["themes"]}

        first = make_resource(title="A", themes=["urgences"])
        assert home_counts() == {"urgences": 1}
        assert home_counts() == {"urgences": 1}  # kept in the process until the content changes…
        second = make_resource(title="B", themes=["urgences", "numerique"])
        assert home_counts() == {"urgences": 2, "numerique": 1}  # …such as a publish
        second.unpublish()
        assert home_counts() == {"urgences": 1}
        first.delete()
        assert home_counts() == {}


class TestPageTreeRules:
    @pytest.mark.parametrize("model", RESOURCE_TYPES)
    def test_resources_live_only_in_the_resource_centre(self, model):
        assert model.allowed_parent_page_models() == [ResourceIndexPage]

    def test_the_abstract_resource_is_not_creatable(self):
        assert ResourcePage.is_creatable is False

    def test_bonne_pratique_lives_under_its_index(self):
        assert [m.__name__ for m in BonnePratiquePage.allowed_parent_page_models()] == ["BonnePratiqueIndexPage"]

    def test_home_takes_only_the_sections_and_the_information_pages(self):
        names = {m.__name__ for m in HomePage.allowed_subpage_models()}
        sections = {"ResourceIndexPage", "ThemeIndexPage", "BonnePratiqueIndexPage", "ActualiteIndexPage"}
        assert names == sections | {"InformationPage", "SiteMapPage"}

    def test_news_live_under_the_news_index(self):
        assert [m.__name__ for m in ActualitePage.allowed_parent_page_models()] == ["ActualiteIndexPage"]

    @pytest.mark.django_db
    def test_a_resource_cannot_be_created_under_home(self, site_tree):
        assert not PublicationPage.can_create_at(site_tree["home"])
        assert PublicationPage.can_create_at(site_tree["ressources"])


@pytest.mark.django_db
class TestResources:
    @pytest.mark.parametrize("model", [m for m in RESOURCE_TYPES if m is not OutilPage])
    def test_kind_is_set_from_the_type(self, make_resource, model):
        page = make_resource(model=model, title=f"Une {model.__name__}")
        assert ResourcePage.objects.get(pk=page.pk).kind == model.kind_key

    def test_pdf_page_count_is_read_on_upload_and_replacement(self, make_document):
        document = make_document(pages=7)
        assert document.page_count == 7 and document.file_size > 0
        from django.core.files.base import ContentFile

        from publications.pdf import make_pdf

        document.file.save("remplacement.pdf", ContentFile(make_pdf("Nouveau", ["x"], 2)))
        document.refresh_from_db()
        assert document.page_count == 2

    def test_a_broken_pdf_gets_no_page_count_and_no_crash(self, db):
        from django.core.files.base import ContentFile

        from publications.models import HubDocument

        document = HubDocument(title="Cassé")
        document.file.save("casse.pdf", ContentFile(b"%PDF-1.4 not really"), save=False)
        document.save()
        assert document.page_count is None

    def test_related_resources_hand_picked_first_then_shared_themes(self, make_resource):
        from publications.models import RelatedResource

        chosen = make_resource(title="Choisie", themes=["finances"])
        two_shared = make_resource(title="Deux thèmes communs", themes=["urgences", "hospitalisation-a-domicile-had"])
        one_shared = make_resource(title="Un thème commun", themes=["urgences"])
        make_resource(title="Sans rapport", themes=["achats"])
        page = make_resource(title="Page", themes=["urgences", "hospitalisation-a-domicile-had"])
        page.related_links = [RelatedResource(resource=chosen)]
        page.save_revision().publish()
        titles = [r.title for r in ResourcePage.objects.get(pk=page.pk).related_resources()]
        assert titles == [chosen.title, two_shared.title, one_shared.title]

    def test_component_pages_know_their_kits(self, make_resource, make_document):
        flyer = make_resource(model=FlyerPage, title="Le flyer")
        kit = make_resource(model=KitPage, title="Le kit")
        kit.components = [
            KitComponent(role="flyer", page=flyer),
            KitComponent(role="modele", document=make_document(title="Modèle")),
        ]
        kit.save_revision().publish()
        assert [k.title for k in flyer.kits()] == ["Le kit"]
        assert [c.title for c in kit.ordered_components()] == ["Le flyer", "Modèle"]

    def test_a_kit_component_is_a_page_or_a_document_not_both(self, make_resource, make_document):
        flyer = make_resource(model=FlyerPage)
        with pytest.raises(ValidationError):
            KitComponent(role="flyer").clean()
        with pytest.raises(ValidationError):
            KitComponent(role="flyer", page=flyer, document=make_document()).clean()
        KitComponent(role="flyer", page=flyer).clean()

    def test_a_tool_needs_a_link_or_a_file(self):
        with pytest.raises(ValidationError) as error:
            OutilPage(title="Outil", summary="x").clean()
        assert "lien" in str(error.value)
