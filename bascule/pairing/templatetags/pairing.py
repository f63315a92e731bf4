from django import template
from django.utils.translation import get_language

from bascule.pairing import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def my_partners(context) -> list[selectors.PartnerView]:
    """Return the current user's active pairs, explained in the page's language."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    return selectors.my_pairs(user=user, language=get_language() or "fr")
