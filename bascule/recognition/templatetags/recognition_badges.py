"""`{% badges_of employee_id %}`: the badges a person holds, as a small section (their home
page, their own profile). `{% badges_of employee_id revoked=True %}` also lists the revoked
ones with HR's reason (their recognition page)."""

from django import template

from bascule.recognition.badges.selectors import held_by

register = template.Library()


@register.inclusion_tag("recognition/badges/held.html")
def badges_of(employee_id, revoked=False, heading="h2", hide_empty=False):
    awards = held_by(employee_id, revoked=revoked)
    return {"awards": awards, "heading": heading, "hide_empty": hide_empty}
