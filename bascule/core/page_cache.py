"""The key pages, kept in the shared cache until the data changes.

Each role's home, the directory, the pair space, the meetings, the matching workbench, pair
health and survey results (`@cached_page`) are computed from the database and the clock only.
A rendered page is kept for the session that asked for it and handed back as long as nothing
was written to the database since, and for at most PAGE_CACHE_SECONDS (the clock: "due in 3
days", a pair's health that depends on the date).

"Nothing was written" is one number in the shared cache, the data version: every connection
watches its statements (`watch_writes`, installed on each new connection), and an INSERT,
UPDATE, DELETE or TRUNCATE makes the version move once its transaction commits (at once out of
a transaction); a rolled-back change moves nothing. The session table and the job queue's table
do not count: a session's refresh or a worker claiming a job changes no page. A page is read
with the version read before it, so a page stored under a version is never older than the
last write before that version; after any write, every page is computed afresh.

Only with a cache shared by every process that counts atomically (Redis, Memcached): with the
per-process memory cache, one gunicorn worker would not see another's writes, and the database
cache counts by reading then writing; the pages are then always computed (PAGE_CACHE=auto, the
default; `on` / `off` force it). The key holds the
session, the CSRF cookie, the language, the htmx headers and the address: nobody is ever handed
another person's page. A page that sets a cookie, carries a one-time message, or is not a 200
is not kept. docs/deployment.md tells the figures (bench/load.py) and the cost of a miss.
"""

import hashlib
import secrets
import threading
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse

VERSION_KEY = "bascule:data-version"
WRITES = ("INSERT", "UPDATE", "DELETE", "TRUNCATE", "REPLACE", "MERGE")
# Writes that change no page: a session refreshed, a job claimed or finished by a worker.
IGNORED_TABLES = ('"django_session"', '"django_tasks_database_dbtaskresult"')
# Caches every process shares and that count atomically (the data version is an INCR).
SHARED_BACKENDS = (
    "django.core.cache.backends.redis.RedisCache",
    "django.core.cache.backends.memcached.PyMemcacheCache",
    "django.core.cache.backends.memcached.PyLibMCCache",
)
KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary")


def enabled() -> bool:
    """Whether pages are kept: PAGE_CACHE on / off, or (auto) with Redis or Memcached."""
    mode = getattr(settings, "PAGE_CACHE", "auto")
    if mode in ("on", "off"):
        return mode == "on"
    return settings.CACHES["default"]["BACKEND"] in SHARED_BACKENDS


def data_version() -> int:
    """The current data version (a new random one when the cache lost it)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, secrets.randbits(48), timeout=None)
        version = cache.get(VERSION_KEY, 0)
    return version


class _Moving(threading.local):
    active = False


_moving = _Moving()


def data_changed() -> None:
    """Move the data version on: every kept page is computed afresh."""
    _moving.active = True
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there (evicted, or the cache restarted)
        cache.add(VERSION_KEY, secrets.randbits(48), timeout=None)
    finally:
        _moving.active = False


def _cache_tables() -> tuple[str, ...]:
    """The tables of the database caches: storing a page or the version is no data change."""
    return tuple(
        f'"{options["LOCATION"]}"'
        for options in settings.CACHES.values()
        if options["BACKEND"].endswith("DatabaseCache")
    )


def is_write(sql: str) -> bool:
    head = sql.lstrip()[:8].upper()
    if not head.startswith(WRITES):
        return False
    return not any(table in sql[:120] for table in (*IGNORED_TABLES, *_cache_tables()))


def watch_writes(execute: Callable, sql: str, params: Any, many: bool, context: dict) -> Any:
    """A connection's execute wrapper: a write moves the data version when it commits."""
    result = execute(sql, params, many, context)
    if _moving.active:  # the version's own write, on a database cache
        return result
    if isinstance(sql, str) and is_write(sql) and enabled():
        connection = context["connection"]
        if not connection.in_atomic_block:
            data_changed()
        elif not any(func is data_changed for _, func, _ in connection.run_on_commit):
            transaction.on_commit(data_changed, using=connection.alias)
    return result


def install(sender: Any, connection: Any, **kwargs: Any) -> None:
    """On every new database connection (connection_created): watch its writes."""
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)


def _page_key(request: HttpRequest, version: int) -> str:
    period = int(time.time() // settings.PAGE_CACHE_SECONDS)
    parts = (
        request.session.session_key or "",
        request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""),
        request.LANGUAGE_CODE,
        request.headers.get("HX-Request", ""),
        request.headers.get("HX-Target", ""),
        request.get_full_path(),
    )
    digest = hashlib.sha256("\x00".join(parts).encode("utf-8", "replace")).hexdigest()
    return f"bascule:page:{version}:{period}:{digest}"


def _keepable(request: HttpRequest) -> bool:
    return (
        request.method == "GET"
        and request.user.is_authenticated
        and bool(request.session.session_key)
        # Without its CSRF cookie, the page's forms carry a token of a cookie set with it
        # (not with a kept copy): computed each time.
        and settings.CSRF_COOKIE_NAME in request.COOKIES
        and not len(messages.get_messages(request))
    )


def cached_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Keep `view`'s page (see the module's docstring); the view runs its checks on a miss,
    and a hit is only ever the same session's own page at the same address."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not enabled() or not _keepable(request):
            return view(request, *args, **kwargs)
        key = _page_key(request, data_version())
        kept = cache.get(key)
        if kept is not None:
            content, headers = kept
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
            return response
        response = view(request, *args, **kwargs)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not len(messages.get_messages(request))
        ):
            headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
            cache.set(key, (response.content, headers), timeout=2 * settings.PAGE_CACHE_SECONDS)
        return response

    return wrapped
