from django import template

from core.dates import DAY_MONTH
from core.dates import date_fr as format_date_fr

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date_fr(value, fmt=DAY_MONTH):
    """{{ value|date_fr }}: "1er janvier 2027" (core.dates)."""
    return format_date_fr(value, fmt)
