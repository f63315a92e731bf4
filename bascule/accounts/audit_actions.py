"""The audit actions recorded by accounts: preferences, passwords, API tokens."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bascule.accounts.models import Language
from bascule.core.audit_registry import (
    Detail,
    changed,
    choice,
    describe_action,
    describe_object,
    plain,
)

describe_object("accounts.user", parts=lambda user: {"user": str(user)}, recorded_part="user")
describe_object(
    "accounts.apitoken",
    parts=lambda token: {"token": token.name, "user": str(token.user)},
    related=("user",),
)


def _generation(value, reading):
    # Self-declared and sensitive: only the fact that it changed was recorded.
    return _("changed (the value is not recorded)")


describe_action(
    "user.update_preferences",
    label=gettext_lazy("Account preferences changed"),
    sentence=lambda p: (
        (
            _("%(actor)s changed their language or time zone")
            if p.is_self
            else _("%(actor)s changed the language or time zone of %(user)s")
        )
        % p
    ),
    details={
        "language": Detail(gettext_lazy("Language"), choice(Language, as_list=True)),
        "time_zone": Detail(gettext_lazy("Time zone"), changed(plain, as_list=True)),
        "generation_band": Detail(gettext_lazy("Generation"), _generation),
    },
)
describe_action(
    "user.set_password",
    label=gettext_lazy("Password changed"),
    sentence=lambda p: (
        (
            _("%(actor)s changed their password")
            if p.is_self
            else _("%(actor)s changed the password of %(user)s")
        )
        % p
    ),
)
describe_action(
    "admin.password_change",
    label=gettext_lazy("Password changed in the administration site"),
    sentence=gettext_lazy("%(actor)s changed the password of %(user)s in the administration site"),
)
describe_action(
    "api_token.create",
    label=gettext_lazy("API token created"),
    sentence=gettext_lazy("%(actor)s created the API token “%(name)s”"),
    details={"name": Detail(gettext_lazy("Name"))},
)
describe_action(
    "api_token.revoke",
    label=gettext_lazy("API token revoked"),
    sentence=gettext_lazy("%(actor)s revoked the API token “%(token)s” of %(user)s"),
)
