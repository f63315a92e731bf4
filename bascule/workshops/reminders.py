"""The workshops' reminder kind, registered with the reminders app (docs/reminders.md).

- `workshop_tomorrow`: a workshop the person has a seat at starts within 24 hours; once per
  registration and calendar sequence (a workshop moved gets a new reminder).
"""

import datetime as dt
from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bascule.core.emails import absolute_url
from bascule.reminders.kinds import Due, ReminderKind, reachable_users, register
from bascule.workshops.selectors import registrations_starting_between

AHEAD = dt.timedelta(hours=24)


def workshop_tomorrow_due(now: dt.datetime) -> Iterator[Due]:
    registrations = list(registrations_starting_between(now, now + AHEAD))
    users = reachable_users(r.employee_id for r in registrations)
    for registration in registrations:
        user = users.get(registration.employee_id)
        if user is None:
            continue
        workshop = registration.workshop
        url = reverse("workshops:detail", kwargs={"workshop_id": workshop.pk})
        yield Due(
            recipient=user,
            key=f"workshop_tomorrow:{registration.pk}:seq{registration.calendar_sequence}",
            template="reminder-workshop-tomorrow",
            context={"workshop": workshop, "workshop_url": absolute_url(url)},
        )


def register_kinds() -> None:
    register(
        ReminderKind(
            code="workshop_tomorrow",
            label=_("A workshop tomorrow"),
            description=_("The day before a workshop you registered for."),
            due=workshop_tomorrow_due,
        )
    )
