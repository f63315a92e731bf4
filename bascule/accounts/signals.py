"""What accounts do when Django says someone logged in, failed to, or was deactivated."""

import time
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import pre_save
from django.dispatch import receiver

from bascule.accounts import services, throttle
from bascule.accounts.models import RevokedReason, User

# The moment the session logged in (the middleware ends it SESSION_MAX_AGE later), and the
# last time a request moved its expiry forward.
SESSION_LOGIN_AT = "bascule:login_at"
SESSION_SEEN_AT = "bascule:seen_at"


@receiver(user_logged_in, dispatch_uid="accounts.record_login")
def record_login(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    # Logins with a password, which went through the throttle (tests' force_login does not).
    if getattr(request, "login_throttle", None) is not None:
        services.user_login_record(user=user, address=throttle.client_address(request))
    session = getattr(request, "session", None)
    if session is not None:
        session[SESSION_LOGIN_AT] = session[SESSION_SEEN_AT] = time.time()


@receiver(user_login_failed, dispatch_uid="accounts.record_login_failure")
def record_login_failure(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    if request is None:
        return
    # Django masks the password in `credentials`; only the e-mail address is read here.
    email = throttle.normalize_email(str(credentials.get("username") or ""))[:254]
    address = throttle.client_address(request)
    attempt = getattr(request, "login_throttle", None)
    if attempt is not None and attempt.refused:
        if throttle.first_refusal(attempt, email=email, address=address):
            services.user_login_refusal_record(
                email=email,
                address=address,
                scope=attempt.scope,
                wait_seconds=attempt.wait_seconds,
            )
        return
    services.user_login_failure_record(email=email, address=address)


@receiver(pre_save, sender=User, dispatch_uid="accounts.stop_tokens_on_deactivation")
def stop_tokens_on_deactivation(sender: Any, instance: User, **kwargs: Any) -> None:
    update_fields = kwargs.get("update_fields")
    if instance.pk is None or instance.is_active:
        return
    if update_fields is not None and "is_active" not in update_fields:
        return
    services.api_tokens_stop(user=instance, reason=RevokedReason.DEACTIVATED)
