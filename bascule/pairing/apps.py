from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PairingConfig(AppConfig):
    name = "bascule.pairing"
    label = "pairing"
    verbose_name = _("Matching and pairs")

    def ready(self) -> None:
        from bascule.pairing import receivers  # noqa: F401  (connects the signal receivers)
