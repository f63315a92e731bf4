from django.urls import path

from bascule.notifications import views

app_name = "notifications"

urlpatterns = [
    path("failed/", views.failed_deliveries, name="failed"),
    path("<int:delivery_id>/retry", views.delivery_retry, name="retry"),
]
