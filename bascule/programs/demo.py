"""Demo programs: one ready for matching with ~120 approved participants, one enrolling.

Deterministic for a given seed. Profiles follow what reverse mentoring looks like: young
mentors share digital skills and want to grow in leadership, strategy and influence; senior
mentees share those and want to learn the digital ones. Skill popularity has a long tail.
"""

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from bascule.accounts.models import User
from bascule.core.audit import audit_record
from bascule.people.demo import TODAY
from bascule.people.models import Employee
from bascule.programs import templates_catalog
from bascule.programs.availability import SLOT_CODES
from bascule.programs.models import (
    Application,
    ApplicationSkill,
    ApplicationStatus,
    Invitation,
    MeetingFormat,
    ParticipantRole,
    Program,
    ProgramStatus,
    SkillDirection,
)
from bascule.skills.models import Skill

# The digital side of the taxonomy (what young mentors bring) and the other side.
DIGITAL_CATEGORIES = (
    "digital-tools",
    "social-media",
    "ai-data",
    "cybersecurity",
    "new-ways-of-working",
    "trends",
    "inclusion",
)
EXPERIENCE_CATEGORIES = ("leadership", "strategy", "influence", "business", "career")
INTERESTS = (
    "vélo",
    "course à pied",
    "photographie",
    "cuisine",
    "jeux vidéo",
    "musique",
    "théâtre",
    "randonnée",
    "lecture",
    "jardinage",
    "voyages",
    "cinéma",
    "podcasts",
    "escalade",
    "échecs",
    "yoga",
    "football",
    "bénévolat",
    "peinture",
    "séries",
)
# The program that is running, whose every participant gets a demo login.
PILOT_NAME = "Mentorat inversé — pilote 2026"
HOPES = (
    "Comprendre les usages numériques de la nouvelle génération.",
    "Gagner en aisance avec l'IA générative pour préparer mes dossiers.",
    "Mieux comprendre comment l'entreprise prend ses décisions.",
    "Apprendre à présenter devant un comité de direction.",
    "Élargir mon réseau au-delà de mon service.",
    "Partager ce que je sais et apprendre en retour.",
)


def build_programs(
    *, seed: int, employees: Sequence[Employee], personas: dict[str, Employee], hr: User, pm: User
) -> list[Program]:
    """Return the demo programs, saved with their invitations and applications: one ready for
    matching (~120 approved), one open to applications, and a pilot ready to publish."""
    rng = random.Random(seed)
    skills = _skills_by_side()
    active = [e for e in employees if e.left_on is None]
    now = timezone.now()

    digital = _create_from_template(
        "reverse-digital",
        name="Mentorat inversé — numérique et nouvelles tendances 2027",
        status=ProgramStatus.MATCHING,
        starts_on=TODAY + dt.timedelta(days=60),
        ends_on=TODAY + dt.timedelta(days=60 + 182),
        enrollment_closes_on=TODAY + dt.timedelta(days=20),
        open_enrollment=False,
        # A company of ~300 has few people at level 6 and above: managers from level 4 on.
        mentor_max_level=3,
        mentor_max_experience_years=5,
        mentee_min_level=4,
        mentee_min_experience_years=None,
        min_level_gap=2,
        mentor_capacity=1,
        created_by=hr,
        status_changed_at=now,
    )
    digital.managers.add(pm)
    _history(digital, hr, [ProgramStatus.ENROLLING, ProgramStatus.MATCHING])

    mentors = [
        e
        for e in active
        if e.seniority_level is not None
        and e.seniority_level <= 2
        and e.experience_years is not None
        and e.experience_years <= 5
    ]
    mentees = [e for e in active if e.seniority_level is not None and e.seniority_level >= 4]
    rng.shuffle(mentors)
    rng.shuffle(mentees)
    chosen_mentors = _with_persona(mentors[:66], personas["mentor"])
    chosen_mentees = _with_persona(mentees[:58], personas["mentee"])
    plan = [(e, ParticipantRole.MENTOR) for e in chosen_mentors] + [
        (e, ParticipantRole.MENTEE) for e in chosen_mentees
    ]
    # Most are approved; a few of each other outcome, so the funnel shows every stage.
    outcomes = [ApplicationStatus.APPROVED] * len(plan)
    for index in rng.sample(range(2, len(plan)), k=6):
        outcomes[index] = rng.choice(
            [ApplicationStatus.WAITLISTED, ApplicationStatus.DECLINED, ApplicationStatus.WITHDRAWN]
        )
    # A few more invitees who did not apply, so that the funnel starts wider than it ends.
    applied = {e.pk for e, _role in plan}
    not_applied = [e for e in mentors + mentees if e.pk not in applied][:14]
    _invite(digital, [e for e, _role in plan] + not_applied, hr, rng, now)
    _apply(digital, plan, outcomes, skills, rng, hr, now)

    reciprocal = _create_from_template(
        "reciprocal",
        name="Mentorat réciproque — Finance et Ventes",
        status=ProgramStatus.ENROLLING,
        starts_on=TODAY + dt.timedelta(days=120),
        ends_on=TODAY + dt.timedelta(days=120 + 273),
        enrollment_closes_on=TODAY + dt.timedelta(days=75),
        open_enrollment=True,
        created_by=hr,
        status_changed_at=now,
    )
    _history(reciprocal, hr, [ProgramStatus.ENROLLING])
    scope = ("Finance", "Ventes")
    scope_departments = {e.department for e in active if e.department.name in scope}
    reciprocal.mentor_departments.set(scope_departments)
    reciprocal.mentee_departments.set(scope_departments)
    in_scope = [e for e in active if e.department.name in scope]
    young = [e for e in in_scope if (e.seniority_level or 0) and e.seniority_level <= 3][:14]
    senior = [e for e in in_scope if (e.seniority_level or 0) >= 5][:8]
    plan = [(e, ParticipantRole.MENTOR) for e in young] + [
        (e, ParticipantRole.MENTEE) for e in senior
    ]
    outcomes = [
        ApplicationStatus.SUBMITTED if i % 3 else ApplicationStatus.APPROVED
        for i in range(len(plan))
    ]
    # One applicant withdrew: the program has no manager, so HR was told.
    outcomes[1] = ApplicationStatus.WITHDRAWN
    _apply(reciprocal, plan, outcomes, skills, rng, hr, now)

    # A pilot that started six weeks ago: approved and ready to publish (seed_demo matches
    # and publishes it), so that the demo logins already have a partner.
    pilot = _create_from_template(
        "reverse-digital",
        name=PILOT_NAME,
        status=ProgramStatus.MATCHING,
        starts_on=TODAY - dt.timedelta(days=42),
        ends_on=TODAY + dt.timedelta(days=140),
        enrollment_closes_on=TODAY - dt.timedelta(days=56),
        open_enrollment=False,
        mentor_max_level=3,
        mentor_max_experience_years=5,
        mentee_min_level=4,
        mentee_min_experience_years=None,
        min_level_gap=2,
        mentor_capacity=1,
        created_by=hr,
        status_changed_at=now,
    )
    _history(pilot, hr, [ProgramStatus.ENROLLING, ProgramStatus.MATCHING])
    pilot_mentors = _with_persona(mentors[66:86], personas["mentor"])
    pilot_mentees = _with_persona(mentees[58:74], personas["mentee"])
    plan = [(e, ParticipantRole.MENTOR) for e in pilot_mentors] + [
        (e, ParticipantRole.MENTEE) for e in pilot_mentees
    ]
    _invite(pilot, [e for e, _role in plan], hr, rng, now)
    _apply(pilot, plan, [ApplicationStatus.APPROVED] * len(plan), skills, rng, hr, now)
    return [digital, reciprocal, pilot]


def _create_from_template(key: str, **overrides: Any) -> Program:
    """Create a program from template `key` (French texts), `overrides` taking precedence."""
    fields = templates_catalog.template_fields(key, language="fr")
    return Program.objects.create(**{**fields, **overrides})


def _with_persona(people: list[Employee], persona: Employee) -> list[Employee]:
    """Return `people` with the demo login's employee first (they must be in the program)."""
    return [persona, *[e for e in people if e.pk != persona.pk]][: len(people)]


def _history(program: Program, hr: User, statuses: list[str]) -> None:
    previous = ProgramStatus.DRAFT
    audit_record(actor=hr, action="program.created", target=program)
    for status in statuses:
        audit_record(
            actor=hr,
            action="program.transition",
            target=program,
            changes={"from": previous, "to": status},
        )
        previous = status


def _skills_by_side() -> dict[str, list[Skill]]:
    usable = list(Skill.objects.usable().select_related("category").order_by("slug"))
    return {
        "digital": [s for s in usable if s.category and s.category.slug in DIGITAL_CATEGORIES],
        "experience": [
            s for s in usable if s.category and s.category.slug in EXPERIENCE_CATEGORIES
        ],
    }


def _pick(rng: random.Random, pool: list[Skill], count: int) -> list[Skill]:
    """Return `count` distinct skills, popular ones (early in the pool) far more often."""
    weights = [1 / (rank + 1) for rank in range(len(pool))]
    chosen: dict[int, Skill] = {}
    while pool and len(chosen) < min(count, len(pool)):
        skill = rng.choices(pool, weights=weights)[0]
        chosen[skill.pk] = skill
    return list(chosen.values())


def _invite(
    program: Program, people: list[Employee], hr: User, rng: random.Random, now: dt.datetime
) -> None:
    Invitation.objects.bulk_create(
        Invitation(
            program=program,
            employee=employee,
            token=f"demo-{program.pk}-{employee.pk}-{rng.getrandbits(64):016x}",
            invited_by=hr,
            sent_at=now,
        )
        for employee in people
    )


def _apply(
    program: Program,
    plan: list[tuple[Employee, str]],
    outcomes: list[str],
    skills: dict[str, list[Skill]],
    rng: random.Random,
    hr: User,
    now: dt.datetime,
) -> None:
    # Each side's pool is shuffled per program so that the popular skills differ a little.
    digital = sorted(skills["digital"], key=lambda s: rng.random())
    experience = sorted(skills["experience"], key=lambda s: rng.random())
    rows: list[ApplicationSkill] = []
    for (employee, role), status in zip(plan, outcomes, strict=True):
        share, develop = (
            (digital, experience)
            if role == ParticipantRole.MENTOR
            else (
                experience,
                digital,
            )
        )
        decided = status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN)
        application = Application.objects.create(
            program=program,
            employee=employee,
            role=role,
            status=status,
            interests=rng.sample(INTERESTS, k=rng.randint(1, 4)),
            hopes=rng.choice(HOPES),
            availability=sorted(rng.sample(SLOT_CODES, k=rng.randint(3, 8))),
            preferred_format=rng.choice(MeetingFormat.values),
            languages=[code for code in employee.languages if code in ("fr", "en", "es", "de")],
            charter_accepted_at=now,
            privacy_notice_accepted_at=now,
            decided_by=hr if decided else None,
            decided_at=now if decided else None,
            decision_reason="Profil déjà suivi dans un autre programme."
            if status == ApplicationStatus.DECLINED
            else "",
            withdrawn_at=now if status == ApplicationStatus.WITHDRAWN else None,
            withdrawal_reason="Charge de travail trop forte ce semestre."
            if status == ApplicationStatus.WITHDRAWN
            else "",
        )
        for skill in _pick(rng, share, rng.randint(3, 6)):
            rows.append(
                ApplicationSkill(
                    application=application,
                    skill=skill,
                    direction=SkillDirection.SHARE,
                    level=rng.choices([2, 3, 4], weights=[3, 4, 2])[0],
                )
            )
        for skill in _pick(rng, develop, rng.randint(2, 4)):
            rows.append(
                ApplicationSkill(
                    application=application,
                    skill=skill,
                    direction=SkillDirection.DEVELOP,
                    level=rng.choices([1, 2, 3], weights=[4, 3, 1])[0],
                )
            )
    ApplicationSkill.objects.bulk_create(rows, batch_size=500)
