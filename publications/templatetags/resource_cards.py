"""The one resource card (templates/includes/resource_card.html), for a page or a search hit.

    {% load resource_cards %}
    {% resource_card page %}                                               listings: a vertical card, <h3>
    {% resource_card hit horizontal=True heading_level=2 heading_class="fr-h5" %}   search results

A page (ResourcePage or a subclass) gives its summary, the date it was published and its cover;
a search hit (search.backends: a dict) gives its highlighted snippet, its documents' formats
and its sector. Both become the same fields, which the one template lays out.

A type whose status changes with time (an appui terrain's call: resource_types.card_statuses)
adds a badge, read when the card is shown: for a page here, for hits by search.views.run_search
(in one batch, before the cards' HTML is cached under a digest of the hits).
"""

from django import template
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from wagtail.templatetags.wagtailcore_tags import pageurl

from core.dates import date_fr

from ..resource_types import card_statuses

register = template.Library()

DESC_WORDS = 35  # a listing card's summary, cut at this many words


def page_card(context, page):
    return {
        "url": pageurl(context, page),
        "title": page.title,
        "desc": Truncator(page.summary).words(DESC_WORDS, truncate=" …"),
        "kind_label": page.get_kind_display(),
        "formats": (),
        "themes": [theme.name for theme in page.theme_tags],
        "detail": f"Publié le {date_fr(page.publication_date)}",
        "image": page.card_image,
        # Listings hold plain ResourcePage rows: the kind says whose status to ask (no query for most).
        "status": card_statuses([(page.kind, page.pk)]).get(page.pk),
    }


def hit_card(hit):
    published = f" · Publié le {date_fr(hit['date'])}" if hit["date"] else ""
    return {
        "url": hit["url"],
        "title": hit["title"],
        # Escaped by the backend around its <mark> tags (the engine's html encoder, database.highlight).
        "desc": mark_safe(hit["snippet"]),  # noqa: S308
        "kind_label": hit["kind_label"],
        "formats": hit["formats"],
        "themes": hit["themes"],
        "detail": f"{hit['sector_label']}{published}",
        "image": None,
        "status": hit.get("status"),
    }


@register.inclusion_tag("includes/resource_card.html", takes_context=True)
def resource_card(context, resource, horizontal=False, heading_level=3, heading_class=""):
    card = hit_card(resource) if isinstance(resource, dict) else page_card(context, resource)
    card.update(horizontal=horizontal, heading_level=heading_level, heading_class=heading_class)
    return {"card": card}
