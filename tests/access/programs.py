"""Access cases for programs: the list, creation, the overview, settings, lifecycle, copies.

Paul manages "program" (enrolling, open) and not "other_program" (a draft): the latter is a
404 for him. Léa sees "program" because it is open and enrolling; Oscar sees none. The sponsor
reads every program but changes none. Pages a role can never use are a 403.
"""

from tests.access.base import (
    ANON,
    HR,
    HR_ONLY,
    OUTSIDER,
    PM,
    SPONSOR,
    Case,
    World,
    api,
    everyone,
)

program = lambda world: {"program_id": world.objects["program"].pk}  # noqa: E731
other_program = lambda world: {"program_id": world.objects["other_program"].pk}  # noqa: E731
missing_program = lambda world: {"program_id": 999999}  # noqa: E731

MANAGERS = everyone(403, **{HR: 200, PM: 200})

MATRIX: dict[str, list[Case]] = {
    "programs:program_list": [Case(everyone(200))],
    "programs:program_create": [Case(HR_ONLY)],
    "programs:program_detail": [
        Case(everyone(200, **{OUTSIDER: 404}), kwargs=program, label="open and enrolling"),
        Case(
            everyone(404, **{HR: 200, SPONSOR: 200}),
            kwargs=other_program,
            label="a draft Paul does not manage",
        ),
        Case(everyone(404), kwargs=missing_program),
    ],
    "programs:program_edit": [
        Case(MANAGERS, kwargs=program),
        Case(everyone(403, **{HR: 200, PM: 404}), kwargs=other_program),
    ],
    "programs:program_transition": [
        Case(
            everyone(403, **{HR: 200, PM: 200}),
            method="POST",
            kwargs=program,
            data={"to": "matching", "version": 1},
            label="the confirmation step",
        ),
        Case(
            everyone(403, **{HR: 200, PM: 404}),
            method="POST",
            kwargs=other_program,
            data={"to": "enrolling", "version": 1},
        ),
        Case(
            everyone(403, **{HR: 302, PM: 302}),
            method="POST",
            kwargs=program,
            data={"to": "matching", "version": 1, "confirm": "yes"},
            label="HR moves it; Paul's version is then stale: both go back to the overview",
        ),
        Case(
            everyone(403, **{HR: 302, PM: 404}),
            method="POST",
            kwargs=other_program,
            data={"to": "enrolling", "version": 1, "confirm": "yes"},
        ),
        Case(everyone(403, **{HR: 405, PM: 405}), kwargs=program, label="GET is refused"),
    ],
    "programs:program_duplicate": [
        Case(everyone(403, **{HR: 302}), method="POST", kwargs=program),
        Case(everyone(403, **{HR: 405}), kwargs=program, label="GET is refused"),
    ],
    "api:list_programs": [Case(api(200))],
    "api:create_program": [
        Case(
            api(403, **{HR: 400}),
            method="POST",
            data={"name": "Pilot"},
            label="the role is checked first; HR's form post is not JSON (400)",
        ),
    ],
    "api:list_program_templates": [Case(api(200))],
    "api:get_program": [
        Case(api(200, **{OUTSIDER: 404}), kwargs=program),
        Case(api(404, **{HR: 200, SPONSOR: 200}), kwargs=other_program),
    ],
    "api:update_program": [
        Case(
            api(405, **{ANON: 405}),
            method="POST",
            kwargs=program,
            label="PATCH only (same URL as get_program); PATCH is tested in test_program_api",
        ),
    ],
    "api:transition_program": [
        Case(
            api(403, **{HR: 400, PM: 400}),
            method="POST",
            kwargs=program,
            data={"to": "matching", "version": 1},
            label="the role is checked first; a form post is not JSON (400)",
        ),
    ],
    "api:duplicate_program": [
        Case(api(403, **{HR: 201}), method="POST", kwargs=program),
        Case(api(403, **{HR: 201}), method="POST", kwargs=other_program),
    ],
}


def populate(world: World) -> None:
    """Create the objects this area's cases point at (the shared ones come from base)."""
