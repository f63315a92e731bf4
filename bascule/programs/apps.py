from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "bascule.programs"
    label = "programs"
    verbose_name = _("Programs")

    def ready(self) -> None:
        from bascule.programs import receivers  # noqa: F401  (connects the signal receivers)
