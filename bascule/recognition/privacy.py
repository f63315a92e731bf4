"""Personal data of the recognition app: the kudos a person received and sent (a kudos's
message is personal data of both), and who may see what they receive (see
bascule/privacy/base.py for the contract, docs/privacy.md for the rules).

The reason HR hid a kudos is read by HR and the recipient only: it is in the recipient's
export, never the sender's. After an erasure, the messages the person received or sent are
emptied and their choice of visibility goes; the rows stay, nameless, for the counts.
"""

import datetime as dt
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from bascule.privacy.base import (
    ACTOR,
    REDACTED,
    SUBJECT,
    Audience,
    Person,
    Plan,
    Record,
    Section,
    item,
)
from bascule.programs.models import Program
from bascule.recognition.models import Kudos, RecognitionPreference

COVERS = {
    "recognition.Kudos.recipient": SUBJECT,
    "recognition.Kudos.sender": SUBJECT,
    "recognition.Kudos.hidden_by": ACTOR,
    "recognition.RecognitionPreference.employee": SUBJECT,
}

KINDS = {
    "kudos_messages": gettext_lazy("kudos: messages erased"),
    "recognition_preferences": gettext_lazy("recognition preferences deleted"),
}


def _mine(person: Person) -> Q:
    q = Q(pk__in=[])
    if person.employee is not None:
        q |= Q(recipient=person.employee)
    if person.user is not None:
        q |= Q(sender=person.user)
    return q


def export(person: Person, *, audience: Audience) -> list[Section]:
    received = Section(key="kudos_received", title=_("Kudos received"))
    sent = Section(key="kudos_sent", title=_("Kudos sent"))
    if person.employee is not None:
        preference = RecognitionPreference.objects.filter(employee=person.employee).first()
        if preference is not None:
            received.records.append(
                Record(
                    _("Who may see the kudos I receive"),
                    [
                        item(
                            "cap",
                            _("Who may see them"),
                            preference.cap,
                            preference.get_cap_display(),
                        )
                    ],
                )
            )
        for kudos in Kudos.objects.filter(recipient=person.employee).select_related(
            "program", "sender__employee"
        ):
            items = [
                item("from", _("From"), kudos.sender_name),
                item("message", _("Message"), kudos.message),
                item(
                    "visibility",
                    _("Visibility asked"),
                    kudos.visibility,
                    kudos.get_visibility_display(),
                ),
                item("on_wall", _("On the wall"), kudos.on_wall),
                item("sent", _("Sent"), kudos.created_at),
            ]
            if kudos.hidden_at is not None:
                items.append(item("hidden_reason", _("Reason for hiding"), kudos.hidden_reason))
            received.records.append(Record(kudos.program.name, items))
    if person.user is not None:
        for kudos in Kudos.objects.filter(sender=person.user).select_related(
            "program", "recipient"
        ):
            sent.records.append(
                Record(
                    kudos.program.name,
                    [
                        item("to", _("To"), kudos.recipient.full_name),
                        item("message", _("Message"), kudos.message),
                        item("sent", _("Sent"), kudos.created_at),
                    ],
                )
            )
    return [received, sent]


def erasure_plan(person: Person) -> Plan:
    messages = Kudos.objects.filter(_mine(person)).exclude(message=REDACTED).count()
    if not messages:
        return Plan()
    return Plan(
        erase=[
            ngettext(
                "The message of %(count)s kudos received or sent.",
                "The messages of %(count)s kudos received or sent.",
                messages,
            )
            % {"count": messages}
        ],
        keep=[_("The kudos themselves, with no message: the program's counts still add up.")],
    )


def anonymise(person: Person, *, actor: Any, now: dt.datetime) -> dict[str, int]:
    erased = Kudos.objects.filter(_mine(person)).exclude(message=REDACTED)
    counts = {"kudos_messages": erased.update(message=REDACTED, hidden_reason="", on_wall=False)}
    if person.employee is not None:
        counts["recognition_preferences"] = RecognitionPreference.objects.filter(
            employee=person.employee
        ).delete()[0]
    return counts


def expire_program(program: Program, *, dry_run: bool) -> dict[str, int]:
    """Erase the messages and hiding reasons of the program's kudos; the rows stay."""
    held = Kudos.objects.filter(program=program).exclude(message=REDACTED)
    if dry_run:
        return {"kudos_messages": held.count()}
    return {"kudos_messages": held.update(message=REDACTED, hidden_reason="", on_wall=False)}
