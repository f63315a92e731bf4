"""Personal data of the notifications app: the e-mails sent to the person by background jobs
(see bascule/privacy/base.py for the contract, docs/privacy.md for the rules)."""

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bascule.notifications.models import OutboundEmail
from bascule.privacy.base import SUBJECT, Audience, Person, Plan, Record, Section, item

COVERS = {"notifications.OutboundEmail.recipient": SUBJECT}

KINDS = {"email_deliveries": gettext_lazy("e-mail deliveries deleted")}


def export(person: Person, *, audience: Audience) -> list[Section]:
    if person.user is None:
        return []
    section = Section(key="email_deliveries", title=_("E-mails sent"))
    for row in OutboundEmail.objects.filter(recipient=person.user).order_by("created_at", "id"):
        section.records.append(
            Record(
                row.name,
                [
                    item("email", _("E-mail"), row.name),
                    item("status", _("Status"), row.status, row.get_status_display()),
                    item("sent_at", _("Sent"), row.sent_at),
                ],
            )
        )
    return [section]


def erasure_plan(person: Person) -> Plan:
    if person.user is None:
        return Plan()
    return Plan(erase=[_("The record of the e-mails sent to them.")])


def anonymise(person: Person, *, actor: Any, now: dt.datetime) -> dict[str, int]:
    if person.user is None:
        return {}
    deleted = OutboundEmail.objects.filter(recipient=person.user).delete()[0]
    return {"email_deliveries": deleted}
