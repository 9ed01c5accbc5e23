from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "resilience.records"
    label = "records"
    verbose_name = "Learning records"
