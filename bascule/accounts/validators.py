"""Django's password validators are also told when a password has changed, whatever changed
it (the "my account" form, a reset link, the admin, `manage.py changepassword`), and not
when Django only re-hashes the same password: the one reliable place to stop API tokens."""

from typing import Any

from django.utils.translation import gettext as _

from bascule.accounts.models import RevokedReason


class StopApiTokensOnPasswordChange:
    """Not a rule on passwords: stops the owner's API tokens once a new password is saved."""

    def validate(self, password: str, user: Any = None) -> None:
        return None

    def password_changed(self, password: str, user: Any = None) -> None:
        from bascule.accounts import services

        if user is not None and user.pk is not None:
            services.api_tokens_stop(user=user, reason=RevokedReason.PASSWORD_CHANGED)

    def get_help_text(self) -> str:
        # Listed with the password rules on every page where a password is chosen.
        return _("When your password changes, your API tokens stop working.")
