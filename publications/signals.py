"""Receivers keeping kit archives and download counters up to date (connected in PublicationsConfig.ready)."""

from django.db.models.signals import post_delete, post_save
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


def on_page_restriction_changed(sender, instance, **kwargs):
    """A section became private or public: its kits, the kits listing its pages or holding their
    documents are rebuilt after the commit (a component page's PDF must leave the ZIP at once)."""
    from wagtail.models import Page

    from .kits import kits_affected_by_section, rebuild_kits

    page = Page.objects.filter(pk=instance.page_id).first()  # gone when the page itself is deleted
    if page is not None:
        rebuild_kits(list(kits_affected_by_section(page)))


def on_page_moved(sender, instance, **kwargs):
    """A page moved into or out of a private section: the same kits as for a new restriction."""
    from wagtail.models import Page

    from .kits import kits_affected_by_section, rebuild_kits

    page = Page.objects.filter(pk=instance.pk).first()  # its new path
    if page is not None:
        rebuild_kits(list(kits_affected_by_section(page)))


def on_collection_restriction_changed(sender, instance, **kwargs):
    from wagtail.models import Collection

    from .kits import kits_affected_by_collection, rebuild_kits

    collection = (
        instance if isinstance(instance, Collection) else Collection.objects.filter(pk=instance.collection_id).first()
    )
    if collection is not None and collection.pk:
        rebuild_kits(list(kits_affected_by_collection(collection)))


def on_document_served(sender, instance, request, **kwargs):
    """Sent by Wagtail's serve view once the privacy checks passed: one anonymous download."""
    from .stats import record_document_download

    if request.method == "GET":
        record_document_download(instance)


def connect():
    from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction
    from wagtail.signals import post_page_move

    from .models import HubDocument

    page_published.connect(on_page_published, dispatch_uid="publications_kit_page_published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="publications_kit_page_unpublished")
    post_save.connect(on_document_saved, sender=HubDocument, dispatch_uid="publications_kit_document_saved")
    document_served.connect(on_document_served, dispatch_uid="publications_document_served")
    for signal, name in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(on_page_restriction_changed, sender=PageViewRestriction, dispatch_uid=f"kits_restriction_{name}")
        signal.connect(
            on_collection_restriction_changed,
            sender=CollectionViewRestriction,
            dispatch_uid=f"kits_collection_restriction_{name}",
        )
    post_save.connect(on_collection_restriction_changed, sender=Collection, dispatch_uid="kits_collection_saved")
    post_page_move.connect(on_page_moved, dispatch_uid="kits_page_moved")
