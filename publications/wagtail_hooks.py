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
