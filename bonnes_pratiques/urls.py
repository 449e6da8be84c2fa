"""Public routes of the submission flow, mounted under /bonnes-pratiques/ before Wagtail's catch-all."""

from django.urls import path

from . import views

app_name = "bonnes_pratiques"

urlpatterns = [
    path("proposer/", views.propose, name="propose"),
    path("proposer/merci/", views.received, name="received"),
    path("confidentialite/", views.privacy, name="privacy"),
    path("suivi/<str:token>/", views.status, name="status"),
    path("suivi/<str:token>/fichiers/<int:file_id>/", views.submitter_file, name="submitter_file"),
]
