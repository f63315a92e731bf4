from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "bascule.notifications"
    label = "notifications"
