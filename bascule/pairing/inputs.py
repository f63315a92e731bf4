"""From a program's approved applications to the matching engine's input, and back.

Participants are identified by their employee id, so that reporting lines can be followed
through the org tree (Employee.manager for everyone). Age is never an input: the engine sees
career stage (seniority level), skills, interests, availability, format, languages and
department only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bascule.people.models import Employee
from bascule.programs.models import (
    Application,
    ApplicationSkill,
    ApplicationStatus,
    ParticipantRole,
    Program,
    SkillDirection,
)
from bascule_matching import MatchingError, Participant, Weights, match
from bascule_matching import Program as EngineProgram

FORMATS = ("in_person", "virtual", "hybrid")
# The reasons of our own, next to the engine's (see explain.py).
NO_LEVEL = "no_seniority_level"
EXCLUDED_BY_HAND = "excluded_by_hand"
REPLACED_BY_HAND = "replaced_by_hand"


# --- Settings ----------------------------------------------------------------------------------


def default_weights(program: Program) -> dict[str, float]:
    """Return the engine's default weights for the program's kind."""
    weights = Weights.reciprocal() if program.is_reciprocal else Weights()
    return weights.as_dict()


def program_weights(program: Program) -> dict[str, float]:
    """Return the weights the program uses: its own, the kind's defaults for the others."""
    weights = default_weights(program)
    for name, value in (program.matching_weights or {}).items():
        if name in weights and isinstance(value, int | float) and not isinstance(value, bool):
            weights[name] = float(value)
    return weights


def program_constraints(program: Program) -> dict[str, Any]:
    """Return the hard constraints of the program, as recorded on each run."""
    return {
        "min_level_gap": program.min_level_gap,
        "reporting_line_depth": program.reporting_line_depth,
        "forbid_same_manager": program.forbid_same_manager,
        "prefer_different_department": program.prefer_different_department,
        "allow_previous_pairs": program.allow_previous_pairs,
        "mentor_capacity": program.mentor_capacity,
    }


def program_parameters(program: Program) -> dict[str, Any]:
    return {"weights": program_weights(program), "constraints": program_constraints(program)}


# --- Org tree and constraints ------------------------------------------------------------------


def org_tree() -> dict[int, int]:
    """Return employee id → manager id for everyone who has a manager."""
    return dict(
        Employee.objects.filter(manager__isnull=False).values_list("pk", "manager_id").iterator()
    )


def chain(employee_id: int, tree: dict[int, int], depth: int | None) -> list[int]:
    """Return the managers above `employee_id`, nearest first, up to `depth` levels."""
    found: list[int] = []
    current = employee_id
    while depth is None or len(found) < depth:
        current = tree.get(current)
        if current is None or current in found or current == employee_id:
            break
        found.append(current)
    return found


@dataclass
class PairContext:
    """What the constraint checks need about a program, read once."""

    program: Program
    tree: dict[int, int]
    excluded: set[tuple[int, int]]  # (mentee application id, mentor application id)
    previous: set[tuple[int, int]]  # (mentee employee id, mentor employee id)
    load: dict[int, int] = field(default_factory=dict)  # mentor application id → mentees


def pair_context(program: Program, load: dict[int, int] | None = None) -> PairContext:
    from bascule.pairing.models import PairRule, RuleKind

    excluded = set(
        PairRule.objects.filter(program=program, kind=RuleKind.EXCLUDE).values_list(
            "mentee_application_id", "mentor_application_id"
        )
    )
    return PairContext(
        program=program,
        tree=org_tree(),
        excluded=excluded,
        previous=previous_pairs(program),
        load=dict(load or {}),
    )


def languages_of(application: Application) -> set[str]:
    return set(application.languages or application.employee.languages or [])


def pair_warnings(
    context: PairContext, mentee: Application, mentor: Application
) -> list[dict[str, Any]]:
    """Return every constraint the pair (mentee, mentor) breaks, as {"code": …, …} dicts.

    The same hard constraints as the engine's: reporting line (and same manager when the
    program forbids it), common language, level gap, exclusion, earlier pair, and the mentor's
    capacity given `context.load`.
    """
    program = context.program
    warnings: list[dict[str, Any]] = []
    e, m = mentee.employee, mentor.employee
    depth = program.reporting_line_depth
    if m.pk in chain(e.pk, context.tree, depth) or e.pk in chain(m.pk, context.tree, depth):
        warnings.append({"code": "reporting_line"})
    elif (
        program.forbid_same_manager
        and context.tree.get(e.pk) is not None
        and context.tree.get(e.pk) == context.tree.get(m.pk)
    ):
        warnings.append({"code": "same_manager"})
    if not languages_of(mentee) & languages_of(mentor):
        warnings.append({"code": "no_common_language"})
    if e.seniority_level is None or m.seniority_level is None:
        warnings.append({"code": "unknown_level"})
    elif e.seniority_level - m.seniority_level < program.min_level_gap:
        warnings.append(
            {
                "code": "level_gap",
                "gap": e.seniority_level - m.seniority_level,
                "min_gap": program.min_level_gap,
            }
        )
    if context.load.get(mentor.pk, 0) >= program.mentor_capacity:
        warnings.append({"code": "capacity", "capacity": program.mentor_capacity})
    if (mentee.pk, mentor.pk) in context.excluded:
        warnings.append({"code": "exclusion"})
    met = (e.pk, m.pk) in context.previous or (m.pk, e.pk) in context.previous
    if not program.allow_previous_pairs and met:
        warnings.append({"code": "previous_pair"})
    return warnings


def previous_pairs(program: Program) -> set[tuple[int, int]]:
    """Return (mentee employee id, mentor employee id) of the pairs of other programs."""
    from bascule.pairing.models import Pair

    return set(
        Pair.objects.exclude(program=program).values_list("mentee_id", "mentor_id").iterator()
    )


# --- Participants ------------------------------------------------------------------------------


def application_fingerprint(program: Program) -> list[list[int]]:
    """[application id, version] of every approved application of `program`, by id: what a
    run records to tell later whether the applications changed since."""
    rows = Application.objects.filter(program=program, status=ApplicationStatus.APPROVED)
    return [list(row) for row in rows.order_by("pk").values_list("pk", "version")]


def approved_applications(program: Program) -> list[Application]:
    return list(
        Application.objects.filter(program=program, status=ApplicationStatus.APPROVED)
        .select_related("employee", "employee__department")
        .order_by("pk")
    )


def participant(
    application: Application,
    skills: dict[str, dict[int, int]],
    capacity: int,
) -> Participant:
    """Return the engine's view of one approved application (its employee must have a level)."""
    employee = application.employee
    return Participant(
        employee.pk,
        application.role,
        can_share=skills.get(SkillDirection.SHARE, {}),
        wants=skills.get(SkillDirection.DEVELOP, {}),
        interests=frozenset(str(i).strip().lower() for i in application.interests or []),
        availability=frozenset(application.availability or []),
        format=application.preferred_format if application.preferred_format in FORMATS else "",
        languages=frozenset(languages_of(application)),
        department_id=employee.department_id,
        manager_id=employee.manager_id,
        seniority=employee.seniority_level,
        capacity=capacity if application.role == ParticipantRole.MENTOR else 1,
    )


@dataclass
class OutsidePair:
    """A locked pair that breaks a constraint: kept as it is, outside the engine."""

    mentee: Application
    mentor: Application
    warnings: list[dict[str, Any]]
    manual: bool


@dataclass
class MatchingInput:
    participants: list[Participant]
    engine_program: EngineProgram
    applications: dict[int, Application]  # employee id → application
    skipped: list[Application]  # approved, but no seniority level in the directory
    outside: list[OutsidePair]
    locked: list[tuple[int, int]]  # (mentee application id, mentor application id)
    manual_locks: set[tuple[int, int]]
    fingerprint: list[list[int]]  # [application id, version] of every approved application
    parameters: dict[str, Any]


# Ids per query when reading by id (SQLite takes at most 32,766 query parameters).
ID_BATCH = 10_000


def _skills(application_ids: Iterable[int]) -> dict[int, dict[str, dict[int, int]]]:
    found: dict[int, dict[str, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    ids = list(application_ids)
    for start in range(0, len(ids), ID_BATCH):
        rows = ApplicationSkill.objects.filter(
            application_id__in=ids[start : start + ID_BATCH]
        ).values_list("application_id", "direction", "skill_id", "level")
        for application_id, direction, skill_id, level in rows.iterator():
            found[application_id][direction][skill_id] = level
    return found


def build_input(program: Program, *, locks_outside: bool = False) -> MatchingInput:
    """Return the engine's input for `program`: approved applications, locks, exclusions.

    Locks breaking no constraint go to the engine, the others are kept as they are, outside
    it; with `locks_outside`, every lock is (should the engine refuse one).
    """
    from bascule.pairing.models import PairRule, RuleKind

    applications = approved_applications(program)
    fingerprint = [[a.pk, a.version] for a in applications]
    skipped = [a for a in applications if a.employee.seniority_level is None]
    usable = {a.pk: a for a in applications if a.employee.seniority_level is not None}
    skills = _skills(usable)
    capacity = {
        a.pk: program.mentor_capacity for a in usable.values() if a.role == ParticipantRole.MENTOR
    }
    context = pair_context(program)
    rules = list(PairRule.objects.filter(program=program))
    locked: list[tuple[int, int]] = []
    outside: list[OutsidePair] = []
    manual_locks: set[tuple[int, int]] = set()
    taken: set[int] = set()
    for rule in rules:
        if rule.kind != RuleKind.LOCK:
            continue
        mentee = usable.get(rule.mentee_application_id)
        mentor = usable.get(rule.mentor_application_id)
        if mentee is None or mentor is None or mentee.pk in taken:
            continue  # someone withdrew or is no longer approved: the lock no longer applies
        if rule.manual:
            manual_locks.add((mentee.pk, mentor.pk))
        context.load = {m: program.mentor_capacity - c for m, c in capacity.items()}
        warnings = pair_warnings(context, mentee, mentor)
        if capacity.get(mentor.pk, 0) <= 0:
            warnings = warnings or [{"code": "capacity", "capacity": program.mentor_capacity}]
        taken.add(mentee.pk)
        capacity[mentor.pk] = capacity.get(mentor.pk, 0) - 1
        if warnings or locks_outside:
            outside.append(OutsidePair(mentee, mentor, warnings, rule.manual))
        else:
            locked.append((mentee.pk, mentor.pk))
    outside_mentees = {pair.mentee.pk for pair in outside}
    participants = []
    by_employee: dict[int, Application] = {}
    for application in usable.values():
        if application.pk in outside_mentees:
            continue
        base = program.mentor_capacity
        spent_outside = sum(1 for pair in outside if pair.mentor.pk == application.pk)
        participants.append(
            participant(application, skills.get(application.pk, {}), max(0, base - spent_outside))
        )
        by_employee[application.employee_id] = application
    by_app = {a.pk: a for a in usable.values()}
    exclusions = frozenset(
        (by_app[e].employee_id, by_app[m].employee_id)
        for e, m in context.excluded
        if e in by_app and m in by_app
    )
    engine_program = EngineProgram(
        weights=Weights(**program_weights(program)),
        min_level_gap=program.min_level_gap,
        reporting_line_depth=program.reporting_line_depth,
        forbid_same_manager=program.forbid_same_manager,
        prefer_different_department=program.prefer_different_department,
        exclusions=exclusions,
        previous_pairs=frozenset(context.previous),
        allow_previous_pairs=program.allow_previous_pairs,
        locked_pairs=tuple((by_app[e].employee_id, by_app[m].employee_id) for e, m in locked),
        org_tree=context.tree,
        seed=program.pk,
    )
    return MatchingInput(
        participants=participants,
        engine_program=engine_program,
        applications=by_employee,
        skipped=skipped,
        outside=outside,
        locked=locked,
        manual_locks=manual_locks,
        fingerprint=fingerprint,
        parameters=program_parameters(program),
    )


def score_pair(
    program: Program, mentee: Application, mentor: Application
) -> tuple[float, dict[str, float], list[dict]]:
    """Return the score, breakdown and reasons of one pair, whatever constraint it breaks.

    Runs the engine on the two people alone with the constraints lifted (their languages
    made common, the gap rule loosened, the reporting line ignored): scoring is unchanged.
    Returns zeros when a level is unknown.
    """
    if mentee.employee.seniority_level is None or mentor.employee.seniority_level is None:
        return 0.0, {}, []
    skills = _skills([mentee.pk, mentor.pk])
    a = participant(mentee, skills.get(mentee.pk, {}), 1)
    b = participant(mentor, skills.get(mentor.pk, {}), 1)
    common = frozenset({"*"})
    a = _replace(a, languages=a.languages | common)
    b = _replace(b, languages=b.languages | common, capacity=1)
    gap = mentee.employee.seniority_level - mentor.employee.seniority_level
    try:
        result = match(
            [a, b],
            EngineProgram(
                weights=Weights(**program_weights(program)),
                min_level_gap=min(program.min_level_gap, gap),
                reporting_line_depth=0,
                prefer_different_department=program.prefer_different_department,
                allow_previous_pairs=True,
                locked_pairs=((a.id, b.id),),
            ),
        )
    except MatchingError:
        return 0.0, {}, []
    if not result.pairs:
        return 0.0, {}, []
    pair = result.pairs[0]
    return float(pair.score), dict(pair.breakdown), [dict(r) for r in pair.reasons]


def _replace(person: Participant, **changes: Any) -> Participant:
    from dataclasses import replace

    return replace(person, **changes)
