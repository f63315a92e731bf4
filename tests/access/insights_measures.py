"""Access cases for the measures of impact (/api/insights/learning, behaviour, results,
bridging): HR admins read every program, program managers the programs they manage (another
one is a 404), sponsors every program past the draft (aggregates only); participants and
anyone else 403.

Objects: the shared "program" (managed by Paul) and "other_program" (a draft nobody but HR
manages).
"""

from tests.access.base import ANON, HR, PM, SPONSOR, Case, World, api

ROUTES = (
    "api:get_learning_measures",
    "api:get_behaviour_measures",
    "api:get_results_measures",
    "api:get_bridging_measures",
)

READERS = api(403, **{HR: 200, PM: 200, SPONSOR: 200})
# A program Paul does not manage, a draft the sponsor may not read: 404 (its existence is
# not told); participants keep their 403.
DRAFT_ELSEWHERE = api(403, **{HR: 200, PM: 404, SPONSOR: 404})


def _cases(route: str) -> list[Case]:
    cases = [
        Case(READERS, label="every program the caller may read"),
        Case(DRAFT_ELSEWHERE, data={"programs": 0}, label="narrowed to a program"),
        Case(
            api(403, **{HR: 404, PM: 404, SPONSOR: 404}),
            data={"programs": 2**40},
            label="a program that cannot exist",
        ),
        Case(
            api(403, **{HR: 422, PM: 422, SPONSOR: 422}),
            data={"level_band": "9-1"},
            label="an unknown level band",
        ),
    ]
    return cases


MATRIX: dict[str, list[Case]] = {route: _cases(route) for route in ROUTES}


def populate(world: World) -> None:
    """Point the "narrowed to a program" cases at the HR-only draft (known only now)."""
    other = world.objects["other_program"].pk
    for cases in MATRIX.values():
        cases[1].data["programs"] = other


__all__ = ["ANON", "MATRIX", "populate"]
