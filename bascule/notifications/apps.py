from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "bascule.notifications"
    label = "notifications"

    def ready(self) -> None:
        # Registers every e-mail's sender, and the job sending them, with bascule.core.notify;
        # the e-mails' figures with bascule.core.metrics.
        from bascule.notifications import emails, metrics, tasks  # noqa: F401
