from django.urls import path

from bascule.privacy import views

app_name = "privacy"

urlpatterns = [
    path("me/", views.my_data, name="my_data"),
    path("people/<int:employee_id>/", views.employee_data, name="employee_data"),
    path("people/<int:employee_id>/erase/", views.employee_erase, name="employee_erase"),
    path("accounts/<int:user_id>/", views.account_data, name="account_data"),
    path("accounts/<int:user_id>/erase/", views.account_erase, name="account_erase"),
]
