from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "bascule.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Registers the deploy check that warns when the demo's outbox is on.
        from bascule.core import outbox  # noqa: F401

        # Each app describes its audit actions in audit_actions.py (see core/audit_registry.py).
        autodiscover_modules("audit_actions")

        # Slow database queries are logged (bascule/core/request_log.py).
        from django.db.backends.signals import connection_created

        from bascule.core.request_log import watch_queries

        connection_created.connect(watch_queries, dispatch_uid="bascule.watch_queries")

        # A write moves the data version the kept pages depend on (bascule/core/page_cache.py).
        from bascule.core import page_cache

        connection_created.connect(page_cache.install, dispatch_uid="bascule.page_cache")
