from django.urls import path

from resilience.core.consumers import HealthConsumer
from resilience.live.consumers import InstructorConsumer, LearnerConsumer

websocket_urlpatterns = [
    path("ws/health/", HealthConsumer.as_asgi()),
    path("ws/live/<str:code>/", LearnerConsumer.as_asgi()),
    path("ws/live/<str:code>/instructor/", InstructorConsumer.as_asgi()),
]
