"""Template tags for resource distribution: JSON-LD, feed links, calendar links."""

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from ..structured_data import dumps_for_script, resource_json_ld

register = template.Library()


@register.simple_tag(takes_context=True)
def resource_json_ld_script(context, page):
    """<script type="application/ld+json"> describing a resource (CreativeWork or Event)."""
    payload = dumps_for_script(resource_json_ld(page, context.get("request")))
    # Safe: dumps_for_script escapes "<", ">" and "&", so nothing can close the element.
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308


@register.filter
def is_upcoming(value):
    """True for a datetime still in the future."""
    return bool(value) and value > timezone.now()
