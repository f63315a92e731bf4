"""Access cases for meetings: a pair's meetings are for its two members only (anyone else,
HR included, gets a 404); the calendar page is for people with a partner (others: 403); the
calendar feed needs no login, its private token is the key (unknown: 404).

Objects (built by `populate`):
- "meetings_pair": Léa (the participant role) mentors Bernard in a running program, with a
  meeting to come ("meeting"), one to cancel ("meeting_to_cancel") and one past ("past_meeting").
- "other_meetings_pair": two other people of the same program, with a meeting
  ("other_meeting"): a 404 for everyone, Léa included.
- "feed_token": Léa's private calendar token.
"""

import datetime as dt

from django.utils import timezone

from bascule.meetings import services
from bascule.meetings.models import Meeting
from bascule.pairing.models import Pair
from bascule.programs.models import Application, ApplicationStatus, Program, ProgramStatus
from bascule.testing import make_employee
from tests.access.base import MENTOR, ROLES, Case, World, api, everyone

pair = lambda world: {"pair_id": world.objects["meetings_pair"].pk}  # noqa: E731
other_pair = lambda world: {"pair_id": world.objects["other_meetings_pair"].pk}  # noqa: E731
meeting = lambda world: {"meeting_id": world.objects["meeting"].pk}  # noqa: E731
to_cancel = lambda world: {"meeting_id": world.objects["meeting_to_cancel"].pk}  # noqa: E731
past = lambda world: {"meeting_id": world.objects["past_meeting"].pk}  # noqa: E731
other = lambda world: {"meeting_id": world.objects["other_meeting"].pk}  # noqa: E731
token = lambda world: {"token": world.objects["feed_token"]}  # noqa: E731
unknown_token = lambda world: {"token": "not-a-token"}  # noqa: E731

MEMBERS = everyone(404, **{MENTOR: 200})
NOBODY = everyone(404)
PARTNERED = everyone(403, **{MENTOR: 200})
API_MEMBERS = api(404, **{MENTOR: 200})
API_NOBODY = api(404)
PUBLIC = dict.fromkeys(ROLES, 200)
PUBLIC_404 = dict.fromkeys(ROLES, 404)

MATRIX: dict[str, list[Case]] = {
    "meetings:mine": [Case(PARTNERED)],
    "meetings:pair": [Case(MEMBERS, kwargs=pair), Case(NOBODY, kwargs=other_pair)],
    "meetings:create": [
        Case(MEMBERS, kwargs=pair),
        Case(MEMBERS, method="POST", kwargs=pair, label="an empty form shows its errors"),
        Case(NOBODY, kwargs=other_pair),
        Case(NOBODY, method="POST", kwargs=other_pair),
    ],
    "meetings:detail": [Case(MEMBERS, kwargs=meeting), Case(NOBODY, kwargs=other)],
    "meetings:reschedule": [
        Case(MEMBERS, kwargs=meeting),
        Case(MEMBERS, method="POST", kwargs=meeting, label="an empty form shows its errors"),
        Case(NOBODY, kwargs=other),
        Case(NOBODY, method="POST", kwargs=other),
    ],
    "meetings:cancel": [
        Case(MEMBERS, kwargs=to_cancel),
        Case(
            everyone(404, **{MENTOR: 302}),
            method="POST",
            kwargs=to_cancel,
            label="Léa cancels it",
        ),
        Case(NOBODY, method="POST", kwargs=other),
    ],
    "meetings:outcome": [
        Case(MEMBERS, kwargs=past),
        Case(MEMBERS, method="POST", kwargs=past, label="an empty form shows its errors"),
        Case(NOBODY, kwargs=other),
    ],
    "meetings:calendar": [Case(PARTNERED)],
    "meetings:calendar_regenerate": [
        Case(PARTNERED, method="POST", label="the page with the new address"),
        Case(everyone(403, **{MENTOR: 405})),
    ],
    "meetings:calendar_revoke": [
        Case(PARTNERED, method="POST", label="the confirmation step (Léa has an address)"),
        Case(everyone(403, **{MENTOR: 302}), method="POST", data={"confirm": "yes"}),
        Case(everyone(403, **{MENTOR: 405})),
    ],
    "meetings:feed": [
        Case(PUBLIC, kwargs=token, label="no login: the token is the key"),
        Case(PUBLIC_404, kwargs=unknown_token),
    ],
    "api:list_pair_meetings": [
        Case(API_MEMBERS, kwargs=pair),
        Case(API_NOBODY, kwargs=other_pair),
    ],
    "api:list_pair_slots": [Case(API_MEMBERS, kwargs=pair), Case(API_NOBODY, kwargs=other_pair)],
    "api:create_meeting": [
        Case(api(400), method="POST", kwargs=pair, label="a form-encoded body is refused"),
    ],
    "api:get_meeting": [Case(API_MEMBERS, kwargs=meeting), Case(API_NOBODY, kwargs=other)],
    "api:reschedule_meeting": [
        Case(api(400), method="POST", kwargs=meeting, label="a form-encoded body is refused"),
    ],
    "api:cancel_meeting": [
        Case(api(400), method="POST", kwargs=meeting, label="a form-encoded body is refused"),
    ],
    "api:record_meeting_outcome": [
        Case(api(400), method="POST", kwargs=past, label="a form-encoded body is refused"),
    ],
    "api:calendar_status": [Case(api(403, **{MENTOR: 200}))],
    "api:calendar_create": [Case(api(403, **{MENTOR: 201}), method="POST")],
    "api:calendar_delete": [
        Case(
            api(403, **{MENTOR: 200}),
            label="the same address: GET reads the status, DELETE revokes (app's tests)",
        )
    ],
    "api:meeting_feed": [
        Case(PUBLIC, kwargs=token, label="no login: the token is the key"),
        Case(PUBLIC_404, kwargs=unknown_token),
    ],
}


def _meeting(the_pair: Pair, organiser, starts_at: dt.datetime) -> Meeting:
    return Meeting.objects.create(
        pair=the_pair,
        organiser=organiser,
        starts_at=starts_at,
        duration_minutes=45,
        time_zone="Europe/Paris",
        location="Room 4",
    )


def populate(world: World) -> None:
    """Create the objects this area's cases point at."""
    company = world.company
    today = timezone.localdate()
    program = Program.objects.create(
        name="Meetings program",
        status=ProgramStatus.RUNNING,
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=300),
        languages=["fr"],
    )

    def application(employee, role):
        return Application.objects.create(
            program=program,
            employee=employee,
            role=role,
            status=ApplicationStatus.APPROVED,
            languages=["fr"],
            availability=["tue-am", "thu-pm"],
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

    the_pair = make_pair(company.lea, company.bernard)
    other_pair_ = make_pair(
        make_employee("E801", "Nina", "Roux", seniority_level=1),
        make_employee("E802", "Yves", "Blanc", seniority_level=7),
    )
    now = timezone.now()
    world.objects["meetings_pair"] = the_pair
    world.objects["other_meetings_pair"] = other_pair_
    world.objects["meeting"] = _meeting(the_pair, company.lea_user, now + dt.timedelta(days=7))
    world.objects["meeting_to_cancel"] = _meeting(
        the_pair, company.lea_user, now + dt.timedelta(days=8)
    )
    world.objects["past_meeting"] = _meeting(the_pair, company.lea_user, now - dt.timedelta(days=1))
    world.objects["other_meeting"] = _meeting(other_pair_, None, now + dt.timedelta(days=7))
    world.objects["feed_token"] = services.feed_regenerate(actor=company.lea_user)
