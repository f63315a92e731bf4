"""`{% submission_key %}`: the hidden key of a create form (bascule.core.idempotency).

Put it inside every form whose view is decorated with `idempotency.form_view`, next to
`{% csrf_token %}`. Each rendering of the page makes a new key, so the same page sent twice
is recognised and a page shown again (after an error, say) is a new submission.
"""

from django import template
from django.utils.html import format_html

from bascule.core import idempotency

register = template.Library()


@register.simple_tag
def submission_key() -> str:
    return format_html(
        '<input type="hidden" name="{}" value="{}">', idempotency.FIELD, idempotency.new_key()
    )
