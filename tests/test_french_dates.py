"""Dates as French writes them (core/dates.py): "1er" for the first day of a month, everywhere people read one."""

import datetime

import pytest
from django.template import Context, Template

from core.dates import date_fr


@pytest.mark.parametrize(
    ("value", "fmt", "expected"),
    [
        (datetime.date(2027, 1, 1), "j F Y", "1er janvier 2027"),
        (datetime.date(2027, 1, 2), "j F Y", "2 janvier 2027"),
        (datetime.date(2027, 3, 11), "j F Y", "11 mars 2027"),
        (datetime.datetime(2027, 4, 1, 14, 0), r"l j F Y \à H\hi", "jeudi 1er avril 2027 à 14h00"),
        (None, "j F Y", ""),
    ],
)
def test_the_first_day_is_written_1er(value, fmt, expected):
    assert date_fr(value, fmt) == expected


def test_the_template_filter_reads_an_aware_datetime_in_the_sites_time_zone(settings):
    settings.TIME_ZONE = "Europe/Paris"
    template = Template('{% load french_dates %}{{ when|date_fr }} · {{ when|date_fr:"j F Y à H:i" }}')
    when = datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC)  # already 1 January in Paris
    assert template.render(Context({"when": when})) == "1er janvier 2027 · 1er janvier 2027 à 00:30"
