"""French and English: the default language, the switch, localized formats, complete catalogs.

The catalog tests extract the messages afresh with Django's makemessages (GNU gettext's
xgettext) from a temporary copy of the sources, so the repository is never modified, then
compare them with the committed catalogs under locale/.
"""

import datetime as dt
import os
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po
from django.conf import settings as django_settings
from django.core.management import call_command
from django.template import Context, Template
from django.test import override_settings
from django.utils import translation

import config.settings

ROOT = Path(__file__).resolve().parents[3]
SOURCES = ("bascule", "config", "templates", "locale")
LANGUAGE_COOKIE = django_settings.LANGUAGE_COOKIE_NAME


# --- Default language and the switch -------------------------------------------------------


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def test_it_is_french_by_default_unless_configured():
    configured = config.settings.LANGUAGE_CODE
    assert configured == os.environ.get("LANGUAGE_CODE", "fr")


def test_it_serves_french_to_a_visitor_who_states_no_language(client, settings):
    settings.LANGUAGE_CODE = "fr"
    response = client.get("/accounts/login/")
    assert html_lang(response) == "fr"
    assert response["Content-Language"] == "fr"


def test_it_follows_the_browsers_language_for_anonymous_visitors(client, settings):
    settings.LANGUAGE_CODE = "fr"
    assert html_lang(client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-GB,en")) == "en"


def test_it_shows_each_language_in_its_own_name_in_the_header(client, settings):
    settings.LANGUAGE_CODE = "fr"
    html = client.get("/accounts/login/").content.decode()
    assert 'action="/i18n/setlang/"' in html
    assert '<button type="submit" name="language" value="en" lang="en"' in html
    assert ">English</button>" in html
    assert '<span class="language-current" lang="fr" aria-current="true">' in html
    assert "Français</span>" in html


def test_it_switches_language_for_an_anonymous_visitor(client, settings):
    settings.LANGUAGE_CODE = "fr"
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert response.cookies[LANGUAGE_COOKIE].value == "en"
    page = client.get("/accounts/login/")
    assert html_lang(page) == "en"
    assert "Log in to Bascule" in page.content.decode()

    client.post("/i18n/setlang/", {"language": "fr", "next": "/accounts/login/"})
    assert html_lang(client.get("/accounts/login/")) == "fr"


def test_it_uses_the_profile_language_of_a_logged_in_user(client, company, settings):
    settings.LANGUAGE_CODE = "fr"
    company.lea_user.language = "en"
    company.lea_user.save(update_fields=["language"])
    client.force_login(company.lea_user)
    assert html_lang(client.get("/", HTTP_ACCEPT_LANGUAGE="fr")) == "en"


def test_it_lets_a_logged_in_user_switch_language(client, company, settings):
    settings.LANGUAGE_CODE = "fr"
    # Bernard's profile says French; the switch overrides it.
    company.bernard_user.language = "fr"
    company.bernard_user.save(update_fields=["language"])
    client.force_login(company.bernard_user)
    assert html_lang(client.get("/")) == "fr"
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert html_lang(client.get("/")) == "en"
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    assert html_lang(client.get("/")) == "fr"


def test_it_ignores_an_unknown_language(client, settings):
    settings.LANGUAGE_CODE = "fr"
    client.post("/i18n/setlang/", {"language": "xx", "next": "/accounts/login/"})
    assert html_lang(client.get("/accounts/login/")) == "fr"


# --- Dates and numbers ---------------------------------------------------------------------


def render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template("{% load humanize %}" + source).render(Context(context))


@pytest.mark.parametrize(
    "language, expected",
    [("fr", "28 novembre 2026"), ("en", "November 28, 2026")],
)
def test_it_writes_dates_the_local_way(language, expected):
    rendered = render("{{ day|date }}", language, day=dt.date(2026, 11, 28))
    # Django's own English format abbreviates the month ("Nov. 28, 2026"); a format module
    # (settings.FORMAT_MODULE_PATH) spells it out for readers who find abbreviations hard.
    assert rendered == expected


@pytest.mark.parametrize(
    "language, expected",
    [("fr", "12\N{NO-BREAK SPACE}345"), ("en", "12,345")],
)
def test_it_groups_thousands_the_local_way(language, expected):
    assert render("{{ count|intcomma }}", language, count=12345) == expected


@pytest.mark.parametrize("language, expected", [("fr", "3,5"), ("en", "3.5")])
def test_it_writes_decimals_the_local_way(language, expected):
    assert render("{{ value|floatformat:1 }}", language, value=3.5) == expected


def test_it_leaves_plain_numbers_ungrouped():
    # USE_THOUSAND_SEPARATOR stays off: ids and years in templates ("2026", "/people/1234/")
    # must not become "2 026"; counts opt in with intcomma.
    assert render("{{ year }}", "fr", year=2026) == "2026"


# --- Catalogs ------------------------------------------------------------------------------

PLACEHOLDER = re.compile(
    r"%\((?P<named>\w+)\)[-#0+]*\d*(?:\.\d+)?[sdifr]"
    r"|%(?P<positional>[-#0+]*\d*(?:\.\d+)?[sdifr])"
    r"|\{(?P<brace>[A-Za-z_]\w*)\}"
)


def placeholders(text: str) -> Counter:
    """Return the placeholders of `text`: %(name)s, %s and {name}, counted."""
    found: Counter = Counter()
    for match in PLACEHOLDER.finditer(text.replace("%%", "")):
        if match["named"]:
            found[f"%({match['named']})"] += 1
        elif match["positional"]:
            found["%" + match["positional"][-1]] += 1
        else:
            found["{" + match["brace"] + "}"] += 1
    return found


def describe(message: Message) -> str:
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    context = f" (context {message.context!r})" if message.context else ""
    return f"{msgid!r}{context}"


def translation_problems(fresh: Catalog, committed: Catalog) -> list[str]:
    """Return one line per message of `fresh` that `committed` lacks or translates badly."""
    problems = []
    for message in fresh:
        if not message.id:
            continue
        found = committed.get(message.id, context=message.context)
        if found is None:
            problems.append(f"missing from the catalog: {describe(message)}")
            continue
        strings = found.string if isinstance(found.string, tuple) else (found.string,)
        if not all(strings):
            problems.append(f"not translated: {describe(message)}")
            continue
        if found.fuzzy:
            problems.append(f"fuzzy: {describe(message)}")
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for index, string in enumerate(strings):
            # The first form may drop the number ("un jour"); the others follow the plural.
            allowed = (
                [placeholders(msgid) for msgid in ids] if index == 0 else [placeholders(ids[-1])]
            )
            if placeholders(string) not in allowed:
                problems.append(
                    f"placeholders differ: {describe(message)} -> {string!r} "
                    f"(expected {sorted(allowed[-1])}, got {sorted(placeholders(string))})"
                )
                break
    return problems


def missing_ids(fresh: Catalog, committed: Catalog) -> list[str]:
    """Return the messages of `fresh` absent from `committed`, translated or not."""
    return [
        describe(message)
        for message in fresh
        if message.id and committed.get(message.id, context=message.context) is None
    ]


def read_catalog(path: Path) -> Catalog:
    with path.open("rb") as po_file:
        return read_po(po_file)


@pytest.fixture(scope="module")
def fresh_catalog(tmp_path_factory) -> Catalog:
    """Return the French catalog makemessages extracts from the current sources."""
    if shutil.which("xgettext") is None:
        reason = "xgettext not found: install GNU gettext (apt-get install gettext)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {reason}")
        print(f"SKIPPED catalog checks: {reason}")
        pytest.skip(reason)
    workdir = tmp_path_factory.mktemp("messages")
    for name in SOURCES:
        shutil.copytree(
            ROOT / name,
            workdir / name,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo"),
        )
    previous = Path.cwd()
    os.chdir(workdir)
    try:
        with override_settings(LOCALE_PATHS=[workdir / "locale"]):
            call_command("makemessages", locale=["fr"], verbosity=0)
    finally:
        os.chdir(previous)
    return read_catalog(workdir / "locale" / "fr" / "LC_MESSAGES" / "django.po")


def test_it_extracts_messages_from_code_and_templates(fresh_catalog):
    # A sanity check of the extraction itself: Python, page templates and e-mail templates.
    assert fresh_catalog.get("Skip to main content") is not None
    assert fresh_catalog.get("E-mail address") is not None
    assert fresh_catalog.get("Choose a new Bascule password") is not None


def test_it_has_a_french_translation_for_every_message(fresh_catalog):
    committed = read_catalog(ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po")
    problems = translation_problems(fresh_catalog, committed)
    assert not problems, (
        f"{len(problems)} problem(s) in locale/fr/LC_MESSAGES/django.po "
        "(run makemessages -l fr -l en, translate, then compile):\n" + "\n".join(problems)
    )


def test_it_has_every_message_in_the_english_catalog(fresh_catalog):
    # English is the source language: an empty msgstr falls back to the msgid.
    committed = read_catalog(ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po")
    missing = missing_ids(fresh_catalog, committed)
    assert not missing, (
        f"{len(missing)} message(s) missing from locale/en/LC_MESSAGES/django.po:\n"
        + "\n".join(missing)
    )


def make_catalog(*entries: tuple) -> Catalog:
    catalog = Catalog(locale="fr")
    for msgid, msgstr, *flags in entries:
        catalog.add(msgid, msgstr, flags=flags)
    return catalog


@pytest.mark.parametrize(
    "committed_entry, expected",
    [
        (("Hello %(name)s", "Bonjour %(name)s"), []),
        (("Hello %(name)s", "Bonjour"), ["placeholders differ"]),
        (("Hello %(name)s", "Bonjour %(nom)s"), ["placeholders differ"]),
        (("Hello %(name)s", "Bonjour %(name)s", "fuzzy"), ["fuzzy"]),
        (("Hello %(name)s", ""), ["not translated"]),
        (("Goodbye", "Au revoir"), ["missing from the catalog"]),
    ],
)
def test_it_reports_each_kind_of_translation_problem(committed_entry, expected):
    fresh = make_catalog(("Hello %(name)s", ""))
    problems = translation_problems(fresh, make_catalog(committed_entry))
    assert [problem.split(":")[0] for problem in problems] == expected


@pytest.mark.parametrize(
    "msgid, msgstr, ok",
    [
        ("{count} people", "{count} personnes", True),
        ("{count} people", "{nombre} personnes", False),
        ("%s and %d", "%s et %d", True),
        ("%s and %d", "%s et %s", False),
        ("100%% sure", "sûr à 100 %%", True),
    ],
)
def test_it_compares_every_kind_of_placeholder(msgid, msgstr, ok):
    fresh = make_catalog((msgid, ""))
    problems = translation_problems(fresh, make_catalog((msgid, msgstr)))
    assert (problems == []) is ok


def test_it_accepts_plural_forms_with_either_placeholder_set():
    fresh = Catalog(locale="fr")
    fresh.add(("One day", "%(days)s days"), ("", ""))
    committed = Catalog(locale="fr")
    committed.add(("One day", "%(days)s days"), ("Un jour", "%(days)s jours"))
    assert translation_problems(fresh, committed) == []
    committed[("One day", "%(days)s days")].string = ("Un jour", "des jours")
    assert translation_problems(fresh, committed)
