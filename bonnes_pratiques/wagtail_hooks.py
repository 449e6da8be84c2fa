"""Moderation in the Wagtail admin: the "Propositions" listing, their inspection and actions, and the e-mail outbox
(core.outbox_admin) in the same menu group."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from core.outbox_admin import OutgoingEmailViewSet

from . import services
from .models import Submission, SubmissionFile
from .views import serve_submission_file

MODERATE = "bonnes_pratiques.moderate_submission"
READ_ONLY = {"add", "change", "delete", "copy"}


class SubmissionPermissionPolicy(ModelPermissionPolicy):
    """Submissions are never edited in the admin; moderators see and act on them."""

    def user_has_permission(self, user, action):
        if action in READ_ONLY:
            return False
        if action in ("view", "moderate"):
            return user.is_active and user.has_perm(MODERATE)
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(["moderate"])


register_permission_policy(Submission, SubmissionPermissionPolicy(Submission))


class MessageForm(forms.Form):
    message = forms.CharField(label="Message", widget=forms.Textarea(attrs={"rows": 5}), max_length=10_000)


class SubmissionInspectView(InspectView):
    template_name = "bonnes_pratiques/admin/submission_inspect.html"

    def get_page_title(self):
        return "Proposition"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        submission = self.object
        context.update(
            submission=submission,
            files=submission.files.all(),
            events=submission.events.select_related("actor"),
            emails=submission.emails.order_by("created_at"),
            can_act=submission.status in (Submission.Status.NEW, Submission.Status.CHANGES_REQUESTED),
            action_url_name="bonnes_pratiques_submission:action",
            file_url_name="bonnes_pratiques_submission:file",
            page_edit_url=reverse("wagtailadmin_pages:edit", args=[submission.page_id]) if submission.page_id else "",
        )
        return context


def _check_moderator(request):
    if not (request.user.is_active and request.user.has_perm(MODERATE)):
        raise PermissionDenied


@require_POST
def submission_action(request, pk, action):
    _check_moderator(request)
    submission = get_object_or_404(Submission, pk=pk)
    inspect_url = reverse("bonnes_pratiques_submission:inspect", args=[pk])
    try:
        if action == "accept":
            page = services.accept(submission, request.user)
            messages.success(
                request,
                f"Proposition {submission.reference} acceptée : le brouillon « {page.title} » est prêt à être relu "
                "et publié.",
            )
            return redirect("wagtailadmin_pages:edit", page.pk)
        if action not in ("request_changes", "reject"):
            raise PermissionDenied
        form = MessageForm(request.POST)
        if not form.is_valid():
            label = "la demande de modification" if action == "request_changes" else "le motif du refus"
            messages.error(request, f"Écrivez {label} avant de valider.")
            return redirect(inspect_url)
        if action == "request_changes":
            services.request_changes(submission, request.user, form.cleaned_data["message"])
            messages.success(request, f"Demande de modification envoyée pour {submission.reference}.")
        else:
            services.reject(submission, request.user, form.cleaned_data["message"])
            messages.success(request, f"Proposition {submission.reference} refusée ; le déposant est prévenu.")
    except services.InvalidTransition as exc:
        messages.error(request, str(exc))
    return redirect(inspect_url)


def submission_file(request, pk):
    _check_moderator(request)
    return serve_submission_file(get_object_or_404(SubmissionFile, pk=pk, submission__isnull=False))


class SubmissionViewSet(ModelViewSet):
    model = Submission
    name = "propositions"
    url_namespace = "bonnes_pratiques_submission"
    icon = "form"
    menu_label = "Propositions"
    menu_order = 250
    inspect_view_enabled = True
    inspect_view_class = SubmissionInspectView
    copy_view_enabled = False
    form_fields = ["status"]  # required by ModelViewSet; the edit view is never allowed (see the policy)
    list_display = ["reference", "title", "structure_name", "region", "status", "created_at"]
    list_filter = ["status", "region", "themes", "created_at"]
    search_fields = ["reference", "title", "structure_name", "contact_name", "contact_email"]
    list_export = ["reference", "title", "structure_name", "structure_type", "region", "status", "created_at"]
    ordering = ["-created_at"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("action/<int:pk>/<slug:action>/", submission_action, name="action"),
            path("fichier/<int:pk>/", submission_file, name="file"),
        ]


class ModerationGroup(ModelViewSetGroup):
    menu_label = "Modération"
    menu_icon = "form"
    menu_order = 250
    items = (SubmissionViewSet, OutgoingEmailViewSet)


@hooks.register("register_admin_viewset")
def register_moderation_viewsets():
    return ModerationGroup()
