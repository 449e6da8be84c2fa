from django.conf import settings


def navigation(request):
    """Site-wide values for the header and footer, without a database query."""
    return {"SITE_NAME": settings.WAGTAIL_SITE_NAME}
