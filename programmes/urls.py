"""Public routes of the applications, mounted under /appuis-terrain/candidature/ before Wagtail's catch-all."""

from django.urls import path

from . import views

app_name = "programmes"

urlpatterns = [
    path("<int:page_id>/", views.apply, name="apply"),
    path("merci/", views.received, name="received"),
    path("suivi/<str:token>/", views.status, name="status"),
]
