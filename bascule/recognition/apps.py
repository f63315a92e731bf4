from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    name = "bascule.recognition"
    label = "recognition"
    verbose_name = _("Recognition")

    def ready(self) -> None:
        from bascule.recognition.badges import signals

        signals.connect()
