"""The notifications API, /api/notifications/: how the caller is told of each kind of
notification.

- `GET|PUT /api/notifications/preferences`: any signed-in user, their own choices, with the
  page's rules (bascule/notifications/services.py: preferences_save). A refused choice is a
  422 with its message under `channels.<kind>` (bascule/core/api_errors.py).

A person's reminders are chosen with /api/reminders/preferences.
"""

from typing import Any

from django.http import HttpRequest
from ninja import Router

from bascule.core.api_errors import ERRORS
from bascule.notifications import selectors, services
from bascule.notifications.schemas import NotificationKindOut, NotificationPreferencesIn

router = Router(tags=["notifications"])


def _preferences(user: Any) -> list[dict[str, Any]]:
    return [
        {
            "kind": choice.name,
            "label": str(choice.kind.label),
            "description": str(choice.kind.description),
            "group": choice.kind.group,
            "channel": choice.channel,
            "allowed": list(choice.kind.allowed),
            "required": choice.kind.required,
            "reason": str(choice.kind.reason),
        }
        for choice in selectors.preference_choices(user=user)
    ]


@router.get(
    "/preferences",
    response={200: list[NotificationKindOut], **ERRORS},
    summary="How I am notified",
)
def get_my_notification_preferences(request: HttpRequest):
    """Every kind of notification the caller can receive (by role), how they are told of it
    and what they may choose."""
    return _preferences(request.user)


@router.put(
    "/preferences",
    response={200: list[NotificationKindOut], **ERRORS},
    summary="Change how I am notified",
)
def update_my_notification_preferences(request: HttpRequest, payload: NotificationPreferencesIn):
    """Choose, per kind, in the app, by e-mail, both or none, within what HR requires. The
    same choices sent again change nothing."""
    services.preferences_save(actor=request.user, channels=payload.channels)
    return _preferences(request.user)
