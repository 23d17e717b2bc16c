from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "salon.api"
    label = "api"
