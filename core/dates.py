"""Dates as French writes them: "1er janvier 2027", not Django's "1 janvier 2027".

    from core.dates import date_fr                       Python callers (cards, e-mails built in code)
    {% load french_dates %}{{ value|date_fr }}           templates; any Django date format as argument:
    {{ value|date_fr:"l j F Y à H\\hi" }}                "jeudi 1er avril 2027 à 14h00"

Keep `<time datetime="{{ value|date:'c' }}">` attributes on Django's own filter: they are machine dates.
"""

import datetime

from django.template.defaultfilters import date as django_date
from django.utils import timezone

DAY_MONTH = "j F Y"


def ordinal_first_day(fmt):
    """`fmt` with each day of the month ("j", unescaped) written "1er" (escaped, so printed as is)."""
    out = []
    chars = iter(fmt)
    for char in chars:
        if char == "\\":  # an escaped character stays escaped
            out.append(char + next(chars, ""))
        elif char == "j":
            out.append(r"\1\e\r")
        else:
            out.append(char)
    return "".join(out)


def date_fr(value, fmt=DAY_MONTH):
    """Django's `date` filter, with the first day of a month written "1er"; "" for no date.
    An aware datetime is read in the current time zone, as templates show it."""
    if not isinstance(value, datetime.date):
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if value.day == 1:
        fmt = ordinal_first_day(fmt)
    return django_date(value, fmt)
