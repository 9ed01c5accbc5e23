from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "resilience.outreach"
    label = "outreach"
    verbose_name = "Outreach operations"
