from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PairingConfig(AppConfig):
    name = "bascule.pairing"
    label = "pairing"
    verbose_name = _("Matching and pairs")
