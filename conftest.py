"""Fixtures shared by every app's tests."""

import datetime

import pytest
from django.core.files.base import ContentFile


@pytest.fixture(autouse=True)
def fresh_process_caches():
    """A rolled-back test leaves the cache version where an earlier test cached values: start empty."""
    from django.core.cache import caches

    from core import content_version
    from search import querylog

    content_version.clear()
    for alias in ("default", "search", "pages"):
        caches[alias].clear()
    yield
    content_version.clear()
    querylog.discard_log()  # else written at exit, into a database the test run has dropped


@pytest.fixture
def site_tree(db):
    from core.site_tree import ensure_site_tree

    return ensure_site_tree()


@pytest.fixture
def make_document(db):
    from publications.models import HubDocument
    from publications.pdf import make_pdf

    def make(title="Document de test", pages=3, text="Texte du document."):
        document = HubDocument(title=title)
        document.file.save(f"{title[:40]}.pdf", ContentFile(make_pdf(title, [text], pages)), save=False)
        document.save()
        return document

    return make


@pytest.fixture
def make_resource(site_tree):
    """Create and publish a resource page of any type under its index."""
    from publications.models import Audience, PublicationPage, ResourceDocument, Theme

    def make(model=PublicationPage, parent=None, themes=(), audiences=(), documents=(), **fields):
        fields.setdefault("title", "Ressource de test")
        fields.setdefault("summary", "Un chapô de test.")
        fields.setdefault("publication_date", datetime.date(2024, 5, 1))
        page = model(**fields)
        page.themes.set([Theme.objects.get(slug=slug) for slug in themes])
        page.audiences.set([Audience.objects.get(slug=slug) for slug in audiences])
        page.documents = [ResourceDocument(document=document) for document in documents]
        parent = parent or site_tree["ressources"]
        parent.add_child(instance=page)
        page.save_revision().publish()
        page.refresh_from_db()
        return page

    return make


# --- Media on S3: a real S3 API server (moto's server mode), no mocks -------------------------

S3_REGION = "eu-west-3"


class S3Bucket:
    """One empty bucket on the moto server, with what tests need to look inside it."""

    def __init__(self, endpoint, client, name):
        self.endpoint, self.client, self.name = endpoint, client, name

    def keys(self):
        response = self.client.list_objects_v2(Bucket=self.name)
        return {item["Key"] for item in response.get("Contents", [])}

    def read(self, key):
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def object_url(self, key):
        """The object's plain (unsigned) URL, path-style."""
        return f"{self.endpoint}/{self.name}/{key}"

    @staticmethod
    def fetch(url):
        """GET a URL over real HTTP, outside Django, anonymously (no AWS credentials): (status, body)."""
        import urllib.error
        import urllib.request

        try:
            with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - local moto server
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()


@pytest.fixture(scope="session")
def s3_server():
    """A moto S3 server on a free local port, for the whole test session."""
    import socket

    import boto3
    from moto.server import ThreadedMotoServer

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name=S3_REGION,
    )
    yield {"endpoint": endpoint, "client": client}
    server.stop()


@pytest.fixture
def s3(s3_server, settings):
    """The default storage on a fresh bucket of the moto server, configured as hub/settings/base.py
    does when AWS_STORAGE_BUCKET_NAME is set (private objects, signed URLs). Yields an S3Bucket."""
    import uuid

    from django.test import override_settings

    name = f"anap-media-test-{uuid.uuid4().hex[:12]}"
    # Overriding STORAGES resets Django's storage handler and default_storage (django.test.signals).
    with override_settings(**s3_media_settings(s3_server, name, settings.STORAGES)):
        yield S3Bucket(s3_server["endpoint"], s3_server["client"], name)


def s3_media_settings(s3_server, bucket, storages):
    """Create `bucket` on the moto server; the settings that put the default storage on it."""
    s3_server["client"].create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": S3_REGION})
    return {
        "AWS_STORAGE_BUCKET_NAME": bucket,
        "AWS_S3_ENDPOINT_URL": s3_server["endpoint"],
        "AWS_S3_REGION_NAME": S3_REGION,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_ACL": None,
        "AWS_QUERYSTRING_AUTH": True,
        "AWS_S3_FILE_OVERWRITE": False,
        "STORAGES": {**storages, "default": {"BACKEND": "storages.backends.s3.S3Storage"}},
    }


@pytest.fixture
def let_go_live_pass():
    """Time passing for a scheduled revision, without a clock library (none is in the requirements):
    its approved go-live date, and the date in its content that publishing applies, move to a minute ago."""
    from django.utils import timezone

    def let_pass(revision):
        past = timezone.now() - datetime.timedelta(minutes=1)
        revision.refresh_from_db()
        revision.approved_go_live_at = past
        revision.content["go_live_at"] = past.isoformat()
        revision.save(update_fields=["approved_go_live_at", "content"])

    return let_pass


# --- Private content (publications.privacy): one of each kind of private document -------------

MEMBERS_WORD = "zygopetalum"  # only in the PDF of the members' section
PASSWORD_WORD = "quetzalcoatl"  # only in the PDF of the password page
COLLECTION_WORD = "ornithorynque"  # only in the PDF kept in the private collection


@pytest.fixture
def private_content(make_resource, make_document, site_tree, django_capture_on_commit_callbacks):
    """A members' section (login), a password page and a private collection, each with its PDF,
    a PDF both a public and a restricted page use, and a public kit listing them all."""
    from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

    from publications.models import FichePratiquePage, KitComponent, KitPage, ResourceIndexPage

    members = site_tree["home"].add_child(instance=ResourceIndexPage(title="Espace adhérents", slug="adherents"))
    members.save_revision().publish()
    PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
    collection = Collection.get_first_root_node().add_child(name="Documents internes")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type=CollectionViewRestriction.LOGIN)

    docs = {
        "members": make_document(title="Note aux adhérents", text=f"Compte rendu {MEMBERS_WORD}."),
        "password": make_document(title="Grille tarifaire", text=f"Tarifs {PASSWORD_WORD}."),
        "collection": make_document(title="Note interne", text=f"Analyse {COLLECTION_WORD}."),
        "shared": make_document(title="Guide partagé", text="Guide commun."),
        "public": make_document(title="Flyer public", text="Flyer pour tous."),
    }
    docs["collection"].collection = collection
    docs["collection"].save()
    pages = {
        "members": make_resource(
            title="Compte rendu du bureau", parent=members, documents=[docs["members"], docs["shared"]]
        ),
        "password": make_resource(model=FichePratiquePage, title="Fiche tarifaire", documents=[docs["password"]]),
        "public": make_resource(title="Guide public", documents=[docs["shared"], docs["public"], docs["collection"]]),
    }
    PageViewRestriction.objects.create(
        page=pages["password"], restriction_type=PageViewRestriction.PASSWORD, password="sesame"
    )
    kit = make_resource(model=KitPage, title="Kit adhésion")
    kit.components = [
        KitComponent(role="fiche", page=pages["public"]),
        KitComponent(role="synthese", page=pages["members"]),
        KitComponent(role="autre", page=pages["password"]),
        KitComponent(role="modele", document=docs["collection"]),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        kit.save_revision().publish()
    kit.refresh_from_db()
    return {"docs": docs, "pages": pages, "kit": kit, "section": members, "collection": collection}


@pytest.fixture
def db_worker(settings, monkeypatch):
    """The database task backend (production's), and run() = one `manage.py worker --batch`: every due
    task, in this thread, on the test's connection. Returns how many tasks it ran."""
    from django.db import connection, transaction
    from django_tasks_db.management.commands import db_worker as module

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    if connection.in_atomic_block:  # the test's transaction: the worker must neither nest a BEGIN
        # EXCLUSIVE in it nor close its connection between tasks (as Django's test client does not)
        monkeypatch.setattr(module, "exclusive_transaction", lambda using=None: transaction.atomic(using=using))
        monkeypatch.setattr(module, "close_old_connections", lambda: None)

    def run():
        worker = module.Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
        )
        worker.run()
        return worker._run_tasks

    return run


@pytest.fixture
def smtp(settings):
    """A real SMTP server (aiosmtpd, tests/e2e/mail.py) that Django's SMTP backend sends through."""
    from tests.e2e.mail import SmtpServer

    server = SmtpServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.stop()
