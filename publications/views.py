"""Distribution views: robots.txt and the webconference .ics export."""

from urllib.parse import urlsplit

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from core.addresses import absolute_url, site_address

from .ics import webconference_ics
from .models import WebconferencePage


@require_GET
def robots_txt(request):
    return render(
        request,
        "robots.txt",
        {"sitemap_url": absolute_url(reverse("sitemap"))},
        content_type="text/plain; charset=utf-8",
    )


@require_GET
def webconference_calendar(request, page_id):
    """/webconferences/<id>.ics: the live session, for any live public webconference with a date.

    Served whether the session is past or future, so a shared link never breaks;
    the page only offers the link for upcoming sessions.
    """
    page = WebconferencePage.objects.live().public().filter(pk=page_id).first()
    if page is None or page.event_start is None:
        raise Http404("Webconférence introuvable")
    url = page.get_full_url(request)
    response = HttpResponse(
        webconference_ics(page, url, host=urlsplit(url).hostname or site_address()[0]),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="webconference-{page.pk}.ics"'
    return response
