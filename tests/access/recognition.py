"""Access cases for recognition: a participant's page and choices (employees, sponsors
excepted; 404 for a kudos they did not receive), thanking a partner (404 outside one's pairs),
recognising from a program (HR, its managers, the sponsors; 404 outside their programs), the
walls (a program's: its participants, HR, its managers, the sponsors; the company's: everyone),
HR's moderation.

Objects (built by `populate`):
- "rec_program": running, managed by Paul; "rec_pair": Léa (mentor) and Rémi (mentee);
  "kudos_to_lea": Rémi's thanks to Léa, on the wall.
- "rec_other_program": nobody but HR manages it; "rec_other_pair" of two other employees;
  "kudos_other": a thanks between them.
- "award_to_lea": Léa's "first meeting" badge in "rec_program" (the built-in badges installed).
"""

import datetime as dt

from django.utils import timezone

from bascule.pairing.models import Pair
from bascule.programs.models import Application, ApplicationStatus, Program, ProgramStatus
from bascule.recognition.badges.services import install_builtins
from bascule.recognition.models import Badge, BadgeAward, Kudos, SenderKind, Visibility
from bascule.testing import make_employee
from tests.access.base import ANON, HR, MENTOR, PM, SPONSOR, Case, World, api, everyone

rec_pair = lambda world: {"pair_id": world.objects["rec_pair"].pk}  # noqa: E731
other_pair = lambda world: {"pair_id": world.objects["rec_other_pair"].pk}  # noqa: E731
program = lambda world: {"program_id": world.objects["rec_program"].pk}  # noqa: E731
other_program = lambda world: {"program_id": world.objects["rec_other_program"].pk}  # noqa: E731
to_lea = lambda world: {"kudos_id": world.objects["kudos_to_lea"].pk}  # noqa: E731
other = lambda world: {"kudos_id": world.objects["kudos_other"].pk}  # noqa: E731
first_meeting = lambda world: {"badge": "first-meeting"}  # noqa: E731
lea_award = lambda world: {"award_id": world.objects["award_to_lea"].pk}  # noqa: E731

PARTICIPANT = everyone(403, **{MENTOR: 200})
TEAM = everyone(403, **{HR: 200, PM: 200, SPONSOR: 200})
WALL = everyone(404, **{HR: 200, PM: 200, SPONSOR: 200, MENTOR: 200})
OTHER_WALL = everyone(404, **{HR: 200, SPONSOR: 200})
PUT_ONLY = {**api(405), ANON: 405}

MATRIX: dict[str, list[Case]] = {
    "recognition:mine": [Case(PARTICIPANT)],
    "recognition:preference": [
        Case(everyone(403, **{MENTOR: 302}), method="POST", label="an empty form: a message"),
        Case(everyone(403, **{MENTOR: 405})),
    ],
    "recognition:wall_choice": [
        Case(everyone(403, **{MENTOR: 302}), method="POST", kwargs=to_lea),
        Case(everyone(403, **{MENTOR: 404}), method="POST", kwargs=other),
        Case(everyone(403, **{MENTOR: 405}), kwargs=to_lea),
    ],
    "recognition:thank": [
        Case(PARTICIPANT, kwargs=rec_pair),
        Case(PARTICIPANT, method="POST", kwargs=rec_pair, label="an empty form"),
        Case(everyone(403, **{MENTOR: 404}), kwargs=other_pair),
    ],
    "recognition:send": [
        Case(TEAM, kwargs=program),
        Case(TEAM, method="POST", kwargs=program, label="an empty form"),
        Case({**TEAM, PM: 404}, kwargs=other_program),
    ],
    "recognition:program_wall": [
        Case(WALL, kwargs=program),
        Case(OTHER_WALL, kwargs=other_program),
    ],
    "recognition:company_wall": [Case(everyone(200))],
    "recognition:hide": [
        Case(everyone(403, **{HR: 200}), kwargs=other),
        Case(everyone(403, **{HR: 200}), method="POST", kwargs=other, label="an empty reason"),
    ],
    "recognition:unhide": [
        Case(everyone(403, **{HR: 200}), method="POST", kwargs=other, label="the confirmation"),
        Case(everyone(403, **{HR: 405}), kwargs=other),
    ],
    "api:list_my_kudos": [Case(api(403, **{MENTOR: 200}))],
    "api:send_kudos": [
        Case(api(403, **{MENTOR: 200}), label="GET lists (the same path); POST: the app's tests")
    ],
    "api:set_recognition_preference": [Case(PUT_ONLY, label="GET is refused (the app's tests)")],
    "api:choose_kudos_wall": [
        Case(PUT_ONLY, kwargs=to_lea, label="GET is refused (the app's tests)")
    ],
    "api:get_program_wall": [
        Case({**api(404), **{HR: 200, PM: 200, SPONSOR: 200, MENTOR: 200}}, kwargs=program),
        Case({**api(404), **{HR: 200, SPONSOR: 200}}, kwargs=other_program),
    ],
    "api:hide_kudos": [Case(PUT_ONLY, kwargs=other, label="GET is refused (the app's tests)")],
    "api:unhide_kudos": [Case(PUT_ONLY, kwargs=other, label="GET is refused (the app's tests)")],
    # Badges: the definitions and counts (HR, managers, sponsors), HR's holders, custom
    # badges, awarding and revoking; a holder's own badges; an image for everyone.
    "recognition:badges": [Case(TEAM)],
    "recognition:badge_holders": [
        Case(everyone(403, **{HR: 200}), kwargs=first_meeting),
        Case(everyone(403, **{HR: 404}), kwargs=lambda world: {"badge": "no-such-badge"}),
    ],
    "recognition:badge_create": [
        Case(everyone(403, **{HR: 200})),
        Case(everyone(403, **{HR: 200}), method="POST", label="an empty form"),
    ],
    "recognition:badge_award": [
        Case(everyone(403, **{HR: 200})),
        Case(everyone(403, **{HR: 200}), method="POST", label="an empty form"),
    ],
    "recognition:badge_revoke": [
        Case(everyone(403, **{HR: 200}), kwargs=lea_award),
        Case(everyone(403, **{HR: 200}), method="POST", kwargs=lea_award, label="no reason"),
    ],
    "recognition:badge_manage": [Case(everyone(403, **{HR: 200}))],
    "recognition:badge_switch": [
        Case(everyone(403, **{HR: 405}), kwargs=first_meeting, label="GET is refused"),
        Case(
            everyone(403, **{HR: 302}),
            method="POST",
            kwargs=first_meeting,
            label="no choice: a message, back to the list",
        ),
        Case(
            everyone(403, **{HR: 200}),
            method="POST",
            kwargs=first_meeting,
            data={"active": "no"},
            label="the confirmation step, nothing changed",
        ),
        Case(
            everyone(403, **{HR: 404}),
            method="POST",
            kwargs=lambda world: {"badge": "no-such-badge"},
            data={"active": "no"},
        ),
    ],
    "recognition:badge_image": [Case(everyone(200), kwargs=first_meeting)],
    "api:list_my_badges": [Case(api(403, **{MENTOR: 200}))],
    "api:list_badges": [Case(api(403, **{HR: 200, PM: 200, SPONSOR: 200}))],
    "api:list_badge_counts": [Case(api(403, **{HR: 200, PM: 200, SPONSOR: 200}))],
    "api:award_badge": [Case(PUT_ONLY, label="GET is refused (the app's tests)")],
    "api:switch_badge": [
        Case(
            PUT_ONLY,
            kwargs=lambda world: {"slug": "first-meeting"},
            label="GET is refused (the app's tests)",
        )
    ],
    "api:revoke_badge": [
        Case(PUT_ONLY, kwargs=lea_award, label="GET is refused (the app's tests)")
    ],
}


def populate(world: World) -> None:
    company = world.company

    def make_program(name: str) -> Program:
        return Program.objects.create(
            name=name,
            status=ProgramStatus.RUNNING,
            starts_on=dt.date(2027, 1, 11),
            ends_on=dt.date(2027, 6, 30),
            languages=["fr"],
        )

    def make_pair(the_program: Program, mentor, mentee) -> Pair:
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

    def thanks(the_pair: Pair) -> Kudos:
        return Kudos.objects.create(
            program=the_pair.program,
            pair=the_pair,
            sender_kind=SenderKind.PARTNER,
            recipient=the_pair.mentor,
            message="Merci !",
            visibility=Visibility.PROGRAM,
            on_wall=True,
        )

    the_program = make_program("Recognition program")
    the_program.managers.add(company.paul)
    the_pair = make_pair(the_program, company.lea, make_employee("E960", "Rémi", "Reconnu"))
    others = make_program("Other recognition program")
    the_other_pair = make_pair(
        others, make_employee("E961", "Yvon", "Merci"), make_employee("E962", "Zélie", "Bravo")
    )
    world.objects.update(
        rec_program=the_program,
        rec_pair=the_pair,
        rec_other_program=others,
        rec_other_pair=the_other_pair,
        kudos_to_lea=thanks(the_pair),
        kudos_other=thanks(the_other_pair),
    )
    install_builtins()
    world.objects["award_to_lea"] = BadgeAward.objects.create(
        badge=Badge.objects.get(slug="first-meeting"),
        employee=company.lea,
        program=the_program,
        pair=the_pair,
    )
