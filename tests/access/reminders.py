"""Access cases for reminders.

- "My reminders" (API) is every signed-in user's own: 200 for all roles. Its page, /reminders/,
  leads to the reminders section of the notifications and reminders page (a form still posted
  there is saved first).
- A program's required reminders (page and API) are for HR admins and the program's managers:
  "program" (tests/access/base.py) is managed by Paul; "other_program" by HR only. Anyone
  else gets a 404, so that a program's existence is not revealed.

The PUT operations share their URL with the GET ones (ninja names each operation), so the
matrix's GET reaches the read; the writes, per role, are asserted in
bascule/reminders/tests/test_api.py.
"""

from tests.access.base import ANON, HR, PM, Case, World, api, everyone

program = lambda world: {"program_id": world.objects["program"].pk}  # noqa: E731
other_program = lambda world: {"program_id": world.objects["other_program"].pk}  # noqa: E731

MANAGERS = everyone(404, **{HR: 200, PM: 200})
HR_ONLY_404 = everyone(404, **{HR: 200})
API_MANAGERS = api(404, **{HR: 200, PM: 200})
API_HR_ONLY = api(404, **{HR: 200})
SAVED = everyone(302)

MATRIX: dict[str, list[Case]] = {
    "reminders:preferences": [
        Case(everyone(302), label="the reminders section of /notifications/preferences/"),
        Case(SAVED, method="POST", label="an empty form turns every kind off, then redirects"),
    ],
    "reminders:program_policy": [
        Case(MANAGERS, kwargs=program),
        Case(
            everyone(404, **{HR: 302, PM: 302}),
            method="POST",
            kwargs=program,
            label="an empty form requires nothing, then redirects",
        ),
        Case(HR_ONLY_404, kwargs=other_program),
        Case(HR_ONLY_404 | {HR: 302}, method="POST", kwargs=other_program),
    ],
    "api:get_my_reminder_preferences": [Case(api(200))],
    "api:update_my_reminder_preferences": [
        Case(api(200), label="GET on the shared URL reads; PUT is asserted in the app's tests"),
        Case({**api(405), ANON: 405}, method="POST", label="POST is not an operation here"),
    ],
    "api:get_program_reminder_policy": [
        Case(API_MANAGERS, kwargs=program),
        Case(API_HR_ONLY, kwargs=other_program),
    ],
    "api:update_program_reminder_policy": [
        Case(
            API_MANAGERS,
            kwargs=program,
            label="GET on the shared URL reads; PUT is asserted in the app's tests",
        ),
    ],
}


def populate(world: World) -> None:
    """The cases use the shared programs of tests/access/base.py."""
