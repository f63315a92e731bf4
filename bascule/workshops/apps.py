from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "bascule.workshops"
    label = "workshops"
    verbose_name = _("Workshops")

    def ready(self) -> None:
        from bascule.meetings.ical import register_feed_source
        from bascule.workshops.ical import feed_source
        from bascule.workshops.reminders import register_kinds

        register_feed_source(feed_source)
        register_kinds()
