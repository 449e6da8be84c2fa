"""Serializer fields for the Wagtail API v2 (see `api_fields` on the resource models).

Kept free of model imports so the models can import them. Each field reads
relations the API view prefetches (publications.api.ResourcePagesAPIViewSet),
so a listing costs a fixed number of queries whatever its length.
"""

from rest_framework import serializers

from core.addresses import absolute_url


def is_public_document(document, request=None):
    """Whether anyone may download it (publications.privacy): the API is a public distribution
    channel, so a private document is never listed there, even for a visitor who could open it."""
    from .privacy import current

    return current(request).is_public(document)


def is_public_page(page):
    from core.models.base import private_sections

    return page.live and not any(page.path.startswith(section) for section in private_sections())


def document_data(document, request=None, label=""):
    return {
        "id": document.pk,
        "title": label or document.title,
        "url": absolute_url(document.url),
        "format": document.format_label,
        "size": document.file_size,
        "page_count": document.page_count,
    }


class TagListField(serializers.Field):
    """A curated vocabulary (themes, audiences) as a list of {name, slug}."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        return [{"name": tag.name, "slug": tag.slug} for tag in getattr(page, self.field_name).all()]


class ResourceDocumentsField(serializers.Field):
    """The resource's downloadable documents: title, url, format, size, page count."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        request = self.context.get("request")
        return [
            document_data(item.document, request, item.label)
            for item in page.documents.all()
            if item.document_id and is_public_document(item.document, request)
        ]


class DocumentField(serializers.Field):
    """A single optional document (webconference slides, tool file)."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, document):
        request = self.context.get("request")
        if not is_public_document(document, request):
            return None
        return document_data(document, request)


class KitComponentsField(serializers.Field):
    """A kit's ordered components: role, and either a resource page or a document."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, kit):
        from .models.resource import in_sort_order

        request = self.context.get("request")
        components = []
        # In editor order; rows added in code have no sort_order, which PostgreSQL returns in any order.
        for component in in_sort_order(kit.components.all()):
            item = {"role": component.role, "role_label": component.get_role_display()}
            if component.page_id:
                page = component.page
                if not is_public_page(page):
                    continue
                item["page"] = {
                    "id": page.pk,
                    "title": page.title,
                    "kind": page.kind,
                    "url": page.get_full_url(request),
                }
            elif component.document_id:
                if not is_public_document(component.document, request):
                    continue
                item["document"] = document_data(component.document, request)
            components.append(item)
        return components
