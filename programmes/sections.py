"""The home page's "Candidatures ouvertes" block (core.page_sections), read afresh on every request."""

from django.utils import timezone

from .models import ProgrammeIndexPage, ProgrammePage, Status


def open_calls(request):
    now = timezone.now()
    programmes = list(
        ProgrammePage.objects.live()
        .public()
        .filter(applications_open__lte=now, applications_close__gt=now)
        .order_by("applications_close", "pk")[:3]
    )
    if not programmes:
        return None
    return {
        "open_programmes": [(page, Status.OPEN) for page in programmes],
        "programme_index": ProgrammeIndexPage.objects.live().first(),
    }
