"""Kit ZIP ("Télécharger le kit") and anonymous download statistics."""

import datetime
import io
import re
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.models import Collection, CollectionViewRestriction

from publications.models import DownloadCount, FlyerPage, KitArchive, KitComponent, KitPage, OutilPage
from publications.pdf import make_pdf
from publications.stats import months_ago, most_downloaded

pytestmark = pytest.mark.django_db


@pytest.fixture
def restricted_collection(db):
    collection = Collection.get_first_root_node().add_child(name="Interne")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type=CollectionViewRestriction.LOGIN)
    return collection


@pytest.fixture
def kit(make_resource, make_document, restricted_collection, django_capture_on_commit_callbacks):
    """A published kit: a flyer page (public PDF + restricted PDF), a tool page and a component document."""
    secret = make_document(title="Note interne confidentielle")
    secret.collection = restricted_collection
    secret.save()
    flyer = make_resource(
        model=FlyerPage, title="Flyer en 5 étapes", documents=[make_document(title="Flyer HAD", pages=2), secret]
    )
    tool = make_resource(model=OutilPage, title="Tableau de suivi", tool_url="https://outil.anap.fr/")
    kit = make_resource(model=KitPage, title="Admissions directes en HAD")
    kit.components = [
        KitComponent(role="flyer", page=flyer),
        KitComponent(role="outil", page=tool),
        KitComponent(role="modele", document=make_document(title="Modèle de convention", pages=4)),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        kit.save_revision().publish()
    kit.refresh_from_db()
    return {"kit": kit, "flyer": flyer, "secret": secret}


def zip_of(content):
    return zipfile.ZipFile(io.BytesIO(content))


def download(client, kit):
    response = client.get(kit.url + "telecharger/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    return b"".join(response.streaming_content)


def test_kit_zip_is_built_on_publish_with_files_and_summary(client, kit):
    archive = KitArchive.objects.get(kit=kit["kit"])
    assert archive.file_count == 2 and archive.file.name.startswith("kits/")
    names = zip_of(download(client, kit["kit"])).namelist()
    assert names == ["sommaire.txt", "01-flyer-flyer-had.pdf", "02-modele-modele-de-convention.pdf"]
    summary = zip_of(download(client, kit["kit"])).read("sommaire.txt").decode()
    assert "Kit : Admissions directes en HAD" in summary
    assert "Rôle : Flyer" in summary and "Rôle : Modèle" in summary
    assert "Titre : Modèle de convention" in summary and "4 pages" in summary and "PDF" in summary
    assert "Ressource : Flyer en 5 étapes – http://testserver/ressources/flyer-en-5-" in summary
    assert re.search(r"Format : PDF – [\d,]+ Kio – 2 pages", summary)
    assert "Adresse : http://testserver/ressources/admissions-directes-en-had/" in summary


def test_kit_zip_bytes_are_the_documents(client, kit):
    flyer_document = kit["flyer"].ordered_documents[0].document
    with flyer_document.file.open("rb") as source:
        expected = source.read()
    assert zip_of(download(client, kit["kit"])).read("01-flyer-flyer-had.pdf") == expected


def test_restricted_documents_never_go_into_the_zip(client, kit):
    archive = zip_of(download(client, kit["kit"]))
    assert not any("confidentielle" in name for name in archive.namelist())
    assert "confidentielle" not in archive.read("sommaire.txt").decode()


def test_kit_page_shows_the_download_button_with_the_zip_size(client, kit):
    content = client.get(kit["kit"].url).content.decode()
    assert "Télécharger le kit" in content and kit["kit"].url + "telecharger/" in content
    assert "(ZIP – " in content


def test_zip_is_not_rebuilt_when_nothing_changed(kit, django_capture_on_commit_callbacks):
    before = KitArchive.objects.get(kit=kit["kit"])
    with django_capture_on_commit_callbacks(execute=True):
        kit["kit"].save_revision().publish()
        kit["flyer"].save_revision().publish()
    after = KitArchive.objects.get(kit=kit["kit"])
    assert (after.file.name, after.built_at) == (before.file.name, before.built_at)


def test_zip_is_rebuilt_when_a_component_document_is_replaced(client, kit, django_capture_on_commit_callbacks):
    before = KitArchive.objects.get(kit=kit["kit"])
    document = kit["flyer"].ordered_documents[0].document
    with django_capture_on_commit_callbacks(execute=True):
        document.file.save("flyer-v2.pdf", ContentFile(make_pdf("Flyer v2", ["Nouvelle version."], 5)), save=False)
        document.save()
    after = KitArchive.objects.get(kit=kit["kit"])
    assert after.content_hash != before.content_hash and after.file.name != before.file.name
    assert not before.file.storage.exists(before.file.name)  # the old ZIP is removed
    archive = zip_of(download(client, kit["kit"]))
    assert "01-flyer-flyer-had.pdf" in archive.namelist() and "5 pages" in archive.read("sommaire.txt").decode()


def test_zip_is_rebuilt_when_a_component_page_is_republished(
    client, kit, make_document, django_capture_on_commit_callbacks
):
    from publications.models import ResourceDocument

    flyer = FlyerPage.objects.get(pk=kit["flyer"].pk)
    flyer.documents.add(ResourceDocument(document=make_document(title="Annexe du flyer")))
    with django_capture_on_commit_callbacks(execute=True):
        flyer.save_revision().publish()
    assert KitArchive.objects.get(kit=kit["kit"]).file_count == 3
    assert "02-flyer-annexe-du-flyer.pdf" in zip_of(download(client, kit["kit"])).namelist()


def test_zip_is_rebuilt_when_the_kit_is_republished_with_new_components(
    client, kit, make_document, django_capture_on_commit_callbacks
):
    page = KitPage.objects.get(pk=kit["kit"].pk)
    page.components.add(KitComponent(role="synthese", document=make_document(title="Synthèse nationale")))
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    names = zip_of(download(client, page)).namelist()
    assert names[-1] == "03-synthese-synthese-nationale.pdf"


def test_missing_zip_is_built_on_demand(client, kit):
    KitArchive.objects.all().delete()
    assert len(zip_of(download(client, kit["kit"])).namelist()) == 3
    assert KitArchive.objects.filter(kit=kit["kit"]).count() == 1


# Download statistics


def test_document_download_is_counted_without_personal_data(client, make_document):
    document = make_document(title="Guide HAD")
    for _ in range(3):
        response = client.get(document.url, HTTP_USER_AGENT="Navigateur/1.0", REMOTE_ADDR="203.0.113.7")
        assert response.status_code == 200
    (row,) = DownloadCount.objects.all()
    assert (row.document_id, row.kit_id, row.month, row.count) == (
        document.pk,
        None,
        datetime.date.today().replace(day=1),
        3,
    )
    stored = {field.name for field in DownloadCount._meta.get_fields()}
    assert stored == {"id", "document", "kit", "month", "count"}
    assert "203.0.113.7" not in str(list(DownloadCount.objects.values()))
    assert "sessionid" not in response.cookies and not response.cookies


def test_kit_download_is_counted(client, kit):
    download(client, kit["kit"])
    download(client, kit["kit"])
    assert DownloadCount.objects.get(kit=kit["kit"]).count == 2


def test_restricted_document_download_is_refused_and_not_counted(client, kit):
    response = client.get(kit["secret"].url)
    assert response.status_code == 302 and "/login" in response["Location"]
    assert not DownloadCount.objects.filter(document=kit["secret"]).exists()


def test_increment_is_one_row_per_month(make_document):
    document = make_document()
    DownloadCount.increment(document=document, day=datetime.date(2025, 1, 31))
    DownloadCount.increment(document=document, day=datetime.date(2025, 1, 2))
    DownloadCount.increment(document=document, day=datetime.date(2025, 2, 1))
    assert list(DownloadCount.objects.order_by("month").values_list("month", "count")) == [
        (datetime.date(2025, 1, 1), 2),
        (datetime.date(2025, 2, 1), 1),
    ]


def test_most_downloaded_ranks_resources_over_twelve_months(client, kit, make_resource, make_document, site_tree):
    popular = make_resource(title="Très demandée", documents=[make_document(title="Guide populaire")])
    document = popular.ordered_documents[0].document
    old = make_resource(title="Ancienne vedette", documents=[make_document(title="Vieux guide")])
    DownloadCount.objects.create(document=document, month=months_ago(0), count=10)
    DownloadCount.objects.create(document=document, month=months_ago(11), count=5)
    DownloadCount.objects.create(kit=kit["kit"], month=months_ago(2), count=7)
    DownloadCount.objects.create(document=old.ordered_documents[0].document, month=months_ago(12), count=100)
    ranked = most_downloaded()
    assert [page.title for page in ranked] == ["Très demandée", "Admissions directes en HAD"]
    assert [page.download_total for page in ranked] == [15, 7]

    content = client.get(site_tree["home"].url).content.decode()
    section = content.split("Les plus téléchargées", 1)[1].split('id="thematiques"')[0]
    assert "Très demandée" in section and "Admissions directes en HAD" in section
    assert "Ancienne vedette" not in section  # its downloads are older than twelve months


def test_the_ranking_is_kept_for_a_while_but_pages_are_read_fresh(settings, make_resource, make_document):
    from django.core.cache import cache

    settings.DOWNLOAD_RANKING_CACHE_SECONDS = 600
    cache.clear()
    first = make_resource(title="Première", documents=[make_document(title="Guide A")])
    second = make_resource(title="Seconde", documents=[make_document(title="Guide B")])
    DownloadCount.objects.create(document=first.ordered_documents[0].document, month=months_ago(0), count=9)
    DownloadCount.objects.create(document=second.ordered_documents[0].document, month=months_ago(0), count=3)
    assert [page.title for page in most_downloaded()] == ["Première", "Seconde"]

    DownloadCount.objects.filter(document=second.ordered_documents[0].document).update(count=50)
    assert [page.title for page in most_downloaded()] == ["Première", "Seconde"]  # the ranking of 10 minutes ago
    first.unpublish()
    assert [page.title for page in most_downloaded()] == ["Seconde"]  # but never an unpublished page
    cache.clear()  # 10 minutes later
    assert [page.title for page in most_downloaded()] == ["Seconde"]
    assert most_downloaded()[0].download_total == 50


def test_home_hides_the_section_without_downloads(client, site_tree):
    assert "Les plus téléchargées" not in client.get(site_tree["home"].url).content.decode()


# Admin report


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user(username="moderatrice", password="x")
    user.groups.add(Group.objects.get(name="Modérateurs"))
    return user


def test_downloads_report_for_a_moderator(client, moderator, kit):
    DownloadCount.objects.create(kit=kit["kit"], month=datetime.date(2025, 3, 1), count=4)
    DownloadCount.objects.create(
        document=kit["flyer"].ordered_documents[0].document, month=datetime.date(2025, 3, 1), count=6
    )
    DownloadCount.objects.create(kit=kit["kit"], month=datetime.date(2025, 4, 1), count=1)
    client.force_login(moderator)
    response = client.get("/admin/rapports/telechargements/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Téléchargements" in content and "Mars 2025" in content and "Avril 2025" in content
    assert "Admissions directes en HAD" in content and "Flyer en 5 étapes" in content

    filtered = client.get("/admin/rapports/telechargements/", {"month": "2025-04-01"}).content.decode()
    assert "Avril 2025" in filtered and "Flyer en 5 étapes" not in filtered

    export = client.get("/admin/rapports/telechargements/", {"export": "csv"})
    assert export.status_code == 200
    csv = b"".join(export.streaming_content).decode()
    assert csv.splitlines()[0] == "Mois,Ressource,Téléchargements,Dont kit ZIP"
    assert "2025-03-01,Flyer en 5 étapes,6,0" in csv and "2025-03-01,Admissions directes en HAD,4,4" in csv


def test_downloads_report_is_closed_to_anonymous_and_editors(client, django_user_model, site_tree):
    response = client.get("/admin/rapports/telechargements/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    editor = django_user_model.objects.create_user(username="editeur", password="x")
    editor.groups.add(Group.objects.get(name="Éditeurs"))
    client.force_login(editor)
    assert client.get("/admin/rapports/telechargements/").status_code in (302, 403)
