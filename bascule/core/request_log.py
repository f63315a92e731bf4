"""Request logs: one structured line per request, carrying a request id, and warnings for slow
requests (SLOW_REQUEST_MS) and slow database queries (SLOW_QUERY_MS).

The request id is the incoming `X-Request-ID` when it is well formed (a proxy's or load
balancer's own id, so their logs and ours match), a new random one otherwise; the response
returns it in `X-Request-ID`. Every log line written while the request runs carries it
(RequestIdFilter), and `current_request_id()` lets code hand it on (to a background job, for
instance). LOGGING in config/settings.py writes JSON lines in production and readable lines in
development (docs/deployment.md shows both).

Loaded by the LOGGING configuration before the apps: imports nothing of the project.
"""

import contextlib
import contextvars
import json
import logging
import re
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse

REQUEST_HEADER = "HTTP_X_REQUEST_ID"
RESPONSE_HEADER = "X-Request-ID"
WELL_FORMED = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")

request_logger = logging.getLogger("bascule.request")
query_logger = logging.getLogger("bascule.db")
_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)


def current_request_id() -> str | None:
    """Return the id of the request being served in this context, if any."""
    return _request_id.get()


@contextlib.contextmanager
def request_id_used(request_id: str | None) -> Iterator[None]:
    """Carry on `request_id` (a request's, handed to a background job) while the block runs:
    its log lines carry it, and `current_request_id()` returns it."""
    token = _request_id.set(request_id)
    try:
        yield
    finally:
        _request_id.reset(token)


class RequestIdFilter(logging.Filter):
    """Give every record a `request_id`: the current request's, or "-" outside one."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = _request_id.get() or "-"
        return True


# The attributes every LogRecord has: the others are the `extra` fields of a log call.
_RECORD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, then the record's extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _RECORD_ATTRIBUTES and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


class RequestLogMiddleware:
    """Give each request its id and write its log line (first in MIDDLEWARE: sees everything)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.META.get(REQUEST_HEADER, "")
        request_id = incoming if WELL_FORMED.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = _request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            duration_ms = (time.perf_counter() - started) * 1000
            response[RESPONSE_HEADER] = request_id
            log_request(request, response.status_code, duration_ms)
        finally:
            _request_id.reset(token)
        return response


def log_request(request: HttpRequest, status: int, duration_ms: float) -> None:
    user = getattr(request, "user", None)
    fields = {
        "method": request.method,
        "path": request.path,
        "status": status,
        "duration_ms": round(duration_ms, 1),
        "user_id": user.pk if user is not None and user.is_authenticated else None,
        "request_id": request.request_id,
    }
    slow = duration_ms > settings.SLOW_REQUEST_MS
    message = f"{request.method} {request.path} {status} {duration_ms:.0f} ms"
    if slow:
        message = f"slow request: {message}"
    request_logger.log(logging.WARNING if slow else logging.INFO, message, extra=fields)


def log_slow_query(execute, sql, params, many, context):
    """A database execute wrapper: warn about a query slower than SLOW_QUERY_MS (no values)."""
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        duration_ms = (time.perf_counter() - started) * 1000
        if duration_ms > settings.SLOW_QUERY_MS:
            query_logger.warning(
                "slow query (%.0f ms): %s",
                duration_ms,
                sql[:300],
                extra={
                    "duration_ms": round(duration_ms, 1),
                    "sql": sql[:2000],
                    "database": context["connection"].alias,
                },
            )


def watch_queries(sender, connection, **kwargs) -> None:
    """On every new database connection (connection_created): time its queries."""
    if log_slow_query not in connection.execute_wrappers:
        connection.execute_wrappers.append(log_slow_query)
