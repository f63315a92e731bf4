"""Prometheus metrics at `/metrics`, for a Prometheus server inside the network only.

Requests and their latency are counted by django-prometheus's middlewares (first and last in
MIDDLEWARE). The state of the background jobs (how many wait, how many failed, how long the
oldest has waited) and any other collector an app adds with `add_collector` (the e-mails sent
and failed: bascule/notifications/metrics.py) are read from the database when Prometheus
scrapes, so every app server reports the same figures whichever process answers.

The endpoint is not public: without METRICS_TOKEN it does not exist (404), and with it a
scrape must send `Authorization: Bearer <METRICS_TOKEN>` (401 otherwise). Under gunicorn,
each worker process counts its own requests: with PROMETHEUS_MULTIPROC_DIR set (an empty
directory, emptied at each start by gunicorn.conf.py), the counts of every process are added
up (prometheus-client's multiprocess mode). docs/deployment.md, "Metrics".
"""

import hmac
import os
from collections.abc import Callable, Iterable

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from bascule.core.health import queue_state

Collect = Callable[[], Iterable[Metric]]
_COLLECTORS: list[Collect] = []


def add_collector(collect: Collect) -> Collect:
    """Add `collect` (it yields metric families, read at each scrape) to /metrics."""
    if collect not in _COLLECTORS:
        _COLLECTORS.append(collect)
    return collect


@add_collector
def collect_jobs() -> Iterable[Metric]:
    """The background jobs of the database queue (bascule/core/health.py reads the same)."""
    state = queue_state()
    if state is None:
        return
    depth, age = state
    yield GaugeMetricFamily(
        "bascule_jobs_queued", "Background jobs waiting to run, due now.", value=depth
    )
    yield GaugeMetricFamily(
        "bascule_jobs_oldest_age_seconds",
        "How long the oldest job due has waited, in seconds (0 when none waits).",
        value=age,
    )
    failed = DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).count()
    yield GaugeMetricFamily(
        "bascule_jobs_failed", "Background jobs that failed (until pruned).", value=failed
    )


class _Collected(Collector):
    def collect(self) -> Iterable[Metric]:
        for collect in _COLLECTORS:
            yield from collect()


def registry() -> CollectorRegistry:
    """What a scrape reads: this process's metrics (every process's in multiprocess mode) and
    the figures read from the database."""
    scraped = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(scraped)
    else:
        scraped.register(_Registry(REGISTRY))
    scraped.register(_Collected())
    return scraped


class _Registry(Collector):
    """This process's own registry, read through another one."""

    def __init__(self, source: CollectorRegistry):
        self.source = source

    def collect(self) -> Iterable[Metric]:
        return self.source.collect()


def authorized(request: HttpRequest, token: str) -> bool:
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip(), token)


@login_not_required
@csrf_exempt
@never_cache
@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    token = settings.METRICS_TOKEN
    if not token:
        raise Http404
    if not authorized(request, token):
        response = HttpResponse(status=401)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(generate_latest(registry()), content_type=CONTENT_TYPE_LATEST)
