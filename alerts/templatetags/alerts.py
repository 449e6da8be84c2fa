"""The entry points of the alerts in other apps' templates: the theme page's form, the search's link."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from ..forms import SubscribeForm

register = template.Library()


@register.simple_tag
def subscribe_form():
    return SubscribeForm()


@register.simple_tag
def alert_link(params):
    """/alertes/nouvelle/?<the search's filters> (and its words, which the page says are left out);
    "" without filters."""
    if params is None or not params.has_filters:
        return ""
    pairs = [(name, value) for name, values in params.filters.items() for value in values]
    if params.q:
        pairs.append(("q", params.q))
    return f"{reverse('alerts:subscribe')}?{urlencode(pairs)}"
