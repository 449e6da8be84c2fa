"""Admin: the synonym snippet, the search report (top and zero-result queries, last 30 days) and the
index's queue on the dashboard."""

import datetime

from django.db.models import Sum
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .index_status import IndexStatusPanel, shown
from .models import QueryLog, Synonym
from .querylog import flush_log


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "list-ul"
    menu_label = "Synonymes de recherche"
    add_to_admin_menu = False
    list_display = ["terms", "updated_at"]
    search_fields = ["terms"]
    form_fields = ["terms"]


register_snippet(SynonymViewSet)


def report_rows(days=30, limit=50):
    flush_log()  # this worker's pending counts
    since = timezone.localdate() - datetime.timedelta(days=days - 1)
    logs = QueryLog.objects.filter(day__gte=since).values("query")
    top = logs.annotate(total=Sum("searches"), zero=Sum("zero_results")).order_by("-total", "query")[:limit]
    zero = (
        logs.annotate(total=Sum("searches"), zero=Sum("zero_results"))
        .filter(zero__gt=0)
        .order_by("-zero", "query")[:limit]
    )
    return list(top), list(zero), since


def search_report(request):
    if not request.user.has_perm("wagtailadmin.access_admin"):
        return permission_denied(request)
    top, zero, since = report_rows()
    return render(request, "search/admin/report.html", {"top": top, "zero": zero, "since": since})


@hooks.register("register_admin_urls")
def register_report_url():
    return [path("reports/recherches/", search_report, name="search_report")]


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return MenuItem("Recherches", reverse("search_report"), icon_name="search", order=900)


@hooks.register("construct_homepage_panels")
def add_index_status_panel(request, panels):
    if shown():
        panels.append(IndexStatusPanel())
