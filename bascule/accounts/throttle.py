"""Login throttling: how many passwords may be tried, per account and address, and per address.

Two fixed-window counters in Django's cache, checked before a password is:

- account + address: `LOGIN_ATTEMPTS_PER_ACCOUNT` tries (5) per window, for one e-mail
  address from one network address. Someone guessing from elsewhere fills their own counter,
  never the real user's: nobody can lock another person out from another address.
- address: `LOGIN_ATTEMPTS_PER_ADDRESS` failed tries (100) per window from one network
  address, whatever the account, against guessing one password on many accounts. It is
  higher because a whole office may reach Bascule through one address.

A window lasts `LOGIN_THROTTLE_WINDOW` seconds (15 minutes) and starts on the clock, so a
refusal lasts at most one window and the wait is known. An attempt is counted before its
password is checked (simultaneous attempts cannot slip through together) and given back when
it is refused, so refused attempts never prolong a lockout. A successful login gives back its
attempt on the address counter and clears the account + address one.

The cache must be shared by every server process (Redis or the database cache, see
docs/admin-guide.md); its `add` and `incr` are atomic on Redis.
"""

import contextlib
import hashlib
import math
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

KEY_PREFIX = "bascule:login"


def client_address(request: HttpRequest) -> str:
    """Return the network address the request came from.

    Behind `TRUSTED_PROXY_COUNT` reverse proxies the address is the one the first of them
    saw, read from the right of X-Forwarded-For (the left part can be forged by the client).
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies][:64]
    return request.META.get("REMOTE_ADDR", "")[:64]


def normalize_email(email: str) -> str:
    """Return the e-mail address as the login form reads it (spaces and case ignored)."""
    return email.strip().lower()


@dataclass(frozen=True)
class Counter:
    scope: str
    key: str
    limit: int
    ends_at: float


@dataclass
class Attempt:
    """One login attempt: the counters it took a place in, or how long to wait."""

    counters: list[Counter] = field(default_factory=list)
    wait_seconds: int = 0
    scope: str = ""

    @property
    def refused(self) -> bool:
        return self.wait_seconds > 0


def _counters(email: str, address: str, now: float) -> list[Counter]:
    window = settings.LOGIN_THROTTLE_WINDOW
    index = int(now // window)
    ends_at = (index + 1) * window
    account = hashlib.sha256(f"{normalize_email(email)}\0{address}".encode()).hexdigest()
    network = hashlib.sha256(address.encode()).hexdigest()
    return [
        Counter(
            "account",
            f"{KEY_PREFIX}:account:{account}:{index}",
            settings.LOGIN_ATTEMPTS_PER_ACCOUNT,
            ends_at,
        ),
        Counter(
            "address",
            f"{KEY_PREFIX}:address:{network}:{index}",
            settings.LOGIN_ATTEMPTS_PER_ADDRESS,
            ends_at,
        ),
    ]


def _take(counter: Counter, now: float) -> int:
    """Return the counter's value after adding this attempt to it."""
    # A little longer than the window: the key names the window, so it is never reused.
    timeout = math.ceil(counter.ends_at - now) + 60
    if cache.add(counter.key, 1, timeout):
        return 1
    try:
        value = cache.incr(counter.key)
    except ValueError:  # expired between add and incr
        cache.add(counter.key, 1, timeout)
        return 1
    # Some backends (the database cache) reset the expiry on incr: set it back.
    cache.touch(counter.key, timeout)
    return value


def _give_back(counter: Counter) -> None:
    with contextlib.suppress(ValueError):  # already expired
        cache.decr(counter.key)


def attempt_begin(*, email: str, address: str) -> Attempt:
    """Return the attempt to log in as `email` from `address`, counted or refused."""
    now = time.time()
    attempt = Attempt()
    for counter in _counters(email, address, now):
        attempt.counters.append(counter)
        if _take(counter, now) > counter.limit:
            attempt.wait_seconds = max(1, math.ceil(counter.ends_at - now))
            attempt.scope = counter.scope
            break
    if attempt.refused:
        # A refused attempt checks no password: it does not count.
        for counter in attempt.counters:
            _give_back(counter)
        attempt.counters = []
    return attempt


def attempt_succeeded(attempt: Attempt) -> None:
    """Forget the attempt's failures on the account + address, and its place on the address."""
    for counter in attempt.counters:
        if counter.scope == "account":
            cache.delete(counter.key)
        else:
            _give_back(counter)


def first_refusal(attempt: Attempt, *, email: str, address: str) -> bool:
    """Return True the first time in its window that this account + address is refused.

    The audit log records that one refusal, not each of the attempts that follow it.
    """
    who = normalize_email(email) if attempt.scope == "account" else ""
    key = hashlib.sha256(f"{attempt.scope}\0{who}\0{address}".encode())
    return cache.add(f"{KEY_PREFIX}:refused:{key.hexdigest()}", 1, attempt.wait_seconds)


def forget_account(*, email: str, address: str) -> None:
    """Clear the account + address counter, e.g. after a password reset from that address."""
    for counter in _counters(email, address, time.time()):
        if counter.scope == "account":
            cache.delete(counter.key)
