"""The whole demo, page by page, as every demo login, in French and in English.

`seed_demo` runs once for this module, inside a transaction rolled back at its end. For each
demo login (and an anonymous visitor) and each language, a crawl starts at `/` and follows every
same-site GET a page offers: `<a href>`, `hx-get` (sent as htmx sends it), GET forms submitted
as they stand (their default values, as pressing their button would) and redirects. It fails
on, and lists:

- every URL answering a server error (5xx), with its exception;
- every link to a URL that matches no route, or that answers 403 or 404 (a dead end: the page
  offered a link its reader may not follow);
- every page route of the URL configuration that the login may open (a GET answered 200 to
  its role in the access matrix, tests/access/) and that the crawl never reached: a page
  nobody links to. What the demo cannot offer a login (the password reset link only exists in
  an e-mail) is in NOT_REACHED, with the reason.

Bounding rule, to keep the whole module near a minute per database: the URLs of a route are
grouped by *variant*, and each variant is opened PER_VARIANT times. A URL's variant is
- its route;
- the state of each object its URL names, by keyword argument (STATE_OF): a program's status
  and kind, an application's status and role, a pair's status, pause and kickoff progress, a
  meeting's status, outcome, organiser and whether it is past, an employee who left, has no
  manager or no department…; an argument missing from STATE_OF has a single state;
- its query parameters' names, with their values unless the value is a number (`?page=2` and
  `?page=3` are one variant, `?status=approved` and `?status=declined` two).
What a template shows depends on these states, so each branch the demo holds is rendered at
least once, while the 300 employee pages count as a handful. The demo's other logins (every
member of the running pilot) are crawled once per situation (their side and their pair's
state, as STATE_OF tells it), since members in the same situation see the same pages.

A last pass sets every nullable relation to null (as deleting the user, the manager, the
category… would), except those NULLS_KEPT explains, and crawls again: no page may fail then
either.

To extend it: a new page needs a link from a page that leads to it, and its access matrix
entry; an object whose state changes its pages adds its URL argument to STATE_OF; a route the
demo cannot link to for some login goes into NOT_REACHED with why.
"""

import io
import logging
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.signals import got_request_exception
from django.db import models, transaction
from django.test import Client, override_settings
from django.urls import Resolver404, resolve
from django.utils import timezone

from bascule.accounts.models import Role, User
from bascule.core import outbox
from bascule.meetings.models import Meeting
from bascule.notifications.emails import meeting_invitation
from bascule.pairing.models import Pair
from tests.access.base import ANON, HR, MENTOR, PM, SPONSOR
from tests.test_access_matrix import MATRIX

PER_VARIANT = 1
LANGUAGES = ("fr", "en")
# Not crawled: files, Django's admin (its own permission system, staff only).
SKIPPED_PREFIXES = ("/static/", "/media/", "/admin/")
# The API answers scripts in JSON; its one page for people is its documentation.
API_PAGES = {"api:openapi-view"}
DEAD_ENDS = {403, 404}
# Pages whose links are not the site's to follow: an e-mail's links are for its recipient
# (HR admins read every e-mail of the demo's outbox, not the pages they point to).
LINKS_NOT_FOLLOWED = {"outbox:html"}


def _state(model: str, of: Callable[[Any], Hashable]) -> Callable[[str], Hashable]:
    """Return a function giving the state of the `model` object whose primary key it gets."""

    def state(pk: str) -> Hashable:
        obj = apps.get_model(model).objects.filter(pk=pk).first()
        return None if obj is None else of(obj)

    return state


# The state of an object named in a URL, by URL argument: one variant per distinct state.
STATE_OF: dict[str, Callable[[str], Hashable]] = {
    "program_id": _state("programs.Program", lambda p: (p.status, p.kind, p.open_enrollment)),
    "application_id": _state("programs.Application", lambda a: (a.status, a.role)),
    "employee_id": _state(
        "people.Employee",
        lambda e: (e.left_on is not None, e.manager_id is None, e.department_id is None),
    ),
    "pair_id": _state(
        "pairing.Pair",
        lambda p: (p.status, p.paused_at is not None, min(p.kickoffs.count(), 2)),
    ),
    "meeting_id": _state(
        "meetings.Meeting",
        lambda m: (m.status, bool(m.outcome), m.organiser_id is None, m.starts_at < timezone.now()),
    ),
    "survey_id": _state(
        "evaluations.Survey",
        lambda s: (s.kind, s.opens_on <= timezone.localdate(), s.closes_on < timezone.localdate()),
    ),
    "skill_id": _state(
        "skills.Skill", lambda s: (s.retired_at is not None, s.merged_into_id is not None)
    ),
    "run_id": _state("pairing.MatchRun", lambda r: r.published_at is not None),
    "goal_id": _state("journey.Goal", lambda g: (g.direction, g.status)),
    "workshop_id": _state("workshops.Workshop", lambda w: (w.status, w.starts_at < timezone.now())),
    "kudos_id": _state("recognition.Kudos", lambda k: (k.hidden_at is not None, k.visibility)),
    "award_id": _state(
        "recognition.BadgeAward", lambda a: (a.revoked_at is not None, a.awarded_by_id is None)
    ),
}


@dataclass(frozen=True)
class Login:
    email: str | None  # None: an anonymous visitor
    role: str  # the access matrix's role: its GET answers say what this login may open

    @property
    def name(self) -> str:
        return self.email.split("@")[0] if self.email else "anonymous"


LOGINS = (
    Login("hr-admin@bascule.example", HR),
    Login("program-manager@bascule.example", PM),
    Login("mentor@bascule.example", MENTOR),
    Login("mentee@bascule.example", MENTOR),
    Login("sponsor@bascule.example", SPONSOR),
    Login(None, ANON),
)

LOGGED_IN = tuple(login.name for login in LOGINS if login.email)
EVERYONE = "*"

# Routes the access matrix lets a role open that the demo cannot link to, and why: route ->
# {login name (EVERYONE: every login): reason}.
NOT_REACHED: dict[str, dict[str, str]] = {
    "accounts:password_reset": dict.fromkeys(
        LOGGED_IN,
        "logged in, one changes one's password under My account; the reset pages are for "
        "those who cannot log in (the anonymous crawl opens them)",
    ),
    **dict.fromkeys(
        (
            "accounts:password_reset_done",
            "accounts:password_reset_confirm",
            "accounts:password_reset_complete",
        ),
        {EVERYONE: "reached by sending the reset form (a POST), then the link of its e-mail"},
    ),
    **dict.fromkeys(
        ("privacy:account_data", "privacy:account_erase"),
        {
            "hr-admin": "for an account with no employee record (every demo login has one): "
            "linked from that account's page in the admin, which the crawl leaves to its own "
            "tests"
        },
    ),
    "meetings:feed": {
        EVERYONE: "its address holds a private token, shown once after asking for it (a POST)"
    },
    "training_hr:requirement_edit": {
        EVERYONE: "the pilot's requirements name modules of the built-in catalog: without it "
        "(bascule/training/requirements/demo.py skips the missing ones), there is none to change"
    },
    "core:metrics": {EVERYONE: "for Prometheus, with a bearer token (core/tests/test_metrics.py)"},
    **dict.fromkeys(
        ("core:healthz", "core:readyz"),
        {EVERYONE: "health checks for load balancers, not pages (core/tests/test_health.py)"},
    ),
    **dict.fromkeys(
        ("people:import_mapping", "people:import_preview", "people:import_progress"),
        {"hr-admin": "reached by uploading a file (a POST): the demo has no import"},
    ),
    "programs:enrollment_funnel": dict.fromkeys(
        ("hr-admin", "program-manager", "sponsor"),
        "no page links to it: the program's page shows the same funnel",
    ),
    "api:openapi-view": dict.fromkeys(
        LOGGED_IN, "for script authors: the README and the admin guide give its address"
    ),
    **dict.fromkeys(
        ("pairing:choose_mentor", "pairing:mentor_requests"),
        dict.fromkeys(
            ("mentor", "mentee"), "no program of the demo lets mentees choose their mentor"
        ),
    ),
    "workshops:roster": {
        "mentee": "the demo mentee leads no workshop (the demo mentor leads the past one)"
    },
    "workshops:feedback": {
        "mentor": "the demo mentor led the past workshop: feedback is for its participants"
    },
    "certificates:download": {
        "mentee": "the demo mentee took part in no past cohort: no certificate to download"
    },
    "certificates:run_progress": dict.fromkeys(
        ("hr-admin", "program-manager"),
        "polled by the progress page only while a bulk issue runs; the demo's is finished",
    ),
    **dict.fromkeys(
        ("verify:form", "verify:code"),
        {
            EVERYONE: "public pages reached from a certificate's QR code or printed address "
            "(the holder's own page links to them: the demo mentor's crawl opens them)"
        },
    ),
    "programs:application_edit": {
        "mentor": "the young mentor's applications are decided: they can no longer change them"
    },
    **dict.fromkeys(
        (
            "ob:issuer",
            "ob:keys",
            "ob:key",
            "ob:status",
            "ob:badge_achievement",
            "ob:program_achievement",
        ),
        {
            EVERYONE: "JSON documents named inside the signed credentials (issuer, keys, "
            "revocation lists, achievements), read by verifiers, not linked from pages"
        },
    ),
    "ob:credential": {
        EVERYONE: "the address is a credential's id, read from the credential by verifiers"
    },
    "ob:verify": {
        EVERYONE: "linked from /verify/, itself reached from a certificate's QR code (the demo "
        "mentor's crawl opens both)"
    },
    **dict.fromkeys(
        ("credentials:certificate", "credentials:endorsements", "credentials:endorse"),
        {
            "mentee": "the demo mentee took part in no past cohort: no certificate of theirs or "
            "of a partner"
        },
    ),
}

# Pages of the demo that the access matrix, where the outbox is off as in production, does
# not open: the outbox's, by login (the messages addressed to each, HR admins all).
OUTBOX_PAGES = {"outbox:list", "outbox:detail", "outbox:html", "outbox:attachment"}
DEMO_ONLY_PAGES: dict[str, set[str]] = {
    "hr-admin": OUTBOX_PAGES,
    "program-manager": {"outbox:list"},
    "mentor": OUTBOX_PAGES,
    "mentee": OUTBOX_PAGES,
    "sponsor": {"outbox:list"},
}

# Nullable relations the null pass leaves alone, and why ("app_label.Model.field").
NULLS_KEPT = {
    "accounts.User.employee": (
        "a login without an employee record sees none of the pages this pass is about; the "
        "access matrix's outsider covers that case"
    ),
    "skills.Skill.merged_into": "null is not a missing value there: the skill was not merged",
    **dict.fromkeys(
        ("credentials.Credential.award", "credentials.Credential.certificate"),
        "null is not a missing value there: a credential is of a badge or of a certificate, "
        "the other one null (a check constraint)",
    ),
    "recognition.BadgeAward.program": (
        "null is not a missing value there: an award for the whole participation (one per badge "
        "and person), unlike the same badge earned in each program; a program's deletion "
        "deletes its awards"
    ),
}


class LinkParser(HTMLParser):
    """Collect the GET requests a page offers: links, htmx GETs, GET forms as they stand."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, bool]] = []  # (URL, asked by htmx)
        self._forms: list[dict[str, Any]] = []
        self._select: dict[str, Any] | None = None
        self._textarea: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        if tag in ("a", "area") and "href" in a:
            self.links.append((a["href"], False))
        for name in ("hx-get", "data-hx-get"):
            if name in a:
                self.links.append((a[name], True))
        if tag == "form":
            self._forms.append(
                {"method": a.get("method", "get").lower(), "action": a.get("action"), "data": []}
            )
        if not self._forms:
            return
        data = self._forms[-1]["data"]
        if tag == "input" and a.get("name") and "disabled" not in a:
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            data.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and a.get("name"):
            self._select = {"name": a["name"], "first": None, "selected": None}
        elif tag == "option" and self._select is not None:
            if self._select["first"] is None:
                self._select["first"] = a.get("value", "")
            if "selected" in a:
                self._select["selected"] = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self._textarea = {"name": a["name"], "text": ""}

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag: str) -> None:
        if not self._forms:
            return
        data = self._forms[-1]["data"]
        if tag == "select" and self._select is not None:
            chosen = self._select["selected"]
            data.append(
                (
                    self._select["name"],
                    chosen if chosen is not None else self._select["first"] or "",
                )
            )
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            data.append((self._textarea["name"], self._textarea["text"]))
            self._textarea = None
        elif tag == "form":
            form = self._forms.pop()
            if form["method"] == "get":
                # Submitting a GET form replaces the action's query string with the fields.
                action = (form["action"] or "").split("?")[0] or "?"
                query = urlencode(form["data"])
                self.links.append((f"{action}?{query}" if query else action, False))


@dataclass
class Crawl:
    """What one crawl saw."""

    visited: dict[str, int] = field(default_factory=dict)  # URL -> status
    routes: set[str] = field(default_factory=set)  # routes answered 200
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0


SAME_SITE = {"", "testserver", urlsplit(settings.SITE_URL).netloc}


def same_site(href: str, page: str) -> str | None:
    """Return the path and query `href` points to from `page`, when it stays on the site."""
    href = href.strip()
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
        return None
    parts = urlsplit(urljoin(page, href))
    if parts.scheme not in ("", "http", "https") or parts.netloc not in SAME_SITE:
        return None
    path = parts.path or "/"
    if path.startswith(SKIPPED_PREFIXES):
        return None
    return f"{path}?{parts.query}" if parts.query else path


class Variants:
    """The variants seen so far (see the module's docstring), states cached by object."""

    def __init__(self) -> None:
        self.seen: Counter = Counter()
        self._states: dict[tuple[str, str], Hashable] = {}

    def state(self, name: str, value: str) -> Hashable:
        if (name, value) not in self._states:
            self._states[(name, value)] = STATE_OF[name](value)
        return self._states[(name, value)]

    def admit(self, route: str, kwargs: dict[str, Any], query: str) -> bool:
        """Return whether a URL of this variant is still to be opened, counting it if so."""
        states = tuple(
            (name, self.state(name, str(value)))
            for name, value in sorted(kwargs.items())
            if name in STATE_OF
        )
        params = tuple(
            sorted(
                (name, "<number>" if value.isdigit() else value)
                for name, value in parse_qsl(query, keep_blank_values=True)
            )
        )
        key = (route, states, params)
        if self.seen[key] >= PER_VARIANT:
            return False
        self.seen[key] += 1
        return True


def project_frame(exc: BaseException) -> str:
    """Return where in the project's code `exc` was raised (its innermost project frame)."""
    frames = [
        f"{frame.filename.split('/work/')[-1]}:{frame.lineno}"
        for frame in traceback.extract_tb(exc.__traceback__)
        if "site-packages" not in frame.filename
    ]
    return f" at {frames[-1]}" if frames else ""


def crawl(client: Client, *, start: str = "/") -> Crawl:
    """Return what following every same-site GET from `start` found."""
    result = Crawl()
    errors: list[BaseException] = []
    variants = Variants()

    def collect(sender, **kwargs) -> None:
        errors.append(sys.exc_info()[1])

    started = time.monotonic()
    request_logger = logging.getLogger("django.request")
    level = request_logger.level
    # The errors are collected and listed at the end; their tracebacks would only drown them.
    request_logger.setLevel(logging.CRITICAL)
    got_request_exception.connect(collect, weak=False)
    try:
        queue: list[tuple[str, bool, str]] = [(start, False, "")]
        queued = {start}
        while queue:
            url, htmx, referrer = queue.pop(0)
            source = f" (linked from {referrer})" if referrer else ""
            path, _, query = url.partition("?")
            try:
                match = resolve(path)
            except Resolver404:
                result.problems.append(f"{url}: no route{source}")
                continue
            if not variants.admit(match.view_name, match.kwargs, query):
                continue
            errors.clear()
            response = client.get(url, headers={"HX-Request": "true"} if htmx else {})
            if response.streaming:
                # Its request ends once its body is read: later tests are outside any request.
                b"".join(response.streaming_content)
            status = response.status_code
            result.visited[url] = status
            if status >= 500:
                cause = f": {errors[0]!r}{project_frame(errors[0])}" if errors else ""
                result.problems.append(f"{url}: {status}{cause}{source}")
                continue
            if status in DEAD_ENDS and referrer:
                result.problems.append(f"{url}: {status}, a dead end{source}")
                continue
            if status == 200:
                result.routes.add(match.view_name)
            links: list[tuple[str, bool]] = []
            if 300 <= status < 400:
                links.append((response["Location"], False))
            elif (
                "text/html" in response.get("Content-Type", "")
                and match.view_name not in LINKS_NOT_FOLLOWED
            ):
                parser = LinkParser()
                parser.feed(response.content.decode(response.charset or "utf-8"))
                parser.close()
                links = parser.links
            for href, by_htmx in links:
                target = same_site(href, url)
                if target is not None and target not in queued:
                    queued.add(target)
                    queue.append((target, by_htmx, url))
    finally:
        got_request_exception.disconnect(collect)
        request_logger.setLevel(level)
    result.seconds = time.monotonic() - started
    return result


def client_for(login: Login, language: str) -> Client:
    # Server errors are answered as a browser gets them and listed, not raised: the crawl
    # goes on and reports them all.
    client = Client(raise_request_exception=False)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if login.email:
        client.force_login(User.objects.get(email=login.email))
    return client


def page_routes_for(role: str) -> set[str]:
    """Return the page routes the access matrix answers 200 to a GET from `role`."""
    return {
        route
        for route, cases in MATRIX.items()
        if (not route.startswith("api:") or route in API_PAGES)
        and any(case.method == "GET" and case.expect[role] == 200 for case in cases)
    }


def report(title: str, result: Crawl) -> str:
    statuses = ", ".join(f"{n} × {s}" for s, n in sorted(Counter(result.visited.values()).items()))
    return f"{title}: {len(result.visited)} URLs ({statuses}) in {result.seconds:.1f} s"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[None]:
    """Seed the demo once for the module, with its outbox on as `make demo` has it, in a
    transaction rolled back at its end; the featured pairs' next meetings are announced
    again, so that the outbox holds calendar files too."""
    outbox_on = override_settings(DEMO_OUTBOX=True, EMAIL_BACKEND=outbox.BACKEND)
    with django_db_blocker.unblock(), outbox_on:
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            started = time.monotonic()
            call_command("seed_demo", stdout=io.StringIO())
            for email in ("mentor@bascule.example", "mentee@bascule.example"):
                user = User.objects.get(email=email)
                meeting = Meeting.objects.filter(
                    models.Q(pair__mentor=user.employee) | models.Q(pair__mentee=user.employee),
                    starts_at__gt=timezone.now(),
                ).first()
                meeting_invitation(meeting.pk, "update", user.pk)
            print(f"\nseed_demo: {time.monotonic() - started:.1f} s")
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("login", LOGINS, ids=lambda login: login.name)
def test_it_renders_every_page_of_the_demo(demo, db, login, language):
    result = crawl(client_for(login, language))
    print(report(f"{login.name} ({language})", result))
    excused = {
        route for route, reasons in NOT_REACHED.items() if "*" in reasons or login.name in reasons
    }
    unreached = sorted(page_routes_for(login.role) - result.routes - excused)
    problems = list(result.problems)
    problems += [
        f"{route}: this login may open it, but no page of the demo links to it (link it, or "
        "say why in NOT_REACHED)"
        for route in unreached
    ]
    assert not problems, f"{login.name} ({language}):\n" + "\n".join(problems)


def situation(user: User) -> Hashable:
    """Return what decides a pilot member's pages: their side and state in each pair."""
    pairs = Pair.objects.filter(
        models.Q(mentor=user.employee_id) | models.Q(mentee=user.employee_id)
    )
    return tuple(
        sorted(
            (
                "mentor" if pair.mentor_id == user.employee_id else "mentee",
                STATE_OF["pair_id"](pair.pk),
            )
            for pair in pairs
        )
    )


def test_it_renders_the_pages_of_the_other_demo_logins(demo, db):
    named = [login.email for login in LOGINS if login.role == MENTOR]
    covered = {situation(User.objects.get(email=email)) for email in named}
    others = User.objects.filter(email__endswith="@bascule.example", role=Role.PARTICIPANT)
    chosen: dict[Hashable, User] = {}
    for user in others.exclude(email__in=named).order_by("email"):
        if situation(user) not in covered:
            chosen.setdefault(situation(user), user)
    problems = []
    # In each one's own language: the named logins' crawls cover both languages already.
    for user in chosen.values():
        result = crawl(client_for(Login(user.email, MENTOR), user.language))
        print(report(f"{user.email} ({user.language}) {situation(user)}", result))
        problems += [f"{user.email} {problem}" for problem in result.problems]
    assert not problems, "\n".join(problems)


def nullable_relations() -> list[models.ForeignKey]:
    """Return every nullable relation of the project's models, except NULLS_KEPT."""
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("bascule."):
            continue
        for field_ in model._meta.get_fields():
            name = f"{model._meta.label}.{field_.name}"
            if field_.concrete and field_.is_relation and field_.null and name not in NULLS_KEPT:
                found.append(field_)
    return found


def test_it_renders_every_page_with_every_nullable_relation_set_to_null(demo, db):
    relations = nullable_relations()
    for relation in relations:
        relation.model._base_manager.update(**{relation.name: None})
    print(f"null pass: {', '.join(f'{r.model.__name__}.{r.name}' for r in relations)}")
    problems = []
    # French only: which branch a template takes does not depend on the language.
    for login in LOGINS[:-1]:
        result = crawl(client_for(login, "fr"))
        print(report(f"{login.name} with nulls", result))
        problems += [f"{login.name} {problem}" for problem in result.problems]
    assert not problems, "\n".join(problems)
