"""Access cases for workshops: a participant's pages and API (employees, sponsors excepted:
the workshops open to them; 404 for one they may not register for), the managers' pages
(HR admins: every workshop; program managers: their programs' workshops; 404 otherwise),
the roster and attendance (the managers and the facilitator; 404 for anyone else).

Objects (built by `populate`):
- "ws_open": in ten days, for every mentor and mentee (no program): Léa may register; only
  HR manages it.
- "ws_program": in ten days, for the members of "program" (Paul manages it); Léa's
  application there is not approved, so it is not open to her.
- "ws_past": started an hour ago, facilitated by Léa, who was registered and present
  ("ws_past_place"); only HR manages it.
"""

import datetime as dt

from django.utils import timezone

from bascule.testing import make_employee
from bascule.workshops.models import Registration, Workshop
from tests.access.base import ANON, HR, MENTOR, PM, SPONSOR, Case, World, api, everyone

open_one = lambda world: {"workshop_id": world.objects["ws_open"].pk}  # noqa: E731
program_one = lambda world: {"workshop_id": world.objects["ws_program"].pk}  # noqa: E731
past_one = lambda world: {"workshop_id": world.objects["ws_past"].pk}  # noqa: E731
past_place = lambda world: {  # noqa: E731
    "workshop_id": world.objects["ws_past"].pk,
    "registration_id": world.objects["ws_past_place"].pk,
}

PARTICIPANT = everyone(403, **{MENTOR: 200})
NOT_OPEN = everyone(403, **{MENTOR: 404})
MANAGERS = everyone(403, **{HR: 200, PM: 200})
HR_SCOPE = everyone(403, **{HR: 200, PM: 404})
ROSTER = everyone(404, **{SPONSOR: 403, HR: 200})

MATRIX: dict[str, list[Case]] = {
    "workshops:list": [Case(PARTICIPANT)],
    "workshops:detail": [Case(PARTICIPANT, kwargs=open_one), Case(NOT_OPEN, kwargs=program_one)],
    "workshops:register": [
        Case(everyone(403, **{MENTOR: 302}), method="POST", kwargs=open_one),
        Case(NOT_OPEN, method="POST", kwargs=program_one),
        Case(everyone(403, **{MENTOR: 405}), kwargs=open_one),
    ],
    "workshops:unregister": [
        Case(everyone(403, **{MENTOR: 302}), method="POST", kwargs=open_one, label="no place"),
        Case(everyone(403, **{MENTOR: 405}), kwargs=open_one),
    ],
    "workshops:feedback": [
        Case(PARTICIPANT, kwargs=past_one),
        Case(PARTICIPANT, method="POST", kwargs=past_one, label="an empty form"),
        Case(everyone(403, **{MENTOR: 302}), kwargs=open_one, label="not attended"),
    ],
    "workshops:manage": [Case(MANAGERS)],
    "workshops:create": [
        Case(MANAGERS),
        Case(MANAGERS, method="POST", label="an empty form shows its errors"),
    ],
    "workshops:edit": [
        Case(HR_SCOPE, kwargs=open_one),
        Case(MANAGERS, kwargs=program_one),
        Case(MANAGERS, method="POST", kwargs=program_one, label="an empty form"),
    ],
    "workshops:cancel": [
        Case(MANAGERS, method="POST", kwargs=program_one, label="the confirmation step"),
        Case(HR_SCOPE, method="POST", kwargs=open_one, label="the confirmation step"),
        Case(everyone(403, **{HR: 405, PM: 405}), kwargs=program_one),
    ],
    "workshops:roster": [
        Case(ROSTER, kwargs=open_one),
        Case({**ROSTER, PM: 200}, kwargs=program_one),
        Case({**ROSTER, MENTOR: 200}, kwargs=past_one, label="the facilitator"),
    ],
    "workshops:attendance": [
        Case(
            everyone(404, **{SPONSOR: 403, HR: 302, MENTOR: 302}),
            method="POST",
            kwargs=past_one,
            label="the facilitator and HR",
        ),
        Case(
            everyone(404, **{SPONSOR: 403, HR: 302}),
            method="POST",
            kwargs=open_one,
            label="refused with a message: not started",
        ),
    ],
    "workshops:register_people": [
        Case(MANAGERS, method="POST", kwargs=program_one, label="an empty form shows its errors"),
        Case(HR_SCOPE, method="POST", kwargs=open_one, label="an empty form shows its errors"),
        Case(everyone(403, **{HR: 405, PM: 405}), kwargs=program_one),
    ],
    "workshops:registration_cancel": [
        Case(HR_SCOPE, method="POST", kwargs=past_place, label="the confirmation step"),
    ],
    "api:list_workshops": [Case(api(403, **{MENTOR: 200}))],
    "api:get_workshop": [
        Case(api(403, **{MENTOR: 200}), kwargs=open_one),
        Case(api(403, **{MENTOR: 404}), kwargs=program_one),
    ],
    "api:register_for_workshop": [
        Case(
            {**api(405), ANON: 405},
            kwargs=open_one,
            label="GET is refused: POST registers, DELETE cancels (the app's tests)",
        ),
    ],
    "api:cancel_workshop_registration": [
        Case({**api(405), ANON: 405}, kwargs=open_one, label="GET is refused (the app's tests)"),
    ],
    "api:get_workshop_roster": [
        Case(api(404, **{HR: 200, SPONSOR: 403}), kwargs=open_one),
        Case(api(404, **{HR: 200, PM: 200, SPONSOR: 403}), kwargs=program_one),
    ],
    "api:register_people_for_workshop": [
        Case(
            api(403, **{HR: 400, PM: 400}),
            method="POST",
            kwargs=program_one,
            label="a form-encoded body is refused; managers only (the app's tests send JSON)",
        ),
        Case({**api(405), ANON: 405}, kwargs=program_one, label="GET is refused"),
    ],
    "api:mark_workshop_attendance": [
        Case(
            {**api(405), ANON: 405},
            kwargs=open_one,
            label="GET is refused: attendance takes a PUT (the app's tests)",
        ),
    ],
}


def populate(world: World) -> None:
    company = world.company
    now = timezone.now()

    def make(title: str, starts_at: dt.datetime, **fields) -> Workshop:
        return Workshop.objects.create(
            title=title,
            starts_at=starts_at,
            time_zone="Europe/Paris",
            duration_minutes=90,
            place="Room 1",
            capacity=10,
            **fields,
        )

    world.objects["ws_open"] = make("Open workshop", now + dt.timedelta(days=10))
    in_program = make("Program workshop", now + dt.timedelta(days=10))
    in_program.programs.add(world.objects["program"])
    world.objects["ws_program"] = in_program
    past = make("Past workshop", now - dt.timedelta(hours=1), facilitator=company.lea)
    world.objects["ws_past"] = past
    world.objects["ws_past_place"] = Registration.objects.create(
        workshop=past,
        employee=company.lea,
        status="registered",
        queued_at=now - dt.timedelta(days=3),
        attendance="present",
    )
    Registration.objects.create(
        workshop=past,
        employee=make_employee("E880", "Wanda", "Atelier"),
        status="registered",
        queued_at=now - dt.timedelta(days=2),
    )
