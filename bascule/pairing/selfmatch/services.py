"""Self-match: in a program with the option on, while it is in the "Matching" status, each
approved mentee sees their five best eligible mentors (the engine's ranking, every hard
constraint applied) and asks one, with a message; the mentor accepts or declines, with a
message. An accepted request is a lock: the workbench's next runs keep the pair, and HR can
still remove it, exclude it or pair the mentee by hand before publishing.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bascule.core import idempotency
from bascule.core.audit import audit_record
from bascule.core.errors import ConflictError, DomainError
from bascule.core.notify import notify
from bascule.pairing.lifecycle import recorded_actor
from bascule.pairing.models import MentorRequest, PairRule, RequestStatus, RuleKind
from bascule.pairing.rematch.selectors import (
    engine_pair,
    refusal_message,
)
from bascule.pairing.selectors import accepted_load, open_request
from bascule.pairing.selfmatch.selectors import refused_for, require_self_match
from bascule.programs.models import (
    Application,
    ApplicationStatus,
    ParticipantRole,
    Program,
)

MAX_MESSAGE_LENGTH = 2000
DECISIONS = (RequestStatus.ACCEPTED, RequestStatus.DECLINED)


def _clean_message(message: str) -> str:
    message = (message or "").strip()
    if len(message) > MAX_MESSAGE_LENGTH:
        raise DomainError(
            _("A message is at most %(max)s characters long.") % {"max": MAX_MESSAGE_LENGTH},
            code="message_too_long",
        )
    return message


def mentor_request_create(
    *,
    actor: Any,
    program: Program,
    mentee: Application,
    mentor_application_id: int,
    message: str,
    submission: idempotency.Submission | None = None,
) -> MentorRequest:
    """Ask a mentor: refused when the mentee already waits for an answer or has a mentor,
    when the mentor has no room left, declined them before, or the pair breaks a hard
    constraint. The mentor is told by e-mail, in their language. The same `submission` sent
    again raises AlreadySubmitted."""
    message = _clean_message(message)
    with transaction.atomic():
        locked = Program.objects.select_for_update().get(pk=program.pk)
        claim = idempotency.claim(
            actor=actor, scope="matching.mentor_request", submission=submission
        )
        require_self_match(locked)
        if mentee.program_id != locked.pk or mentee.role != ParticipantRole.MENTEE:
            raise DomainError(
                _("Only a mentee of this program can ask a mentor."), code="not_mentee"
            )
        if open_request(locked, mentee) is not None:
            raise ConflictError(
                _("You already asked a mentor: wait for their answer."), code="request_open"
            )
        mentor = (
            Application.objects.select_related("employee", "employee__department")
            .filter(
                pk=mentor_application_id,
                program=locked,
                status=ApplicationStatus.APPROVED,
                role=ParticipantRole.MENTOR,
            )
            .first()
        )
        if mentor is None:
            raise DomainError(_("Choose one of the mentors proposed."), code="not_a_mentor")
        load = accepted_load(locked)
        if load[mentor.pk] >= locked.mentor_capacity:
            raise ConflictError(
                _("%(name)s has no room left for a mentee.") % {"name": mentor.employee.full_name},
                code="mentor_full",
            )
        if mentee.employee.seniority_level is None or mentor.employee.seniority_level is None:
            raise DomainError(
                _("A seniority level is missing in the directory: fill it in first."),
                code="no_level",
            )
        found, reasons = engine_pair(
            locked, mentee, mentor, load, frozenset(refused_for(locked, mentee))
        )
        if found is None:
            raise DomainError(refusal_message(mentee, mentor, reasons), code="not_eligible")
        request = MentorRequest.objects.create(
            program=locked,
            mentee_application=mentee,
            mentor_application=mentor,
            message=message,
            score=float(found.score),
            reasons=[dict(r) for r in found.reasons],
        )
        claim.done(request)
        audit_record(
            actor=actor,
            action="matching.mentor_request",
            target=locked,
            changes={
                "request_id": request.pk,
                "mentee": mentee.employee.full_name,
                "mentor": mentor.employee.full_name,
            },
        )
        request_id = request.pk
        notify("mentor_request", request_id=request_id)
    return request


def mentor_request_answer(
    *, actor: Any, request: MentorRequest, decision: str, message: str
) -> MentorRequest:
    """The mentor accepts (the pair becomes a lock for the next runs) or declines, with a
    message; the mentee is told by e-mail, in their language."""
    if decision not in DECISIONS:
        raise DomainError(_("Accept or decline the request."), code="bad_decision")
    message = _clean_message(message)
    with transaction.atomic():
        program = Program.objects.select_for_update().get(pk=request.program_id)
        require_self_match(program)
        current = (
            MentorRequest.objects.select_for_update(of=("self",))
            .select_related("mentee_application__employee", "mentor_application__employee")
            .get(pk=request.pk)
        )
        if current.status != RequestStatus.PENDING:
            raise ConflictError(_("This request was already answered."), code="answered")
        if decision == RequestStatus.ACCEPTED:
            if accepted_load(program)[current.mentor_application_id] >= program.mentor_capacity:
                raise ConflictError(
                    _("You already mentor as many mentees as the program allows."),
                    code="mentor_full",
                )
            PairRule.objects.filter(
                program=program, kind=RuleKind.LOCK, mentee_application=current.mentee_application
            ).delete()
            PairRule.objects.create(
                program=program,
                mentee_application=current.mentee_application,
                mentor_application=current.mentor_application,
                kind=RuleKind.LOCK,
                created_by=recorded_actor(actor),
            )
        current.status = decision
        current.answer = message
        current.answered_at = timezone.now()
        current.save(update_fields=["status", "answer", "answered_at"])
        audit_record(
            actor=actor,
            action="matching.mentor_request_answer",
            target=program,
            changes={
                "request_id": current.pk,
                "decision": decision,
                "mentee": current.mentee_application.employee.full_name,
                "mentor": current.mentor_application.employee.full_name,
            },
        )
        request_id = current.pk
        notify("mentor_request_answer", request_id=request_id)
    return current
