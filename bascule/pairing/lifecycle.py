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

from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bascule.accounts.models import User
from bascule.core.audit import audit_record
from bascule.core.emails import absolute_url, send_templated_email
from bascule.core.errors import ConflictError, DomainError
from bascule.pairing.explain import Explainer
from bascule.pairing.models import MatchRun, Pair, PairEndCause, PairOrigin, PairStatus
from bascule.pairing.selectors import hr_recipients, pair_users
from bascule.programs.models import Application, ParticipantRole, Program, ProgramStatus

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
        transaction.on_commit(lambda: send_pair_emails(pair_ids))
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
        transaction.on_commit(lambda: _tell_members(current, "pair-paused"))
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
        transaction.on_commit(lambda: _tell_members(current, "pair-resumed"))
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
        transaction.on_commit(lambda: send_pair_ended_emails(pair_id, members=True))
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

        def send() -> None:
            for pair_id in ids:
                send_pair_ended_emails(pair_id, members=True, skip=withdrawn)
                send_pair_ended_emails(pair_id, hr=True)

        transaction.on_commit(send)
    return pairs


# --- E-mails -----------------------------------------------------------------------------------


def send_pair_emails(pair_ids: list[int]) -> None:
    """E-mail both members of each pair, in their own language, with their partner's name
    and why they were paired: through one SMTP connection, the pairs read by batches (a
    large program has tens of thousands)."""
    home = absolute_url(reverse("home:home"))
    with get_connection() as connection:
        for start in range(0, len(pair_ids), EMAIL_BATCH):
            _send_pair_emails(pair_ids[start : start + EMAIL_BATCH], home, connection)


# Pairs read at once when announcing them (SQLite takes at most 32,766 query parameters).
EMAIL_BATCH = 1000


def _send_pair_emails(pair_ids: list[int], home: str, connection: Any) -> None:
    pairs = list(
        Pair.objects.filter(pk__in=pair_ids).select_related(
            "program", "mentor", "mentee", "mentor__department", "mentee__department"
        )
    )
    explainers: dict[str, Explainer] = {}  # per language: one query for the skills' labels
    users = {
        u.employee_id: u
        for u in User.objects.filter(
            is_active=True,
            employee_id__in=[e for p in pairs for e in (p.mentor_id, p.mentee_id)],
        )
    }
    for pair in pairs:
        for me, partner, role in (
            (pair.mentor, pair.mentee, ParticipantRole.MENTOR),
            (pair.mentee, pair.mentor, ParticipantRole.MENTEE),
        ):
            user = users.get(me.pk)
            if user is None:
                continue
            if user.language not in explainers:
                explainers[user.language] = Explainer([p.reasons for p in pairs], user.language)
            explainer = explainers[user.language]
            send_templated_email(
                to=user,
                name="pair-announcement",
                context={
                    "program": pair.program,
                    "partner": partner,
                    "partner_department": partner.department.name if partner.department else "",
                    "is_mentor": role == ParticipantRole.MENTOR,
                    "explanation": explainer.sentence(
                        pair.reasons, mentor=pair.mentor.first_name, mentee=pair.mentee.first_name
                    ),
                    "home_url": home,
                },
                connection=connection,
            )


def _tell_members(pair: Pair, name: str) -> None:
    url = absolute_url(reverse("journey:pair_space", kwargs={"pair_id": pair.pk}))
    for user in (user for user in pair_users(pair) if user is not None):
        partner = pair.mentee if user.employee_id == pair.mentor_id else pair.mentor
        send_templated_email(
            to=user,
            name=name,
            context={"program": pair.program, "partner": partner, "space_url": url},
        )


def send_pair_ended_emails(
    pair_id: int, *, members: bool = False, hr: bool = False, skip: int | None = None
) -> None:
    """Tell the members of an ended pair (but `skip`, an employee id) and/or HR."""
    pair = Pair.objects.select_related("program", "mentor", "mentee").get(pk=pair_id)
    rematch_url = absolute_url(reverse("pairing:rematch", kwargs={"program_id": pair.program_id}))
    if members:
        users = {
            u.employee_id: u
            for u in User.objects.filter(
                is_active=True, employee_id__in=[pair.mentor_id, pair.mentee_id]
            )
        }
        for me, partner in ((pair.mentor, pair.mentee), (pair.mentee, pair.mentor)):
            user = users.get(me.pk)
            if user is None or me.pk == skip:
                continue
            send_templated_email(
                to=user,
                name="pair-ended",
                context={
                    "program": pair.program,
                    "partner": partner,
                    "withdrawal": pair.end_cause == PairEndCause.WITHDRAWAL,
                    "reason": pair.end_reason if pair.end_cause == PairEndCause.HR else "",
                    "home_url": absolute_url(reverse("home:home")),
                    # The evaluations app opens a closing survey to a pair ended early.
                    "closing_survey": timezone.localdate(pair.ended_at) < pair.program.ends_on,
                },
            )
    if hr:
        for user in hr_recipients(pair.program):
            send_templated_email(
                to=user,
                name="pair-ended-hr",
                context={"program": pair.program, "pair": pair, "rematch_url": rematch_url},
            )
