"""Access cases for the dashboards (bascule/insights/): HR admins, program managers and
sponsors read them, participants never (403); a program manager asking for a program they do
not manage gets a 404, as for every object out of scope; a sponsor reads every program's
figures (aggregates only). Bad filters answer the form's errors (page) or 422 (API), never
a 500.
"""

from dataclasses import replace

from tests.access.base import HR, PM, SPONSOR, Case, World, api, everyone

READERS = everyone(403, **{HR: 200, PM: 200, SPONSOR: 200})
API_READERS = api(403, **{HR: 200, PM: 200, SPONSOR: 200})
API_REFUSED = api(403, **{HR: 422, PM: 422, SPONSOR: 422})

program = lambda world: {"program": world.objects["program"].pk}  # noqa: E731
other_program = lambda world: {"program": world.objects["other_program"].pk}  # noqa: E731
impossible = lambda world: {"period_from": "2026-02-30"}  # noqa: E731
backwards = lambda world: {"period_from": "2026-05-01", "period_to": "2026-01-01"}  # noqa: E731


def cases(readers: dict[str, int], refused: dict[str, int]) -> list[Case]:
    return [
        Case(readers),
        Case(readers, query=program, label="Paul's program"),
        Case({**readers, PM: 404}, query=other_program, label="a program Paul does not manage"),
        Case(refused, query=impossible, label="an impossible date"),
        Case(refused, query=backwards, label="a period that ends before it starts"),
    ]


MATRIX: dict[str, list[Case]] = {
    "insights:dashboard": cases(READERS, READERS),  # the page shows the form's errors
    # The PDF: filters with errors send the reader back to the page, which shows them.
    "insights:report": cases(READERS, everyone(403, **{HR: 302, PM: 302, SPONSOR: 302})),
    # The measures' pages show the form's errors as the overview does.
    "insights:learning": cases(READERS, READERS),
    "insights:behaviour": cases(READERS, READERS),
    "insights:results": cases(READERS, READERS),
    "insights:bridging": cases(READERS, READERS),
    # A page's tables as a workbook: filters with errors send the reader back to the page.
    "insights:tables": [
        replace(case, kwargs=lambda world: {"section": "results"})
        for case in cases(READERS, everyone(403, **{HR: 302, PM: 302, SPONSOR: 302}))
    ]
    + [
        Case(
            everyone(403, **{HR: 404, PM: 404, SPONSOR: 404}),
            kwargs=lambda world: {"section": "nothing"},
            label="no such section",
        )
    ],
    "api:get_overview": cases(API_READERS, API_REFUSED),
    "api:get_reaction": cases(API_READERS, API_REFUSED),
}


def populate(world: World) -> None:
    """The shared programs are enough: Paul manages "program", not "other_program"."""
