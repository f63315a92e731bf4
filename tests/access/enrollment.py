"""Access cases for enrollment: applying, invitations, review, decisions, the funnel.

Léa (MENTOR) applied to "program"; Paul manages "program" but not "other_program"; HR,
Paul, Sophie and Oscar have no employee record, so they can never apply (403). Bernard's
application to "other_program" is out of Paul's scope (404).

The API's writes take a JSON body: the form-encoded body these cases post is refused (400)
once the caller is authenticated, before any role check. Who may write what through the
API is asserted with JSON bodies in bascule/programs/tests/test_enrollment_api.py.
"""

from bascule.programs.models import Application, Invitation, ParticipantRole
from tests.access.base import (
    HR,
    MENTOR,
    PM,
    ROLES,
    SPONSOR,
    Case,
    World,
    api,
    everyone,
)

program = lambda world: {"program_id": world.objects["program"].pk}  # noqa: E731
other_program = lambda world: {"program_id": world.objects["other_program"].pk}  # noqa: E731
leas = lambda world: {"application_id": world.objects["lea_application"].pk}  # noqa: E731
bernards = lambda world: {"application_id": world.objects["bernard_application"].pk}  # noqa: E731
out_of_scope = lambda world: {"application_id": world.objects["other_application"].pk}  # noqa: E731
token = lambda world: {"token": world.objects["invitation"].token}  # noqa: E731

MANAGERS = everyone(403, **{HR: 200, PM: 200})
MANAGERS_OTHER = everyone(403, **{HR: 200, PM: 404})
APPLICANT_ONLY = everyone(403, **{MENTOR: 200})
FUNNEL = everyone(403, **{HR: 200, PM: 200, SPONSOR: 200})
# A form post is not the JSON these operations read: 400, once the role gate let the caller
# through (a role that may never call the operation gets 403 whatever it sends).
JSON_ONLY = api(400)
MANAGERS_JSON = api(403, **{HR: 400, PM: 400})

MATRIX: dict[str, list[Case]] = {
    "programs:apply": [
        Case(
            everyone(403, **{MENTOR: 302}),
            kwargs=program,
            label="Léa already applied: she is sent to her application",
        ),
        Case(everyone(403, **{MENTOR: 404}), kwargs=other_program, label="a draft she cannot see"),
    ],
    "programs:invite": [
        Case(MANAGERS, kwargs=program),
        Case(MANAGERS_OTHER, kwargs=other_program),
    ],
    "programs:application_review": [
        Case(MANAGERS, kwargs=program),
        Case(MANAGERS_OTHER, kwargs=other_program),
    ],
    "programs:application_export": [
        Case(MANAGERS, kwargs=lambda world: {**program(world), "fmt": "csv"}),
        Case(MANAGERS_OTHER, kwargs=lambda world: {**other_program(world), "fmt": "xlsx"}),
        Case(
            everyone(403, **{HR: 404, PM: 404}),
            kwargs=lambda world: {**program(world), "fmt": "txt"},
            label="another format",
        ),
    ],
    "programs:application_bulk": [
        Case(
            MANAGERS,
            method="POST",
            kwargs=program,
            data={"decision": "approved"},
            label="nothing selected: the list is shown again with the error",
        ),
        Case(everyone(403, **{HR: 200, PM: 404}), method="POST", kwargs=other_program),
        Case(everyone(403, **{HR: 405, PM: 405}), kwargs=program),
    ],
    "programs:enrollment_funnel": [
        Case(FUNNEL, kwargs=program),
        Case(everyone(403, **{HR: 200, PM: 404, SPONSOR: 200}), kwargs=other_program),
    ],
    "programs:my_applications": [Case(APPLICANT_ONLY)],
    "programs:application_detail": [
        Case(
            everyone(404, **{HR: 200, PM: 200, MENTOR: 200, SPONSOR: 403}),
            kwargs=leas,
            label="Léa's own, read by her and the program's managers",
        ),
        Case(everyone(404, **{HR: 200, PM: 200, SPONSOR: 403}), kwargs=bernards),
        Case(everyone(404, **{HR: 200, SPONSOR: 403}), kwargs=out_of_scope),
    ],
    "programs:application_edit": [
        Case(APPLICANT_ONLY, kwargs=leas),
        Case(everyone(403, **{MENTOR: 404}), kwargs=bernards, label="someone else's"),
    ],
    "programs:application_withdraw": [
        Case(APPLICANT_ONLY, kwargs=leas),
        Case(everyone(403, **{MENTOR: 404}), kwargs=bernards, label="someone else's"),
    ],
    "programs:application_decide": [
        Case(
            everyone(403, **{HR: 302, PM: 302}),
            method="POST",
            kwargs=bernards,
            data={"decision": "waitlisted"},
        ),
        Case(
            everyone(403, **{HR: 302, PM: 404}),
            method="POST",
            kwargs=out_of_scope,
            data={"decision": "waitlisted"},
        ),
        Case(everyone(403, **{HR: 405, PM: 405}), kwargs=bernards),
    ],
    "programs:invitation_open": [
        Case(
            dict.fromkeys(ROLES, 302),
            kwargs=token,
            label="the personal link leads to the form, through the login page",
        ),
        Case(
            dict.fromkeys(ROLES, 404),
            kwargs=lambda world: {"token": "no-such-token"},
            label="an unknown link is a friendly 404, for everyone",
        ),
    ],
    "api:list_invitations": [
        Case(api(403, **{HR: 200, PM: 200}), kwargs=program),
        Case(api(403, **{HR: 200, PM: 404}), kwargs=other_program),
    ],
    "api:create_invitations": [
        Case(MANAGERS_JSON, method="POST", kwargs=program),
        Case(api(403, **{HR: 200, PM: 200}), kwargs=program, label="GET lists them"),
    ],
    "api:list_program_applications": [
        Case(api(403, **{HR: 200, PM: 200}), kwargs=program),
        Case(api(403, **{HR: 200, PM: 404}), kwargs=other_program),
    ],
    "api:create_application": [
        Case(api(403, **{MENTOR: 400}), method="POST", kwargs=program),
        Case(api(403, **{HR: 200, PM: 200}), kwargs=program, label="GET lists them"),
    ],
    "api:list_my_applications": [Case(api(403, **{MENTOR: 200}))],
    "api:get_application": [
        Case(api(404, **{HR: 200, PM: 200, MENTOR: 200, SPONSOR: 403}), kwargs=leas),
        Case(api(404, **{HR: 200, PM: 200, SPONSOR: 403}), kwargs=bernards),
        Case(api(404, **{HR: 200, SPONSOR: 403}), kwargs=out_of_scope),
    ],
    "api:update_application": [
        Case(
            api(404, **{HR: 200, PM: 200, MENTOR: 200, SPONSOR: 403}),
            kwargs=leas,
            label="GET reads it; PUT is asserted in test_enrollment_api.py",
        ),
    ],
    "api:withdraw_application": [Case(JSON_ONLY, method="POST", kwargs=leas)],
    "api:decide_application": [Case(JSON_ONLY, method="POST", kwargs=bernards)],
    "api:bulk_decide_applications": [Case(MANAGERS_JSON, method="POST", kwargs=program)],
    "api:get_program_funnel": [
        Case(api(403, **{HR: 200, PM: 200, SPONSOR: 200}), kwargs=program),
        Case(api(403, **{HR: 200, PM: 404, SPONSOR: 200}), kwargs=other_program),
    ],
}


def populate(world: World) -> None:
    """Create the objects this area's cases point at (the shared ones come from base)."""
    company = world.company
    world.objects["other_application"] = Application.objects.create(
        program=world.objects["other_program"],
        employee=company.bernard,
        role=ParticipantRole.MENTEE,
    )
    world.objects["invitation"] = Invitation.objects.create(
        program=world.objects["program"], employee=company.lea, token="lea-personal-link"
    )
