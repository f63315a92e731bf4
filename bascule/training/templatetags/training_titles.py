"""`{{ module|module_title }}`: a module's title in the language being rendered (an e-mail
is rendered in its recipient's)."""

from django import template

from bascule.training.requirements.selectors import module_title as title_of

register = template.Library()


@register.filter
def module_title(module) -> str:
    return title_of(module)
