from django.urls import path, re_path

from resilience.impact import views

app_name = "impact"

urlpatterns = [
    path("", views.public_page, name="public"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard.csv", views.dashboard_csv, name="dashboard_csv"),
    path("equality/", views.edi_report, name="edi_report"),
    path("equality.csv", views.edi_report_csv, name="edi_report_csv"),
    path("carbon/", views.carbon, name="carbon"),
    path("targets/", views.targets, name="targets"),
    path("targets/<int:pk>/", views.target_edit, name="target_edit"),
    path("targets/<int:pk>/delete/", views.target_delete, name="target_delete"),
    path("funder-packs/", views.packs, name="packs"),
    path("funder-packs/<int:pk>/", views.pack_detail, name="pack_detail"),
    path("funder-packs/<int:pk>/status.json", views.pack_status, name="pack_status"),
    re_path(r"^funder-packs/(?P<pk>[0-9]+)/download\.(?P<fmt>xlsx|pdf)$", views.pack_download,
            name="pack_download"),
    path("my-equality-answers/", views.my_answers, name="my_answers"),
    path("my-equality-answers/delete/", views.delete_my_answers, name="delete_my_answers"),
]
