from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "bascule.evaluations"
    label = "evaluations"
    verbose_name = _("Evaluations")

    def ready(self) -> None:
        from bascule.evaluations import receivers  # noqa: F401  (connects the signal receivers)
        from bascule.evaluations.reminders import register_kinds

        register_kinds()
