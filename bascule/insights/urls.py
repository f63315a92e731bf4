from django.urls import path

from bascule.insights import views

app_name = "insights"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("report.pdf", views.report_pdf, name="report"),
    path("learning/", views.learning, name="learning"),
    path("behaviour/", views.behaviour, name="behaviour"),
    path("results/", views.results, name="results"),
    path("bridging/", views.bridging, name="bridging"),
    path("<slug:section>/tables.xlsx", views.tables, name="tables"),
]
