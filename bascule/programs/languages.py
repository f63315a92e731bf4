"""The languages a program's pairs may speak: ISO 639-1 codes, named in the reader's language.

The one list of codes offered by the program form and accepted by the services and the API.
Names come from Babel (CLDR), so they need no translation of our own.
"""

from babel import Locale, UnknownLocaleError
from django.utils.text import capfirst
from django.utils.translation import get_language

# ISO 639-1 codes, the most spoken in European workplaces first.
PROGRAM_LANGUAGES: tuple[str, ...] = (
    "fr",
    "en",
    "de",
    "es",
    "it",
    "nl",
    "pt",
    "pl",
    "ro",
    "sv",
    "da",
    "ar",
    "tr",
    "ru",
    "zh",
    "ja",
)


def language_name(code: str, *, language: str | None = None) -> str:
    """Return the name of the language `code` in `language` (default: the current one)."""
    try:
        locale = Locale.parse(language or get_language() or "en", sep="-")
        name = locale.languages.get(code.lower())
    except (UnknownLocaleError, ValueError):
        name = None
    return capfirst(name) if name else code


def language_choices() -> list[tuple[str, str]]:
    """Return (code, name) for every language a program may use, in the current language."""
    return [(code, language_name(code)) for code in PROGRAM_LANGUAGES]


def unknown_languages(codes: list[str]) -> list[str]:
    """Return the codes of `codes` that are not in PROGRAM_LANGUAGES."""
    return [code for code in codes if code not in PROGRAM_LANGUAGES]
