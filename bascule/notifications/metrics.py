"""The e-mails' figures on /metrics (bascule/core/metrics.py): messages by delivery status."""

from collections.abc import Iterable

from django.db.models import Count
from prometheus_client.core import GaugeMetricFamily, Metric

from bascule.core.metrics import add_collector
from bascule.notifications.models import DeliveryStatus, OutboundEmail


@add_collector
def collect_emails() -> Iterable[Metric]:
    counts = dict(OutboundEmail.objects.values_list("status").annotate(n=Count("pk")).order_by())
    family = GaugeMetricFamily(
        "bascule_emails",
        "E-mail messages by delivery status: sent, failed (waiting for HR), queued.",
        labels=["status"],
    )
    for status in DeliveryStatus.values:
        family.add_metric([status], counts.get(status, 0))
    yield family
