"""Access cases for training, learner's side: every page and API operation is for employees
(the sponsor and accounts without an employee record: 403); a module is a published one (404
otherwise); an attempt is the learner's own and a pair's page its members' (404 otherwise).

Objects (built by `populate`): the published module "access-listening" (two sections, two
questions), which Léa completed with one attempt; the draft "access-draft". The pairs are the
evaluations area's: Léa mentors Ninon ("eval_pair"); "eval_other_pair" is not hers.
"""

from bascule.training import services
from bascule.training.tests.factories import make_module
from tests.access.base import ANON, HR, OUTSIDER, PM, SPONSOR, Case, World, api, everyone

SLUG = "access-listening"
module = lambda world: {"slug": SLUG}  # noqa: E731
draft = lambda world: {"slug": "access-draft"}  # noqa: E731
section = lambda world: {"slug": SLUG, "number": 1}  # noqa: E731
no_section = lambda world: {"slug": SLUG, "number": 9}  # noqa: E731
attempt = lambda world: {"slug": SLUG, "number": 1}  # noqa: E731
no_attempt = lambda world: {"slug": SLUG, "number": 2}  # noqa: E731
my_pair = lambda world: {"pair_id": world.objects["eval_pair"].pk}  # noqa: E731
other_pair = lambda world: {"pair_id": world.objects["eval_other_pair"].pk}  # noqa: E731

NOT_EMPLOYEES = {HR: 403, PM: 403, SPONSOR: 403, OUTSIDER: 403}
LEARNER = everyone(200, **NOT_EMPLOYEES)
LEARNER_REDIRECTED = everyone(302, **NOT_EMPLOYEES)
NOT_FOUND = everyone(404, **NOT_EMPLOYEES)
API_LEARNER = api(200, **NOT_EMPLOYEES)

MATRIX: dict[str, list[Case]] = {
    "training:my_training": [Case(LEARNER)],
    "training:module": [Case(LEARNER, kwargs=module), Case(NOT_FOUND, kwargs=draft)],
    "training:section": [
        Case(LEARNER, kwargs=section),
        Case(LEARNER_REDIRECTED, method="POST", kwargs=section, label="recorded, then on"),
        Case(NOT_FOUND, kwargs=no_section),
    ],
    "training:quiz": [
        Case(LEARNER, kwargs=module),
        Case(LEARNER, method="POST", kwargs=module, label="an empty form shows its errors"),
        Case(NOT_FOUND, kwargs=draft),
    ],
    "training:attempt": [Case(LEARNER, kwargs=attempt), Case(NOT_FOUND, kwargs=no_attempt)],
    "training:reflection": [
        Case(LEARNER, kwargs=module),
        Case(LEARNER_REDIRECTED, method="POST", kwargs=module, label="an empty reflection"),
    ],
    "training:pair_tries": [Case(LEARNER, kwargs=my_pair), Case(NOT_FOUND, kwargs=other_pair)],
    "training:drill": [
        Case(LEARNER, kwargs=my_pair),
        Case(LEARNER_REDIRECTED, method="POST", kwargs=my_pair, label="nothing ticked, saved"),
        Case(NOT_FOUND, kwargs=other_pair),
        Case(NOT_FOUND, method="POST", kwargs=other_pair),
    ],
    "api:get_training_drill": [
        Case(API_LEARNER, kwargs=my_pair),
        Case(api(404, **NOT_EMPLOYEES), kwargs=other_pair),
    ],
    "api:put_training_drill": [
        Case(
            {**api(405), ANON: 405},
            method="POST",
            kwargs=my_pair,
            label="POST is refused: ticking takes a PUT (asserted in the app's tests)",
        ),
        Case(API_LEARNER, kwargs=my_pair, label="GET at the same address reads the drill"),
    ],
    "api:list_training_modules": [Case(API_LEARNER)],
    "api:get_training_module": [
        Case(API_LEARNER, kwargs=module),
        Case(api(404, **NOT_EMPLOYEES), kwargs=draft),
    ],
    "api:list_my_training_progress": [Case(API_LEARNER)],
    "api:submit_training_attempt": [
        Case(
            api(400, **NOT_EMPLOYEES),
            method="POST",
            kwargs=module,
            label="a form-encoded body is refused",
        ),
    ],
    "api:save_training_reflection": [
        Case(
            {**api(405), ANON: 405},
            kwargs=module,
            label="GET is refused: saving takes a PUT (asserted in the app's tests)",
        ),
    ],
}


def populate(world: World) -> None:
    """Create the objects this area's cases point at."""
    the_module = make_module(SLUG, questions=2, sections=2)
    make_module("access-draft", publish=False)
    lea = world.company.lea_user
    for number in (1, 2):
        services.section_read(actor=lea, module=the_module, number=number)
    services.quiz_submit(
        actor=lea, module=the_module, version_id=the_module.published_id, answers=[[0], [0]]
    )
