"""Index updates Wagtail's search signals do not cover: page moves (descendants' URLs change),
view restrictions (a private section's resources leave the index, and come back) and collection
privacy (the text of a private collection's documents leaves the pages that list them)."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction
from wagtail.signals import post_page_move


def reindex_section(page):
    """Reload a page and its descendants: their URLs or their visibility changed."""
    from publications.models import ResourcePage

    from .sync import record

    record(set(ResourcePage.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True)))


def page_moved(sender, instance, **kwargs):
    reindex_section(instance)


def restriction_changed(sender, instance, **kwargs):
    from wagtail.models import Page

    page = Page.objects.filter(pk=instance.page_id).first()  # gone when the page itself is deleted
    if page is not None:
        reindex_section(page)


def refresh_fallback_index(page_ids):
    """Wagtail's database index (the fallback) holds the pages' public PDF text as well
    (ResourcePage.public_pdf_text): written again, in the transaction that changed the privacy."""
    from wagtail.search.backends import get_search_backend

    from publications.models import ResourcePage

    if not page_ids:
        return
    backend = get_search_backend("default")
    for page in ResourcePage.objects.filter(pk__in=page_ids).specific():
        backend.add(page)


def collection_privacy_changed(sender, instance, **kwargs):
    """The pages listing a document of the collection, or of one below it, are indexed again."""
    from publications.models import ResourceDocument

    from .sync import record

    collection = instance if isinstance(instance, Collection) else None
    if collection is None:
        collection = Collection.objects.filter(pk=instance.collection_id).first()
    if collection is None or not collection.pk:
        return
    subtree = Collection.objects.descendant_of(collection, inclusive=True)
    pages = set(ResourceDocument.objects.filter(document__collection__in=subtree).values_list("page_id", flat=True))
    record(pages)
    refresh_fallback_index(pages)


def document_saved(sender, instance, **kwargs):
    """A document moved to another collection (perhaps a private one), or replaced: the fallback's
    index of the pages listing it follows (the engine's follows through search.indexing.wagtail_backend)."""
    from publications.models import ResourceDocument

    refresh_fallback_index(set(ResourceDocument.objects.filter(document=instance).values_list("page_id", flat=True)))


def connect():
    post_page_move.connect(page_moved, dispatch_uid="search.page_moved")
    post_save.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid="search.restriction_saved")
    post_delete.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid="search.restriction_deleted")
    for signal, name in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(
            collection_privacy_changed,
            sender=CollectionViewRestriction,
            dispatch_uid=f"search.collection_restriction_{name}",
        )
    post_save.connect(collection_privacy_changed, sender=Collection, dispatch_uid="search.collection_saved")
    from publications.models import HubDocument

    post_save.connect(document_saved, sender=HubDocument, dispatch_uid="search.document_saved_fallback")
