"""A company where every measure of impact is known (bascule/insights/tests/test_measures.py).

One closed program (2024-01-01 to 2024-06-29, a meeting every 2 weeks), managed by Paul
when a Company is given, with `pairs` pairs (6 by default; more only change the size):

- mentors: Tech, level 2, Paris, hired 2023 (no colleague to match them with); the first
  five say "millennials", the sixth "gen_z";
- mentees: Sales, level 6 (the sixth 5), Lyon for the first four, Paris for the others,
  hired 2010, "gen_x"; 18 Sales colleagues of level 6 hired 2010 are their peers (3 each);
- the end survey: each mentee rates skill A ("at the start", "now"): (1, 3), (2, 3), (2, 2),
  (1, 2), (3, 4), (2, 4); the first three also rate skill B: (1, 2), (1, 1), (2, 4); four
  mentors rate A (2, 3); the baseline: each mentee's A "now" 1, 2, 1, 1, 3, 2;
- goals: a learning goal per pair, achieved for four, dropped, in progress; a growth goal
  (achieved) for three pairs;
- meetings held per pair: 12, 12, 6, 6, 14, 0 (12 planned each);
- "did your partner practise…": the mentees' latest answers yes ×3, partly ×2, no ×1;
- mobility: mentees 1 and 2 moved department in March 2024; three peers changed job title
  after the start, one before it, one got a first title (not a move).
"""

import datetime as dt
import itertools

from django.utils import timezone

from bascule.evaluations.models import (
    Question,
    QuestionKind,
    Response,
    SkillRating,
    Survey,
    SurveyKind,
)
from bascule.journey.models import Goal, GoalDirection, GoalStatus
from bascule.meetings.models import Meeting, MeetingOutcome
from bascule.pairing.models import Pair
from bascule.people.models import Department, Employee, EmployeeChange, HistorySource
from bascule.programs.models import Application, ApplicationStatus, Program, ProgramStatus
from bascule.skills.models import Skill, SkillCategory
from bascule.training.models import BehaviourAnswer
from bascule.training.tests.factories import make_module

START = dt.date(2024, 1, 1)
END = dt.date(2024, 6, 29)
TODAY = dt.date(2026, 1, 1)
_ids = itertools.count(1)

A_RATINGS = [(1, 3), (2, 3), (2, 2), (1, 2), (3, 4), (2, 4)]
B_RATINGS = [(1, 2), (1, 1), (2, 4)]
BASELINE_A = [1, 2, 1, 1, 3, 2]
HELD = [12, 12, 6, 6, 14, 0]
GOALS = [GoalStatus.ACHIEVED] * 4 + [GoalStatus.DROPPED, GoalStatus.IN_PROGRESS]
PRACTISED = ["yes", "yes", "yes", "partly", "partly", "no"]


def aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def person(department, level, hired, **fields) -> Employee:
    number = next(_ids)
    return Employee.objects.create(
        employee_id=f"MS{number:05d}",
        first_name="Person",
        last_name=f"M{number}",
        email=f"measures.{number}@example.com",
        department=department,
        seniority_level=level,
        hire_date=hired,
        **fields,
    )


def change(employee, name, old, new, day) -> None:
    EmployeeChange.objects.create(
        employee=employee,
        field=name,
        old_value=old,
        new_value=new,
        effective_on=day,
        source=HistorySource.HISTORY,
    )


def build(company=None, *, pairs: int = 6) -> dict:
    tech, _ = Department.objects.get_or_create(name="Tech")
    sales, _ = Department.objects.get_or_create(name="Sales")
    program = Program.objects.create(
        name=f"Measures {next(_ids)}",
        status=ProgramStatus.CLOSED,
        starts_on=START,
        ends_on=END,
        meeting_every_weeks=2,
    )
    if company is not None:
        program.managers.add(company.paul)
    category, _ = SkillCategory.objects.get_or_create(
        slug="measures-cat", defaults={"name_fr": "Catégorie", "name_en": "Category"}
    )
    skill_a, _ = Skill.objects.get_or_create(
        slug="measures-a", defaults={"label_fr": "A", "label_en": "A", "category": category}
    )
    skill_b, _ = Skill.objects.get_or_create(
        slug="measures-b", defaults={"label_fr": "B", "label_en": "B", "category": category}
    )
    surveys = {}
    for kind in (SurveyKind.BASELINE, SurveyKind.END):
        survey = Survey.objects.create(
            program=program, kind=kind, title_fr=kind, title_en=kind, opens_on=START, closes_on=END
        )
        question = Question.objects.create(
            survey=survey, kind=QuestionKind.SKILLS, text_fr="Niveaux", text_en="Levels"
        )
        surveys[kind] = (survey, question)
    module = make_module(f"measures{next(_ids)}")
    made = []
    for i in range(pairs):
        j = i % 6
        mentor = person(
            tech,
            2,
            dt.date(2023, 1, 1),
            location="Paris",
            generation_band="gen_z" if j == 5 else "millennials",
        )
        mentee = person(
            sales,
            5 if j == 5 else 6,
            dt.date(2010, 1, 1),
            location="Lyon" if j < 4 else "Paris",
            generation_band="gen_x",
        )
        pair = Pair.objects.create(
            program=program,
            mentor=mentor,
            mentor_application=Application.objects.create(
                program=program, employee=mentor, role="mentor", status=ApplicationStatus.APPROVED
            ),
            mentee=mentee,
            mentee_application=Application.objects.create(
                program=program, employee=mentee, role="mentee", status=ApplicationStatus.APPROVED
            ),
            published_at=aware(START),
        )
        made.append(pair)

        def respond(kind, who, role, ratings, pair=pair):
            survey, question = surveys[kind]
            response = Response.objects.create(
                survey=survey, respondent=who, pair=pair, role=role, submitted_at=aware(END)
            )
            for skill, (before, now) in ratings:
                SkillRating.objects.create(
                    response=response, question=question, skill=skill, before=before, now=now
                )

        ratings = [(skill_a, A_RATINGS[j])]
        if j < 3:
            ratings.append((skill_b, B_RATINGS[j]))
        respond(SurveyKind.END, mentee, "mentee", ratings)
        respond(SurveyKind.BASELINE, mentee, "mentee", [(skill_a, (None, BASELINE_A[j]))])
        if j < 4:
            respond(SurveyKind.END, mentor, "mentor", [(skill_a, (2, 3))])
        Goal.objects.create(
            pair=pair,
            direction=GoalDirection.LEARNING,
            title="Learn",
            success_criteria="Done",
            target_date=END,
            status=GOALS[j],
        )
        if j < 3:
            Goal.objects.create(
                pair=pair,
                direction=GoalDirection.GROWTH,
                title="Grow",
                success_criteria="Done",
                target_date=END,
                status=GoalStatus.ACHIEVED,
            )
        for week in range(HELD[j]):
            Meeting.objects.create(
                pair=pair,
                starts_at=aware(START + dt.timedelta(days=7 * week + 1)),
                duration_minutes=45,
                outcome=MeetingOutcome.HELD,
            )
        # An earlier period's answer, replaced by the latest one.
        BehaviourAnswer.objects.create(
            pair=pair, member=mentee, module=module, period=1, answer="no"
        )
        BehaviourAnswer.objects.create(
            pair=pair, member=mentee, module=module, period=2, answer=PRACTISED[j]
        )
        if j in (0, 1):
            change(mentee, "department", "Sales", "Tech", dt.date(2024, 3, 1))
    peers = [person(sales, 6, dt.date(2010, 1, 1)) for _ in range(3 * pairs)]
    for peer in peers[:3]:
        change(peer, "job_title", "Analyst", "Lead", dt.date(2024, 5, 1))
    change(peers[3], "job_title", "Analyst", "Lead", dt.date(2023, 6, 1))
    change(peers[4], "job_title", "", "Analyst", dt.date(2024, 5, 1))
    return {
        "program": program,
        "pairs": made,
        "skill_a": skill_a,
        "skill_b": skill_b,
        "category": category,
        "module": module,
        "tech": tech,
        "sales": sales,
    }
