"""Helpers of the recognition tests: a running program managed by Paul with Léa (mentor) and
Bernard (mentee) as a pair, sharing a skill."""

import datetime as dt

from django.core import mail
from django.utils import timezone

from bascule.pairing.models import Pair
from bascule.programs.models import (
    Application,
    ApplicationSkill,
    ApplicationStatus,
    Program,
    ProgramStatus,
    SkillDirection,
)
from bascule.skills.models import Skill


def make_program(name: str = "Reverse mentoring") -> Program:
    return Program.objects.create(
        name=name,
        status=ProgramStatus.RUNNING,
        starts_on=dt.date(2027, 1, 11),
        ends_on=dt.date(2027, 6, 30),
        languages=["fr", "en"],
    )


def make_pair(program: Program, mentor, mentee, *, skill: Skill | None = None) -> Pair:
    def application(employee, role):
        return Application.objects.create(
            program=program,
            employee=employee,
            role=role,
            status=ApplicationStatus.APPROVED,
            languages=["fr"],
        )

    mentor_application = application(mentor, "mentor")
    if skill is not None:
        ApplicationSkill.objects.create(
            application=mentor_application, skill=skill, direction=SkillDirection.SHARE, level=3
        )
    return Pair.objects.create(
        program=program,
        mentor=mentor,
        mentor_application=mentor_application,
        mentee=mentee,
        mentee_application=application(mentee, "mentee"),
        published_at=timezone.now(),
    )


def setup(company):
    """Paul's program and the pair of Léa (mentor) and Bernard (mentee), sharing a skill."""
    program = make_program()
    program.managers.add(company.paul)
    skill = Skill.objects.order_by("pk").first()
    pair = make_pair(program, company.lea, company.bernard, skill=skill)
    return program, pair, skill


def mails_to(user) -> list:
    return [m for m in mail.outbox if m.to == [user.email]]
