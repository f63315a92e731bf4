from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "bascule.notifications"
    label = "notifications"

    def ready(self) -> None:
        # Registers every e-mail's sender, and the job sending them, with bascule.core.notify.
        from bascule.notifications import emails, tasks  # noqa: F401
