"""Public views of the submission flow: propose, confirmation, private status page, private files."""

import logging
import secrets

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods

from core import ratelimit

from . import services
from .forms import ReplyForm, SubmissionForm, new_started_token
from .models import BonnePratiqueIndexPage, Submission, SubmissionFile

logger = logging.getLogger("hub")

SUBMIT_LIMIT = 5  # successful submissions per client per hour
POST_LIMIT = 30  # attempts (valid or not) per client per hour
REPLY_LIMIT = 20
SESSION_KEY = "bonnes_pratiques_last_submission"


def _limit(name, default):
    return getattr(settings, name, default)


def _index_page():
    return BonnePratiqueIndexPage.objects.live().first()


def _private(response):
    """Pages reached by a private link: never cached, never indexed, never leaked in a Referer.

    "same-origin", not "no-referrer": with no-referrer, browsers send `Origin: null` with the
    page's forms and Django's CSRF check refuses them. same-origin sends the Referer (and a real
    Origin) only to this site, never to a third party."""
    add_never_cache_headers(response)
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def too_many_requests(request):
    response = render(request, "bonnes_pratiques/429.html", {"index_page": _index_page()}, status=429)
    response["Retry-After"] = "3600"
    return response


@require_http_methods(["GET", "POST"])
def propose(request):
    context = {"index_page": _index_page(), "max_files": 5}
    if request.method == "POST":
        submit_limit = _limit("BONNES_PRATIQUES_SUBMIT_LIMIT", SUBMIT_LIMIT)
        if ratelimit.is_limited(request, "submit", submit_limit) or not ratelimit.take(
            request, "post", _limit("BONNES_PRATIQUES_POST_LIMIT", POST_LIMIT)
        ):
            return too_many_requests(request)
        draft_key = request.POST.get("draft_key", "")[:64]
        pending = services.draft_files(draft_key)
        form = SubmissionForm(request.POST, request.FILES, pending_files=pending)
        valid = form.is_valid()
        if form.is_spam:
            logger.info("Bonnes pratiques: honeypot filled, submission dropped.")
            return render(request, "bonnes_pratiques/submission_received.html", {**context, "submission": None})
        services.discard_files(form.removed_files())
        # The submission's slot is taken atomically, right before it is stored.
        if valid and not ratelimit.take(request, "submit", submit_limit):
            return too_many_requests(request)
        if valid:
            submission = services.create_submission(
                form.submission_data(),
                themes=form.cleaned_data["themes"],
                audiences=form.cleaned_data["audiences"],
                uploads=form.accepted_uploads,
                draft_key=draft_key if form.kept_files() else "",
            )
            request.session[SESSION_KEY] = submission.token
            return redirect("bonnes_pratiques:received")
        # Keep what was accepted against the draft so nobody has to pick the files again.
        # A draft key is only ever one the server made and that still holds files.
        if not services.draft_files(draft_key).exists():
            draft_key = secrets.token_urlsafe(32) if form.accepted_uploads else ""
        for upload, checked in form.accepted_uploads:
            services.store_file(upload, checked, draft_key=draft_key)
        context.update(
            draft_key=draft_key,
            pending_files=services.draft_files(draft_key),
            started_token=getattr(form, "started_token", None) or new_started_token(),
        )
    else:
        form = SubmissionForm()
        context["started_token"] = new_started_token()
    form.describe_fields()
    context["form"] = form
    return _private(render(request, "bonnes_pratiques/propose.html", context))


def received(request):
    token = request.session.get(SESSION_KEY)
    submission = Submission.objects.filter(token=token).first() if token else None
    if submission is None:
        return redirect("bonnes_pratiques:propose")
    context = {"index_page": _index_page(), "submission": submission, "status_url": submission.get_status_url()}
    return _private(render(request, "bonnes_pratiques/submission_received.html", context))


@require_http_methods(["GET", "POST"])
def status(request, token):
    submission = get_object_or_404(Submission, token=token)
    can_reply = submission.status == Submission.Status.CHANGES_REQUESTED
    form = None
    if can_reply:
        if request.method == "POST":
            if not ratelimit.take(request, "reply", _limit("BONNES_PRATIQUES_REPLY_LIMIT", REPLY_LIMIT)):
                return too_many_requests(request)
            form = ReplyForm(request.POST, request.FILES, submission=submission)
            if form.is_valid():
                try:
                    services.submitter_reply(submission, form.cleaned_data["message"], form.accepted_uploads)
                except services.InvalidTransition:
                    pass
                else:
                    messages.success(request, "Votre réponse a bien été transmise à l'équipe de modération.")
                return redirect(submission.get_status_url())
        else:
            form = ReplyForm(submission=submission)
        form.describe_fields()
    elif request.method == "POST":
        return redirect(submission.get_status_url())
    context = {
        "index_page": _index_page(),
        "submission": submission,
        "events": submission.events.filter(visible_to_submitter=True),
        "files": submission.files.all(),
        "form": form,
    }
    return _private(render(request, "bonnes_pratiques/status.html", context))


def submitter_file(request, token, file_id):
    submission = get_object_or_404(Submission, token=token)
    item = get_object_or_404(SubmissionFile, pk=file_id, submission=submission)
    return _private(serve_submission_file(item))


def serve_submission_file(item):
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Fichier introuvable.") from exc
    response = FileResponse(handle, as_attachment=True, filename=item.name, content_type=item.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def privacy(request):
    return render(request, "bonnes_pratiques/privacy.html", {"index_page": _index_page()})
