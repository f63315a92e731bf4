"""Writes of check-ins: one per member and period, created or updated (docs/journey.md).

Who may call it is checked by the views and API handlers (`access_pair_space`): only a member
of the pair. The service itself refuses an ended pair and any period but the current one.
Audit entries record the pair, the member and the period, never an answer: a member's pulse
and texts are theirs (HR reads the pair's mean pulse and the messages addressed to HR only).
"""

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from bascule.core import idempotency
from bascule.core.audit import audit_record
from bascule.core.errors import DomainError, ValidationFailed
from bascule.journey.checkins import extensions
from bascule.journey.checkins.selectors import period_at
from bascule.journey.models import CheckIn, Goal, Pulse
from bascule.journey.services import _check_version, progress_error
from bascule.pairing.models import Pair, PairStatus

TEXT_MAX = 2000


def checkin_errors(
    *, pulse: Any, blocking: str, message_to_hr: str, progress: dict[int, Any]
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if pulse not in Pulse.values:
        errors["pulse"] = [_("Please say how it is going, from 1 to 5.")]
    for name, text in (("blocking", blocking), ("message_to_hr", message_to_hr)):
        if len(text) > TEXT_MAX:
            errors[name] = [_("Please keep this under %(max)d characters.") % {"max": TEXT_MAX}]
    for goal_id, value in progress.items():
        message = progress_error(value)
        if message:
            errors[f"goal_{goal_id}"] = [message]
    return errors


def checkin_period_error(pair: Pair, period: int | None, now: dt.datetime | None = None) -> None:
    """Raise DomainError unless `period` (None: the current one) can be answered now."""
    if pair.status != PairStatus.ACTIVE:
        raise DomainError(
            _("This mentoring has ended: check-ins can no longer be given."), code="pair_ended"
        )
    current = max(period_at(pair, now), 1)
    if period is None or period == current:
        return
    if period > current:
        raise DomainError(
            _("This check-in period has not started yet: you can answer it when it begins."),
            code="future_period",
        )
    raise DomainError(
        _("This check-in period is over: please answer the check-in for the current period."),
        code="past_period",
    )


def _set_progress(*, actor: Any, pair: Pair, progress: dict[int, tuple[int, int | None]]) -> None:
    """Write the progress of the goals as the goal service does: under a row lock, checking
    the version the member started from, one `journey.goal_updated` entry per goal changed.
    A goal whose progress is unchanged is left alone (so sending the form twice is harmless)."""
    goals = {
        goal.pk: goal
        for goal in Goal.objects.select_for_update(of=("self",))
        .select_related("updated_by__employee")
        .filter(pair=pair, pk__in=list(progress))
        .order_by("pk")
    }
    unknown = set(progress) - set(goals)
    if unknown:
        raise ValidationFailed({"goals": [_("This goal is not one of your pair's goals.")]})
    for goal_id, (value, version) in sorted(progress.items()):
        goal = goals[goal_id]
        if goal.progress == value:
            continue
        _check_version(goal, version)
        old = goal.progress
        goal.progress = value
        goal.updated_by = actor
        goal.version += 1
        goal.save(update_fields=["progress", "updated_by", "version", "updated_at"])
        audit_record(
            actor=actor,
            action="journey.goal_updated",
            target=goal,
            changes={
                "pair": pair.pk,
                "fields": ["progress"],
                "progress": {"old": old, "new": value},
                "via": "checkin",
            },
        )


def checkin_submit(
    *,
    actor: Any,
    pair: Pair,
    pulse: Any,
    blocking: str = "",
    message_to_hr: str = "",
    progress: dict[int, tuple[Any, int | None]] | None = None,
    period: int | None = None,
    now: dt.datetime | None = None,
    submission: idempotency.Submission | None = None,
    answers: dict[str, Any] | None = None,
    _retry: bool = True,
) -> CheckIn:
    """Return the check-in of `actor` (a member of `pair`) for the current period, created or
    updated with these answers; the goals' progress is updated too.

    `progress` maps a goal id to (percent, the goal's version the member started from).
    `period` is the period the form was opened for (None: the current one): a future or past
    period is refused, as is an ended pair (DomainError, 400). A stale goal raises
    ConflictError (409) and nothing is saved. The same `submission` sent again (whose goal
    versions the first one moved on) raises AlreadySubmitted instead.

    `answers` ({question key: answer}) answers the questions higher apps add to the check-in
    (`extensions`); each app saves its own in this transaction. None leaves them unchanged.
    """
    progress = dict(progress or {})
    blocking = (blocking or "").strip()
    message_to_hr = (message_to_hr or "").strip()
    checkin_period_error(pair, period, now)
    errors = checkin_errors(
        pulse=pulse,
        blocking=blocking,
        message_to_hr=message_to_hr,
        progress={goal_id: value for goal_id, (value, _version) in progress.items()},
    )
    current = max(period_at(pair, now), 1)
    member = getattr(actor, "employee", None) if actor.employee_id else None
    groups = []
    if answers is not None:
        groups = extensions.question_groups(pair=pair, member=member, period=current)
        errors.update(extensions.answers_errors(groups, answers))
    if errors:
        raise ValidationFailed(errors)
    try:
        with transaction.atomic():
            # One member's check-ins of a pair are serialised on the pair's row, so a form sent
            # twice updates the first answer; the unique constraint stands behind it.
            locked = Pair.objects.select_for_update().get(pk=pair.pk)
            claim = idempotency.claim(actor=actor, scope="journey.checkin", submission=submission)
            if locked.status != PairStatus.ACTIVE:
                checkin_period_error(locked, period, now)
            _set_progress(
                actor=actor,
                pair=pair,
                progress={goal_id: (int(v), ver) for goal_id, (v, ver) in progress.items()},
            )
            checkin = CheckIn.objects.filter(
                pair=pair, member_id=actor.employee_id, period=current
            ).first()
            created = checkin is None
            values = {
                "author": actor,
                "pulse": int(pulse),
                "blocking": blocking,
                "message_to_hr": message_to_hr,
                "goal_progress": {
                    str(goal_id): int(v) for goal_id, (v, _ver) in sorted(progress.items())
                },
            }
            if created:
                checkin = CheckIn.objects.create(
                    pair=pair, member_id=actor.employee_id, period=current, **values
                )
            else:
                for name, value in values.items():
                    setattr(checkin, name, value)
                checkin.save(update_fields=[*values, "updated_at"])
            if answers is not None:
                extensions.save_answers(
                    actor=actor,
                    pair=pair,
                    member=member,
                    period=current,
                    groups=groups,
                    answers=answers,
                )
            claim.done(checkin)
            audit_record(
                actor=actor,
                action="journey.checkin_given" if created else "journey.checkin_updated",
                target=checkin,
                changes={"pair": pair.pk, "period": current},
            )
    except IntegrityError:
        # Two submissions at the very same moment both found no check-in: the unique
        # constraint refused the second one, which now updates the first (once).
        if not _retry:
            raise
        return checkin_submit(
            actor=actor,
            pair=pair,
            pulse=pulse,
            blocking=blocking,
            message_to_hr=message_to_hr,
            progress=progress,
            period=period,
            now=now,
            submission=submission,
            answers=answers,
            _retry=False,
        )
    return checkin
