"""`{% error_summary form … %}`: the one error summary of every form page
(templates/components/error_summary.html), fed by bascule.core.forms.error_summary_items."""

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from bascule.core.forms import error_summary_items

register = template.Library()

DEFAULT_LEAD = _("Nothing was saved yet: please check the following.")


@register.inclusion_tag("components/error_summary.html")
def error_summary(*sources: Any, lead: Any = None) -> dict[str, Any]:
    """Return the summary's context: its items and the sentence under its title.

    Each source is a form, a formset, a message or prepared items (see
    error_summary_items). `lead` replaces the default sentence; an empty one leaves it out.
    """
    return {
        "items": error_summary_items(*sources),
        "lead": DEFAULT_LEAD if lead is None else lead,
    }
