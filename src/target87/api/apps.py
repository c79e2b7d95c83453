from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "target87.api"
    verbose_name = "API"
