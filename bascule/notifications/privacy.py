"""Personal data of the notifications app: the e-mails sent to the person by background jobs
and the notifications shown to them in the app (see bascule/privacy/base.py for the contract,
docs/privacy.md for the rules)."""

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bascule.notifications.models import Notification, NotificationPreference, OutboundEmail
from bascule.privacy.base import SUBJECT, Audience, Person, Plan, Record, Section, item

COVERS = {
    "notifications.OutboundEmail.recipient": SUBJECT,
    "notifications.Notification.recipient": SUBJECT,
    "notifications.NotificationPreference.user": SUBJECT,
}

KINDS = {
    "email_deliveries": gettext_lazy("e-mail deliveries deleted"),
    "notifications": gettext_lazy("notifications deleted"),
}


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
    centre = Section(key="notifications", title=_("Notifications"))
    for row in Notification.objects.filter(recipient=person.user).order_by("created_at", "id"):
        centre.records.append(
            Record(
                row.title,
                [
                    item("title", _("Title"), row.title),
                    item("created_at", _("Created"), row.created_at),
                    item("read_at", _("Read"), row.read_at),
                ],
            )
        )
    choices = Section(key="notification_preferences", title=_("Notification preferences"))
    for row in NotificationPreference.objects.filter(user=person.user).order_by("kind"):
        choices.records.append(
            Record(
                row.kind, [item("channel", _("Channel"), row.channel, row.get_channel_display())]
            )
        )
    return [section, centre, choices]


def erasure_plan(person: Person) -> Plan:
    if person.user is None:
        return Plan()
    return Plan(
        erase=[
            _("The record of the e-mails sent to them."),
            _("Their notifications in the app and their choices of how to receive them."),
        ]
    )


def anonymise(person: Person, *, actor: Any, now: dt.datetime) -> dict[str, int]:
    if person.user is None:
        return {}
    deleted = OutboundEmail.objects.filter(recipient=person.user).delete()[0]
    notifications = Notification.objects.filter(recipient=person.user).delete()[0]
    NotificationPreference.objects.filter(user=person.user).delete()
    return {"email_deliveries": deleted, "notifications": notifications}
