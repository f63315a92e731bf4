"""Writes on accounts: preferences, passwords, API tokens. Each one is atomic and audited."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from bascule.accounts.auth import hash_token, new_token_value
from bascule.accounts.models import ApiToken, User
from bascule.core import idempotency
from bascule.core.audit import audit_record


@transaction.atomic
def user_update_preferences(
    *,
    actor: User,
    user: User,
    language: str,
    time_zone: str,
    generation_band: str | None,
) -> User:
    """Return `user` with their language, time zone and generation band updated.

    `generation_band` is stored on the linked employee record; None leaves it untouched
    (users without an employee record have none to set).
    """
    changes: dict[str, Any] = {}
    user_fields = []
    for field, value in (("language", language), ("time_zone", time_zone)):
        old = getattr(user, field)
        if old != value:
            changes[field] = [old, value]
            setattr(user, field, value)
            user_fields.append(field)
    if user_fields:
        user.save(update_fields=user_fields)

    employee = user.employee
    if (
        generation_band is not None
        and employee is not None
        and employee.generation_band != generation_band
    ):
        employee.generation_band = generation_band
        employee.save(update_fields=["generation_band", "updated_at"])
        # Self-declared and sensitive: the audit log says that it changed, not to what.
        changes["generation_band"] = "updated"

    if changes:
        audit_record(actor=actor, action="user.update_preferences", target=user, changes=changes)
    return user


@transaction.atomic
def user_set_password(*, actor: User, user: User, password: str) -> User:
    """Return `user` with a new password (already validated by the caller's form)."""
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=actor, action="user.set_password", target=user)
    return user


@transaction.atomic
def api_token_create(
    *, actor: User, user: User, name: str, submission: idempotency.Submission | None = None
) -> tuple[ApiToken, str]:
    """Return a new API token of `user` and its value, which is stored only as a hash.

    The same `submission` sent again creates no second token: it raises AlreadySubmitted.
    """
    claim = idempotency.claim(actor=actor, scope="accounts.token_create", submission=submission)
    value = new_token_value()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        token_hash=hash_token(value),
        # Skip the fixed "bsc_" start: the characters after it tell tokens apart.
        prefix=value[4:12],
    )
    claim.done(token)
    audit_record(actor=actor, action="api_token.create", target=token, changes={"name": name})
    return token, value


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Return `token`, revoked from now on. Revoking a revoked token changes nothing."""
    # Lock the row so two simultaneous revocations write one audit entry.
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action="api_token.revoke", target=token)
    return token
