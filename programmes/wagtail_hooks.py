"""Selection in the Wagtail admin: the applications per programme, filtered, exported, decided."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from wagtail import hooks
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from . import services
from .models import Application, ProgrammePage


class ApplicationPermissionPolicy(ModelPermissionPolicy):
    """Applications come from the public form only: never added, copied or deleted in the admin."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete", "copy"):
            return False
        return super().user_has_permission(user, action)


register_permission_policy(Application, ApplicationPermissionPolicy(Application))


def over_capacity():
    """The programmes whose accepted applications outnumber their places."""
    return (
        ProgrammePage.objects.annotate(
            accepted=Count("applications", filter=Q(applications__decision=Application.Decision.ACCEPTED))
        )
        .filter(accepted__gt=F("places"))
        .values_list("title", "accepted", "places")
    )


def warn_over_capacity(request):
    for title, accepted, places in over_capacity():
        messages.warning(
            request,
            f"« {title} » : {accepted} candidatures retenues pour {places} places. "
            "Passez-en sur liste d'attente, ou augmentez le nombre de places.",
        )


class ApplicationIndexView(IndexView):
    def get(self, request, *args, **kwargs):
        if not request.GET.get("export"):
            warn_over_capacity(request)
        return super().get(request, *args, **kwargs)


class ApplicationEditView(EditView):
    template_name = "programmes/admin/application_edit.html"

    def save_instance(self):
        data = self.form.cleaned_data
        return services.decide(self.object, data["decision"], data["decision_comment"], self.request.user)

    def get_success_message(self):
        if self.object.decision == Application.Decision.PENDING:
            return f"Candidature {self.object.reference} : décision remise en examen."
        return (
            f"Candidature {self.object.reference} : « {self.object.get_decision_display()} » enregistrée ; "
            "le trio en est informé par courriel."
        )

    def save_action(self):
        response = super().save_action()
        warn_over_capacity(self.request)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.object
        context.update(
            application=application,
            accepted=application.programme.accepted_count,
            emails=application.emails.order_by("created_at"),
        )
        return context


def application_letter(request, pk):
    application = get_object_or_404(Application, pk=pk)
    if not ApplicationPermissionPolicy(Application).user_has_permission(request.user, "view"):
        raise PermissionDenied
    try:
        handle = application.letter.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Fichier introuvable.") from exc
    response = FileResponse(
        handle, as_attachment=True, filename=application.letter_name, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


class ApplicationViewSet(ModelViewSet):
    model = Application
    name = "candidatures"
    url_namespace = "programmes_application"
    icon = "form"
    menu_label = "Candidatures"
    menu_order = 260
    add_to_admin_menu = True
    index_view_class = ApplicationIndexView
    edit_view_class = ApplicationEditView
    copy_view_enabled = False
    inspect_view_enabled = False
    form_fields = ["decision", "decision_comment"]
    list_display = ["reference", "structure_name", "programme", "region", "structure_status", "decision", "created_at"]
    list_filter = ["programme", "region", "structure_status", "decision"]
    search_fields = ["reference", "structure_name", "finess", "director_name", "director_email"]
    list_export = [
        "reference",
        "programme",
        "structure_name",
        "finess",
        "structure_status",
        "region",
        "activity_figure",
        "director_name",
        "director_email",
        "physician_name",
        "physician_email",
        "cadre_name",
        "cadre_email",
        "motivation",
        "decision",
        "decision_comment",
        "created_at",
    ]
    export_filename = "candidatures-appuis-terrain"
    ordering = ["-created_at"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("lettre/<int:pk>/", application_letter, name="letter")]


@hooks.register("register_admin_viewset")
def register_application_viewset():
    return ApplicationViewSet()
