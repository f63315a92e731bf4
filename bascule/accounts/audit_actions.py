"""The audit actions recorded by accounts: preferences, passwords, API tokens."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bascule.accounts.models import Language, RevokedReason
from bascule.core.audit_registry import (
    Detail,
    changed,
    choice,
    describe_action,
    describe_object,
    labelled,
    number,
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
    details={"reason": Detail(gettext_lazy("Why"), choice(RevokedReason))},
)

# Security events: logins, refusals, password resets, the use of a token. The address is the
# network address the request came from.
ADDRESS = Detail(gettext_lazy("Network address"))
EMAIL_TRIED = Detail(gettext_lazy("E-mail address tried"))

describe_action(
    "user.login",
    label=gettext_lazy("Logged in"),
    sentence=gettext_lazy("%(actor)s logged in"),
    details={"address": ADDRESS},
)
describe_action(
    "user.login_failed",
    label=gettext_lazy("Login failed"),
    sentence=lambda p: (
        (
            _("A login to the account of %(user)s failed")
            if "user" in p
            else _("A login failed with an e-mail address that is no account's: %(email)s")
        )
        % p
    ),
    details={"address": ADDRESS, "email": EMAIL_TRIED},
)
describe_action(
    "user.login_throttled",
    label=gettext_lazy("Logins refused for a while"),
    sentence=lambda p: (
        (
            _("Logins to the account of %(user)s were refused for a while: too many failures")
            if "user" in p
            else _(
                "Logins from the network address %(address)s were refused for a while: "
                "too many failures"
            )
        )
        % p
    ),
    details={
        "address": ADDRESS,
        "email": EMAIL_TRIED,
        "scope": Detail(
            gettext_lazy("Limit reached"),
            labelled(
                {
                    "account": gettext_lazy("failures for this account from this address"),
                    "address": gettext_lazy("failures from this network address"),
                }
            ),
        ),
        "seconds": Detail(gettext_lazy("Wait, in seconds"), number),
    },
)
describe_action(
    "user.password_reset_request",
    label=gettext_lazy("Password reset asked for"),
    sentence=gettext_lazy("A link to reset the password of %(user)s was asked for"),
    details={"address": ADDRESS},
)
describe_action(
    "user.password_reset",
    label=gettext_lazy("Password reset"),
    sentence=gettext_lazy("%(actor)s chose a new password from a reset link"),
    details={"address": ADDRESS},
)
describe_action(
    "api_token.use",
    label=gettext_lazy("API token used"),
    sentence=gettext_lazy("%(actor)s used the API token “%(token)s”"),
    details={"address": ADDRESS},
)
