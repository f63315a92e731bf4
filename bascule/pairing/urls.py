from django.urls import path

from bascule.pairing import views

app_name = "pairing"

urlpatterns = [
    path("programs/<int:program_id>/", views.workbench, name="workbench"),
    path("programs/<int:program_id>/settings/", views.settings_save, name="settings"),
    path("programs/<int:program_id>/run/", views.run_create, name="run"),
    path("programs/<int:program_id>/manual/", views.manual_pair, name="manual_pair"),
    path("programs/<int:program_id>/compare/", views.compare, name="compare"),
    path("runs/<int:run_id>/publish/", views.publish, name="publish"),
    path("proposals/<int:proposal_id>/lock/", views.proposal_lock, name="proposal_lock"),
    path("proposals/<int:proposal_id>/unlock/", views.proposal_unlock, name="proposal_unlock"),
    path("proposals/<int:proposal_id>/exclude/", views.proposal_exclude, name="proposal_exclude"),
    path("rules/<int:rule_id>/delete/", views.rule_delete, name="rule_delete"),
]
