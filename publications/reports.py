"""Admin report: downloads per resource and month (Rapports › Téléchargements), exportable as CSV/XLSX."""

import django_filters
from django.utils import formats
from django.utils.functional import cached_property
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permissions import policy_registry

from .models import DownloadCount
from .stats import report_rows


def month_label(day):
    return formats.date_format(day, "F Y").capitalize()


def month_choices():
    months = DownloadCount.objects.order_by("-month").values_list("month", flat=True).distinct()[:36]
    return [(day.isoformat(), month_label(day)) for day in months]


class DownloadsReportFilterSet(WagtailFilterSet):
    month = django_filters.ChoiceFilter(label="Mois", choices=month_choices, empty_label="Tous les mois")

    class Meta:
        model = DownloadCount
        fields = ["month"]


class DownloadsReportView(ReportView):
    page_title = "Téléchargements"
    header_icon = "download"
    index_url_name = "publications_downloads_report"
    index_results_url_name = "publications_downloads_report_results"
    filterset_class = DownloadsReportFilterSet
    any_permission_required = ["publish"]
    columns = [
        Column("month_label", label="Mois"),
        Column("resource_title", label="Ressource"),
        Column("downloads", label="Téléchargements"),
        Column("kit_downloads", label="Dont kit ZIP"),
    ]
    list_export = ["month", "resource_title", "downloads", "kit_downloads"]
    export_headings = {
        "month": "Mois",
        "resource_title": "Ressource",
        "downloads": "Téléchargements",
        "kit_downloads": "Dont kit ZIP",
    }

    @cached_property
    def permission_policy(self):
        # Moderators (who may publish pages) read the statistics.
        return policy_registry.get_by_type(Page)

    def get_queryset(self):
        return report_rows()

    def get_filename(self):
        return "telechargements"

    def decorate_paginated_queryset(self, object_list):
        rows = list(object_list)
        for row in rows:
            row["month_label"] = month_label(row["month"])
        return rows
