"""`{{ text|markdown }}`: a module's Markdown, rendered and sanitised by bascule.core.markdown."""

from django import template
from django.utils.safestring import SafeString

from bascule.core.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    return render_markdown(text or "")
