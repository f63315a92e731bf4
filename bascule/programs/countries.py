"""The country of a program, whose public holidays the suggested meeting times skip.

The countries offered are those the `holidays` library knows (ISO 3166 codes), named in the
reader's language by Babel (CLDR), so they need no translation of our own.
"""

from functools import cache

import holidays
from babel import Locale, UnknownLocaleError
from django.utils.translation import get_language
from django.utils.translation import gettext as _


@cache
def supported_countries() -> frozenset[str]:
    """Return the ISO 3166 codes of the countries whose public holidays are known."""
    return frozenset(holidays.list_supported_countries())


def country_name(code: str, *, language: str | None = None) -> str:
    """Return the name of the country `code` in `language` (default: the current one)."""
    try:
        locale = Locale.parse(language or get_language() or "en", sep="-")
        name = locale.territories.get(code.upper())
    except (UnknownLocaleError, ValueError):
        name = None
    return name or code


def country_choices() -> list[tuple[str, str]]:
    """Return the program form's choices: none, then every known country by name."""
    countries = sorted(
        ((code, country_name(code)) for code in supported_countries()), key=lambda c: c[1]
    )
    return [("", _("None: no public holiday is skipped")), *countries]
