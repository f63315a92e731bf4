"""Health checks for load balancers and orchestrators.

`/healthz` says the process answers (no database, no cache: cheap enough to poll every
second). `/readyz` says this server can do its work: the database and the cache answer, and,
where background jobs are stored in the database, the queue is not piling up (how many jobs
wait and how long the oldest has waited, under READY_QUEUE_MAX_DEPTH and
READY_QUEUE_MAX_AGE_SECONDS). Both are public, never cached, exempt from CSRF and from the
HTTPS redirect (SECURE_REDIRECT_EXEMPT), and answer JSON: 200 when all is well, 503 naming
the failed check otherwise. docs/deployment.md tells a load balancer how to use them.
"""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

# The table of django-tasks' database backend (django_tasks_db): checked only where it exists.
TASK_TABLE = "django_tasks_database_dbtaskresult"
# The backend stores "run as soon as possible" as the largest date it can hold.
NO_DELAY_AFTER = datetime(9000, 1, 1, tzinfo=UTC)
CACHE_PROBE_KEY = "bascule:readyz"


class CheckFailed(Exception):
    """A readiness check found a problem; its message says which, without secrets."""


def check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        raise CheckFailed(type(error).__name__) from error
    return {}


def check_cache() -> dict:
    cache = caches["default"]
    token = timezone.now().isoformat()
    try:
        cache.set(CACHE_PROBE_KEY, token, timeout=30)
        if cache.get(CACHE_PROBE_KEY) != token:
            raise CheckFailed("the cache did not keep a value")
    except CheckFailed:
        raise
    except Exception as error:  # Every cache backend raises its own errors.
        raise CheckFailed(type(error).__name__) from error
    return {}


def _as_datetime(value) -> datetime:
    if isinstance(value, str):
        value = parse_datetime(value)
    if timezone.is_naive(value):
        value = value.replace(tzinfo=UTC)
    return value


def queue_state() -> tuple[int, float] | None:
    """Return how many jobs are due and how long the oldest has waited (seconds), or None
    where there is no job table."""
    table = TASK_TABLE
    with connection.cursor() as cursor:
        if table not in connection.introspection.table_names(cursor):
            return None
        quoted = connection.ops.quote_name(table)
        now = timezone.now()
        waiting = f"FROM {quoted} WHERE status = %s AND (run_after <= %s OR run_after >= %s)"  # noqa: S608
        params = ["READY", now, NO_DELAY_AFTER]
        cursor.execute(f"SELECT COUNT(*) {waiting}", params)
        depth = cursor.fetchone()[0]
        cursor.execute(f"SELECT enqueued_at {waiting} ORDER BY enqueued_at LIMIT 1", params)
        row = cursor.fetchone()
    age = (now - _as_datetime(row[0])).total_seconds() if row else 0.0
    return depth, age


def check_queue() -> dict | None:
    """Return the queue's depth and oldest job's age, or None where there is no job table."""
    state = queue_state()
    if state is None:
        return None
    depth, age = state
    result = {"depth": depth, "oldest_age_seconds": round(age, 1)}
    if depth > settings.READY_QUEUE_MAX_DEPTH:
        raise CheckFailed(f"{depth} jobs waiting (at most {settings.READY_QUEUE_MAX_DEPTH})")
    if age > settings.READY_QUEUE_MAX_AGE_SECONDS:
        limit = timedelta(seconds=settings.READY_QUEUE_MAX_AGE_SECONDS)
        raise CheckFailed(f"the oldest job has waited {round(age)} s (at most {limit})")
    return result


CHECKS = {"database": check_database, "cache": check_cache, "queue": check_queue}


def run_checks() -> tuple[bool, dict]:
    """Run every readiness check; return whether all passed and what each found."""
    report: dict = {}
    healthy = True
    for name, check in CHECKS.items():
        try:
            found = check()
        except CheckFailed as failure:
            healthy = False
            report[name] = {"status": "failed", "reason": str(failure)}
        except DatabaseError as error:
            healthy = False
            report[name] = {"status": "failed", "reason": type(error).__name__}
        else:
            report[name] = {"status": "absent"} if found is None else {"status": "ok", **found}
    return healthy, report


def _probe(view):
    return login_not_required(csrf_exempt(never_cache(require_safe(view))))


@_probe
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@_probe
def readyz(request: HttpRequest) -> JsonResponse:
    healthy, report = run_checks()
    failed = [name for name, found in report.items() if found["status"] == "failed"]
    body = {"status": "ok" if healthy else "unavailable", "failed": failed, "checks": report}
    return JsonResponse(body, status=200 if healthy else 503)
