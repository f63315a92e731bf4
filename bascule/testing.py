"""Test personas shared by every app's tests.

Who may see what:
- Alice (HR admin) sees and changes everything.
- Paul (program manager) manages the Marketing department only.
- Léa (young mentor, Marketing) and Bernard (senior mentee, Finance) are participants: each
  sees their own record only.
- Sophie (executive sponsor) sees aggregates only, no individual record.
- Oscar (outsider, a participant with no employee record) sees nothing but his home page.
"""

import datetime as dt
import html
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.test import Client
from django.utils.crypto import get_random_string

from bascule.accounts.models import Role, User
from bascule.core.idempotency import FIELD as SUBMISSION_FIELD
from bascule.people.demo import ascii_slug
from bascule.people.models import Department, Employee
from bascule.skills import taxonomy as skill_taxonomy
from bascule.skills.models import Skill, SkillCategory

PASSWORD = "correct-horse-battery-staple"  # noqa: S105 (test personas only)


@dataclass
class Company:
    marketing: Department
    finance: Department
    ceo: Employee
    cmo: Employee
    cfo: Employee
    lea: Employee
    bernard: Employee
    alice: User
    paul: User
    lea_user: User
    bernard_user: User
    sophie: User
    oscar: User


def make_user(email: str, role: str, *, employee: Employee | None = None, **extra) -> User:
    """Return a new active user with the shared test password, reading English.

    Tests assert on English text; the ones about French switch the language on purpose.
    """
    extra.setdefault("language", "en")
    first, _, last = email.split("@")[0].partition(".")
    return User.objects.create_user(
        email=email,
        password=PASSWORD,
        role=role,
        employee=employee,
        first_name=first.capitalize(),
        last_name=last.capitalize(),
        **extra,
    )


def make_employee(employee_id: str, first: str, last: str, **fields) -> Employee:
    """Return a new employee with sensible defaults for the fields not given."""
    fields.setdefault("email", f"{ascii_slug(first)}.{ascii_slug(last)}@example.com")
    fields.setdefault("languages", ["fr"])
    fields.setdefault("hire_date", dt.date(2015, 1, 5))
    return Employee.objects.create(
        employee_id=employee_id, first_name=first, last_name=last, **fields
    )


def builtin_skills_are_installed() -> bool:
    """Return whether the built-in categories and skills are in the database exactly as
    `skill_taxonomy.install` leaves them (two queries instead of the install's hundreds)."""
    categories = set(SkillCategory.objects.values_list("slug", "name_fr", "name_en", "position"))
    expected_categories = {
        (category.slug, category.name_fr, category.name_en, position)
        for position, category in enumerate(skill_taxonomy.CATEGORIES, start=1)
    }
    if not expected_categories <= categories:
        return False
    skills = set(
        Skill.objects.filter(built_in=True).values_list(
            "slug", "category__slug", "label_fr", "label_en", "description_fr", "description_en"
        )
    )
    return set(skill_taxonomy.SKILLS) <= skills


def install_builtin_skills() -> None:
    """Install the built-in skills unless they are already there: transactional tests
    flush the database, which removes the rows the data migration created."""
    if not builtin_skills_are_installed():
        skill_taxonomy.install(SkillCategory, Skill)


def make_company() -> Company:
    """Return a small company: a CEO, two directors, a young marketer, a senior controller.

    The built-in skills are installed first when a flush removed them (see
    `install_builtin_skills`).
    """
    install_builtin_skills()
    marketing = Department.objects.create(name="Marketing")
    finance = Department.objects.create(name="Finance")
    ceo = make_employee("E001", "Claire", "Dumont", seniority_level=8, job_title="CEO")
    cmo = make_employee(
        "E002",
        "Marc",
        "Petit",
        seniority_level=7,
        department=marketing,
        manager=ceo,
        job_title="Marketing director",
    )
    cfo = make_employee(
        "E003",
        "Hélène",
        "Moreau",
        seniority_level=7,
        department=finance,
        manager=ceo,
        job_title="Finance director",
    )
    lea = make_employee(
        "E004",
        "Léa",
        "Martin",
        seniority_level=2,
        department=marketing,
        manager=cmo,
        job_title="Social media manager",
        languages=["fr", "en"],
        hire_date=dt.date(2023, 9, 1),
    )
    bernard = make_employee(
        "E005",
        "Bernard",
        "Lefèvre",
        seniority_level=6,
        department=finance,
        manager=cfo,
        job_title="Head of controlling",
        hire_date=dt.date(1998, 3, 2),
    )
    alice = make_user("alice.hr@example.com", Role.HR_ADMIN)
    paul = make_user("paul.pm@example.com", Role.PROGRAM_MANAGER)
    paul.managed_departments.add(marketing)
    lea_user = make_user("lea.martin@example.com", Role.PARTICIPANT, employee=lea)
    bernard_user = make_user("bernard.lefevre@example.com", Role.PARTICIPANT, employee=bernard)
    sophie = make_user("sophie.sponsor@example.com", Role.SPONSOR)
    oscar = make_user("oscar.outsider@example.com", Role.PARTICIPANT)
    return Company(
        marketing=marketing,
        finance=finance,
        ceo=ceo,
        cmo=cmo,
        cfo=cfo,
        lea=lea,
        bernard=bernard,
        alice=alice,
        paul=paul,
        lea_user=lea_user,
        bernard_user=bernard_user,
        sophie=sophie,
        oscar=oscar,
    )


class FastArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2 with the lowest cost, for tests only: same format, a fraction of the time."""

    time_cost = 1
    memory_cost = 64
    parallelism = 1


_CONFIRM_FORM = re.compile(
    r'<form method="post" action="(?P<action>[^"]*)" class="confirm-actions"[^>]*>'
    r"(?P<body>.*?)</form>",
    re.S,
)
_HIDDEN = re.compile(r'<input type="hidden" name="(?P<name>[^"]+)" value="(?P<value>[^"]*)">')


def confirmation_form(response: Any) -> tuple[str, dict[str, list[str]]]:
    """Return the address and the hidden fields of the confirmation step's button in
    `response` (templates/core/confirm.html). Fail when there is none."""
    page = response.content.decode()
    form = _CONFIRM_FORM.search(page)
    assert form is not None, "no confirmation step on this page"
    data: dict[str, list[str]] = {}
    for field in _HIDDEN.finditer(form["body"]):
        data.setdefault(html.unescape(field["name"]), []).append(html.unescape(field["value"]))
    return html.unescape(form["action"]), data


def submit_confirmation(client: Any, response: Any, **extra: Any) -> Any:
    """Return the answer to the confirmation step's button in `response`, its hidden fields
    posted as a browser would. Fail when there is none."""
    action, data = confirmation_form(response)
    return client.post(action, data, **extra)


class BrowserClient(Client):
    """Django's test client with the CSRF checks on, sending the CSRF token as our pages do.

    Django's plain test client skips CSRF checks, which hid that API writes with a personal
    token were refused. This client enforces them and, like a browser on one of our pages,
    sends the CSRF cookie and its X-CSRFToken header with every unsafe request, except a
    request that carries its own Authorization header (a script with a token sends no CSRF
    token) or its own X-CSRFToken. To send a write without any CSRF token, use
    `Client(enforce_csrf_checks=True)`.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("enforce_csrf_checks", True)
        super().__init__(*args, **kwargs)

    def request(self, **request):
        method = request.get("REQUEST_METHOD", "GET")
        if (
            method not in {"GET", "HEAD", "OPTIONS", "TRACE"}
            and "HTTP_AUTHORIZATION" not in request
            and "HTTP_X_CSRFTOKEN" not in request
        ):
            name = settings.CSRF_COOKIE_NAME
            if name not in self.cookies or len(self.cookies[name].value) != CSRF_SECRET_LENGTH:
                self.cookies[name] = get_random_string(CSRF_SECRET_LENGTH, CSRF_ALLOWED_CHARS)
            request["HTTP_X_CSRFTOKEN"] = self.cookies[name].value
        return super().request(**request)


def submission_keys(response, action: str | None = None, containing: str = "") -> list[str]:
    """Return the hidden submission keys of a rendered page's forms, in page order: those
    posting to `action` only, when given, and holding the text `containing`."""
    html = response.content.decode()
    pattern = rf'<form[^>]*action="{re.escape(action)}"[^>]*>(.*?)</form>' if action else None
    forms = re.findall(pattern, html, re.S) if pattern else [html]
    key = rf'<input type="hidden" name="{SUBMISSION_FIELD}" value="([^"]+)">'
    return [found for form in forms if containing in form for found in re.findall(key, form)]


def submission_key(response, action: str | None = None, containing: str = "") -> str:
    """Return the hidden submission key of the only create form of a rendered page (or of
    the only form posting to `action` and holding `containing`)."""
    keys = submission_keys(response, action, containing)
    assert len(keys) == 1, f"expected one submission key, found {len(keys)}"
    return keys[0]


def read_export(response: Any) -> list[list[Any]]:
    """Return the rows of an export (bascule.core.exports) as lists of cells: a CSV is read
    with the csv module (UTF-8 with BOM, ";"), an XLSX with openpyxl (its first sheet). The
    CSV's first line is the sheet's title, as in the file."""
    import csv
    import io

    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith("text/csv"):
        assert body.startswith(b"\xef\xbb\xbf"), "a byte order mark, for spreadsheets"
        text = body[3:].decode("utf-8")
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    import openpyxl

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    workbook = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
    try:
        return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()
