"""Public routes of the alerts, mounted under /alertes/ before Wagtail's catch-all."""

from django.urls import path

from . import views

app_name = "alerts"

urlpatterns = [
    path("nouvelle/", views.subscribe, name="subscribe"),
    path("nouvelle/envoyee/", views.requested, name="requested"),
    path("confirmer/<str:token>/", views.confirm, name="confirm"),
    path("<str:token>/", views.manage, name="manage"),
    path("<str:token>/desabonnement/", views.unsubscribe, name="unsubscribe"),
]
