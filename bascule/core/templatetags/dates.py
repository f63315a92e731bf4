"""`{{ value|long_date }}`: a date written out in full for people, "1er juillet 2026" in
French, "July 1, 2026" in English (`bascule.core.dates.long_date`)."""

from django import template

from bascule.core import dates

register = template.Library()


@register.filter(expects_localtime=True)
def long_date(value) -> str:
    return dates.long_date(value)
