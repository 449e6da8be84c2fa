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
