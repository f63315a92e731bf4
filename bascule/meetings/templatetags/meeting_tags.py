from django import template

from bascule.core.permissions import user_has_pairs
from bascule.meetings import selectors
from bascule.meetings.models import Meeting

register = template.Library()


@register.simple_tag(takes_context=True)
def next_meeting(context, pair=None) -> Meeting | None:
    """Return the current user's next meeting (in `pair` only, when given)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user_has_pairs(user):
        return None
    return selectors.next_meeting(user=user, pair=pair)
