"""Badges awarded right after the events that prove them, once their transaction commits: a
meeting recorded as held, a kickoff confirmed, a goal reached, a module completed (looked
at in the learner's programs only), a workshop attendance marked present. The rest (a
program closed, check-ins kept up, a second program) waits for `manage.py award_badges`,
which also catches up anything missed here."""

import contextlib
import contextvars
from collections.abc import Iterator

from django.db import transaction
from django.db.models.signals import post_save

from bascule.journey.models import Goal, GoalStatus, KickoffConfirmation
from bascule.meetings.models import Meeting, MeetingOutcome
from bascule.recognition.badges import services
from bascule.training.models import Progress
from bascule.workshops.models import Attendance, Registration

PAIR_EVENTS = {
    Meeting: (lambda m: m.outcome == MeetingOutcome.HELD, ["first-meeting", "five-meetings"]),
    KickoffConfirmation: (lambda k: k.charter_accepted, ["charter-signed"]),
    Goal: (
        lambda g: g.status == GoalStatus.ACHIEVED,
        ["goal-reached", "all-goals-reached"],
    ),
}


class _Award:
    """One awarding after commit; a transaction saving many rows of one pair (or many
    completions) schedules it once."""

    def __init__(self, key: tuple, run) -> None:
        self.key = key
        self.run = run
        self.learners: set[int] = set()

    def __call__(self) -> None:
        self.run()


_PAUSED = contextvars.ContextVar("badges_paused", default=False)


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Award nothing after the events written inside (the demo, which awards at its end with
    `award_due` and tells nobody)."""
    token = _PAUSED.set(True)
    try:
        yield
    finally:
        _PAUSED.reset(token)


def _once(key: tuple, run) -> None:
    if _PAUSED.get():
        return
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        isinstance(func, _Award) and func.key == key for _, func, _ in connection.run_on_commit
    ):
        return
    # robust: a failure here is logged and leaves the event alone; the command catches up.
    transaction.on_commit(_Award(key, run), robust=True)


def _pair_event(sender, instance, **kwargs) -> None:
    proves, slugs = PAIR_EVENTS[sender]
    if proves(instance):
        pair_id = instance.pair_id
        _once((pair_id, *slugs), lambda: services.award_for_pair(pair_id, slugs))


def _progress(sender, instance, **kwargs) -> None:
    """A module completed: the training badge, in the programs of the learner (of every
    learner who completed one in the transaction, looked at once) only."""
    if instance.completed_at is None or _PAUSED.get():
        return
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        for _, func, _ in connection.run_on_commit:
            if isinstance(func, _Award) and func.key == ("training",):
                func.learners.add(instance.employee_id)
                return
    learners = {instance.employee_id}
    award = _Award(("training",), lambda: services.award_for_learners(sorted(learners)))
    award.learners = learners
    transaction.on_commit(award, robust=True)


def _attendance(sender, instance, **kwargs) -> None:
    if instance.attendance == Attendance.PRESENT:
        _once(("workshop",), lambda: services.award_due(slugs=["workshop-attended"]))


def connect() -> None:
    for model in PAIR_EVENTS:
        post_save.connect(_pair_event, sender=model, dispatch_uid=f"badges-{model.__name__}")
    post_save.connect(_progress, sender=Progress, dispatch_uid="badges-progress")
    post_save.connect(_attendance, sender=Registration, dispatch_uid="badges-attendance")
