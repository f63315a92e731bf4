"""Personal data of the reminders app: the person's choices and the reminders sent to them
(see bascule/privacy/base.py for the contract, docs/privacy.md for the rules)."""

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bascule.privacy.base import ACTOR, SUBJECT, Audience, Person, Plan, Record, Section, item
from bascule.reminders.kinds import get_kind
from bascule.reminders.models import ReminderPreference, SentReminder
from bascule.reminders.selectors import user_choices

COVERS = {
    "reminders.ReminderPreference.user": SUBJECT,
    "reminders.SentReminder.recipient": SUBJECT,
    "reminders.ProgramReminderPolicy.updated_by": ACTOR,
}

KINDS = {"reminder_preferences": gettext_lazy("reminder choices deleted")}


def export(person: Person, *, audience: Audience) -> list[Section]:
    user = person.user
    if user is None:
        return []
    choices = Section(key="reminder_preferences", title=_("Reminder choices"))
    for choice in user_choices(user=user):
        choices.records.append(
            Record(
                str(choice.kind.label),
                [
                    item("kind", _("Reminder"), choice.code, str(choice.kind.label)),
                    item("enabled", _("Chosen"), choice.enabled),
                    item("required", _("Required by a program"), choice.required),
                ],
            )
        )
    sent = Section(key="reminders_sent", title=_("Reminders sent"))
    for reminder in SentReminder.objects.filter(recipient=user).order_by("claimed_at", "id"):
        kind = get_kind(reminder.kind)
        label = str(kind.label) if kind else reminder.kind
        sent.records.append(
            Record(
                label,
                [
                    item("kind", _("Reminder"), reminder.kind, label),
                    item("sent_at", _("Sent"), reminder.sent_at),
                ],
            )
        )
    return [choices, sent]


def erasure_plan(person: Person) -> Plan:
    if person.user is None:
        return Plan()
    return Plan(
        erase=[_("Their reminder choices.")],
        keep=[_("Which reminders were sent, to the anonymous account.")],
    )


def anonymise(person: Person, *, actor: Any, now: dt.datetime) -> dict[str, int]:
    if person.user is None:
        return {}
    deleted = ReminderPreference.objects.filter(user=person.user).delete()[0]
    return {"reminder_preferences": deleted}
