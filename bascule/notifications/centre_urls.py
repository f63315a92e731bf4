"""The notification centre, under /notifications/ (the e-mail pages are under /emails/)."""

from django.urls import path

from bascule.notifications import views

app_name = "notification_centre"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:notification_id>/", views.notification_open, name="open"),
    path("read-all", views.notifications_read_all, name="read_all"),
    path("badge", views.unread_badge, name="badge"),
    path("preferences/", views.notification_preferences, name="preferences"),
]
