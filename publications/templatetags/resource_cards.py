"""The one resource card (templates/includes/resource_card.html), for a page or a search hit.

    {% load resource_cards %}
    {% resource_card page %}                                               listings: a vertical card, <h3>
    {% resource_card hit horizontal=True heading_level=2 heading_class="fr-h5" %}   search results

A page (ResourcePage or a subclass) gives its summary, the date it was published and its cover;
a search hit (search.backends: a dict) gives its highlighted snippet, its documents' formats
and its sector. Both become the same fields, which the one template lays out.
"""

from django import template
from django.template.defaultfilters import date as format_date
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from wagtail.templatetags.wagtailcore_tags import pageurl

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
        "detail": f"Publié le {format_date(page.publication_date, 'j F Y')}",
        "image": page.card_image,
    }


def hit_card(hit):
    published = f" · Publié le {format_date(hit['date'], 'j F Y')}" if hit["date"] else ""
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
    }


@register.inclusion_tag("includes/resource_card.html", takes_context=True)
def resource_card(context, resource, horizontal=False, heading_level=3, heading_class=""):
    card = hit_card(resource) if isinstance(resource, dict) else page_card(context, resource)
    card.update(horizontal=horizontal, heading_level=heading_level, heading_class=heading_class)
    return {"card": card}
