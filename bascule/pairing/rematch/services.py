"""Mid-program changes to published pairs: rematching one person.

While a program is running, HR (or the program's managers) may give a new partner to someone
whose pair ended or who never had one. The engine runs for that person alone against the
approved people of the other side who still have room (mentees without a mentor, mentors
below the program's capacity), with every hard constraint of the program; the other pairs
are never touched.

Ending a pair, and the end of the pairs of a person who withdraws, are the pair's lifecycle
(`bascule.pairing.lifecycle`); so is the creation of the new pair.
"""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from bascule.core import idempotency
from bascule.core.audit import audit_record
from bascule.core.errors import ConflictError, DomainError
from bascule.pairing import lifecycle
from bascule.pairing.lifecycle import lock_program
from bascule.pairing.models import Pair, PairOrigin
from bascule.pairing.rematch.selectors import (
    already_paired_message,
    engine_pair,
    program_application,
    refusal_message,
    refused_here,
)
from bascule.pairing.selectors import active_load, has_room, paired_mentees
from bascule.programs.models import (
    ParticipantRole,
    Program,
)


def rematch_pair(
    *,
    actor: Any,
    program: Program,
    application_id: int,
    partner_application_id: int,
    submission: idempotency.Submission | None = None,
) -> Pair:
    """Give a person of a running program a new partner: a new active pair, both members told
    by e-mail in their language with the reasons, one audit entry.

    The pair must be one the engine would propose (every hard constraint of the program
    holds) and both must have room; the program row is locked, so a second identical request
    finds the mentee already paired and is refused (ConflictError), creating nothing; the
    same `submission` sent again raises AlreadySubmitted instead.
    """
    with transaction.atomic():
        locked = lock_program(program)
        claim = idempotency.claim(actor=actor, scope="matching.rematch", submission=submission)
        lifecycle.require_running_to_rematch(locked)
        person = program_application(locked, application_id)
        partner = program_application(locked, partner_application_id)
        if person.role == partner.role:
            raise DomainError(
                _("Choose a mentor for a mentee, or a mentee for a mentor."), code="wrong_role"
            )
        mentee, mentor = (
            (person, partner)
            if person.role == ParticipantRole.MENTEE
            else (
                partner,
                person,
            )
        )
        load, paired = active_load(locked), paired_mentees(locked)
        for application in (mentee, mentor):
            if not has_room(application, locked, load, paired):
                raise ConflictError(already_paired_message(application), code="already_paired")
        if mentee.employee.seniority_level is None or mentor.employee.seniority_level is None:
            raise DomainError(
                _("A seniority level is missing in the directory: fill it in first."),
                code="no_level",
            )
        found, reasons = engine_pair(locked, mentee, mentor, load, refused_here(locked))
        if found is None:
            raise DomainError(refusal_message(mentee, mentor, reasons), code="not_eligible")
        pair = lifecycle.pair_create(
            actor=actor,
            program=locked,
            mentee=mentee,
            mentor=mentor,
            score=float(found.score),
            breakdown=dict(found.breakdown),
            reasons=[dict(r) for r in found.reasons],
            origin=PairOrigin.REMATCH,
        )
        claim.done(pair)
        audit_record(
            actor=actor,
            action="matching.rematch",
            target=locked,
            changes={
                "pair_id": pair.pk,
                "for_application_id": person.pk,
                "mentee_application_id": mentee.pk,
                "mentor_application_id": mentor.pk,
                "mentee": mentee.employee.full_name,
                "mentor": mentor.employee.full_name,
                "score": round(pair.score, 4),
            },
        )
    return pair
