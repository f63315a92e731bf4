"""Access cases for the mentoring journey: the pair's space, kickoff, goals, notes,
check-ins, the API.

A pair's content belongs to its two members: everyone else gets a 404, HR included (there is
no "forbidden" role here, since any employee may one day be a member).

Objects (built by `populate`):
- "journey_pair": a running program's active pair, Léa (mentor) and Bernard (mentee), with a
  goal ("journey_goal"), Léa's private note ("lea_private_note") and Bernard's
  ("bernard_private_note");
- "journey_other_pair": a pair of two other employees, with a goal ("journey_other_goal").

JSON writes get a form-encoded body from the matrix: ninja refuses it (400) before any access
check, but after the role gate (403 for a role that may never call the operation); members-only
writes are asserted in bascule/journey/tests/test_api.py.
"""

import datetime as dt

from django.utils import timezone

from bascule.journey import services
from bascule.journey.models import GoalDirection
from bascule.pairing.models import Pair
from bascule.programs.models import Application, ApplicationStatus, Program, ProgramStatus
from bascule.testing import make_employee
from tests.access.base import ANON, HR, MENTOR, PM, Case, World, api, everyone

pair = lambda world: {"pair_id": world.objects["journey_pair"].pk}  # noqa: E731
other_pair = lambda world: {"pair_id": world.objects["journey_other_pair"].pk}  # noqa: E731
goal = lambda world: {  # noqa: E731
    "pair_id": world.objects["journey_pair"].pk,
    "goal_id": world.objects["journey_goal"].pk,
}
other_goal = lambda world: {  # noqa: E731
    "pair_id": world.objects["journey_other_pair"].pk,
    "goal_id": world.objects["journey_other_goal"].pk,
}
leas_note = lambda world: {  # noqa: E731
    "pair_id": world.objects["journey_pair"].pk,
    "note_id": world.objects["lea_private_note"].pk,
}
bernards_note = lambda world: {  # noqa: E731
    "pair_id": world.objects["journey_pair"].pk,
    "note_id": world.objects["bernard_private_note"].pk,
}

leas_shared = lambda world: {  # noqa: E731
    "pair_id": world.objects["journey_pair"].pk,
    "note_id": world.objects["lea_shared_note"].pk,
}
bernards_shared = lambda world: {  # noqa: E731
    "pair_id": world.objects["journey_pair"].pk,
    "note_id": world.objects["bernard_shared_note"].pk,
}
program = lambda world: {"program_id": world.objects["journey_pair"].program_id}  # noqa: E731

MEMBER = everyone(404, **{MENTOR: 200})
NOBODY = everyone(404)
POST_ONLY = everyone(405)
API_MEMBER = api(404, **{MENTOR: 200})
API_NOBODY = api(404)
# Pair health: HR admins and the program's managers (Paul does not manage this program).
HEALTH = everyone(403, **{HR: 200, PM: 404})
HEALTH_POST_ONLY = everyone(403, **{HR: 405, PM: 405})
API_HEALTH = api(403, **{HR: 200, PM: 404})
API_HEALTH_JSON = api(403, **{HR: 400, PM: 400})

MATRIX: dict[str, list[Case]] = {
    "journey:pair_space": [Case(MEMBER, kwargs=pair), Case(NOBODY, kwargs=other_pair)],
    "journey:kickoff": [
        Case(MEMBER, kwargs=pair),
        Case(MEMBER, method="POST", kwargs=pair, label="an empty form shows its errors"),
        Case(NOBODY, kwargs=other_pair),
        Case(NOBODY, method="POST", kwargs=other_pair),
    ],
    "journey:goal_create": [
        Case(MEMBER, kwargs=pair),
        Case(MEMBER, method="POST", kwargs=pair, label="an empty form shows its errors"),
        Case(NOBODY, kwargs=other_pair),
        Case(NOBODY, method="POST", kwargs=other_pair),
    ],
    "journey:goal_edit": [
        Case(MEMBER, kwargs=goal),
        Case(MEMBER, method="POST", kwargs=goal, label="an empty form shows its errors"),
        Case(NOBODY, kwargs=other_goal),
        Case(NOBODY, method="POST", kwargs=other_goal),
    ],
    "journey:goal_delete": [
        Case(MEMBER, kwargs=goal),
        Case(
            everyone(404, **{MENTOR: 409}),
            method="POST",
            kwargs=goal,
            label="no version sent: the goal is shown again, not deleted",
        ),
        Case(NOBODY, kwargs=other_goal),
        Case(NOBODY, method="POST", kwargs=other_goal),
    ],
    "journey:shared_note_edit": [
        Case(MEMBER, kwargs=leas_shared),
        Case(MEMBER, method="POST", kwargs=leas_shared, label="an empty note shows its error"),
        Case(NOBODY, kwargs=bernards_shared, label="the partner's note: not Léa's to change"),
    ],
    "journey:shared_note_delete": [
        Case(MEMBER, method="POST", kwargs=leas_shared, label="the confirmation step"),
        Case(
            everyone(404, **{MENTOR: 302}),
            method="POST",
            kwargs=leas_shared,
            data={"confirm": "yes"},
            label="no version sent: back to the space with a message",
        ),
        Case(NOBODY, method="POST", kwargs=bernards_shared),
        Case(POST_ONLY, kwargs=leas_shared),
    ],
    "journey:checkin": [
        Case(MEMBER, kwargs=pair),
        Case(MEMBER, method="POST", kwargs=pair, label="an empty form shows its errors"),
        Case(NOBODY, kwargs=other_pair),
        Case(NOBODY, method="POST", kwargs=other_pair),
    ],
    "journey:shared_note_add": [
        Case(MEMBER, method="POST", kwargs=pair, label="an empty note: the space with the error"),
        Case(NOBODY, method="POST", kwargs=other_pair),
        Case(POST_ONLY, kwargs=pair),
    ],
    "journey:private_note_add": [
        Case(MEMBER, method="POST", kwargs=pair, label="an empty note: the space with the error"),
        Case(NOBODY, method="POST", kwargs=other_pair),
        Case(POST_ONLY, kwargs=pair),
    ],
    "journey:private_note_delete": [
        Case(MEMBER, method="POST", kwargs=leas_note, label="the confirmation step"),
        Case(
            everyone(404, **{MENTOR: 302}),
            method="POST",
            kwargs=leas_note,
            data={"confirm": "yes"},
            label="Léa deletes her own note",
        ),
        Case(
            NOBODY,
            method="POST",
            kwargs=bernards_note,
            label="the partner's private note is not found, even by Léa",
        ),
        Case(POST_ONLY, kwargs=leas_note),
    ],
    "journey:health_program": [Case(HEALTH, kwargs=program)],
    "journey:health_program_export": [
        Case(HEALTH, kwargs=lambda world: {**program(world), "fmt": "csv"}),
        Case(
            everyone(403, **{HR: 200, PM: 200}),
            kwargs=lambda world: {"program_id": world.objects["program"].pk, "fmt": "xlsx"},
            label="Paul's program",
        ),
        Case(
            everyone(403, **{HR: 404, PM: 404}),
            kwargs=lambda world: {**program(world), "fmt": "json"},
            label="another format",
        ),
    ],
    "journey:health_pair": [Case(HEALTH, kwargs=pair)],
    "journey:health_nudge": [
        Case({**HEALTH, HR: 400}, method="POST", kwargs=pair, label="an empty message"),
        Case(HEALTH_POST_ONLY, kwargs=pair),
    ],
    "journey:health_pause": [
        Case({**HEALTH, HR: 400}, method="POST", kwargs=pair, label="no reason given"),
        Case(HEALTH_POST_ONLY, kwargs=pair),
    ],
    "journey:health_resume": [
        Case({**HEALTH, HR: 302}, method="POST", kwargs=pair, label="not paused: a message"),
        Case(HEALTH_POST_ONLY, kwargs=pair),
    ],
    "api:health_program": [Case(API_HEALTH, kwargs=program)],
    "api:health_pair": [Case(API_HEALTH, kwargs=pair)],
    "api:health_nudge": [
        Case(API_HEALTH_JSON, method="POST", kwargs=pair, label="a form-encoded body is refused"),
    ],
    "api:health_pause": [
        Case(API_HEALTH_JSON, method="POST", kwargs=pair, label="a form-encoded body is refused"),
    ],
    "api:health_resume": [
        Case({**API_HEALTH, HR: 409}, method="POST", kwargs=pair, label="not paused: 409"),
    ],
    "api:get_pair_kickoff": [Case(API_MEMBER, kwargs=pair), Case(API_NOBODY, kwargs=other_pair)],
    "api:confirm_pair_kickoff": [
        Case(api(400), method="POST", kwargs=pair, label="a form-encoded body is refused"),
    ],
    "api:list_pair_goals": [Case(API_MEMBER, kwargs=pair), Case(API_NOBODY, kwargs=other_pair)],
    "api:create_pair_goal": [
        Case(api(400), method="POST", kwargs=pair, label="a form-encoded body is refused"),
    ],
    "api:update_pair_goal": [
        Case(
            {**api(405), ANON: 405},
            kwargs=goal,
            label="GET is refused: changing a goal takes a PUT (asserted in the app's tests)",
        ),
    ],
    "api:delete_pair_goal": [
        Case(
            {**api(405), ANON: 405},
            kwargs=goal,
            label="GET is refused: deleting takes a DELETE (asserted in the app's tests)",
        ),
    ],
    "api:update_shared_note": [
        Case(
            {**api(405), ANON: 405},
            kwargs=leas_shared,
            label="GET is refused: PUT and DELETE only (asserted in the app's tests)",
        ),
    ],
    "api:delete_shared_note": [
        Case(
            {**api(405), ANON: 405},
            kwargs=leas_shared,
            label="GET is refused: PUT and DELETE only (asserted in the app's tests)",
        ),
    ],
    "api:list_shared_notes": [
        Case(API_MEMBER, kwargs=pair),
        Case(API_NOBODY, kwargs=other_pair),
    ],
    "api:get_my_checkin": [Case(API_MEMBER, kwargs=pair), Case(API_NOBODY, kwargs=other_pair)],
    "api:submit_my_checkin": [
        Case(api(400), method="POST", kwargs=pair, label="a form-encoded body is refused"),
    ],
    "api:list_my_checkins": [Case(API_MEMBER, kwargs=pair), Case(API_NOBODY, kwargs=other_pair)],
    "api:create_shared_note": [
        Case(api(400), method="POST", kwargs=pair, label="a form-encoded body is refused"),
    ],
}


def populate(world: World) -> None:
    """Create the objects this area's cases point at."""
    company = world.company
    program = Program.objects.create(
        name="Journey program",
        status=ProgramStatus.RUNNING,
        starts_on=dt.date(2027, 1, 11),
        ends_on=dt.date(2027, 6, 30),
        languages=["fr"],
    )

    def application(employee, role):
        return Application.objects.create(
            program=program,
            employee=employee,
            role=role,
            status=ApplicationStatus.APPROVED,
            languages=["fr"],
        )

    def make_pair(mentor, mentee) -> Pair:
        return Pair.objects.create(
            program=program,
            mentor=mentor,
            mentor_application=application(mentor, "mentor"),
            mentee=mentee,
            mentee_application=application(mentee, "mentee"),
            published_at=timezone.now(),
        )

    def make_goal(the_pair: Pair):
        return services.goal_create(
            actor=company.lea_user,
            pair=the_pair,
            values={
                "direction": GoalDirection.LEARNING,
                "title": "Use AI tools",
                "success_criteria": "One summary a week",
                "target_date": dt.date(2027, 4, 1),
                "status": "not_started",
                "progress": 0,
            },
        )

    the_pair = make_pair(company.lea, company.bernard)
    the_other_pair = make_pair(
        make_employee("E851", "Noé", "Faure", seniority_level=1),
        make_employee("E852", "Odile", "Perrin", seniority_level=7),
    )
    world.objects["journey_pair"] = the_pair
    world.objects["journey_other_pair"] = the_other_pair
    world.objects["journey_goal"] = make_goal(the_pair)
    world.objects["journey_other_goal"] = make_goal(the_other_pair)
    world.objects["lea_shared_note"] = services.shared_note_add(
        actor=company.lea_user, pair=the_pair, body="Léa's shared thoughts"
    )
    world.objects["bernard_shared_note"] = services.shared_note_add(
        actor=company.bernard_user, pair=the_pair, body="Bernard's shared thoughts"
    )
    world.objects["lea_private_note"] = services.private_note_add(
        actor=company.lea_user, pair=the_pair, body="Léa's own thoughts"
    )
    world.objects["bernard_private_note"] = services.private_note_add(
        actor=company.bernard_user, pair=the_pair, body="Bernard's own thoughts"
    )
