from django.urls import path

from bascule.pairing import views
from bascule.pairing.rematch import views as rematch_views
from bascule.pairing.selfmatch import views as selfmatch_views

app_name = "pairing"

urlpatterns = [
    path("programs/<int:program_id>/", views.workbench, name="workbench"),
    path("programs/<int:program_id>/settings/", views.settings_save, name="settings"),
    path("programs/<int:program_id>/run/", views.run_create, name="run"),
    path("programs/<int:program_id>/manual/", views.manual_pair, name="manual_pair"),
    path("programs/<int:program_id>/swap/", views.swap, name="swap"),
    path("programs/<int:program_id>/compare/", views.compare, name="compare"),
    path("runs/<int:run_id>/publish/", views.publish, name="publish"),
    path("proposals/<int:proposal_id>/lock/", views.proposal_lock, name="proposal_lock"),
    path("proposals/<int:proposal_id>/unlock/", views.proposal_unlock, name="proposal_unlock"),
    path("proposals/<int:proposal_id>/exclude/", views.proposal_exclude, name="proposal_exclude"),
    path("rules/<int:rule_id>/delete/", views.rule_delete, name="rule_delete"),
    path("programs/<int:program_id>/rematch/", rematch_views.rematch, name="rematch"),
    path(
        "programs/<int:program_id>/rematch/<int:application_id>/",
        rematch_views.rematch_candidates,
        name="rematch_candidates",
    ),
    path(
        "programs/<int:program_id>/rematch/<int:application_id>/pair/",
        rematch_views.rematch_pair,
        name="rematch_pair",
    ),
    path("pairs/<int:pair_id>/end/", rematch_views.pair_end, name="pair_end"),
    path("programs/<int:program_id>/choose/", selfmatch_views.choose_mentor, name="choose_mentor"),
    path(
        "programs/<int:program_id>/choose/ask/",
        selfmatch_views.mentor_request_create,
        name="mentor_request_create",
    ),
    path("requests/", selfmatch_views.mentor_requests, name="mentor_requests"),
    path(
        "requests/<int:request_id>/answer/",
        selfmatch_views.mentor_request_answer,
        name="mentor_request_answer",
    ),
]
