from django.conf import settings

MAIN_NAV = [
    ("/ressources/", "Ressources"),
    ("/thematiques/", "Thématiques"),
    ("/bonnes-pratiques/", "Bonnes pratiques"),
    ("/actualites/", "Actualités"),
    ("/recherche/", "Recherche"),
]


def navigation(request):
    """Site-wide values for the header and footer, without a database query."""
    return {"SITE_NAME": settings.WAGTAIL_SITE_NAME, "MAIN_NAV": MAIN_NAV}
