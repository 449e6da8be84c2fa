"""Private documents stay private by every route (publications.privacy), anonymously.

The `private_content` fixture (root conftest.py) holds a members' section (login), a password
page, a private collection, a PDF used by both a public and a restricted page, and a public kit.
Search on the engine, S3 and Chromium have their own files (search/tests, test_s3.py, tests/e2e).
"""

import io
import json
import re
import zipfile

import pytest
from django.contrib.auth.models import Group, User
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from conftest import COLLECTION_WORD, MEMBERS_WORD, PASSWORD_WORD
from publications.models import DownloadCount, HubDocument, OutilPage, PublicationPage, WebconferencePage
from publications.privacy import Privacy

pytestmark = pytest.mark.django_db

PRIVATE = ("members", "password", "collection")


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def zip_names(client, kit):
    response = client.get(kit.url + "telecharger/")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(body(response)))
    return archive.namelist(), archive.read("sommaire.txt").decode()


@pytest.fixture
def member(db):
    return User.objects.create_user("adherente", password="x")


# --- The rule -------------------------------------------------------------------------------------


def test_the_rule_restricted_pages_and_private_collections_make_documents_private(private_content):
    docs = private_content["docs"]
    privacy = Privacy.compute()
    assert {name for name, doc in docs.items() if not privacy.is_public(doc)} == set(PRIVATE)
    # Used by a restricted page and by a live public page: the public page publishes it.
    assert privacy.is_public(docs["shared"])


def test_a_document_shared_with_a_public_page_turns_private_when_that_page_is_unpublished(private_content):
    docs, pages = private_content["docs"], private_content["pages"]
    pages["public"].unpublish()
    assert not Privacy.compute().is_public(docs["shared"])  # now only the members' page uses it
    pages["public"].save_revision().publish()
    assert Privacy.compute().is_public(docs["shared"])


def test_every_field_that_uses_a_document_counts(make_resource, make_document, site_tree):
    """Wagtail's ReferenceIndex: tool file, slides, a StreamField document block, a rich text link."""
    tool_file, slides, block_doc, linked = (make_document(title=t) for t in ("Outil", "Support", "Bloc", "Lien"))
    tool = make_resource(model=OutilPage, title="Outil privé", tool_file=tool_file)
    webconf = make_resource(model=WebconferencePage, title="Webconférence privée", slides=slides)
    page = make_resource(
        model=PublicationPage,
        title="Publication privée",
        body=json.dumps(
            [
                {"type": "document", "value": {"document": block_doc.pk, "title": "", "description": ""}},
                {"type": "paragraph", "value": f'<p><a linktype="document" id="{linked.pk}">lien</a></p>'},
            ]
        ),
    )
    assert all(Privacy.compute().is_public(doc) for doc in (tool_file, slides, block_doc, linked))
    for restricted in (tool, webconf, page):
        PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    privacy = Privacy.compute()
    assert not any(privacy.is_public(doc) for doc in (tool_file, slides, block_doc, linked))


# --- The file URL (Wagtail's serve view, WAGTAILDOCS_SERVE_METHOD = "serve_view") -------------------


def test_file_urls_refuse_private_documents_anonymously(client, private_content):
    docs = private_content["docs"]
    for name in ("members", "collection"):
        response = client.get(docs[name].url)
        assert response.status_code == 302, name
        assert "login" in response["Location"] and "X-Amz" not in response["Location"]
    # The password page's document: the page's password form, not the file.
    response = client.get(docs["password"].url)
    assert response.status_code == 200
    content = response.content.decode()
    assert not content.startswith("%PDF") and 'name="password"' in content
    for name in ("shared", "public"):
        response = client.get(docs[name].url)
        assert response.status_code == 200 and body(response).startswith(b"%PDF"), name
    # Refused downloads are not counted.
    counted = set(DownloadCount.objects.values_list("document_id", flat=True))
    assert counted == {docs["shared"].pk, docs["public"].pk}


def test_who_passes_the_restriction_downloads_the_file(client, private_content, member):
    docs = private_content["docs"]
    client.force_login(member)
    for name in ("members", "collection", "shared"):
        response = client.get(docs[name].url)
        assert response.status_code == 200 and body(response).startswith(b"%PDF"), name
    client.logout()
    # The password: Wagtail's form for the page, then back to the file.
    form = client.get(docs["password"].url).content.decode()
    action = re.search(r'<form method="post" action="([^"]+)"', form).group(1)  # not the header's search form
    response = client.post(action, {"password": "sesame", "return_url": docs["password"].url})
    assert response.status_code == 302 and response["Location"] == docs["password"].url
    response = client.get(docs["password"].url)
    assert response.status_code == 200 and body(response).startswith(b"%PDF")


def test_a_group_restriction_lets_only_its_members_download(client, private_content, member):
    restriction = PageViewRestriction.objects.get(page=private_content["section"])
    restriction.restriction_type = PageViewRestriction.GROUPS
    restriction.save()
    group = Group.objects.create(name="Adhérents")
    restriction.groups.set([group])
    url = private_content["docs"]["members"].url
    client.force_login(member)
    assert client.get(url).status_code == 302
    member.groups.add(group)
    assert client.get(url).status_code == 200


def test_a_new_restriction_applies_to_the_next_request_with_the_page_memo(client, private_content):
    """The privacy is kept under the content version: every restriction moves it."""
    public = private_content["docs"]["public"]
    assert client.get(public.url).status_code == 200
    restriction = PageViewRestriction.objects.create(
        page=private_content["pages"]["public"], restriction_type=PageViewRestriction.LOGIN
    )
    # The flyer is used by that page only: private now.
    assert client.get(public.url).status_code == 302
    restriction.delete()
    assert client.get(public.url).status_code == 200
    private = CollectionViewRestriction.objects.create(
        collection=Collection.get_first_root_node(), restriction_type=CollectionViewRestriction.LOGIN
    )
    assert client.get(public.url).status_code == 302
    assert public.title not in client.get("/api/v2/documents/").content.decode()
    private.delete()
    assert client.get(public.url).status_code == 200


def test_moving_a_document_into_the_private_collection_applies_at_once(client, private_content):
    public = private_content["docs"]["public"]
    client.get(private_content["pages"]["public"].url)  # fills the page memo
    public.collection = private_content["collection"]
    public.save()
    assert client.get(public.url).status_code == 302
    assert public.title not in client.get(private_content["pages"]["public"].url).content.decode()


# --- The API ----------------------------------------------------------------------------------------


def test_the_api_lists_and_serves_no_private_document(client, private_content):
    docs, pages = private_content["docs"], private_content["pages"]
    listed = {item["id"] for item in client.get("/api/v2/documents/").json()["items"]}
    assert listed == {docs["shared"].pk, docs["public"].pk}
    for name in PRIVATE:
        assert client.get(f"/api/v2/documents/{docs[name].pk}/").status_code == 404
        found = client.get("/api/v2/documents/", {"search": docs[name].title}).json()["items"]
        assert docs[name].pk not in [item["id"] for item in found]
    # Embedded in page responses: the public page without the collection's PDF, restricted pages absent.
    detail = client.get(f"/api/v2/pages/{pages['public'].pk}/").json()
    assert [d["id"] for d in detail["documents"]] == [docs["shared"].pk, docs["public"].pk]
    for name in ("members", "password"):
        assert client.get(f"/api/v2/pages/{pages[name].pk}/").status_code == 404
    kit = client.get(f"/api/v2/pages/{private_content['kit'].pk}/").json()
    assert [c["page"]["id"] for c in kit["components"] if "page" in c] == [pages["public"].pk]
    assert not [c for c in kit["components"] if "document" in c]
    everything = client.get("/api/v2/pages/", {"fields": "*"}).content.decode()
    for name in PRIVATE:
        assert docs[name].url not in everything and docs[name].title not in everything


# --- Pages: not listed to who may not download -------------------------------------------------------


def test_public_pages_do_not_list_private_documents_anonymously(client, private_content):
    docs, kit = private_content["docs"], private_content["kit"]
    for page in (private_content["pages"]["public"], kit):
        content = client.get(page.url).content.decode()
        for name in PRIVATE:
            assert docs[name].url not in content and docs[name].title not in content, (page.title, name)
        assert "/_util/login/" not in content and "/admin/login" not in content
    content = client.get(private_content["pages"]["public"].url).content.decode()
    assert docs["shared"].url in content and docs["public"].url in content
    kit_page = client.get(kit.url).content.decode()
    assert "Compte rendu du bureau" not in kit_page and "Fiche tarifaire" not in kit_page
    assert "Guide public" in kit_page


def test_who_may_download_still_sees_them(client, private_content, member):
    docs, pages = private_content["docs"], private_content["pages"]
    client.force_login(member)
    content = client.get(pages["public"].url).content.decode()
    assert docs["collection"].url in content  # the login restriction of the collection is passed
    content = client.get(pages["members"].url).content.decode()
    assert docs["members"].url in content and docs["shared"].url in content
    kit_page = client.get(private_content["kit"].url).content.decode()
    assert "Compte rendu du bureau" in kit_page and docs["collection"].url in kit_page
    assert "Fiche tarifaire" not in kit_page  # the password is not passed


def test_json_ld_and_feeds_carry_no_private_document(client, private_content):
    docs = private_content["docs"]
    outputs = [client.get(private_content["pages"]["public"].url).content.decode()]
    for url in ("/flux/ressources/rss.xml", "/flux/ressources/atom.xml", "/flux/types/fiche-pratique/rss.xml"):
        response = client.get(url)
        assert response.status_code == 200
        outputs.append(response.content.decode())
        assert "Compte rendu du bureau" not in outputs[-1] and "Fiche tarifaire" not in outputs[-1]
    for output in outputs:
        for name in PRIVATE:
            assert docs[name].url not in output, name
    assert "/documents/" not in "".join(outputs[1:])  # no enclosure in the feeds


def test_database_search_has_no_hit_and_no_snippet_of_private_text(client, private_content, settings):
    settings.SEARCH_URL = ""
    pages, docs = private_content["pages"], private_content["docs"]
    for word in (MEMBERS_WORD, PASSWORD_WORD, COLLECTION_WORD, "Compte rendu du bureau", "Fiche tarifaire"):
        assert client.get("/api/recherche/", {"q": word}).json()["count"] == 0, word
        content = client.get("/recherche/", {"q": word}).content.decode()
        for name in ("members", "password"):
            assert pages[name].url not in content
        for name in PRIVATE:
            assert docs[name].url not in content


# --- The kit ZIP, and changes of restriction ---------------------------------------------------------


def test_the_public_kit_zip_holds_public_files_only(client, private_content):
    names, summary = zip_names(client, private_content["kit"])
    assert names == ["sommaire.txt", "01-fiche-guide-partage.pdf", "02-fiche-flyer-public.pdf"]
    for title in ("Note aux adhérents", "Grille tarifaire", "Note interne", "Compte rendu du bureau"):
        assert title not in summary


def test_restricting_a_component_page_rebuilds_the_zip(client, private_content, django_capture_on_commit_callbacks):
    kit, page = private_content["kit"], private_content["pages"]["public"]
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    # Its only public files were that page's: the kit offers no ZIP any more (not one of sommaire.txt alone).
    assert client.get(kit.url + "telecharger/").status_code == 404
    assert "telecharger/" not in client.get(kit.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert zip_names(client, kit)[0] == ["sommaire.txt", "01-fiche-guide-partage.pdf", "02-fiche-flyer-public.pdf"]


def test_moving_a_component_page_under_a_restricted_section_rebuilds_the_zip(
    client, private_content, django_capture_on_commit_callbacks
):
    kit, page = private_content["kit"], private_content["pages"]["public"]
    with django_capture_on_commit_callbacks(execute=True):
        page.move(private_content["section"], pos="last-child")
    assert client.get(kit.url + "telecharger/").status_code == 404
    assert client.get(private_content["docs"]["public"].url).status_code == 302


def test_collection_privacy_changes_rebuild_the_zip(
    client, private_content, site_tree, django_capture_on_commit_callbacks
):
    kit, docs = private_content["kit"], private_content["docs"]
    restriction = CollectionViewRestriction.objects.get(collection=private_content["collection"])
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    names = zip_names(client, kit)[0]
    assert "03-fiche-note-interne.pdf" in names  # through the public page, the first component
    with django_capture_on_commit_callbacks(execute=True):
        CollectionViewRestriction.objects.create(
            collection=private_content["collection"], restriction_type=CollectionViewRestriction.PASSWORD, password="x"
        )
    assert all("note-interne" not in name for name in zip_names(client, kit)[0])
    # Moving a document into the private collection.
    with django_capture_on_commit_callbacks(execute=True):
        docs["public"].collection = private_content["collection"]
        docs["public"].save()
    assert zip_names(client, kit)[0] == ["sommaire.txt", "01-fiche-guide-partage.pdf"]


def test_a_restricted_kit_zip_holds_what_its_visitors_may_open(
    client, private_content, make_resource, make_document, member, django_capture_on_commit_callbacks
):
    from publications.models import KitComponent, KitPage

    own = make_document(title="Annexe adhérents")
    kit = make_resource(model=KitPage, title="Kit des adhérents", parent=private_content["section"])
    kit.components = [
        KitComponent(role="synthese", page=private_content["pages"]["members"]),
        KitComponent(role="modele", document=own),
        KitComponent(role="autre", page=private_content["pages"]["password"]),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        kit.save_revision().publish()
    assert client.get(kit.url + "telecharger/").status_code == 302  # the kit's own restriction
    client.force_login(member)
    names, _ = zip_names(client, kit)
    # The members' files are open to every visitor of this kit; the password page's are not.
    assert names == [
        "sommaire.txt",
        "01-synthese-note-aux-adherents.pdf",
        "02-synthese-guide-partage.pdf",
        "03-modele-annexe-adherents.pdf",
    ]
    assert not Privacy.compute().is_public(HubDocument.objects.get(pk=own.pk))
