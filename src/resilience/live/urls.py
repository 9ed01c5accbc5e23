from django.urls import path

from resilience.live import views

app_name = "live"

urlpatterns = [
    path("live/start/", views.start, name="start"),
    path("live/join/", views.join, name="join"),
    path("practise/<slug:scenario_id>/", views.solo, name="solo"),
    path("play/<str:code>/", views.play, name="play"),
    path("live/<str:code>/", views.instructor, name="instructor"),
    path("live/<str:code>/fault/", views.fault, name="fault"),
    path("live/<str:code>/pause/", views.pause, name="pause"),
    path("live/<str:code>/end/", views.end, name="end"),
    path("live/<str:code>/debrief/", views.debrief, name="debrief"),
    path("live/<str:code>/debrief/<int:participant_id>/", views.replay, name="replay"),
    path("live/<str:code>/results.csv", views.export, name="export"),
]
