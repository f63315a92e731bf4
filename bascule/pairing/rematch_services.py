"""Mid-program changes to published pairs: ending a pair, and rematching one person.

While a program is running, HR (or the program's managers) may end an active pair with a
reason (both members are told by e-mail), and give a new partner to someone whose pair ended
or who never had one. The engine runs for that person alone against the approved people of
the other side who still have room (mentees without a mentor, mentors below the program's
capacity), with every hard constraint of the program; the other pairs are never touched.

A withdrawal from a running program ends the person's pairs the same way
(`pairs_end_on_withdrawal`, called by the programs app's withdrawal signal).
"""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bascule.accounts.models import Role, User
from bascule.core import idempotency
from bascule.core.audit import audit_record
from bascule.core.emails import absolute_url, send_templated_email
from bascule.core.errors import ConflictError, DomainError
from bascule.pairing import inputs
from bascule.pairing.explain import explain
from bascule.pairing.models import Pair, PairEndCause, PairOrigin, PairRule, PairStatus, RuleKind
from bascule.pairing.services import _lock_program, recorded_actor, send_pair_emails
from bascule.programs.models import (
    Application,
    ApplicationStatus,
    ParticipantRole,
    Program,
    ProgramStatus,
)
from bascule_matching import MatchingError, Participant, Weights, match
from bascule_matching import Program as EngineProgram

CANDIDATES_SHOWN = 5
MAX_REASON_LENGTH = 2000


def require_running(program: Program) -> None:
    if program.status != ProgramStatus.RUNNING:
        raise DomainError(
            _(
                "Pairs can be ended and people rematched only while the program is running, "
                "once its pairs are published."
            ),
            code="not_running",
        )


# --- Who has room ------------------------------------------------------------------------------


def active_load(program: Program) -> Counter[int]:
    """Return mentor application id → number of active pairs in `program`."""
    return Counter(
        Pair.objects.filter(program=program, status=PairStatus.ACTIVE).values_list(
            "mentor_application_id", flat=True
        )
    )


def paired_mentees(program: Program) -> set[int]:
    """Return the application ids of the mentees who have an active pair in `program`."""
    return set(
        Pair.objects.filter(program=program, status=PairStatus.ACTIVE).values_list(
            "mentee_application_id", flat=True
        )
    )


def has_room(application: Application, program: Program, load=None, paired=None) -> bool:
    """True when `application` may take a new partner: a mentee without an active pair, a
    mentor below the program's capacity."""
    if application.role == ParticipantRole.MENTEE:
        paired = paired_mentees(program) if paired is None else paired
        return application.pk not in paired
    load = active_load(program) if load is None else load
    return load[application.pk] < program.mentor_capacity


def people_with_room(program: Program) -> list[Application]:
    """Return the approved people of `program` who may take a new partner, mentees first."""
    load, paired = active_load(program), paired_mentees(program)
    rows = (
        Application.objects.filter(program=program, status=ApplicationStatus.APPROVED)
        .select_related("employee", "employee__department")
        .order_by("employee__last_name", "employee__first_name", "pk")
    )
    people = [a for a in rows if has_room(a, program, load, paired)]
    return sorted(people, key=lambda a: a.role != ParticipantRole.MENTEE)


# --- Candidates --------------------------------------------------------------------------------


@dataclass
class Candidate:
    application: Application
    score: float
    breakdown: dict[str, float]
    reasons: list[dict[str, Any]]

    @property
    def employee(self) -> Any:
        return self.application.employee


@dataclass
class RematchOptions:
    person: Application
    candidates: list[Candidate] = field(default_factory=list)
    # When there is no candidate: the engine's reasons ({"code": …}) for the person.
    reasons: list[dict[str, Any]] = field(default_factory=list)

    @property
    def is_mentor(self) -> bool:
        return self.person.role == ParticipantRole.MENTOR


def _program_application(program: Program, application_id: int) -> Application:
    application = (
        Application.objects.select_related("employee", "employee__department")
        .filter(pk=application_id, program=program)
        .first()
    )
    if application is None or application.status != ApplicationStatus.APPROVED:
        raise DomainError(
            _("Choose someone whose application to this program is approved."),
            code="not_approved",
        )
    return application


def _refused_here(program: Program) -> frozenset[tuple[int, int]]:
    """(mentee employee id, mentor employee id) never to pair again in `program`: the pairs
    excluded by HR and the pairs of this program that ended."""
    excluded = {
        (e.employee_id, m.employee_id)
        for e, m in (
            (r.mentee_application, r.mentor_application)
            for r in PairRule.objects.filter(program=program, kind=RuleKind.EXCLUDE).select_related(
                "mentee_application", "mentor_application"
            )
        )
    }
    ended = set(
        Pair.objects.filter(program=program, status=PairStatus.ENDED).values_list(
            "mentee_id", "mentor_id"
        )
    )
    return frozenset(excluded | ended)


def _engine_program(
    program: Program, tree: dict[int, int], exclusions: frozenset[tuple[int, int]]
) -> EngineProgram:
    return EngineProgram(
        weights=Weights(**inputs.program_weights(program)),
        min_level_gap=program.min_level_gap,
        reporting_line_depth=program.reporting_line_depth,
        forbid_same_manager=program.forbid_same_manager,
        prefer_different_department=program.prefer_different_department,
        exclusions=exclusions,
        previous_pairs=frozenset(inputs.previous_pairs(program)),
        allow_previous_pairs=program.allow_previous_pairs,
        org_tree=tree,
        seed=program.pk,
    )


def _participants(
    program: Program, person: Application, others: list[Application], load: Counter[int]
) -> list[Participant]:
    skills = inputs._skills([person.pk, *(a.pk for a in others)])
    people = [inputs.participant(person, skills.get(person.pk, {}), 1)]
    for other in others:
        room = program.mentor_capacity - load[other.pk]
        people.append(inputs.participant(other, skills.get(other.pk, {}), max(room, 1)))
    return people


def rematch_options(
    *, program: Program, application_id: int, limit: int = CANDIDATES_SHOWN
) -> RematchOptions:
    """Return the best `limit` partners for one person of a running program, best first, each
    with its score and reasons; with none, the reasons why (the engine's own).

    Candidates are the approved people of the other side with room; the engine applies every
    hard constraint of the program (reverse rule, reporting line, language, exclusions, earlier
    pairs, and the pairs of this program that ended). Nothing is written.
    """
    require_running(program)
    person = _program_application(program, application_id)
    load, paired = active_load(program), paired_mentees(program)
    if not has_room(person, program, load, paired):
        raise ConflictError(already_paired_message(person), code="already_paired")
    options = RematchOptions(person=person)
    if person.employee.seniority_level is None:
        options.reasons = [{"code": inputs.NO_LEVEL}]
        return options
    other_role = (
        ParticipantRole.MENTEE if person.role == ParticipantRole.MENTOR else ParticipantRole.MENTOR
    )
    others = [
        a
        for a in Application.objects.filter(
            program=program, status=ApplicationStatus.APPROVED, role=other_role
        )
        .exclude(employee=person.employee)
        .select_related("employee", "employee__department")
        .order_by("pk")
        if a.employee.seniority_level is not None and has_room(a, program, load, paired)
    ]
    if not others:
        # Nobody of the other side has room: the engine's own words for it.
        options.reasons = [
            {"code": "mentees_matched_elsewhere" if options.is_mentor else "no_mentor"}
        ]
        return options
    return best_partners(program, person, others, load, set(_refused_here(program)), limit, options)


def best_partners(
    program: Program,
    person: Application,
    others: list[Application],
    load: Counter[int],
    refused: set[tuple[int, int]],
    limit: int = CANDIDATES_SHOWN,
    options: RematchOptions | None = None,
) -> RematchOptions:
    """Ask the engine for `person`'s best partner among `others` (mentors' room from `load`,
    `refused` pairs of employee ids never proposed), then again with that one set aside, up
    to `limit` times. With none, the engine's reasons for `person`."""
    options = options or RematchOptions(person=person)
    by_employee = {a.employee_id: a for a in others}
    participants = _participants(program, person, others, load)
    tree = inputs.org_tree()
    refused = set(refused)
    me = person.employee_id
    while len(options.candidates) < limit:
        try:
            result = match(participants, _engine_program(program, tree, frozenset(refused)))
        except MatchingError as exc:
            raise DomainError(
                _("The matching could not run: %(error)s") % {"error": str(exc)},
                code="matching_error",
            ) from exc
        pair = next(
            (p for p in result.pairs if me in (p.mentee_id, p.mentor_id)),
            None,
        )
        if pair is None:
            if not options.candidates:
                mine = next((u for u in result.unmatched if u.participant_id == me), None)
                options.reasons = [dict(r) for r in mine.reasons] if mine else []
            break
        partner = pair.mentor_id if pair.mentee_id == me else pair.mentee_id
        options.candidates.append(
            Candidate(
                application=by_employee[partner],
                score=float(pair.score),
                breakdown=dict(pair.breakdown),
                reasons=[dict(r) for r in pair.reasons],
            )
        )
        refused.add((pair.mentee_id, pair.mentor_id))
    return options


def engine_pair(
    program: Program,
    mentee: Application,
    mentor: Application,
    load: Counter[int],
    refused: frozenset[tuple[int, int]],
) -> tuple[Any, list[dict[str, Any]]]:
    """Return the engine's pair for these two alone, every hard constraint applied (None when
    it refuses them), and the mentee's reasons when it does."""
    participants = _participants(program, mentee, [mentor], load)
    try:
        result = match(participants, _engine_program(program, inputs.org_tree(), refused))
    except MatchingError as exc:
        raise DomainError(
            _("The matching could not run: %(error)s") % {"error": str(exc)},
            code="matching_error",
        ) from exc
    if result.pairs:
        return result.pairs[0], []
    mine = [u for u in result.unmatched if u.participant_id == mentee.employee_id]
    return None, [dict(r) for r in mine[0].reasons] if mine else []


def refusal_message(mentee: Application, mentor: Application, reasons: list) -> str:
    text = explain(
        reasons, "", mentor=mentor.employee.first_name, mentee=mentee.employee.first_name
    )
    return _("%(mentee)s and %(mentor)s cannot be paired: %(reason)s") % {
        "mentee": mentee.employee.full_name,
        "mentor": mentor.employee.full_name,
        "reason": text or _("a constraint of the program forbids it."),
    }


def already_paired_message(person: Application) -> str:
    if person.role == ParticipantRole.MENTEE:
        return _("%(name)s already has an active mentor in this program.") % {
            "name": person.employee.full_name
        }
    return _("%(name)s already mentors as many mentees as the program allows.") % {
        "name": person.employee.full_name
    }


# --- Writes ------------------------------------------------------------------------------------


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
        locked = _lock_program(program)
        claim = idempotency.claim(actor=actor, scope="matching.rematch", submission=submission)
        require_running(locked)
        person = _program_application(locked, application_id)
        partner = _program_application(locked, partner_application_id)
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
        found, reasons = engine_pair(locked, mentee, mentor, load, _refused_here(locked))
        if found is None:
            raise DomainError(refusal_message(mentee, mentor, reasons), code="not_eligible")
        pair = Pair.objects.create(
            program=locked,
            mentor_id=mentor.employee_id,
            mentor_application=mentor,
            mentee_id=mentee.employee_id,
            mentee_application=mentee,
            score=float(found.score),
            breakdown=dict(found.breakdown),
            reasons=[dict(r) for r in found.reasons],
            source_run=None,
            origin=PairOrigin.REMATCH,
            status=PairStatus.ACTIVE,
            published_at=timezone.now(),
            published_by=recorded_actor(actor),
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
        transaction.on_commit(lambda: send_pair_emails([pair.pk]))
    return pair


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
        program = _lock_program(pair.program)
        require_running(program)
        current = Pair.objects.select_for_update().get(pk=pair.pk)
        if current.status != PairStatus.ACTIVE:
            raise ConflictError(_("This pair has already ended."), code="already_ended")
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
    pairs = list(
        Pair.objects.select_for_update(of=("self",))
        .filter(status=PairStatus.ACTIVE)
        .filter(Q(mentee_application=application) | Q(mentor_application=application))
        .select_related("program", "mentor", "mentee")
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


def hr_recipients(program: Program) -> list[User]:
    """HR admins and the program's managers, active."""
    return list(
        User.objects.filter(is_active=True)
        .filter(Q(role=Role.HR_ADMIN) | Q(is_superuser=True) | Q(managed_programs=program))
        .distinct()
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
