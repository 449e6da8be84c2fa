"""Public views of the applications: the form, its confirmation and the private follow-up page."""

import logging

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods

from core import ratelimit

from . import services
from .forms import ApplicationForm
from .models import Application, ProgrammePage, Status

logger = logging.getLogger("hub")

POST_LIMIT = 30  # attempts (valid or not) per client per hour
APPLY_LIMIT = 5  # applications stored per client per hour
SESSION_KEY = "programmes_last_application"
ALREADY_APPLIED = "Une candidature a déjà été déposée pour ce numéro FINESS à cet appui terrain."


def _limit(name, default):
    return getattr(settings, name, default)


def _private(response):
    """Reached by a private link or holding personal data: never cached, never indexed, no Referer to others."""
    add_never_cache_headers(response)
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _programme(page_id):
    page = ProgrammePage.objects.live().public().filter(pk=page_id).first()
    if page is None:
        raise Http404("Appui terrain introuvable.")
    return page


def too_many_requests(request, programme):
    response = render(request, "programmes/429.html", {"programme": programme}, status=429)
    response["Retry-After"] = "3600"
    return response


@require_http_methods(["GET", "POST"])
def apply(request, page_id):
    programme = _programme(page_id)
    now = timezone.now()
    context = {"programme": programme, "status": programme.status_at(now)}
    if not programme.is_open(now):
        # Says so and accepts nothing: a POST after the close is answered like a GET.
        status = 410 if request.method == "POST" else 200
        return _private(render(request, "programmes/closed.html", context, status=status))
    if request.method == "POST":
        if ratelimit.is_limited(request, "apply", _limit("PROGRAMMES_APPLY_LIMIT", APPLY_LIMIT)) or not ratelimit.take(
            request, "apply-post", _limit("PROGRAMMES_POST_LIMIT", POST_LIMIT)
        ):
            return too_many_requests(request, programme)
        form = ApplicationForm(request.POST, request.FILES, programme=programme)
        valid = form.is_valid()
        if form.is_spam:
            logger.info("Programmes: honeypot filled, application dropped.")
            return _private(render(request, "programmes/received.html", {**context, "application": None}))
        if valid and not ratelimit.take(request, "apply", _limit("PROGRAMMES_APPLY_LIMIT", APPLY_LIMIT)):
            return too_many_requests(request, programme)
        if valid:
            try:
                application = services.create_application(
                    programme, form.application_data(), form.cleaned_data["letter"], form.checked_letter
                )
            except services.WindowClosed:
                context["status"] = programme.status_at()
                return _private(render(request, "programmes/closed.html", context, status=410))
            except services.AlreadyApplied:
                form.add_error(
                    "finess", "Une candidature a déjà été déposée pour ce numéro FINESS à cet appui terrain."
                )
            else:
                request.session[SESSION_KEY] = application.token
                return redirect("programmes:received")
    else:
        form = ApplicationForm(programme=programme)
    form.describe_fields()
    context["form"] = form
    return _private(render(request, "programmes/apply.html", context))


def received(request):
    token = request.session.get(SESSION_KEY)
    application = Application.objects.select_related("programme").filter(token=token).first() if token else None
    if application is None:
        raise Http404("Aucune candidature récente dans cette session.")
    context = {"programme": application.programme, "application": application}
    return _private(render(request, "programmes/received.html", context))


def status(request, token):
    application = get_object_or_404(Application.objects.select_related("programme"), token=token)
    context = {
        "programme": application.programme,
        "application": application,
        "decided": application.decision != Application.Decision.PENDING,
        "Status": Status,
    }
    return _private(render(request, "programmes/status.html", context))
