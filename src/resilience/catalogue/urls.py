from django.urls import path

from resilience.catalogue import views

app_name = "catalogue"

urlpatterns = [
    path("", views.catalogue, name="list"),
    path("<slug:scenario_id>/", views.detail, name="detail"),
    path("<slug:scenario_id>/<slug:slug>/", views.material, name="material"),
]
