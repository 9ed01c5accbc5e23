from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "resilience.catalogue"
    label = "catalogue"
    verbose_name = "Catalogue"
