from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo company (`manage.py seed_demo`), assembled from each app's demo module."""

    name = "bascule.demo"
    label = "demo"
