"""Rate limit of the public verification (pages and API): `VERIFY_ATTEMPTS` lookups (20)
per `VERIFY_WINDOW` seconds (60) per network address, counted in Django's cache in fixed
windows as the login throttle does (bascule/accounts/throttle.py). A code has 100 random bits:
with this limit, guessing one is hopeless."""

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from bascule.accounts.throttle import client_address

KEY_PREFIX = "bascule:verify"


def _limits() -> tuple[int, int]:
    return (
        getattr(settings, "VERIFY_ATTEMPTS", 20),
        getattr(settings, "VERIFY_WINDOW", 60),
    )


def refused(request: HttpRequest) -> int:
    """Count this lookup; return the seconds to wait when over the limit, else 0."""
    limit, window = _limits()
    now = time.time()
    start = math.floor(now / window) * window
    address = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
    key = f"{KEY_PREFIX}:{address}:{int(start)}"
    cache.add(key, 0, timeout=window + 5)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=window + 5)
        count = 1
    if count > limit:
        return max(int(start + window - now) + 1, 1)
    return 0
