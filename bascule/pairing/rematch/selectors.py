"""Rematching one person, the reads: who may be given to whom, the five best candidates with
room, explained (the engine run for that person alone, every hard constraint applied), and the
sentences saying why a pairing is refused. The rematch itself is `rematch.services`."""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from bascule.core.errors import ConflictError, DomainError
from bascule.pairing import inputs, lifecycle
from bascule.pairing.explain import explain
from bascule.pairing.models import Pair, PairRule, PairStatus, RuleKind
from bascule.pairing.selectors import active_load, has_room, paired_mentees
from bascule.programs.models import (
    Application,
    ApplicationStatus,
    ParticipantRole,
    Program,
)
from bascule_matching import MatchingError, Participant, Weights, match
from bascule_matching import Program as EngineProgram

CANDIDATES_SHOWN = 5


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


def program_application(program: Program, application_id: int) -> Application:
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


def refused_here(program: Program) -> frozenset[tuple[int, int]]:
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
    lifecycle.require_running_to_rematch(program)
    person = program_application(program, application_id)
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
    return best_partners(program, person, others, load, set(refused_here(program)), limit, options)


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
