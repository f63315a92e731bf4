"""Access cases for personal data: everyone reads their own copy; only HR admins read or
erase someone else's (a page no other role can ever use: 403). The erasure cases send a
wrong confirmation, so that nothing is erased."""

from tests.access.base import HR, HR_ONLY, Case, World, api, everyone

lea = lambda world: {"employee_id": world.company.lea.pk}  # noqa: E731
missing_employee = lambda world: {"employee_id": 999999}  # noqa: E731
oscar = lambda world: {"user_id": world.company.oscar.pk}  # noqa: E731
WRONG_NAME = {"confirmation": "Somebody else"}

MATRIX: dict[str, list[Case]] = {
    "privacy:my_data": [Case(everyone(200))],
    "privacy:employee_data": [
        Case(HR_ONLY, kwargs=lea),
        Case(everyone(403, **{HR: 404}), kwargs=missing_employee),
    ],
    "privacy:employee_erase": [
        Case(HR_ONLY, kwargs=lea),
        Case(HR_ONLY, method="POST", kwargs=lea, data=WRONG_NAME, label="a wrong name"),
        Case(everyone(403, **{HR: 404}), kwargs=missing_employee),
    ],
    "privacy:account_data": [Case(HR_ONLY, kwargs=oscar)],
    "privacy:account_erase": [
        Case(HR_ONLY, kwargs=oscar),
        Case(HR_ONLY, method="POST", kwargs=oscar, data=WRONG_NAME, label="a wrong name"),
    ],
    "api:my_data_export": [Case(api(200))],
    "api:employee_data_export": [
        Case(api(403, **{HR: 200}), kwargs=lea),
        Case(api(403, **{HR: 404}), kwargs=missing_employee),
    ],
    "api:account_data_export": [Case(api(403, **{HR: 200}), kwargs=oscar)],
}


def populate(world: World) -> None:
    """Nothing of its own: Léa and Oscar are the shared personas."""
