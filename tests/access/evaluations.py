"""Access cases for evaluations: HR's survey pages and API (HR admins and the program's
managers; 404 for anyone else), a member's answer page and API (the pair's members only;
404 for anyone else, HR included).

Objects (built by `populate`):
- "eval_program": running since a week, managed by Paul; Léa mentors Ninon ("eval_pair").
  Its baseline ("eval_baseline") is open today and unanswered; its midpoint
  ("eval_answered") already has Ninon's response, so its questions cannot change.
- "eval_other_program": running, managed by nobody but HR; Rémi mentors Yvette
  ("eval_other_pair"), its baseline "eval_other_baseline".
"""

import datetime as dt

from django.utils import timezone

from bascule.evaluations.models import Response, SurveyKind
from bascule.evaluations.services import ensure_program_surveys
from bascule.pairing.models import Pair
from bascule.programs.models import Application, ApplicationStatus, Program, ProgramStatus
from bascule.testing import make_employee
from tests.access.base import ANON, HR, MENTOR, PM, Case, World, api, everyone

program = lambda world: {"program_id": world.objects["eval_program"].pk}  # noqa: E731
other_program = lambda world: {"program_id": world.objects["eval_other_program"].pk}  # noqa: E731
survey = lambda world: {"survey_id": world.objects["eval_baseline"].pk}  # noqa: E731
other_survey = lambda world: {"survey_id": world.objects["eval_other_baseline"].pk}  # noqa: E731
answered = lambda world: {"survey_id": world.objects["eval_answered"].pk}  # noqa: E731
question = lambda world: {  # noqa: E731
    "survey_id": world.objects["eval_baseline"].pk,
    "question_id": world.objects["eval_baseline"].questions.first().pk,
}
other_question = lambda world: {  # noqa: E731
    "survey_id": world.objects["eval_other_baseline"].pk,
    "question_id": world.objects["eval_other_baseline"].questions.first().pk,
}
answered_question = lambda world: {  # noqa: E731
    "survey_id": world.objects["eval_answered"].pk,
    "question_id": world.objects["eval_answered"].questions.first().pk,
}
my_survey = lambda world: {  # noqa: E731
    "survey_id": world.objects["eval_baseline"].pk,
    "pair_id": world.objects["eval_pair"].pk,
}
not_my_survey = lambda world: {  # noqa: E731
    "survey_id": world.objects["eval_other_baseline"].pk,
    "pair_id": world.objects["eval_other_pair"].pk,
}

MANAGERS = everyone(404, **{HR: 200, PM: 200})
HR_SCOPE = everyone(404, **{HR: 200})
MANAGERS_REDIRECTED = everyone(404, **{HR: 302, PM: 302})
HR_REDIRECTED = everyone(404, **{HR: 302})
POST_ONLY = everyone(405)
MEMBER = everyone(404, **{MENTOR: 200})
NOBODY = everyone(404)
API_MANAGERS = api(404, **{HR: 200, PM: 200})
API_HR = api(404, **{HR: 200})

MATRIX: dict[str, list[Case]] = {
    "evaluations:program_surveys": [
        Case(MANAGERS, kwargs=program),
        Case(HR_SCOPE, kwargs=other_program),
    ],
    "evaluations:survey_edit": [
        Case(MANAGERS, kwargs=survey),
        Case(MANAGERS, method="POST", kwargs=survey, label="an empty form shows its errors"),
        Case(HR_SCOPE, kwargs=other_survey),
        Case(HR_SCOPE, method="POST", kwargs=other_survey, label="an empty form"),
    ],
    "evaluations:survey_reset": [
        Case(
            MANAGERS_REDIRECTED,
            method="POST",
            kwargs=answered,
            label="refused with a message: the survey has answers",
        ),
        Case(HR_SCOPE, method="POST", kwargs=other_survey, label="the confirmation step"),
        Case(HR_REDIRECTED, method="POST", kwargs=other_survey, data={"confirm": "yes"}),
        Case(POST_ONLY, kwargs=survey),
    ],
    "evaluations:survey_results": [
        Case(MANAGERS, kwargs=survey),
        Case(HR_SCOPE, kwargs=other_survey),
    ],
    "evaluations:survey_results_export": [
        Case(
            everyone(403, **{HR: 200, PM: 200}),
            kwargs=lambda world: {**survey(world), "fmt": "csv"},
        ),
        Case(
            everyone(403, **{HR: 200, PM: 404}),
            kwargs=lambda world: {**other_survey(world), "fmt": "xlsx"},
        ),
        Case(
            everyone(403, **{HR: 404, PM: 404}),
            kwargs=lambda world: {**survey(world), "fmt": "ods"},
            label="another format",
        ),
    ],
    "evaluations:question_create": [
        Case(MANAGERS, kwargs=survey),
        Case(MANAGERS, method="POST", kwargs=survey, label="an empty form shows its errors"),
        Case(HR_SCOPE, kwargs=other_survey),
    ],
    "evaluations:question_edit": [
        Case(MANAGERS, kwargs=question),
        Case(MANAGERS, method="POST", kwargs=question, label="an empty form shows its errors"),
        Case(HR_SCOPE, kwargs=other_question),
    ],
    "evaluations:question_delete": [
        Case(
            MANAGERS_REDIRECTED,
            method="POST",
            kwargs=answered_question,
            label="refused with a message: the survey has answers",
        ),
        Case(POST_ONLY, kwargs=question),
    ],
    "evaluations:question_move": [
        Case(
            MANAGERS_REDIRECTED,
            method="POST",
            kwargs=answered_question,
            label="refused with a message: the survey has answers",
        ),
        Case(POST_ONLY, kwargs=question),
    ],
    "evaluations:answer": [
        Case(MEMBER, kwargs=my_survey),
        Case(MEMBER, method="POST", kwargs=my_survey, label="an empty form shows its errors"),
        Case(NOBODY, kwargs=not_my_survey),
        Case(NOBODY, method="POST", kwargs=not_my_survey),
    ],
    "api:list_my_open_surveys": [Case(api(200))],
    "api:get_my_survey": [
        Case(api(404, **{MENTOR: 200}), kwargs=my_survey),
        Case(api(404), kwargs=not_my_survey),
    ],
    "api:submit_my_response": [
        Case(api(400), method="POST", kwargs=my_survey, label="a form-encoded body is refused"),
    ],
    "api:list_program_surveys": [
        Case(API_MANAGERS, kwargs=program),
        Case(API_HR, kwargs=other_program),
    ],
    "api:update_survey": [
        Case(
            {**api(405), ANON: 405},
            kwargs=survey,
            label="GET is refused: changing a survey takes a PUT (asserted in the app's tests)",
        ),
    ],
    "api:get_survey_results": [
        Case(API_MANAGERS, kwargs=survey),
        Case(API_HR, kwargs=other_survey),
    ],
}


def populate(world: World) -> None:
    """Create the objects this area's cases point at."""
    company = world.company
    today = timezone.localdate()

    def make_program(name: str) -> Program:
        return Program.objects.create(
            name=name,
            status=ProgramStatus.RUNNING,
            starts_on=today - dt.timedelta(days=7),
            ends_on=today + dt.timedelta(days=150),
            languages=["fr"],
        )

    def make_pair(the_program, mentor, mentee) -> Pair:
        def application(employee, role):
            return Application.objects.create(
                program=the_program,
                employee=employee,
                role=role,
                status=ApplicationStatus.APPROVED,
                languages=["fr"],
            )

        return Pair.objects.create(
            program=the_program,
            mentor=mentor,
            mentor_application=application(mentor, "mentor"),
            mentee=mentee,
            mentee_application=application(mentee, "mentee"),
            published_at=timezone.now(),
        )

    the_program = make_program("Evaluated program")
    the_program.managers.add(company.paul)
    nina = make_employee("E871", "Ninon", "Bastide", seniority_level=7)
    world.objects["eval_program"] = the_program
    world.objects["eval_pair"] = the_pair = make_pair(the_program, company.lea, nina)
    surveys = ensure_program_surveys(the_program)
    world.objects["eval_baseline"] = surveys[SurveyKind.BASELINE]
    world.objects["eval_answered"] = surveys[SurveyKind.MIDPOINT]
    Response.objects.create(
        survey=surveys[SurveyKind.MIDPOINT],
        respondent=nina,
        pair=the_pair,
        role="mentee",
        submitted_at=timezone.now(),
    )

    other = make_program("Another evaluated program")
    world.objects["eval_other_program"] = other
    world.objects["eval_other_pair"] = make_pair(
        other,
        make_employee("E872", "Rémi", "Blanc", seniority_level=1),
        make_employee("E873", "Yvette", "Colin", seniority_level=7),
    )
    world.objects["eval_other_baseline"] = ensure_program_surveys(other)[SurveyKind.BASELINE]
