"""Personal data in the logs: Bascule's audit log and Django's admin log (see
bascule/privacy/base.py for the contract, docs/privacy.md for the rules).

The audit log is append-only (`AuditEntry.save` refuses changes). An erasure is the one
exception, by queryset updates here: the entries stay — who did what, when — but the
person's name, e-mail addresses and the free texts about them (reasons, messages) are
replaced, so that the log keeps no personal data of someone who asked to be erased. The
retention rule likewise removes the free texts recorded about a program's people.
"""

import datetime as dt
import json
import re
from typing import Any

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bascule.accounts.models import User
from bascule.core.models import AuditEntry, IdempotencyKey, OutboxMessage
from bascule.people.models import Employee
from bascule.privacy.base import ACTOR, REDACTED, Audience, Person, Plan, Record, Section, item
from bascule.programs.models import Application, Program

COVERS = {
    "core.AuditEntry.actor": ACTOR,
    "admin.LogEntry.user": ACTOR,
    # The submission keys of forms sent and API retries (a day at most): a replayed answer may
    # hold what the person typed, so they go with the erasure.
    "core.IdempotencyKey.actor": ACTOR,
}

KINDS = {
    "audit_entries": gettext_lazy("audit log entries anonymised"),
    "admin_log_entries": gettext_lazy("admin log entries anonymised"),
    "submission_keys": gettext_lazy("recent submissions forgotten"),
    "outbox_messages": gettext_lazy("e-mails of the demo's outbox deleted"),
}

# Keys of an entry's details that hold someone's words (a reason, a message, a token's name)
# rather than codes, counts or dates.
FREE_TEXT_KEYS = frozenset({"reason", "message", "log", "name"})
# The retention rule leaves names alone (a program's name is no one's personal data).
RETENTION_KEYS = frozenset({"reason", "message", "log"})


def _mentions(identifiers: tuple[str, ...]) -> Q:
    """Return the entries whose object or details contain one of `identifiers`.

    The details are JSON: SQLite stores "é" as "\\u00e9", PostgreSQL as "é"; both are looked
    for.
    """
    found = Q(pk__in=[])
    for text in identifiers:
        escaped = json.dumps(text)[1:-1]
        found |= Q(object_repr__icontains=text) | Q(changes__icontains=text)
        if escaped != text:
            found |= Q(changes__icontains=escaped)
    return found


def _subjects(person: Person) -> Q:
    """Return the entries whose object is about `person` (their rows, see base.Person)."""
    found = Q(pk__in=[])
    for object_type, ids in person.subjects.items():
        found |= Q(object_type=object_type, object_id__in=sorted(ids))
    return found


def _programs_mentioning(person: Person) -> Q:
    """Return the entries on the person's programs that name them (a pair ended, a rematch:
    recorded on the program with the members' names)."""
    if person.employee is None or not person.identifiers:
        return Q(pk__in=[])
    programs = Application.objects.filter(employee=person.employee).values_list(
        "program_id", flat=True
    )
    return Q(
        object_type="programs.program", object_id__in=[str(pk) for pk in programs]
    ) & _mentions(person.identifiers)


def _entries(person: Person) -> QuerySet[AuditEntry]:
    """Return the entries about `person` (their rows, their programs' entries naming them),
    by them, or naming them anywhere (a meeting's object reads "Léa Martin → …")."""
    about = _subjects(person) | _programs_mentioning(person) | _mentions(person.identifiers)
    if person.user is not None:
        about |= Q(actor=person.user)
    return AuditEntry.objects.filter(about)


def _is_own(entry: AuditEntry, person: Person) -> bool:
    return (entry.object_type, entry.object_id) in {
        ("people.employee", str(person.employee_id)),
        ("accounts.user", str(person.user_id)),
    }


def export(person: Person, *, audience: Audience) -> list[Section]:
    section = Section(key="audit_log", title=_("Audit log"))
    entries = _entries(person).order_by("created_at", "id")
    if audience == Audience.SELF:
        section.note = _(
            "What was done with your data or by you, and when. The details stay in the log, "
            "which HR reads."
        )
    for entry in entries:
        items = [
            item("created_at", _("When"), entry.created_at),
            item("action", _("Action"), entry.action),
            item("object_type", _("Object type"), entry.object_type),
            item("object_id", _("Object"), entry.object_id),
        ]
        if audience == Audience.HR:
            items += [
                item("actor", _("Who"), entry.actor_label),
                item("object", _("Object"), entry.object_repr),
                item("details", _("Details"), entry.changes),
            ]
        else:
            if person.user is not None and entry.actor_id == person.user.pk:
                who = _("You")
            elif entry.actor_id is None:
                who = _("Bascule itself")
            else:
                who = _("Someone else")
            items.append(item("actor", _("Who"), who))
        section.records.append(Record(f"{entry.action}", items))
    return [section]


def erasure_plan(person: Person) -> Plan:
    return Plan(
        erase=[
            _(
                "In the audit log and the admin's history: their name and e-mail addresses, "
                "and the reasons and messages recorded about them."
            )
        ],
        keep=[
            _(
                "Every audit entry — who did what, and when — with “%(label)s” in place of "
                "the person."
            )
            % {"label": person.log_label}
        ],
    )


def _replace(text: str, person: Person) -> str:
    """Return `text` with the person's names replaced by their log label: whole words only,
    so that "Marc Petit" leaves "Marc Petitjean" alone."""
    for identifier in person.identifiers:
        pattern = rf"(?<!\w){re.escape(identifier)}(?!\w)"
        text = re.sub(pattern, person.log_label, text, flags=re.IGNORECASE)
    return text


def _scrub(value: Any, person: Person, *, keys: frozenset[str], redact_all: bool) -> Any:
    """Return `value` (an entry's details) without the person: every value when
    `redact_all`, else the free texts under `keys` and the person's names."""
    if isinstance(value, dict):
        return {
            key: REDACTED
            if key in keys and isinstance(item_value, str) and item_value
            else _scrub(item_value, person, keys=keys, redact_all=redact_all)
            for key, item_value in value.items()
        }
    if isinstance(value, list):
        return [_scrub(entry, person, keys=keys, redact_all=redact_all) for entry in value]
    if redact_all and value not in (None, "", True, False):
        return REDACTED
    if isinstance(value, str):
        return _replace(value, person)
    return value


def anonymise(person: Person, *, actor: Any, now: dt.datetime) -> dict[str, int]:
    about = set(
        AuditEntry.objects.filter(_subjects(person) | _programs_mentioning(person)).values_list(
            "pk", flat=True
        )
    )
    current = _current_subjects(person)
    changed = []
    for entry in _entries(person).iterator():
        before = (entry.actor_label, entry.object_repr, entry.changes)
        if person.user is not None and entry.actor_id == person.user.pk:
            entry.actor_label = person.log_label
        # An entry by the person about someone else keeps its object and details.
        if entry.pk in about:
            own = _is_own(entry, person)
            if own:
                entry.object_repr = person.log_label
            else:
                # The object as it reads now that the apps anonymised it (a token without its
                # name, a pair with "Erased person"), or without the names if it is gone.
                obj = current.get((entry.object_type, entry.object_id))
                entry.object_repr = (
                    str(obj)[:255] if obj is not None else _replace(entry.object_repr, person)
                )
            entry.changes = _scrub(entry.changes, person, keys=FREE_TEXT_KEYS, redact_all=own)
        else:
            # Someone else's object that names the person: only the name goes.
            entry.object_repr = _replace(entry.object_repr, person)
            entry.changes = _scrub(entry.changes, person, keys=frozenset(), redact_all=False)
        if (entry.actor_label, entry.object_repr, entry.changes) != before:
            changed.append(entry)
    # bulk_update writes with UPDATE queries: AuditEntry.save, which refuses changes, is not
    # called. This is the only place allowed to do so (see the module's docstring).
    AuditEntry.objects.bulk_update(
        changed, ["actor_label", "object_repr", "changes"], batch_size=500
    )
    submissions = IdempotencyKey.objects.filter(actor=person.user).delete()[0] if person.user else 0
    # The demo's outbox (never on in production) keeps e-mails by address, not by relation.
    addresses = [text for text in person.identifiers if "@" in text]
    outbox = OutboxMessage.objects.filter(recipients__address__in=addresses).distinct()
    outbox_count = outbox.count()
    OutboxMessage.objects.filter(pk__in=list(outbox.values_list("pk", flat=True))).delete()
    return {
        "audit_entries": len(changed),
        "admin_log_entries": _anonymise_admin_log(person),
        "submission_keys": submissions,
        "outbox_messages": outbox_count,
    }


def _current_subjects(person: Person) -> dict[tuple[str, str], Any]:
    """Return the rows about `person` that still exist, {(object type, pk as text): row}."""
    rows = {}
    for object_type, ids in person.subjects.items():
        model = apps.get_model(object_type)
        for pk, row in model._default_manager.in_bulk(sorted(ids)).items():
            rows[(object_type, str(pk))] = row
    return rows


def _anonymise_admin_log(person: Person) -> int:
    """Anonymise Django's admin history: the person's own rows read as the placeholder, and
    the other objects' names lose the person's (a pair, an application)."""
    count = 0
    for model, pk in ((Employee, person.employee_id), (User, person.user_id)):
        if pk is not None:
            count += LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(model), object_id=str(pk)
            ).update(object_repr=person.log_label)
    mentions = Q(pk__in=[])
    for identifier in person.identifiers:
        mentions |= Q(object_repr__icontains=identifier)
    for entry in LogEntry.objects.filter(mentions).only("object_repr").iterator():
        replaced = _replace(entry.object_repr, person)
        if replaced != entry.object_repr:
            LogEntry.objects.filter(pk=entry.pk).update(object_repr=replaced)
            count += 1
    return count


def expire_program(program: Program, *, dry_run: bool) -> dict[str, int]:
    """Remove the free texts (reasons, messages) recorded in the audit log about `program`,
    its applications and its pairs."""
    from bascule.pairing.models import Pair

    objects = (
        Q(object_type="programs.program", object_id=str(program.pk))
        | Q(
            object_type="programs.application",
            object_id__in=[
                str(pk)
                for pk in Application.objects.filter(program=program).values_list("pk", flat=True)
            ],
        )
        | Q(
            object_type="pairing.pair",
            object_id__in=[
                str(pk) for pk in Pair.objects.filter(program=program).values_list("pk", flat=True)
            ],
        )
    )
    nobody = Person(employee=None, user=None)
    changed = []
    for entry in AuditEntry.objects.filter(objects).iterator():
        scrubbed = _scrub(entry.changes, nobody, keys=RETENTION_KEYS, redact_all=False)
        if scrubbed != entry.changes:
            entry.changes = scrubbed
            changed.append(entry)
    if not dry_run:
        AuditEntry.objects.bulk_update(changed, ["changes"], batch_size=500)
    return {"audit_entries": len(changed)}
