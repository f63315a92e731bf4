"""The training's reminder kinds, registered with the reminders app (docs/reminders.md).

- `training_due`: a module the person's program requires is due within 3 days and they have
  not completed it; once per person and requirement.
- `training_overdue`: its date has passed and they have not completed it; once per person
  and requirement.

Only for programs enrolling, matching or running, and people approved in them with an
active account and an e-mail; each person's preferences decide (the reminders app).
"""

import datetime as dt
from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bascule.core.emails import absolute_url
from bascule.programs.models import ProgramStatus
from bascule.reminders.kinds import Due, ReminderKind, reachable_users, register
from bascule.training.models import ModuleStatus, Requirement
from bascule.training.requirements.gate import module_url
from bascule.training.requirements.selectors import (
    annotated,
    due_date,
    due_window_condition,
    overdue_condition,
)

DUE_AHEAD = dt.timedelta(days=3)
LIVE = [ProgramStatus.ENROLLING, ProgramStatus.MATCHING, ProgramStatus.RUNNING]


def _requirements() -> list[Requirement]:
    return list(
        Requirement.objects.filter(
            program__status__in=LIVE, module__status=ModuleStatus.PUBLISHED
        ).select_related("program", "module__published")
    )


def _dues(condition, code: str, template: str) -> Iterator[Due]:
    for requirement in _requirements():
        people = list(
            annotated(requirement, light=True)
            .filter(condition(requirement))
            .select_related("employee")
        )
        users = reachable_users(a.employee_id for a in people)
        url = absolute_url(module_url(requirement.module.slug))
        for application in people:
            user = users.get(application.employee_id)
            if user is None:
                continue
            yield Due(
                recipient=user,
                key=f"{code}:requirement{requirement.pk}:employee{application.employee_id}",
                template=template,
                context={
                    "program": requirement.program,
                    "module": requirement.module,
                    "due_on": due_date(requirement, application.paired_at),
                    "module_url": url,
                },
                program=requirement.program,
            )


def training_due_due(now: dt.datetime) -> Iterator[Due]:
    today = timezone.localdate(now)
    last = today + DUE_AHEAD
    yield from _dues(
        lambda r: due_window_condition(r, today, last), "training_due", "reminder-training-due"
    )


def training_overdue_due(now: dt.datetime) -> Iterator[Due]:
    today = timezone.localdate(now)
    yield from _dues(
        lambda r: overdue_condition(r, today),
        "training_overdue",
        "reminder-training-overdue",
    )


def register_kinds() -> None:
    register(
        ReminderKind(
            code="training_due",
            label=_("A required module is due soon"),
            description=_(
                "Three days before a module your program requires is due, if you have not "
                "completed it."
            ),
            due=training_due_due,
        )
    )
    register(
        ReminderKind(
            code="training_overdue",
            label=_("A required module is overdue"),
            description=_(
                "Once, when the date of a module your program requires has passed and you "
                "have not completed it."
            ),
            due=training_overdue_due,
        )
    )
