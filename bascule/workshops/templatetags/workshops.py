"""Small reads for the workshop templates: my place at a workshop, the seats left."""

from django import template

from bascule.workshops import selectors

register = template.Library()


@register.simple_tag
def my_place(workshop):
    return selectors.my_registration(workshop)


@register.simple_tag
def seats_left(workshop):
    return selectors.seats_left(workshop)
