from django.urls import path

from bascule.recognition import views
from bascule.recognition.badges.urls import urlpatterns as badge_patterns

app_name = "recognition"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("preference/", views.preference, name="preference"),
    path("kudos/<int:kudos_id>/wall/", views.wall_choice, name="wall_choice"),
    path("kudos/<int:kudos_id>/hide/", views.hide, name="hide"),
    path("kudos/<int:kudos_id>/unhide/", views.unhide, name="unhide"),
    path("pairs/<int:pair_id>/thank/", views.thank, name="thank"),
    path("programs/<int:program_id>/send/", views.send, name="send"),
    path("programs/<int:program_id>/wall/", views.program_wall, name="program_wall"),
    path("wall/", views.company_wall, name="company_wall"),
    *badge_patterns,
]
