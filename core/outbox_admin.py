"""The outbox in the Wagtail admin: the "E-mails" listing, its inspection and "Renvoyer".

An app puts OutgoingEmailViewSet in its own admin menu group (bonnes_pratiques: "Modération");
core/wagtail_hooks.py registers the permission policy."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from .models import OutgoingEmail
from .outbox import retry_email, send_pending_emails

READ_ONLY = {"add", "change", "delete", "copy"}


class OutboxPermissionPolicy(ModelPermissionPolicy):
    """E-mails are read-only; "retry" needs the change permission."""

    def user_has_permission(self, user, action):
        if action in READ_ONLY:
            return False
        if action == "retry":
            return super().user_has_permission(user, "change")
        return super().user_has_permission(user, action)


def _check_retry(request):
    if not OutboxPermissionPolicy(OutgoingEmail).user_has_permission(request.user, "retry"):
        raise PermissionDenied


@require_POST
def retry_outgoing_email(request, pk):
    _check_retry(request)
    email = get_object_or_404(OutgoingEmail, pk=pk)
    if retry_email(email):
        messages.success(request, f"E-mail « {email.subject} » envoyé.")
        return redirect("outbox:index")
    email.refresh_from_db()
    if email.status == OutgoingEmail.Status.SENT:
        messages.info(request, f"E-mail « {email.subject} » déjà envoyé.")
    elif email.claimed_until and email.claimed_until > timezone.now():
        messages.warning(request, f"E-mail « {email.subject} » en cours d'envoi par le worker : réessayez plus tard.")
    else:
        messages.error(request, f"Échec de l'envoi : {email.last_error}")
    return redirect("outbox:index")


@require_POST
def retry_all_emails(request):
    _check_retry(request)
    sent, pending = send_pending_emails()
    messages.info(request, f"{sent} e-mail(s) envoyé(s), {pending} toujours en attente.")
    return redirect("outbox:index")


class OutgoingEmailInspectView(InspectView):
    template_name = "core/admin/outgoingemail_inspect.html"


class OutgoingEmailViewSet(ModelViewSet):
    model = OutgoingEmail
    name = "emails"
    url_namespace = "outbox"
    icon = "mail"
    menu_label = "E-mails"
    inspect_view_enabled = True
    inspect_view_class = OutgoingEmailInspectView
    copy_view_enabled = False
    form_fields = ["status"]
    list_display = ["subject", "to", "status", "attempts", "last_error", "created_at", "next_attempt_at", "sent_at"]
    list_filter = ["status", "created_at"]
    search_fields = ["subject", "to"]
    inspect_view_fields = [
        "to",
        "subject",
        "body",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "last_attempt_at",
        "next_attempt_at",
        "sent_at",
    ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("renvoyer/<int:pk>/", retry_outgoing_email, name="retry"),
            path("renvoyer-tout/", retry_all_emails, name="retry_all"),
        ]
