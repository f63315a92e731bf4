"""Personal data of the accounts app: the account, its API tokens, its sessions (see
bascule/privacy/base.py for the contract, docs/privacy.md for the rules)."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from bascule.accounts.models import ApiToken
from bascule.privacy.base import (
    ERASED_DOMAIN,
    SUBJECT,
    Audience,
    Person,
    Plan,
    Record,
    Section,
    item,
    model_items,
)

COVERS = {
    "accounts.User.employee": SUBJECT,
    "accounts.ApiToken.user": SUBJECT,
}

KINDS = {
    "account": gettext_lazy("accounts anonymised and deactivated"),
    "api_tokens": gettext_lazy("API tokens revoked"),
    "sessions": gettext_lazy("sessions ended"),
}


def export(person: Person, *, audience: Audience) -> list[Section]:
    user = person.user
    if user is None:
        return []
    items = model_items(user, ["email", "first_name", "last_name", "role", "language", "time_zone"])
    items += [
        item("is_active", _("Can log in"), user.is_active),
        item("date_joined", _("Account created"), user.date_joined),
        item("last_login", _("Last login"), user.last_login),
        item(
            "managed_departments",
            _("Departments managed"),
            [department.name for department in user.managed_departments.all()],
        ),
    ]
    account = Section(key="account", title=_("Account"), records=[Record(_("Account"), items)])
    tokens = Section(
        key="api_tokens",
        title=_("API tokens"),
        note=_("Only the token's name and first characters are kept; the token itself never."),
    )
    for token in ApiToken.objects.filter(user=user).order_by("created_at", "id"):
        tokens.records.append(
            Record(
                title=token.name or _("Token"),
                items=model_items(
                    token, ["name", "prefix", "created_at", "last_used_at", "revoked_at"]
                ),
            )
        )
    return [account, tokens]


def erasure_plan(person: Person) -> Plan:
    if person.user is None:
        return Plan()
    tokens = ApiToken.objects.filter(user=person.user, revoked_at__isnull=True).count()
    plan = Plan(
        erase=[
            _(
                "Account: e-mail address, name, password and permissions. The account is "
                "deactivated: the person can no longer log in."
            ),
            _("Every open session: the person is logged out everywhere."),
        ],
        keep=[_("The account's role and creation date, with no name.")],
    )
    plan.erase_if(
        tokens,
        ngettext(
            "%(count)s API token, revoked and unnamed.",
            "%(count)s API tokens, revoked and unnamed.",
            tokens,
        )
        % {"count": tokens},
    )
    return plan


def anonymise(person: Person, *, actor: Any, now: dt.datetime) -> dict[str, int]:
    user = person.user
    if user is None or user.erased_at is not None:
        return {}
    counts = {
        "api_tokens": ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=now
        ),
        "sessions": _end_sessions(user.pk, now),
    }
    ApiToken.objects.filter(user=user).update(name="")
    user.email = f"erased-{user.pk}@{ERASED_DOMAIN}"
    user.first_name = ""
    user.last_name = ""
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.time_zone = settings.TIME_ZONE
    user.last_login = None
    user.erased_at = now
    user.save(
        update_fields=[
            "email",
            "first_name",
            "last_name",
            "password",
            "is_active",
            "is_staff",
            "is_superuser",
            "time_zone",
            "last_login",
            "erased_at",
        ]
    )
    user.managed_departments.clear()
    user.groups.clear()
    user.user_permissions.clear()
    counts["account"] = 1
    return counts


def _end_sessions(user_id: int, now: dt.datetime) -> int:
    """Delete the stored sessions of `user_id`; return how many.

    Sessions do not index their user, so each live one is decoded: erasures are rare. The
    deactivated account and its unusable password would refuse them anyway.
    """
    ended = []
    for session in Session.objects.filter(expire_date__gt=now).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user_id):
            ended.append(session.pk)
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)
