"""`{{ count|people_count }}`: a count of people, or "fewer than 5" when a reader who sees
aggregates only was given None for it (`bascule.core.small_groups.shown_count`)."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import ngettext

from bascule.core.small_groups import MIN_GROUP_SIZE

register = template.Library()


@register.filter
def people_count(count: int | None) -> str:
    """Return `count` with thousands separators, or "fewer than 5" for None."""
    if count is None:
        return ngettext("fewer than %(n)s", "fewer than %(n)s", MIN_GROUP_SIZE) % {
            "n": MIN_GROUP_SIZE
        }
    return intcomma(count)
