"""Access cases for matching: the workbench, runs, proposals, rules, publication, my pairs.

Objects (built by `populate`):
- "matching_program": in the matching status, managed by Paul; Léa (mentor) and Bernard
  (mentee) are approved; one run proposes them as a pair ("run", "proposal"), which is
  locked ("rule").
- "hr_matching_program": the same, managed by nobody but HR ("hr_run", "hr_proposal",
  "hr_rule"): out of Paul's scope (404).
- "rematch_program": running, managed by Paul, with one published pair ("pair") and an
  approved mentee without a mentor ("free_mentee"); "hr_rematch_program" ("hr_pair",
  "hr_free_mentee") is the same, out of Paul's scope.
- Self-match: "self_program" (matching, mentees choose) where Léa is an approved mentee, and
  "self_mentor_program" where Léa is a mentor asked by a mentee ("mentor_request", pending).

Writes without a body run as each role in turn (HR first): when HR's request removes the
object (an exclusion, a rule) or publishes the pairs, Paul's request right after finds it
gone (404) or published (409 in the API, a redirect with the message on the page).
"""

import datetime as dt

from django.utils import timezone

from bascule.pairing import services
from bascule.pairing.models import MentorRequest, Pair, PairRule, RuleKind
from bascule.programs.models import (
    Application,
    ApplicationStatus,
    ParticipantRole,
    Program,
    ProgramStatus,
)
from bascule.testing import make_employee
from tests.access.base import HR, MENTOR, PM, Case, World, api, everyone

program = lambda world: {"program_id": world.objects["matching_program"].pk}  # noqa: E731
hr_program = lambda world: {"program_id": world.objects["hr_matching_program"].pk}  # noqa: E731
run = lambda world: {"run_id": world.objects["run"].pk}  # noqa: E731
hr_run = lambda world: {"run_id": world.objects["hr_run"].pk}  # noqa: E731
proposal = lambda world: {"proposal_id": world.objects["proposal"].pk}  # noqa: E731
hr_proposal = lambda world: {"proposal_id": world.objects["hr_proposal"].pk}  # noqa: E731
rule = lambda world: {"rule_id": world.objects["rule"].pk}  # noqa: E731
hr_rule = lambda world: {"rule_id": world.objects["hr_rule"].pk}  # noqa: E731
rematch = lambda world: {"program_id": world.objects["rematch_program"].pk}  # noqa: E731
hr_rematch = lambda world: {"program_id": world.objects["hr_rematch_program"].pk}  # noqa: E731
pair = lambda world: {"pair_id": world.objects["pair"].pk}  # noqa: E731
hr_pair = lambda world: {"pair_id": world.objects["hr_pair"].pk}  # noqa: E731
free = lambda world: {  # noqa: E731
    "program_id": world.objects["rematch_program"].pk,
    "application_id": world.objects["free_mentee"].pk,
}
self_program = lambda world: {"program_id": world.objects["self_program"].pk}  # noqa: E731
mentor_request = lambda world: {"request_id": world.objects["mentor_request"].pk}  # noqa: E731
hr_free = lambda world: {  # noqa: E731
    "program_id": world.objects["hr_rematch_program"].pk,
    "application_id": world.objects["hr_free_mentee"].pk,
}

MANAGERS = everyone(403, **{HR: 200, PM: 200})
HR_ONLY_SCOPE = everyone(403, **{HR: 200, PM: 404})
WRITE = everyone(403, **{HR: 302, PM: 302})
WRITE_HR_SCOPE = everyone(403, **{HR: 302, PM: 404})
POST_ONLY = everyone(403, **{HR: 405, PM: 405})
API_MANAGERS = api(403, **{HR: 200, PM: 200})
API_HR_SCOPE = api(403, **{HR: 200, PM: 404})

MATRIX: dict[str, list[Case]] = {
    "pairing:workbench": [
        Case(MANAGERS, kwargs=program),
        Case(HR_ONLY_SCOPE, kwargs=hr_program),
    ],
    "pairing:settings": [
        Case(
            MANAGERS,
            method="POST",
            kwargs=program,
            label="an empty form: the workbench again with the errors",
        ),
        Case(HR_ONLY_SCOPE, method="POST", kwargs=hr_program),
        Case(POST_ONLY, kwargs=program),
    ],
    "pairing:run": [
        Case(WRITE, method="POST", kwargs=program),
        Case(WRITE_HR_SCOPE, method="POST", kwargs=hr_program),
        Case(POST_ONLY, kwargs=program),
    ],
    "pairing:manual_pair": [
        Case(MANAGERS, method="POST", kwargs=program, label="an empty form shows its errors"),
        Case(HR_ONLY_SCOPE, method="POST", kwargs=hr_program),
        Case(POST_ONLY, kwargs=program),
    ],
    "pairing:swap": [
        Case(MANAGERS, method="POST", kwargs=program, label="an empty form shows its errors"),
        Case(HR_ONLY_SCOPE, method="POST", kwargs=hr_program),
        Case(POST_ONLY, kwargs=program),
    ],
    "pairing:compare": [
        Case(MANAGERS, kwargs=program),
        Case(HR_ONLY_SCOPE, kwargs=hr_program),
    ],
    "pairing:publish": [
        Case(MANAGERS, method="POST", kwargs=run, label="the confirmation step"),
        Case(HR_ONLY_SCOPE, method="POST", kwargs=hr_run),
        Case(
            WRITE,
            method="POST",
            kwargs=run,
            data={"confirm": "yes"},
            label="HR publishes; Paul is sent back with “already published”",
        ),
        Case(WRITE_HR_SCOPE, method="POST", kwargs=hr_run, data={"confirm": "yes"}),
        Case(POST_ONLY, kwargs=run),
    ],
    "pairing:proposal_lock": [
        Case(WRITE, method="POST", kwargs=proposal),
        Case(WRITE_HR_SCOPE, method="POST", kwargs=hr_proposal),
        Case(POST_ONLY, kwargs=proposal),
    ],
    "pairing:proposal_unlock": [
        Case(WRITE, method="POST", kwargs=proposal),
        Case(WRITE_HR_SCOPE, method="POST", kwargs=hr_proposal),
        Case(POST_ONLY, kwargs=proposal),
    ],
    "pairing:proposal_exclude": [
        Case(
            WRITE_HR_SCOPE,
            method="POST",
            kwargs=proposal,
            label="HR's exclusion removes the proposal: Paul's request finds nothing",
        ),
        Case(WRITE_HR_SCOPE, method="POST", kwargs=hr_proposal),
        Case(everyone(403, **{HR: 405, PM: 405}), kwargs=proposal),
    ],
    "pairing:rule_delete": [
        Case(
            WRITE_HR_SCOPE,
            method="POST",
            kwargs=rule,
            label="HR removes the rule: Paul's request finds nothing",
        ),
        Case(WRITE_HR_SCOPE, method="POST", kwargs=hr_rule),
        Case(POST_ONLY, kwargs=rule),
    ],
    "api:get_matching_settings": [
        Case(API_MANAGERS, kwargs=program),
        Case(API_HR_SCOPE, kwargs=hr_program),
    ],
    "api:update_matching_settings": [
        Case(
            API_MANAGERS,
            kwargs=program,
            label="GET reads them; PUT is asserted in bascule/pairing/tests",
        ),
    ],
    "api:run_matching": [
        Case(api(403, **{HR: 201, PM: 201}), method="POST", kwargs=program),
        Case(api(403, **{HR: 201, PM: 404}), method="POST", kwargs=hr_program),
    ],
    "api:list_runs": [
        Case(API_MANAGERS, kwargs=program),
        Case(API_HR_SCOPE, kwargs=hr_program),
    ],
    "api:get_run": [
        Case(API_MANAGERS, kwargs=run),
        Case(API_HR_SCOPE, kwargs=hr_run),
    ],
    "api:get_run_fairness": [
        Case(API_MANAGERS, kwargs=run),
        Case(API_HR_SCOPE, kwargs=hr_run),
    ],
    "api:publish_run": [
        Case(
            api(403, **{HR: 200, PM: 409}),
            method="POST",
            kwargs=run,
            label="HR publishes; Paul finds the pairs already published",
        ),
        Case(api(403, **{HR: 200, PM: 404}), method="POST", kwargs=hr_run),
    ],
    "api:lock_proposal": [
        Case(API_MANAGERS, method="POST", kwargs=proposal),
        Case(API_HR_SCOPE, method="POST", kwargs=hr_proposal),
    ],
    "api:unlock_proposal": [
        Case(API_MANAGERS, method="POST", kwargs=proposal),
        Case(API_HR_SCOPE, method="POST", kwargs=hr_proposal),
    ],
    "api:exclude_proposal": [
        Case(
            api(403, **{HR: 204, PM: 404}),
            method="POST",
            kwargs=proposal,
            label="HR's exclusion removes the proposal: Paul's request finds nothing",
        ),
        Case(api(403, **{HR: 204, PM: 404}), method="POST", kwargs=hr_proposal),
    ],
    "api:create_manual_pair": [
        Case(api(400), method="POST", kwargs=program, label="a form-encoded body is refused"),
    ],
    "api:swap_mentees": [
        Case(api(400), method="POST", kwargs=program, label="a form-encoded body is refused"),
    ],
    "pairing:rematch": [
        Case(MANAGERS, kwargs=rematch),
        Case(HR_ONLY_SCOPE, kwargs=hr_rematch),
    ],
    "pairing:rematch_candidates": [
        Case(MANAGERS, kwargs=free, label="the only mentor is at capacity: no candidate"),
        Case(HR_ONLY_SCOPE, kwargs=hr_free),
    ],
    "pairing:rematch_pair": [
        Case(WRITE, method="POST", kwargs=free, label="no partner chosen: back with a message"),
        Case(WRITE_HR_SCOPE, method="POST", kwargs=hr_free),
        Case(POST_ONLY, kwargs=free),
    ],
    "pairing:pair_end": [
        Case(MANAGERS, method="POST", kwargs=pair, label="no reason: the page with the error"),
        Case(HR_ONLY_SCOPE, method="POST", kwargs=hr_pair),
        Case(POST_ONLY, kwargs=pair),
    ],
    "api:rematch_overview": [
        Case(API_MANAGERS, kwargs=rematch),
        Case(API_HR_SCOPE, kwargs=hr_rematch),
    ],
    "api:rematch_candidates": [
        Case(API_MANAGERS, kwargs=free),
        Case(API_HR_SCOPE, kwargs=hr_free),
    ],
    "api:create_rematch": [
        Case(api(400), method="POST", kwargs=rematch, label="a form-encoded body is refused"),
    ],
    "api:end_pair": [
        Case(api(400), method="POST", kwargs=pair, label="a form-encoded body is refused"),
    ],
    "pairing:choose_mentor": [
        Case(everyone(403, **{MENTOR: 200}), kwargs=self_program, label="Léa is a mentee there"),
    ],
    "pairing:mentor_request_create": [
        Case(
            everyone(403, **{MENTOR: 200}),
            method="POST",
            kwargs=self_program,
            label="no mentor chosen: the page again",
        ),
        Case(everyone(403, **{MENTOR: 405}), kwargs=self_program),
    ],
    "pairing:mentor_requests": [Case(everyone(403, **{MENTOR: 200}))],
    "pairing:mentor_request_answer": [
        Case(
            everyone(403, **{MENTOR: 302}),
            method="POST",
            kwargs=mentor_request,
            label="no decision: back with a message",
        ),
        Case(everyone(403, **{MENTOR: 405}), kwargs=mentor_request),
    ],
    "api:list_mentor_choices": [Case(api(403, **{MENTOR: 200}), kwargs=self_program)],
    "api:create_mentor_request": [
        Case(api(400), method="POST", kwargs=self_program, label="a form-encoded body is refused"),
    ],
    "api:list_my_mentor_requests": [Case(api(403, **{MENTOR: 200}))],
    "api:answer_mentor_request": [
        Case(api(400), method="POST", kwargs=mentor_request, label="a form-encoded body"),
    ],
    "api:list_my_pairs": [Case(api(403, **{MENTOR: 200}))],
}


def _program(world: World, name: str, *, managed: bool) -> Program:
    company = world.company
    matching = Program.objects.create(
        name=name,
        status=ProgramStatus.MATCHING,
        starts_on=dt.date(2027, 3, 1),
        ends_on=dt.date(2027, 9, 30),
        mentor_max_level=3,
        mentee_min_level=5,
        min_level_gap=2,
        languages=["fr"],
    )
    if managed:
        matching.managers.add(company.paul)
    for employee, role in ((company.lea, ParticipantRole.MENTOR), (company.bernard, "mentee")):
        Application.objects.create(
            program=matching,
            employee=employee,
            role=role,
            status=ApplicationStatus.APPROVED,
            languages=["fr"],
        )
    return matching


def _running_program(world: World, prefix: str, *, managed: bool) -> None:
    """A running program with one published pair and a mentee left without a mentor."""
    number = 1 if managed else 2
    program = Program.objects.create(
        name=f"Running {prefix or 'managed'}",
        status=ProgramStatus.RUNNING,
        starts_on=dt.date(2027, 3, 1),
        ends_on=dt.date(2027, 9, 30),
        mentor_max_level=3,
        mentee_min_level=5,
        min_level_gap=2,
        languages=["fr"],
    )
    if managed:
        program.managers.add(world.company.paul)
    people = {}
    for code, (role, level) in enumerate((("mentor", 1), ("mentee", 6), ("mentee", 7)), start=1):
        employee = make_employee(
            f"E7{number}{code}", f"Person{number}{code}", "Running", seniority_level=level
        )
        people[code] = Application.objects.create(
            program=program,
            employee=employee,
            role=role,
            status=ApplicationStatus.APPROVED,
            languages=["fr"],
        )
    world.objects[f"{prefix}rematch_program"] = program
    world.objects[f"{prefix}free_mentee"] = people[3]
    world.objects[f"{prefix}pair"] = Pair.objects.create(
        program=program,
        mentor=people[1].employee,
        mentor_application=people[1],
        mentee=people[2].employee,
        mentee_application=people[2],
        published_at=timezone.now(),
    )


def _self_match(world: World) -> None:
    """Léa as a mentee of one self-match program, and as a mentor asked in another."""
    company = world.company
    for number, (key, lea_role) in enumerate(
        (("self_program", "mentee"), ("self_mentor_program", "mentor")), start=1
    ):
        program = Program.objects.create(
            name=key,
            status=ProgramStatus.MATCHING,
            self_match=True,
            starts_on=dt.date(2027, 3, 1),
            ends_on=dt.date(2027, 9, 30),
            languages=["fr"],
        )
        other = make_employee(
            f"E79{number}",
            "Other",
            f"Person {key}",
            seniority_level=7 if lea_role == "mentor" else 1,
        )
        lea = Application.objects.create(
            program=program,
            employee=company.lea,
            role=lea_role,
            status=ApplicationStatus.APPROVED,
            languages=["fr"],
        )
        partner = Application.objects.create(
            program=program,
            employee=other,
            role="mentee" if lea_role == "mentor" else "mentor",
            status=ApplicationStatus.APPROVED,
            languages=["fr"],
        )
        world.objects[key] = program
        if lea_role == "mentor":
            world.objects["mentor_request"] = MentorRequest.objects.create(
                program=program, mentee_application=partner, mentor_application=lea
            )


def populate(world: World) -> None:
    """Create the objects this area's cases point at (the shared ones come from base)."""
    alice = world.company.alice
    for prefix, managed in (("", True), ("hr_", False)):
        matching = _program(world, f"Matching {prefix or 'managed'}", managed=managed)
        the_run = services.run_matching(actor=alice, program=matching)
        the_proposal = the_run.proposals.get()
        world.objects[f"{prefix}matching_program"] = matching
        world.objects[f"{prefix}run"] = the_run
        world.objects[f"{prefix}proposal"] = the_proposal
        world.objects[f"{prefix}rule"] = PairRule.objects.create(
            program=matching,
            mentee_application=the_proposal.mentee_application,
            mentor_application=the_proposal.mentor_application,
            kind=RuleKind.LOCK,
        )
        _running_program(world, prefix, managed=managed)
    _self_match(world)
