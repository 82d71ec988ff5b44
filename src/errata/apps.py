"""The errata Django application."""

from django.apps import AppConfig


class ErrataConfig(AppConfig):
    name = "errata"
    verbose_name = "errata"
    default_auto_field = "django.db.models.BigAutoField"
