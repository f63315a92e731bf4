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


@register.simple_tag(takes_context=True)
def my_self_match(context) -> dict:
    """Self-match on the home page: the programs where the user chooses a mentor, and how
    many requests wait for their answer as a mentor."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not selectors.user_has_pairs(user):
        return {"programs": [], "waiting": 0}
    waiting = sum(1 for r in selectors.requests_to_me(user=user) if r.status == "pending")
    return {"programs": selectors.self_match_programs(user=user), "waiting": waiting}
