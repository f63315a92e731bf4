from django import template
from django.utils.translation import get_language

from bascule.journey import checkin_selectors, selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def my_journeys(context) -> list[selectors.JourneySummary]:
    """Return the current user's active pairs with what is due, their goals and why the two
    were paired, in the page's language."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    return selectors.my_journeys(user=user, language=get_language() or "fr")


@register.simple_tag(takes_context=True)
def my_checkin(context, pair):
    """Return the current user's check-in state for `pair` (current period, due or not)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return checkin_selectors.checkin_due(user=user, pair=pair)
