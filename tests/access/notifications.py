"""Access cases for the failed e-mails page: HR admins only. Sending one again is a POST; for a
message that has not failed (here: none exists) it changes nothing and redirects.
The notification centre: everyone's own; a notification of someone else's (here: the HR
admin's) is a 404 to anyone else, its owner follows its link. The notifications and reminders
page and its API: everyone's own choices (the PUT, per role, is asserted in
bascule/notifications/tests/test_preferences.py)."""

from bascule.notifications.models import Notification
from tests.access.base import ANON, HR, HR_ONLY, Case, World, api, everyone

delivery = lambda world: {"delivery_id": 999999}  # noqa: E731
hr_notification = lambda world: {"notification_id": world.objects["notification"].pk}  # noqa: E731

MATRIX: dict[str, list[Case]] = {
    "notifications:failed": [Case(HR_ONLY)],
    "notifications:retry": [
        Case(everyone(403, **{HR: 302}), method="POST", kwargs=delivery),
        Case(everyone(403, **{HR: 405}), kwargs=delivery, label="GET is not allowed"),
    ],
    "notification_centre:list": [Case(everyone(200))],
    "notification_centre:badge": [Case(everyone(200))],
    "notification_centre:open": [Case(everyone(404, **{HR: 302}), kwargs=hr_notification)],
    "notification_centre:read_all": [
        Case(everyone(302), method="POST"),
        Case(everyone(405), label="GET is not allowed"),
    ],
    "notification_centre:preferences": [
        Case(everyone(200)),
        Case(
            everyone(302),
            method="POST",
            label="an empty form keeps every channel, turns every reminder off, then redirects",
        ),
    ],
    "api:get_my_notification_preferences": [Case(api(200))],
    "api:update_my_notification_preferences": [
        Case(api(200), label="GET on the shared URL reads; PUT is asserted in the app's tests"),
        Case({**api(405), ANON: 405}, method="POST", label="POST is not an operation here"),
    ],
}


def populate(world: World) -> None:
    """One notification, the HR admin's."""
    world.objects["notification"] = Notification.objects.create(
        recipient=world.company.alice, kind="pair_paused", title="Paused", url="/", dedupe_key="k"
    )
