from django.urls import path

from bascule.core import outbox_views as views

app_name = "outbox"

urlpatterns = [
    path("", views.outbox_list, name="list"),
    path("<int:message_id>/", views.outbox_detail, name="detail"),
    path("<int:message_id>/html/", views.outbox_html, name="html"),
    path("<int:message_id>/attachments/<int:number>/", views.outbox_attachment, name="attachment"),
]
