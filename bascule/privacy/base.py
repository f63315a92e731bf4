"""What every app's `privacy.py` builds on: the person, the sections of an export, the plan of
an erasure. `registry.py` lists the apps' modules; docs/privacy.md says what each one exports,
erases and keeps.

A provider module (`bascule/<app>/privacy.py`) has:

- `COVERS`: every relation of the app's models to an employee or an account, as
  {"app_label.Model.field": SUBJECT or ACTOR}. SUBJECT: the row is about the person (their
  application, their pair); ACTOR: the field records who did something (decided, published),
  and keeps pointing at the anonymous row after an erasure. A test fails when a relation to
  Employee or User is in no module's COVERS.
- `export(person, *, audience) -> list[Section]`: what the app holds about the person;
- `erasure_plan(person) -> Plan`: in words, with counts, what `anonymise` erases and keeps;
- `anonymise(person, *, actor, now) -> dict[str, int]`: erase, inside the caller's
  transaction; returns the number of rows changed per kind of data;
- optionally `expire_program(program, *, dry_run) -> dict[str, int]`: the retention rule for
  one program closed long enough ago (services.retention_apply), and `expire(*, now,
  dry_run) -> dict[str, int]` for data tied to no program. Both only touch rows that still
  hold something to delete, so that a second run changes nothing.
"""

import datetime as dt
import enum
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from bascule.accounts.models import User
from bascule.people.models import Employee

SUBJECT = "subject"
ACTOR = "actor"

# What a log keeps in place of a free text it may no longer hold (a reason, a message).
REDACTED = "[erased]"

# The domain of the placeholder e-mail addresses of erased people: reserved, never delivered.
ERASED_DOMAIN = "erased.invalid"


class Audience(enum.StrEnum):
    """Who reads an export. HR's leaves out what the person was promised HR never reads."""

    SELF = "self"
    HR = "hr"


@dataclass(frozen=True)
class Person:
    """Someone whose data is exported or erased: an employee, their account, or both.

    `identifiers` are the strings that name them (full name, e-mail addresses), read when the
    person is built, before any erasure: the logs are searched for them.
    """

    employee: Employee | None
    user: User | None
    identifiers: tuple[str, ...] = ()

    @classmethod
    def of(cls, *, employee: Employee | None = None, user: User | None = None) -> "Person":
        """Return the person of `employee` or `user`, the other side found from the link."""
        if employee is None and user is not None and user.employee_id is not None:
            employee = Employee.objects.filter(pk=user.employee_id).first()
        if user is None and employee is not None:
            user = User.objects.filter(employee=employee).first()
        names: list[str] = []
        if employee is not None and employee.erased_at is None:
            names += [employee.full_name, employee.email]
        if user is not None and user.erased_at is None:
            names += [user.get_full_name(), user.email]
        # A very short name would match all over the logs; employee IDs are left out too
        # ("E004" is part of "E0041"): the entries about the employee row are found by id.
        unique = tuple(dict.fromkeys(n.strip() for n in names if len(n.strip()) >= 4))
        return cls(employee=employee, user=user, identifiers=unique)

    @property
    def employee_id(self) -> int | None:
        return self.employee.pk if self.employee is not None else None

    @property
    def user_id(self) -> int | None:
        return self.user.pk if self.user is not None else None

    @property
    def name(self) -> str:
        """Return how pages name the person (the placeholder once erased)."""
        if self.employee is not None:
            return self.employee.full_name
        assert self.user is not None
        return self.user.get_full_name() or self.user.email

    @property
    def confirmation_text(self) -> str:
        """Return what HR types to confirm an erasure: the name, or the e-mail address of an
        account without a name."""
        return self.name

    @property
    def is_erased(self) -> bool:
        employee_erased = self.employee is None or self.employee.erased_at is not None
        user_erased = self.user is None or self.user.erased_at is not None
        return employee_erased and user_erased

    @property
    def erased_at(self) -> dt.datetime | None:
        moments = [
            obj.erased_at for obj in (self.employee, self.user) if obj is not None and obj.erased_at
        ]
        return max(moments) if moments else None

    @property
    def log_label(self) -> str:
        """Return the text the logs keep in place of the person's name: no personal data,
        only the row's number, so that entries about the same person still read together."""
        if self.employee is not None:
            return f"erased person #{self.employee.pk}"
        assert self.user is not None
        return f"erased account #{self.user.pk}"

    @cached_property
    def subjects(self) -> dict[str, set[str]]:
        """Return the rows about the person, {"app_label.model": {pk, …}}: their employee
        row and account, and every row a SUBJECT relation of a provider links to them.

        Read once, before an erasure changes anything: the logs about these rows are
        anonymised too.
        """
        from bascule.privacy.registry import subject_rows

        return subject_rows(self)


@dataclass
class Item:
    """One value of a record: a stable key, a label, the value (JSON) and how it reads."""

    key: str
    label: str
    value: Any
    text: str


@dataclass
class Record:
    title: str
    items: list[Item] = field(default_factory=list)


@dataclass
class Section:
    """One kind of data in an export. `note` says what is left out, and why."""

    key: str
    title: str
    records: list[Record] = field(default_factory=list)
    note: str = ""


@dataclass
class Plan:
    """What an erasure does, in words: what goes, what stays, and its consequences."""

    erase: list[str] = field(default_factory=list)
    keep: list[str] = field(default_factory=list)
    consequences: list[str] = field(default_factory=list)

    def erase_if(self, count: int, text: str) -> None:
        """Add `text` to what is erased when there is something of it (`count` > 0)."""
        if count:
            self.erase.append(text)

    def extend(self, other: "Plan") -> None:
        self.erase += other.erase
        self.keep += other.keep
        self.consequences += other.consequences


def readable(value: Any) -> str:
    """Return `value` as a person reads it: dates in the reader's language and time zone,
    yes or no, lists joined, a dash for nothing."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, list | tuple):
        return ", ".join(readable(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {readable(item)}" for key, item in value.items())
    return str(value)


def as_json(value: Any) -> Any:
    """Return `value` as plain JSON: ISO dates, text for anything else that is not JSON."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [as_json(item) for item in value]
    if isinstance(value, dict):
        return {str(key): as_json(item) for key, item in value.items()}
    if isinstance(value, models.Model | Decimal):
        return str(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def item(key: str, label: Any, value: Any, text: str | None = None) -> Item:
    """Return an item; its text is `readable(value)` unless given."""
    return Item(key=key, label=str(label), value=as_json(value), text=text or readable(value))


def model_items(obj: models.Model, names: list[str]) -> list[Item]:
    """Return items for the fields `names` of `obj`, labelled with their verbose names;
    a field with choices reads as the choice's words."""
    items = []
    for name in names:
        model_field = obj._meta.get_field(name)
        value = getattr(obj, name)
        text = None
        if getattr(model_field, "choices", None) and value not in (None, ""):
            text = str(getattr(obj, f"get_{name}_display")())
        items.append(item(name, capfirst(str(model_field.verbose_name)), value, text))
    return items
