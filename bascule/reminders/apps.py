from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "bascule.reminders"
    label = "reminders"
    verbose_name = _("Reminders")

    def ready(self) -> None:
        # The journey's kinds register themselves on import; other apps register theirs
        # from their own ready() (docs/reminders.md).
        from bascule.reminders import kinds  # noqa: F401
