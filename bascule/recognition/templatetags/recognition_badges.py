"""`{% badges_of employee_id %}`: the badges a person holds, as a small section (their home
page, their own profile). `{% badges_of employee_id revoked=True %}` also lists the revoked
ones with HR's reason (their recognition page). Only the holder themself is offered each
badge as a digital credential to download."""

from django import template

from bascule.core.permissions import user_can_apply
from bascule.recognition.badges.selectors import held_by

register = template.Library()


@register.inclusion_tag("recognition/badges/held.html", takes_context=True)
def badges_of(context, employee_id, revoked=False, heading="h2", hide_empty=False):
    awards = held_by(employee_id, revoked=revoked)
    user = context.get("user")
    mine = (
        user is not None
        and bool(employee_id)
        and user_can_apply(user)
        and user.employee_id == employee_id
    )
    return {"awards": awards, "heading": heading, "hide_empty": hide_empty, "mine": mine}
