"""Media on S3, against a real S3 API server (moto's server mode).

The server (`s3_server`) and the `s3` fixture (a fresh bucket per test) live in the root conftest.py.
Covers upload (documents, images), image renditions, document download, the
kit ZIP, and a restricted document that no route serves anonymously.
"""

import io
import zipfile
from urllib.parse import quote

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction

from publications.models import FlyerPage, KitArchive, KitComponent, KitPage

pytestmark = pytest.mark.django_db


def png_bytes():
    buffer = io.BytesIO()
    PILImage.new("RGB", (640, 480), (0, 102, 204)).save(buffer, "PNG")
    return buffer.getvalue()


def streamed(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_storage_is_s3(s3):
    from django.core.files.storage import default_storage

    assert default_storage.bucket_name == s3.name
    assert type(default_storage._wrapped).__name__ == "S3Storage"


def test_document_upload_and_download_through_the_serve_view(s3, client, make_document):
    document = make_document(title="Guide HAD sur S3", pages=2)
    assert document.file.name in s3.keys()
    stored = s3.read(document.file.name)
    assert stored.startswith(b"%PDF") and document.page_count == 2

    response = client.get(document.url)
    assert document.url.startswith("/documents/")
    if response.status_code == 302:  # a redirect may only lead to a signed URL
        assert "X-Amz-Signature=" in response["Location"]
        status, body = s3.fetch(response["Location"])
        assert status == 200 and body == stored
    else:
        assert response.status_code == 200 and streamed(response) == stored


def test_image_upload_and_rendition_are_stored_in_s3(s3):
    image = Image(title="Couverture")
    image.file.save("couverture.png", ImageFile(io.BytesIO(png_bytes()), name="couverture.png"), save=False)
    image.save()
    keys = s3.keys()
    assert image.file.name in keys and image.file.name.startswith("original_images/")

    rendition = image.get_rendition("fill-200x100")
    assert rendition.file.name in s3.keys() and rendition.file.name.startswith("images/")
    assert (rendition.width, rendition.height) == (200, 100)
    assert "X-Amz-Signature=" in rendition.url  # private objects: signed, short-lived URLs
    status, body = s3.fetch(rendition.url)
    assert status == 200 and body.startswith(b"\x89PNG")


@pytest.fixture
def restricted_setup(s3, make_resource, make_document, django_capture_on_commit_callbacks):
    collection = Collection.get_first_root_node().add_child(name="Documents internes")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type=CollectionViewRestriction.LOGIN)
    secret = make_document(title="Note interne S3")
    secret.collection = collection
    secret.save()
    public = make_document(title="Flyer public S3")
    flyer = make_resource(model=FlyerPage, title="Flyer du kit S3", documents=[public, secret])
    kit = make_resource(model=KitPage, title="Kit S3")
    kit.components = [KitComponent(role="flyer", page=flyer), KitComponent(role="modele", document=secret)]
    with django_capture_on_commit_callbacks(execute=True):
        kit.save_revision().publish()
    kit.refresh_from_db()
    return {"secret": secret, "public": public, "flyer": flyer, "kit": kit}


def test_kit_zip_is_stored_in_and_downloads_from_s3(s3, client, restricted_setup):
    archive = KitArchive.objects.get(kit=restricted_setup["kit"])
    assert archive.file.name in s3.keys()
    response = client.get(restricted_setup["kit"].url + "telecharger/")
    assert response.status_code == 200
    body = streamed(response)
    assert body == s3.read(archive.file.name)
    names = zipfile.ZipFile(io.BytesIO(body)).namelist()
    assert names == ["sommaire.txt", "01-flyer-flyer-public-s3.pdf"]


def test_restricted_document_is_unreachable_anonymously_by_every_route(s3, client, restricted_setup):
    secret = restricted_setup["secret"]
    key = secret.file.name
    assert key in s3.keys()  # it is stored, privately

    # Wagtail's serve view: sent to the login page.
    response = client.get(secret.url)
    assert response.status_code == 302 and "/login" in response["Location"]

    # The bucket itself: no anonymous read of a private object.
    status, body = s3.fetch(s3.object_url(key))
    assert status == 403 and not body.startswith(b"%PDF")

    # API v2: neither listed nor served by id.
    listing = client.get("/api/v2/documents/").json()
    assert secret.pk not in [item["id"] for item in listing["items"]]
    assert client.get(f"/api/v2/documents/{secret.pk}/").status_code == 404
    page_api = client.get(f"/api/v2/pages/{restricted_setup['flyer'].pk}/").content.decode()

    # The kit ZIP.
    archive = zipfile.ZipFile(io.BytesIO(streamed(client.get(restricted_setup["kit"].url + "telecharger/"))))
    assert all("note-interne" not in name for name in archive.namelist())
    assert "Note interne S3" not in archive.read("sommaire.txt").decode()

    # Page HTML (resource and kit), API output and search: no storage key, no signed URL.
    outputs = [
        page_api,
        client.get(restricted_setup["flyer"].url).content.decode(),
        client.get(restricted_setup["kit"].url).content.decode(),
        client.get("/recherche/", {"q": "Note interne"}).content.decode(),
        client.get("/api/v2/documents/", {"search": "Note"}).content.decode(),
    ]
    for output in outputs:
        assert key not in output and s3.name not in output and "X-Amz-Signature" not in output


def test_public_document_links_never_expose_the_bucket(s3, client, restricted_setup):
    content = client.get(restricted_setup["flyer"].url).content.decode()
    assert restricted_setup["public"].url in content
    assert restricted_setup["public"].file.name not in content and s3.name not in content


def test_private_documents_on_s3_are_never_handed_out(s3, client, private_content, django_user_model):
    """Each kind of private document (restricted page, password page, private collection): the
    object is private in the bucket, and an anonymous visitor gets neither the file nor a signed URL."""
    docs = private_content["docs"]
    for name in ("members", "password", "collection"):
        document = docs[name]
        key = document.file.name
        assert key in s3.keys()
        status, body = s3.fetch(s3.object_url(quote(key)))  # unsigned GET, no credentials
        assert status == 403 and not body.startswith(b"%PDF"), name
        assert s3.fetch(document.file.url)[0] == 200  # the same object, signed: the key is right
        response = client.get(document.url)
        assert response.status_code in (200, 302), name
        answer = response.get("Location", "") + (response.content.decode() if not response.streaming else "")
        assert not response.streaming and "X-Amz-Signature" not in answer and s3.name not in answer, name
    pages = [private_content["pages"]["public"].url, private_content["kit"].url, "/api/v2/documents/"]
    for url in pages + ["/api/v2/pages/?fields=*", "/flux/ressources/rss.xml"]:
        content = client.get(url).content.decode()
        assert "X-Amz-Signature" not in content and s3.name not in content, url
        for name in ("members", "password", "collection"):
            assert docs[name].file.name not in content, (url, name)
    # Who may download it gets the file through Django, still without a signed URL.
    client.force_login(django_user_model.objects.create_user("adherente", password="x"))
    response = client.get(docs["members"].url)
    assert response.status_code == 200 and streamed(response) == s3.read(docs["members"].file.name)
