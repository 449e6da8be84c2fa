"""Issue 5, "Done when": a kit from upload to download, on real S3, through the admin as people use it.

Media live on a moto S3 server (server mode, real HTTP, see the `s3` fixture in
the root conftest.py). Every step an editor or a moderator clicks goes through
the Wagtail admin views with the admin forms' own POST data:

1. an administrator creates a collection restricted to logged-in users;
   an editor ("Éditeurs") uploads documents with the admin's upload view (one
   into that collection), creates two component resources and submits them,
   then assembles a kit (ordered components: pages and documents, each with a
   role) and submits it to "Relecture" with a go-live date in the near future;
2. a moderator ("Modérateurs") approves the components (live at once) and the
   kit, which is then scheduled, not live: 404 and absent from the feeds, the
   sitemap, the API and search;
3. time passes (the approved go-live date is moved to the past) and
   `publish_scheduled` publishes it, which builds its ZIP into the bucket;
4. anonymous visitors see the kit, its components and "Fait partie du kit",
   download the ZIP, find the kit in the feeds, sitemap and API, and reach the
   restricted document by no route.
"""

import datetime
import io
import re
import xml.etree.ElementTree as ET
import zipfile

import pytest
from django.contrib.auth.models import User
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import Collection, CollectionViewRestriction, Page, Revision, TaskState, WorkflowState
from wagtail.test.utils.form_data import inline_formset

from publications.models import FichePratiquePage, FlyerPage, HubDocument, KitArchive, KitComponent, KitPage
from publications.pdf import make_pdf
from tests.test_admin import member_of, publication_form
from tests.test_editorial import workflow_action_url

pytestmark = pytest.mark.django_db

KIT_TITLE = "Kit Sortie d'hospitalisation"
FICHE_TITLE = "Fiche pratique : préparer la sortie"
FLYER_TITLE = "Flyer : le parcours de sortie"
SECRET_TITLE = "Note interne sur les tarifs"
SECRET_WORD = "xylophagement"  # only in the restricted PDF
COMPONENT_ERROR = "Chaque composant est soit une ressource, soit un document : choisissez-en un seul."
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def streamed(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def upload(client, name, content, collection):
    """The admin's "Ajouter des documents" view: one XHR POST per file, as its JavaScript sends it."""
    response = client.post(
        reverse("wagtaildocs:add_multiple"),
        {
            "files[]": SimpleUploadedFile(name, content),
            "title": name.rsplit(".", 1)[0],
            "collection": collection.pk,
        },
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200, response.content[:500]
    data = response.json()
    assert data["success"], data
    return HubDocument.objects.get(pk=data["doc_id"])


def add_page_url(model_name, parent):
    return f"/admin/pages/add/publications/{model_name}/{parent.pk}/"


def approve(moderator_client, page):
    page = Page.objects.get(pk=page.pk)
    response = moderator_client.post(workflow_action_url(page, "approve"), {"comment": "Validé."})
    assert response.status_code in (200, 302), response.content[:500]


def feed_titles(client, url):
    response = client.get(url)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    if root.tag == f"{ATOM}feed":
        return [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]
    return [item.findtext("title") for item in root.iter("item")]


def sitemap_locations(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return [loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]


def api_kit_ids(client):
    response = client.get("/api/v2/pages/", {"type": "publications.KitPage"})
    assert response.status_code == 200
    return [item["id"] for item in response.json()["items"]]


def search_titles(client, q):
    response = client.get("/api/recherche/", {"q": q})
    assert response.status_code == 200
    return [hit["title"] for hit in response.json()["results"]], response.content.decode()


@pytest.fixture
def people(site_tree):
    admin = User.objects.create_superuser("administratrice", "admin@anap.fr", "motdepasse-de-test")
    return {
        "admin": logged_in(admin),
        "editor": logged_in(member_of("Éditeurs", "editrice")),
        "moderator": logged_in(member_of("Modérateurs", "moderateur")),
    }


def test_kit_journey_from_admin_upload_to_scheduled_publication_and_anonymous_download(
    s3, client, people, site_tree, django_capture_on_commit_callbacks, let_go_live_pass
):
    admin, editor, moderator = people["admin"], people["editor"], people["moderator"]
    ressources = site_tree["ressources"]
    root_collection = Collection.get_first_root_node()

    # --- 0. An administrator creates a collection for members only (admin collection views).
    response = admin.post(
        reverse("wagtailadmin_collections:add"), {"name": "Documents internes", "parent": root_collection.pk}
    )
    assert response.status_code == 302
    internal = Collection.objects.get(name="Documents internes")
    response = admin.post(
        reverse("wagtailadmin_collections:set_privacy", args=(internal.pk,)), {"restriction_type": "login"}
    )
    assert response.status_code == 200 and response.json()["step"] == "set_privacy_done"
    assert CollectionViewRestriction.objects.get(collection=internal).restriction_type == "login"

    # --- 1a. The editor uploads the files through the admin, onto S3.
    fiche_pdf = make_pdf(FICHE_TITLE, ["Préparer la sortie du patient avec l'équipe."], 2)
    flyer_pdf = make_pdf(FLYER_TITLE, ["Le parcours de sortie en une page."], 1)
    secret_pdf = make_pdf(SECRET_TITLE, [f"Tarifs négociés, diffusion interne ({SECRET_WORD})."], 1)
    table_csv = "indicateur;valeur\ndurée moyenne de séjour;4,2\n".encode()
    fiche_doc = upload(editor, "Fiche sortie.pdf", fiche_pdf, root_collection)
    flyer_doc = upload(editor, "Flyer sortie.pdf", flyer_pdf, root_collection)
    table_doc = upload(editor, "Tableau de suivi.csv", table_csv, root_collection)
    secret_doc = upload(editor, f"{SECRET_TITLE}.pdf", secret_pdf, internal)
    assert secret_doc.collection_id == internal.pk and fiche_doc.collection_id == root_collection.pk
    assert fiche_doc.page_count == 2 and fiche_doc.uploaded_by_user.username == "editrice"
    documents = [fiche_doc, flyer_doc, table_doc, secret_doc]
    assert s3.keys() == {document.file.name for document in documents}  # stored in the bucket, nowhere else
    assert s3.read(fiche_doc.file.name) == fiche_pdf and s3.read(secret_doc.file.name) == secret_pdf

    # --- 1b. The editor creates the component resources and submits them; the moderator approves.
    documents_formset = {
        FichePratiquePage: inline_formset([{"document": fiche_doc.pk}, {"document": secret_doc.pk}]),
        FlyerPage: inline_formset([{"document": flyer_doc.pk}]),
    }
    components = {}
    for model, title in ((FichePratiquePage, FICHE_TITLE), (FlyerPage, FLYER_TITLE)):
        data = publication_form(title, documents=documents_formset[model], **{"action-submit": "1"})
        response = editor.post(add_page_url(model._meta.model_name, ressources), data)
        assert response.status_code == 302, response.content.decode()[:2000]
        page = model.objects.get(title=title)
        assert not page.live and page.workflow_in_progress
        approve(moderator, page)
        page.refresh_from_db()
        assert page.live
        components[model] = page
    fiche, flyer = components[FichePratiquePage], components[FlyerPage]

    # --- 1c. The editor assembles the kit: rows in the order added, ORDER as after dragging them.
    go_live_at = (timezone.now() + datetime.timedelta(hours=2)).replace(second=0, microsecond=0)
    kit_form = publication_form(
        KIT_TITLE,
        summary="Tout pour organiser la sortie d'hospitalisation.",
        components=inline_formset(
            [
                {"role": "flyer", "page": flyer.pk, "document": "", "ORDER": "2"},
                {"role": "autre", "page": "", "document": secret_doc.pk, "ORDER": "3"},
                {"role": "fiche", "page": fiche.pk, "document": "", "ORDER": "0"},
                {"role": "outil", "page": "", "document": table_doc.pk, "ORDER": "1"},
            ]
        ),
        # The "Programmer la publication" dialog posts the page form's go_live_at (AdminDateTimeInput,
        # WAGTAIL_DATETIME_FORMAT "%Y-%m-%d %H:%M", in the user's time zone, here Europe/Paris).
        go_live_at=timezone.localtime(go_live_at).strftime("%Y-%m-%d %H:%M"),
        expire_at="",
        **{"action-submit": "1"},
    )
    response = editor.post(add_page_url("kitpage", ressources), kit_form)
    assert response.status_code == 302, response.content.decode()[:2000]
    kit = KitPage.objects.get(title=KIT_TITLE)
    assert not kit.live and kit.workflow_in_progress and kit.go_live_at == go_live_at
    assert [(c.role, c.title) for c in kit.ordered_components()] == [
        ("fiche", FICHE_TITLE),
        ("outil", table_doc.title),
        ("flyer", FLYER_TITLE),
        ("autre", SECRET_TITLE),
    ]

    # --- 2. The moderator approves: scheduled, not live.
    approve(moderator, kit)
    kit.refresh_from_db()
    state = WorkflowState.objects.filter(base_content_type__model="page", object_id=str(kit.pk)).latest("created_at")
    assert state.status == "approved" and state.workflow.name == "Relecture"
    assert state.requested_by.username == "editrice"
    task_state = TaskState.objects.get(workflow_state=state)
    assert (task_state.task.name, task_state.status) == ("Validation par les Modérateurs", "approved")
    assert task_state.finished_by.username == "moderateur"
    revision = kit.latest_revision
    assert revision.approved_go_live_at == go_live_at
    assert not kit.live and kit.go_live_at == go_live_at
    assert client.get(kit.url).status_code == 404
    assert client.get(kit.url + "telecharger/").status_code == 404
    assert FLYER_TITLE in feed_titles(client, "/flux/ressources/rss.xml")  # the feeds work…
    assert KIT_TITLE not in feed_titles(client, "/flux/ressources/rss.xml")  # …without the kit
    assert KIT_TITLE not in feed_titles(client, "/flux/ressources/atom.xml")
    assert feed_titles(client, "/flux/types/kit/rss.xml") == []
    locations = sitemap_locations(client)
    assert any(loc.endswith(flyer.url) for loc in locations)
    assert not any(loc.endswith(kit.url) for loc in locations)
    assert api_kit_ids(client) == []
    assert client.get(f"/api/v2/pages/{kit.pk}/").status_code == 404
    assert KIT_TITLE not in search_titles(client, "sortie d'hospitalisation")[0]
    assert not KitArchive.objects.filter(kit=kit).exists()
    call_command("publish_scheduled", verbosity=0)
    kit.refresh_from_db()
    assert not kit.live, "not before its go-live date"

    # --- 3. Time passes: the approved go-live date moves to one minute ago, as two hours passing would.
    let_go_live_pass(revision)
    # The command runs outside any transaction in production, so its on_commit hooks (the kit ZIP) run.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled", verbosity=0)
    kit = KitPage.objects.get(pk=kit.pk)
    assert kit.live and kit.first_published_at is not None

    # The ZIP was built at publication and stored in the bucket next to the documents, nothing else.
    archive = KitArchive.objects.get(kit=kit)
    assert archive.file.name.startswith("kits/kit-") and archive.file_count == 3
    assert s3.keys() == {document.file.name for document in documents} | {archive.file.name}

    # --- 4. Anonymous visitors.
    response = client.get(kit.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr"' in html and "Contenu du kit" in html and "Télécharger le kit" in html
    assert f'href="{kit.url}telecharger/"' in html
    section = html[html.index("Contenu du kit") : html.index("Télécharger le kit")]
    positions = [section.index(title) for title in (FICHE_TITLE, table_doc.title, FLYER_TITLE)]
    assert positions == sorted(positions), "components in the editor's order"
    assert section.index(">Fiche pratique<") < section.index(">Outil<") < section.index(">Flyer<")  # role badges
    assert "X-Amz-Signature" not in html and s3.name not in html and secret_doc.file.name not in html

    for component in (fiche, flyer):
        page_html = client.get(component.url).content.decode()
        assert f'Fait partie du kit <a href="{kit.url}">{escape(KIT_TITLE)}</a>' in page_html

    # The ZIP: the stored object, streamed; the component files in order, sommaire.txt, no restricted file.
    response = client.get(kit.url + "telecharger/")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == f'attachment; filename="kit-{kit.slug}.zip"'
    body = streamed(response)  # the route streams the stored object through Django (no redirect to S3)
    assert body == s3.read(archive.file.name) and len(body) == archive.file_size
    zip_file = zipfile.ZipFile(io.BytesIO(body))
    assert zip_file.namelist() == [
        "sommaire.txt",
        "01-fiche-fiche-sortie.pdf",
        "02-outil-tableau-de-suivi.csv",
        "03-flyer-flyer-sortie.pdf",
    ]
    assert zip_file.read("01-fiche-fiche-sortie.pdf") == fiche_pdf
    assert zip_file.read("02-outil-tableau-de-suivi.csv") == table_csv
    assert zip_file.read("03-flyer-flyer-sortie.pdf") == flyer_pdf
    summary = zip_file.read("sommaire.txt").decode()
    assert summary.startswith(f"Kit : {KIT_TITLE}\n") and "Contenu (3 fichiers)" in summary
    assert "  Rôle : Fiche pratique\n" in summary and f"  Ressource : {FICHE_TITLE}" in summary
    assert summary.index("01-fiche") < summary.index("02-outil") < summary.index("03-flyer")
    assert SECRET_TITLE not in summary and all(
        SECRET_WORD.encode() not in zip_file.read(n) for n in zip_file.namelist()
    )

    # Feeds, sitemap, API.
    for url in ("/flux/ressources/rss.xml", "/flux/ressources/atom.xml", "/flux/types/kit/atom.xml"):
        assert KIT_TITLE in feed_titles(client, url), url
    assert feed_titles(client, "/flux/types/kit/rss.xml") == [KIT_TITLE]
    assert any(loc.endswith(kit.url) for loc in sitemap_locations(client))
    assert api_kit_ids(client) == [kit.pk]
    listing = client.get("/api/v2/pages/", {"type": "publications.KitPage", "fields": "*"}).json()
    item = listing["items"][0]
    assert item["kind"] == "kit" and item["summary"] == "Tout pour organiser la sortie d'hospitalisation."
    assert item["publication_date"] == "2025-02-03" and item["sector"] == "sanitaire"
    assert [theme["name"] for theme in item["themes"]] == ["Urgences"]
    assert [
        (component["role"], component.get("page", component.get("document", {})).get("title"))
        for component in item["components"]
    ] == [("fiche", FICHE_TITLE), ("outil", table_doc.title), ("flyer", FLYER_TITLE)]
    assert client.get(f"/api/v2/pages/{kit.pk}/").json()["components"] == item["components"]
    assert KIT_TITLE in search_titles(client, "sortie d'hospitalisation")[0]

    # --- The restricted document, anonymously, by every route.
    key = secret_doc.file.name
    # Wagtail's serve view (the URL the kit page and the fiche page link to): the login page.
    response = client.get(secret_doc.url)
    assert response.status_code == 302 and "login" in response["Location"]
    public = client.get(fiche_doc.url)  # while a public document downloads
    assert public.status_code == 200 and streamed(public) == fiche_pdf
    # The bucket: objects are private (AWS_DEFAULT_ACL = None: no public grant) and moto's server
    # refuses an unsigned GET with 403, while a signed URL (only the app can make one) works.
    grants = s3.client.get_object_acl(Bucket=s3.name, Key=key)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert all("URI" not in grant["Grantee"] for grant in grants)  # no AllUsers / AuthenticatedUsers
    status, body = s3.fetch(s3.object_url(key))
    assert status == 403 and not body.startswith(b"%PDF")  # moto answers 403 with an empty body
    assert s3.fetch(default_storage.url(key)) == (200, secret_pdf)
    # API v2 documents: neither listed, searchable nor served by id (the public ones are).
    listed = [item["id"] for item in client.get("/api/v2/documents/").json()["items"]]
    assert sorted(listed) == sorted([fiche_doc.pk, flyer_doc.pk, table_doc.pk])
    assert [item["id"] for item in client.get("/api/v2/documents/", {"search": "Fiche"}).json()["items"]] == [
        fiche_doc.pk
    ]
    assert client.get("/api/v2/documents/", {"search": "Note interne"}).json()["items"] == []
    assert client.get(f"/api/v2/documents/{secret_doc.pk}/").status_code == 404
    fiche_api = client.get(f"/api/v2/pages/{fiche.pk}/").json()
    assert [document["id"] for document in fiche_api["documents"]] == [fiche_doc.pk]
    # Search: no hit, and the resource index document (what OpenSearch gets) holds none of its text.
    for q in (SECRET_TITLE, SECRET_WORD):
        titles, raw = search_titles(client, q)
        assert titles == [] and SECRET_WORD not in raw and key not in raw
    from search.indexing.documents import build_doc

    index_doc = build_doc(FichePratiquePage.objects.get(pk=fiche.pk))
    assert "Préparer la sortie du patient" in index_doc["pdf_text"]
    assert SECRET_WORD not in index_doc["pdf_text"]
    # No page or API output leaks its storage key, the bucket or a signed URL.
    outputs = [
        html,
        client.get(fiche.url).content.decode(),
        client.get(f"/api/v2/pages/{kit.pk}/").content.decode(),
        client.get(f"/api/v2/pages/{fiche.pk}/").content.decode(),
    ]
    for output in outputs:
        assert key not in output and s3.name not in output and "X-Amz-Signature" not in output
    # The ZIP: checked above (no entry, not in sommaire.txt).


@pytest.mark.parametrize(
    "bad_row",
    [
        pytest.param({"role": "modele", "page": "", "document": ""}, id="neither-page-nor-document"),
        pytest.param({"role": "modele", "page": "PAGE", "document": "DOCUMENT"}, id="both"),
    ],
)
def test_an_invalid_component_is_refused_in_french_and_nothing_is_saved(
    people, site_tree, make_resource, make_document, bad_row
):
    flyer = make_resource(model=FlyerPage, title="Flyer existant")
    document = make_document(title="Modèle existant")
    bad_row = {
        **bad_row,
        "page": flyer.pk if bad_row["page"] else "",
        "document": document.pk if bad_row["document"] else "",
    }
    counts = (
        Page.objects.count(),
        KitComponent.objects.count(),
        Revision.objects.count(),
        WorkflowState.objects.count(),
    )

    data = publication_form(
        "Kit incomplet",
        components=inline_formset([{"role": "flyer", "page": flyer.pk, "document": ""}, bad_row]),
        **{"action-submit": "1"},
    )
    response = people["editor"].post(add_page_url("kitpage", site_tree["ressources"]), data)

    assert response.status_code == 200
    content = response.content.decode()
    assert "La page ne peut être créée du fait d&#x27;erreurs de validation." in content
    # Once, on the faulty row (the second inline form), not on the valid one.
    assert content.count(COMPONENT_ERROR) == 1
    assert re.search(
        r'id="inline_child_components-1-panel-content".{0,500}?' + re.escape(COMPONENT_ERROR), content, re.S
    )
    assert 'value="Kit incomplet"' in content  # the editor's input is kept
    assert not KitPage.objects.filter(title="Kit incomplet").exists()
    assert (
        Page.objects.count(),
        KitComponent.objects.count(),
        Revision.objects.count(),
        WorkflowState.objects.count(),
    ) == counts
