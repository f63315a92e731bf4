from django.urls import path

from bascule.core import audit_views, health, metrics

app_name = "core"

urlpatterns = [
    path("audit/", audit_views.audit_log, name="audit_log"),
    path("audit/export.csv", audit_views.audit_export, name="audit_export"),
    path("audit/export.xlsx", audit_views.audit_export_xlsx, name="audit_export_xlsx"),
    # For load balancers: public, cheap, never cached (bascule/core/health.py).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # For Prometheus, with a bearer token (bascule/core/metrics.py).
    path("metrics", metrics.metrics, name="metrics"),
]
