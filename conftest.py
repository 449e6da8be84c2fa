"""Fixtures shared by every app's tests."""

import datetime

import pytest
from django.core.files.base import ContentFile


@pytest.fixture
def site_tree(db):
    from home.site_tree import ensure_site_tree

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
