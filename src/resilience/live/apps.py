from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "resilience.live"
    label = "live"
    verbose_name = "Live sessions"
