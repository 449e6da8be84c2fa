"""Receivers keeping kit archives and download counters up to date (connected in PublicationsConfig.ready)."""

from django.db.models.signals import post_save
from wagtail.documents.models import document_served
from wagtail.signals import page_published, page_unpublished


def on_page_published(sender, instance, **kwargs):
    from .kits import kits_using_page, rebuild_kits
    from .models import KitPage, ResourcePage

    if isinstance(instance, KitPage):
        rebuild_kits([instance])
    elif isinstance(instance, ResourcePage):
        rebuild_kits(kits_using_page(instance))


def on_page_unpublished(sender, instance, **kwargs):
    from .kits import kits_using_page, rebuild_kits
    from .models import KitPage, ResourcePage

    if isinstance(instance, ResourcePage) and not isinstance(instance, KitPage):
        rebuild_kits(kits_using_page(instance))


def on_document_saved(sender, instance, created, raw=False, **kwargs):
    """A replaced file, a new title or a move to a restricted collection changes the kits' ZIPs.

    The content hash makes this a no-op for kits whose inputs did not change.
    """
    if raw or created:
        return
    from .kits import kits_using_document, rebuild_kits

    rebuild_kits(kits_using_document(instance))


def on_document_served(sender, instance, request, **kwargs):
    """Sent by Wagtail's serve view once the privacy checks passed: one anonymous download."""
    from .stats import record_document_download

    if request.method == "GET":
        record_document_download(instance)


def connect():
    from .models import HubDocument

    page_published.connect(on_page_published, dispatch_uid="publications_kit_page_published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="publications_kit_page_unpublished")
    post_save.connect(on_document_saved, sender=HubDocument, dispatch_uid="publications_kit_document_saved")
    document_served.connect(on_document_served, dispatch_uid="publications_document_served")
