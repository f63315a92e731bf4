from django.urls import path

from bascule.recognition.badges import views

urlpatterns = [
    path("badges/", views.index, name="badges"),
    path("badges/new/", views.create, name="badge_create"),
    path("badges/manage/", views.manage, name="badge_manage"),
    path("badges/<slug:badge>/switch/", views.switch, name="badge_switch"),
    path("badges/award/", views.award, name="badge_award"),
    path("badges/awards/<int:award_id>/revoke/", views.revoke, name="badge_revoke"),
    path("badges/<slug:badge>.svg", views.image, name="badge_image"),
    path("badges/<slug:badge>/", views.holders, name="badge_holders"),
]
