from django import template

from bascule.evaluations import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def open_surveys(context) -> list[selectors.MemberSurvey]:
    """Return the surveys open to the current user and not answered yet (home page)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    return selectors.open_surveys_for(user)
