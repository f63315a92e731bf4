import datetime as dt

from django.core import mail

from bascule.journey.models import CheckIn, KickoffConfirmation
from bascule.meetings.models import Meeting
from bascule.reminders.kinds import get_kind


def dues(code: str, now: dt.datetime, pair=None) -> list:
    """The reminders of kind `code` due at `now` (of `pair` only, when given)."""
    found = list(get_kind(code).due(now))
    if pair is not None:
        found = [d for d in found if d.context.get("pair") and d.context["pair"].pk == pair.pk]
    return found


def keyed(found) -> set[tuple[str, str]]:
    """{(recipient e-mail, key)} of the reminders found."""
    return {(d.recipient.email, d.key) for d in found}


def make_meeting(pair, starts_at: dt.datetime, **fields) -> Meeting:
    fields.setdefault("duration_minutes", 45)
    fields.setdefault("location", "Café Lumière")
    return Meeting.objects.create(pair=pair, starts_at=starts_at, **fields)


def confirm_charter(pair, employee, when: dt.datetime) -> KickoffConfirmation:
    return KickoffConfirmation.objects.create(
        pair=pair,
        member=employee,
        charter_accepted=True,
        meeting_frequency="fortnightly",
        channel="video",
        confidentiality=True,
        confirmed_at=when,
    )


def give_checkin(pair, employee, period: int) -> CheckIn:
    return CheckIn.objects.create(pair=pair, member=employee, period=period, pulse=4)


def sent_to(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address]]
