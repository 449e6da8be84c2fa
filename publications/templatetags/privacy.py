"""What a page lists to this visitor: the documents they may download, the kit components they may open.

    {% load privacy %}
    {% if document|may_download:request %}…{% endif %}
    {% for item in page.ordered_documents|downloadable:request %}…{% endfor %}
    {% for component in page.ordered_components|shown_to:request %}…{% endfor %}

Without a request (a page rendered outside a view), only public documents and pages are shown.
"""

from django import template

from ..privacy import current, may_view_page
from ..serializers import is_public_page

register = template.Library()


def _may_download(document, request):
    if document is None:
        return False
    privacy = current(request)
    return privacy.may_download(document, request) if request is not None else privacy.is_public(document)


@register.filter
def may_download(document, request):
    return _may_download(document, request)


@register.filter
def downloadable(items, request):
    """Document links (with `.document`) or documents the visitor may download, in their order."""
    return [item for item in items if _may_download(getattr(item, "document", item), request)]


@register.filter
def shown_to(components, request):
    """Kit components the visitor may open: a page they may view, a document they may download."""
    shown = []
    for component in components:
        if component.page_id:
            page = component.page
            if page.live and (may_view_page(page, request) if request is not None else is_public_page(page)):
                shown.append(component)
        elif _may_download(component.document, request):
            shown.append(component)
    return shown
