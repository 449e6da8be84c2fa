from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Page
from wagtail.permissions import policy_registry
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Audience, Theme


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = "Thèmes"
    list_display = ["name", "slug"]
    search_fields = ["name"]
    form_fields = ["name", "slug", "description"]


class AudienceViewSet(SnippetViewSet):
    model = Audience
    icon = "group"
    menu_label = "Publics cibles"
    list_display = ["name", "slug"]
    search_fields = ["name"]
    form_fields = ["name", "slug", "description"]


class VocabularyGroup(SnippetViewSetGroup):
    items = (ThemeViewSet, AudienceViewSet)
    menu_icon = "tag"
    menu_label = "Vocabulaires"
    menu_name = "vocabulaires"
    menu_order = 300


register_snippet(VocabularyGroup)


@hooks.register("register_admin_urls")
def register_downloads_report_urls():
    from .reports import DownloadsReportView

    return [
        path("rapports/telechargements/", DownloadsReportView.as_view(), name="publications_downloads_report"),
        path(
            "rapports/telechargements/resultats/",
            DownloadsReportView.as_view(results_only=True),
            name="publications_downloads_report_results",
        ),
    ]


class DownloadsReportMenuItem(MenuItem):
    def is_shown(self, request):
        return policy_registry.get_by_type(Page).user_has_any_permission(request.user, ["publish"])


@hooks.register("register_reports_menu_item")
def register_downloads_report_menu_item():
    return DownloadsReportMenuItem(
        "Téléchargements",
        reverse("publications_downloads_report"),
        name="telechargements",
        icon_name="download",
        order=1300,
    )


@hooks.register("before_serve_document")
def refuse_documents_of_restricted_pages(document, request):
    """Wagtail's own hook checks the document's collection; this one the restricted pages using it
    (publications.privacy): a visitor who may open none of them gets what that page would answer,
    Wagtail's login redirect or password form (which then returns to the file)."""
    from django.http import HttpResponseNotFound
    from wagtail.wagtail_hooks import check_view_restrictions

    from .privacy import current

    page_id = current(request).refusing_page(document, request)
    if page_id is None:
        return None
    page = Page.objects.filter(pk=page_id).first()
    if page is None:  # deleted between two reads: refuse all the same
        return HttpResponseNotFound()
    # Wagtail's on_serve_page check, as if the page were asked for; were it passed after all
    # (the restriction went away meanwhile), the file is still refused this once.
    return check_view_restrictions(lambda *args: HttpResponseNotFound())(page.specific, request, [], {})
