"""A program ready for matching, for the tests of the pairing app and the browser tests.

Built on the personas of bascule.testing. Mentors (level 1-2): Léa (Marketing, reports
to Marc), Inès (Finance, reports to Hélène), Tom (Marketing, English only). Mentees (level
6-7): Bernard (Finance), Marc (Marketing director, Léa's manager), Hélène (Finance director,
Inès's manager), Gérard (German only: no mentor speaks it). Mentors take one mentee each.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from bascule.accounts.models import Role, User
from bascule.pairing.models import Pair
from bascule.programs.models import (
    Application,
    ApplicationSkill,
    ApplicationStatus,
    ParticipantRole,
    Program,
    ProgramStatus,
    SkillDirection,
)
from bascule.skills.models import Skill
from bascule.testing import Company, make_employee, make_user


@dataclass
class MatchingSetup:
    program: Program
    mentors: dict[str, Application]
    mentees: dict[str, Application]
    users: dict[str, User]


def _apply(program, employee, role, *, share=(), develop=(), languages=None, slots=()):
    application = Application.objects.create(
        program=program,
        employee=employee,
        role=role,
        status=ApplicationStatus.APPROVED,
        languages=languages if languages is not None else list(employee.languages or ["fr"]),
        availability=list(slots),
        interests=["cycling"] if role == ParticipantRole.MENTOR else ["cycling", "jazz"],
        preferred_format="hybrid",
        charter_accepted_at=timezone.now(),
        privacy_notice_accepted_at=timezone.now(),
    )
    for skill, level in share:
        ApplicationSkill.objects.create(
            application=application, skill=skill, direction=SkillDirection.SHARE, level=level
        )
    for skill, level in develop:
        ApplicationSkill.objects.create(
            application=application, skill=skill, direction=SkillDirection.DEVELOP, level=level
        )
    return application


FALLBACK_SKILLS = (
    ("test-ai-tools", "Outils d'IA", "AI tools"),
    ("test-social-media", "Réseaux sociaux", "Social media"),
    ("test-negotiation", "Négociation", "Negotiation"),
    ("test-strategy", "Stratégie", "Strategy"),
)


def _skills() -> list[Skill]:
    """Return four skills: the taxonomy's first ones, or test ones when a transactional test
    emptied the tables the data migration filled."""
    skills = list(Skill.objects.order_by("pk")[:4])
    if len(skills) == 4:
        return skills
    return [
        Skill.objects.get_or_create(slug=slug, defaults={"label_fr": fr, "label_en": en})[0]
        for slug, fr, en in FALLBACK_SKILLS
    ]


def make_matching_program(company: Company, *, name: str = "Reverse mentoring 2027"):
    """Return a program in the "matching" status, managed by Paul, with approved people."""
    program = Program.objects.create(
        name=name,
        status=ProgramStatus.MATCHING,
        starts_on=dt.date(2027, 1, 11),
        ends_on=dt.date(2027, 6, 30),
        mentor_max_level=3,
        mentee_min_level=5,
        min_level_gap=2,
        languages=["fr", "en"],
        mentor_capacity=1,
        reporting_line_depth=2,
    )
    program.managers.add(company.paul)
    ai, social, nego, strategy = _skills()
    ines = make_employee(
        "E101",
        "Inès",
        "Garcia",
        seniority_level=1,
        department=company.finance,
        manager=company.cfo,
        job_title="Data analyst",
    )
    tom = make_employee(
        "E102",
        "Tom",
        "Baker",
        seniority_level=2,
        department=company.marketing,
        manager=company.cmo,
        job_title="Content designer",
        languages=["en"],
    )
    gerard = make_employee(
        "E103",
        "Gérard",
        "Weber",
        seniority_level=6,
        department=company.marketing,
        manager=company.cmo,
        job_title="Key account manager",
        languages=["de"],
    )
    slots = ("tue-am", "thu-pm")
    mentors = {
        "lea": _apply(
            program,
            company.lea,
            ParticipantRole.MENTOR,
            share=[(ai, 4), (social, 3)],
            develop=[(nego, 2)],
            languages=["fr", "en"],
            slots=slots,
        ),
        "ines": _apply(program, ines, ParticipantRole.MENTOR, share=[(ai, 3)], slots=slots),
        "tom": _apply(program, tom, ParticipantRole.MENTOR, share=[(social, 4)], languages=["en"]),
    }
    mentees = {
        "bernard": _apply(
            program,
            company.bernard,
            ParticipantRole.MENTEE,
            share=[(nego, 4)],
            develop=[(ai, 4), (social, 3)],
            languages=["fr"],
            slots=slots,
        ),
        "marc": _apply(
            program,
            company.cmo,
            ParticipantRole.MENTEE,
            develop=[(social, 4), (strategy, 1)],
            languages=["fr", "en"],
        ),
        "helene": _apply(
            program, company.cfo, ParticipantRole.MENTEE, develop=[(ai, 2)], languages=["fr"]
        ),
        "gerard": _apply(
            program, gerard, ParticipantRole.MENTEE, develop=[(ai, 3)], languages=["de"]
        ),
    }
    company.bernard_user.language = "fr"
    company.bernard_user.save(update_fields=["language"])
    users = {
        "lea": company.lea_user,
        "bernard": company.bernard_user,
        "marc": make_user("marc.petit@example.com", Role.PARTICIPANT, employee=company.cmo),
        "helene": make_user(
            "helene.moreau@example.com", Role.PARTICIPANT, employee=company.cfo, language="fr"
        ),
        "ines": make_user("ines.garcia@example.com", Role.PARTICIPANT, employee=ines),
        "tom": make_user("tom.baker@example.com", Role.PARTICIPANT, employee=tom),
    }
    return MatchingSetup(program=program, mentors=mentors, mentees=mentees, users=users)


@dataclass
class RunningSetup:
    """A running program with published pairs: Léa mentors Bernard, Inès mentors Marc."""

    matching: MatchingSetup
    pair: Pair  # Léa (mentor) and Bernard (mentee, reads French)
    other_pair: Pair  # Inès (mentor) and Marc (mentee)

    @property
    def program(self) -> Program:
        return self.matching.program


def make_running_program(company: Company) -> RunningSetup:
    """Return the matching program above, matched and published by Alice (HR) through the
    real services: the program is running and its pairs are active."""
    from bascule.pairing import services

    setup = make_matching_program(company)
    run = services.run_matching(actor=company.alice, program=setup.program)
    services.publish_run(actor=company.alice, run=run)
    setup.program.refresh_from_db()
    pairs = Pair.objects.filter(program=setup.program)
    return RunningSetup(
        matching=setup,
        pair=pairs.get(mentee=company.bernard),
        other_pair=pairs.get(mentee=company.cmo),
    )
