from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "bascule.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Registers the deploy check that warns when the demo's outbox is on.
        from bascule.core import outbox  # noqa: F401
