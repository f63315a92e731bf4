"""Writes on accounts: preferences, passwords, API tokens, and the record of logins, failed
logins, password resets and token use. Each one is atomic and audited."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from bascule.accounts.models import ApiToken, RevokedReason, User
from bascule.accounts.tokens import hash_token, new_token_value
from bascule.core import idempotency
from bascule.core.audit import audit_record

# A token's use is recorded in the audit log at most once per token per period.
TOKEN_USE_RECORD_PERIOD = dt.timedelta(hours=1)
# Its "last used" date is refreshed at most this often: one UPDATE, not one per call.
TOKEN_LAST_USED_PRECISION = dt.timedelta(minutes=1)


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
    """Return `user` with a new password (already validated by the caller's form).

    Their API tokens stop working (see `api_tokens_stop`, called by Django once the new
    password is saved).
    """
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=actor, action="user.set_password", target=user)
    return user


@transaction.atomic
def user_reset_password(*, user: User, password: str, address: str) -> User:
    """Return `user` with the new password they chose from a reset link."""
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(
        actor=user, action="user.password_reset", target=user, changes={"address": address}
    )
    return user


@transaction.atomic
def user_password_reset_request_record(*, user: User, address: str) -> None:
    """Record that a reset link was asked for `user`'s account (the e-mail goes separately)."""
    audit_record(
        actor=None,
        actor_label="anonymous",
        action="user.password_reset_request",
        target=user,
        changes={"address": address},
    )


@transaction.atomic
def user_login_record(*, user: User, address: str) -> None:
    """Record a successful login."""
    audit_record(actor=user, action="user.login", target=user, changes={"address": address})


@transaction.atomic
def user_login_failure_record(*, email: str, address: str) -> None:
    """Record a failed login; the password tried is never recorded, nor anything from it.

    The e-mail address is kept only when it is not an account's (the entry then targets the
    account), to tell an attack on many addresses from someone mistyping theirs.
    """
    user = User.objects.filter(email=email).first()
    audit_record(
        actor=None,
        actor_label="anonymous",
        action="user.login_failed",
        target=user,
        changes={"address": address} if user else {"address": address, "email": email},
    )


@transaction.atomic
def user_login_refusal_record(*, email: str, address: str, scope: str, wait_seconds: int) -> None:
    """Record that logins were refused for a while (once per window, not per attempt)."""
    user = User.objects.filter(email=email).first() if scope == "account" else None
    changes: dict[str, Any] = {"address": address, "scope": scope, "seconds": wait_seconds}
    if scope == "account" and user is None:
        changes["email"] = email
    audit_record(
        actor=None,
        actor_label="anonymous",
        action="user.login_throttled",
        target=user,
        changes=changes,
    )


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
    token.revoked_reason = RevokedReason.BY_OWNER
    token.save(update_fields=["revoked_at", "revoked_reason"])
    audit_record(actor=actor, action="api_token.revoke", target=token)
    return token


@transaction.atomic
def api_tokens_stop(*, user: User, reason: RevokedReason) -> int:
    """Return how many of `user`'s working tokens were stopped for `reason`.

    Called when the password changes, however it is changed (Django's `password_changed`
    hook, see validators.py), and when the account is deactivated (signals.py).
    """
    tokens = list(ApiToken.objects.select_for_update().filter(user=user, revoked_at=None))
    now = timezone.now()
    for token in tokens:
        token.revoked_at = now
        token.revoked_reason = reason
        token.save(update_fields=["revoked_at", "revoked_reason"])
        audit_record(
            actor=None, action="api_token.revoke", target=token, changes={"reason": reason}
        )
    return len(tokens)


def api_token_record_use(*, token: ApiToken, address: str) -> None:
    """Refresh `token`'s "last used" date and, once per period, record its use in the log.

    Both writes are conditional UPDATEs: the request path never takes a row lock, and of
    several servers answering at the same moment only one records the use.
    """
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOKEN_LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    recorded = token.use_recorded_at
    if recorded is not None and now - recorded < TOKEN_USE_RECORD_PERIOD:
        return
    with transaction.atomic():
        claimed = ApiToken.objects.filter(pk=token.pk, use_recorded_at=recorded).update(
            use_recorded_at=now
        )
        if claimed:
            audit_record(
                actor=token.user,
                action="api_token.use",
                target=token,
                changes={"address": address},
            )
