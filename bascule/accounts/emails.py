"""The accounts app's e-mails, rendered by `bascule.core.emails`."""

from django.conf import settings
from django.urls import reverse

from bascule.accounts.models import User
from bascule.core.emails import absolute_url, send_templated_email


def send_password_reset(*, to: User, uid: str, token: str) -> None:
    """Send `to` a one-time link to choose a new password."""
    path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    send_templated_email(
        to=to,
        name="password-reset",
        context={
            "reset_url": absolute_url(path),
            "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        },
    )
