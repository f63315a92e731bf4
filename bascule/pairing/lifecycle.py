"""A pair's lifecycle, in one place: creation, pause, resume and end (docs/pairing.md).

Every app that changes a pair calls these services: the publication of a run and a rematch
create pairs (`pairs_create`, `pair_create`; a pair made by hand or chosen by a mentee is a
lock that the publication turns into a pair), HR's pair health pauses and resumes
(`pair_pause`, `pair_resume`), HR ends a pair (`pair_end`) and a withdrawal ends the
withdrawn person's pairs (`pairs_end_on_withdrawal`).

Locks: the program row first (`lock_program`), then the pairs' rows (`_locked_pairs`, the
one row lock of pairs), so that two changes of the same pair, or a change of a pair and of its
program, wait for each other. Each change is audited in its transaction and tells the members
by e-mail once it is committed, in their language.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from bascule.core import notify as mail
from bascule.core.audit import audit_record
from bascule.core.errors import ConflictError, DomainError
from bascule.pairing.models import MatchRun, Pair, PairEndCause, PairOrigin, PairStatus
from bascule.programs.models import Application, Program, ProgramStatus

MAX_REASON_LENGTH = 2000


def recorded_actor(actor: Any) -> Any:
    """The user to record as having done something: None for the system (commands, demo)."""
    return actor if getattr(actor, "is_authenticated", False) else None


def lock_program(program: Program) -> Program:
    return Program.objects.select_for_update().get(pk=program.pk)


def _locked_pairs(pairs: QuerySet[Pair]) -> list[Pair]:
    """Lock the rows of `pairs` (theirs only) and return them with their program and members."""
    return list(pairs.select_for_update(of=("self",)).select_related("program", "mentor", "mentee"))


def require_running(program: Program) -> None:
    if program.status != ProgramStatus.RUNNING:
        raise DomainError(
            _("This can be done only while the program is running."), code="not_running"
        )


def locked_active_pair(pair: Pair, require: Callable[[Program], None] = require_running) -> Pair:
    """Lock `pair`'s program, then `pair`; refuse a pair that ended (ConflictError) or a
    program that `require` refuses (by default, one that is not running)."""
    program = lock_program(pair.program)
    current = _locked_pairs(Pair.objects.filter(pk=pair.pk))[0]
    current.program = program
    if current.status != PairStatus.ACTIVE:
        raise ConflictError(_("This pair has already ended."), code="already_ended")
    require(program)
    return current


def clean_text(text: str, *, required: bool, max_length: int, missing: str) -> str:
    text = (text or "").strip()
    if required and not text:
        raise DomainError(missing, code="required")
    if len(text) > max_length:
        raise DomainError(
            _("This text is at most %(max)s characters long.") % {"max": max_length},
            code="too_long",
        )
    return text


# --- Creation ----------------------------------------------------------------------------------


def pairs_create(
    *,
    actor: Any,
    program: Program,
    members: Iterable[dict[str, Any]],
    source_run: MatchRun | None = None,
    origin: str = PairOrigin.PUBLISHED,
    notify: bool = True,
) -> list[Pair]:
    """Create the active pairs of `program` (locked by the caller), one per item of `members`
    (`mentor_application`, `mentee_application`, `score`, `breakdown`, `reasons`), published
    now by `actor`; both members of each are told by e-mail once committed, unless `notify`
    is false (the demo data, whose addresses are fictional). The caller records the audit
    entry (a publication, a rematch). A second active pair of a mentee raises IntegrityError.
    """
    now = timezone.now()
    publisher = recorded_actor(actor)
    pairs = Pair.objects.bulk_create(
        [
            Pair(
                program=program,
                mentor_id=row["mentor_application"].employee_id,
                mentor_application=row["mentor_application"],
                mentee_id=row["mentee_application"].employee_id,
                mentee_application=row["mentee_application"],
                score=row["score"],
                breakdown=row["breakdown"],
                reasons=row["reasons"],
                source_run=source_run,
                origin=origin,
                status=PairStatus.ACTIVE,
                published_at=now,
                published_by=publisher,
            )
            for row in members
        ]
    )
    pair_ids = [pair.pk for pair in pairs]
    if notify:
        mail.notify("pair_announcement", pair_ids=pair_ids)
    return pairs


def pair_create(
    *,
    actor: Any,
    program: Program,
    mentee: Application,
    mentor: Application,
    score: float,
    breakdown: dict[str, float],
    reasons: list[dict[str, Any]],
    origin: str,
) -> Pair:
    """Create one active pair (see `pairs_create`); both members are told by e-mail."""
    return pairs_create(
        actor=actor,
        program=program,
        members=[
            {
                "mentor_application": mentor,
                "mentee_application": mentee,
                "score": score,
                "breakdown": breakdown,
                "reasons": reasons,
            }
        ],
        origin=origin,
    )[0]


# --- Pause and resume ----------------------------------------------------------------------------


def pair_pause(*, actor: Any, pair: Pair, reason: str) -> Pair:
    """Pause an active pair with HR's reason (kept for HR): it stays a pair, its space stays
    open, reminders stop and its health reads "paused". Both members are told."""
    reason = clean_text(
        reason,
        required=True,
        max_length=MAX_REASON_LENGTH,
        missing=_("Say why the pair is paused."),
    )
    with transaction.atomic():
        current = locked_active_pair(pair)
        if current.paused_at:
            raise ConflictError(_("This pair is already paused."), code="already_paused")
        current.paused_at = timezone.now()
        current.paused_by = recorded_actor(actor)
        current.pause_reason = reason
        current.save(update_fields=["paused_at", "paused_by", "pause_reason"])
        audit_record(
            actor=actor, action="journey.pair_paused", target=current, changes={"reason": reason}
        )
        mail.notify("pair_paused", pair_id=current.pk)
    return current


def pair_resume(*, actor: Any, pair: Pair) -> Pair:
    """Resume a paused pair: reminders and health come back. Both members are told."""
    with transaction.atomic():
        current = locked_active_pair(pair)
        if not current.paused_at:
            raise ConflictError(_("This pair is not paused."), code="not_paused")
        paused_days = (timezone.now() - current.paused_at).days
        current.paused_at = None
        current.paused_by = None
        current.pause_reason = ""
        current.save(update_fields=["paused_at", "paused_by", "pause_reason"])
        audit_record(
            actor=actor,
            action="journey.pair_resumed",
            target=current,
            changes={"paused_days": paused_days},
        )
        mail.notify("pair_resumed", pair_id=current.pk)
    return current


# --- End ---------------------------------------------------------------------------------------


def require_running_to_rematch(program: Program) -> None:
    if program.status != ProgramStatus.RUNNING:
        raise DomainError(
            _(
                "Pairs can be ended and people rematched only while the program is running, "
                "once its pairs are published."
            ),
            code="not_running",
        )


def pair_end(*, actor: Any, pair: Pair, reason: str) -> Pair:
    """End an active pair of a running program with HR's reason; both members are told by
    e-mail, in their language, and may then be rematched."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the pair ends."), code="reason_required")
    if len(reason) > MAX_REASON_LENGTH:
        raise DomainError(
            _("The reason is at most %(max)s characters long.") % {"max": MAX_REASON_LENGTH},
            code="reason_too_long",
        )
    with transaction.atomic():
        current = locked_active_pair(pair, require_running_to_rematch)
        _end(actor, current, PairEndCause.HR, reason)
        pair_id = current.pk
        mail.notify("pair_ended", pair_id=pair_id)
    return current


def _end(actor: Any, pair: Pair, cause: str, reason: str) -> None:
    pair.status = PairStatus.ENDED
    pair.ended_at = timezone.now()
    pair.ended_by = recorded_actor(actor)
    pair.end_cause = cause
    pair.end_reason = reason
    pair.save(update_fields=["status", "ended_at", "ended_by", "end_cause", "end_reason"])
    audit_record(
        actor=actor,
        action="matching.pair_end",
        target=pair.program,
        changes={
            "pair_id": pair.pk,
            "mentee": pair.mentee.full_name,
            "mentor": pair.mentor.full_name,
            "cause": cause,
            "reason": reason,
        },
    )


def pairs_end_on_withdrawal(*, actor: Any, application: Application) -> list[Pair]:
    """End the active pairs of a withdrawn application (inside the withdrawal's transaction):
    each partner is told by e-mail, and so are HR and the program's managers."""
    pairs = _locked_pairs(
        Pair.objects.filter(status=PairStatus.ACTIVE).filter(
            Q(mentee_application=application) | Q(mentor_application=application)
        )
    )
    for pair in pairs:
        _end(actor, pair, PairEndCause.WITHDRAWAL, application.withdrawal_reason)
    if pairs:
        ids = [p.pk for p in pairs]
        withdrawn = application.employee_id

        for pair_id in ids:
            mail.notify("pair_ended", pair_id=pair_id, skip=withdrawn)
            mail.notify("pair_ended_hr", pair_id=pair_id)
    return pairs
