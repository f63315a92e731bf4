"""Access cases for matching: the workbench, runs, proposals, rules, publication, my pairs.

Objects (built by `populate`):
- "matching_program": in the matching status, managed by Paul; Léa (mentor) and Bernard
  (mentee) are approved; one run proposes them as a pair ("run", "proposal"), which is
  locked ("rule").
- "hr_matching_program": the same, managed by nobody but HR ("hr_run", "hr_proposal",
  "hr_rule"): out of Paul's scope (404).

Writes without a body run as each role in turn (HR first): when HR's request removes the
object (an exclusion, a rule) or publishes the pairs, Paul's request right after finds it
gone (404) or published (409 in the API, a redirect with the message on the page).
"""

import datetime as dt

from bascule.pairing import services
from bascule.pairing.models import PairRule, RuleKind
from bascule.programs.models import (
    Application,
    ApplicationStatus,
    ParticipantRole,
    Program,
    ProgramStatus,
)
from tests.access.base import HR, MENTOR, PM, Case, World, api, everyone

program = lambda world: {"program_id": world.objects["matching_program"].pk}  # noqa: E731
hr_program = lambda world: {"program_id": world.objects["hr_matching_program"].pk}  # noqa: E731
run = lambda world: {"run_id": world.objects["run"].pk}  # noqa: E731
hr_run = lambda world: {"run_id": world.objects["hr_run"].pk}  # noqa: E731
proposal = lambda world: {"proposal_id": world.objects["proposal"].pk}  # noqa: E731
hr_proposal = lambda world: {"proposal_id": world.objects["hr_proposal"].pk}  # noqa: E731
rule = lambda world: {"rule_id": world.objects["rule"].pk}  # noqa: E731
hr_rule = lambda world: {"rule_id": world.objects["hr_rule"].pk}  # noqa: E731

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
    "pairing:compare": [
        Case(MANAGERS, kwargs=program),
        Case(HR_ONLY_SCOPE, kwargs=hr_program),
    ],
    "pairing:publish": [
        Case(
            WRITE,
            method="POST",
            kwargs=run,
            label="HR publishes; Paul is sent back with “already published”",
        ),
        Case(WRITE_HR_SCOPE, method="POST", kwargs=hr_run),
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
