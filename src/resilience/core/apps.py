from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "resilience.core"
    label = "core"
    verbose_name = "Site shell"
