"""The errata Django application, and the admin site it installs."""

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class ErrataConfig(AppConfig):
    name = "errata"
    verbose_name = "errata"
    default_auto_field = "django.db.models.BigAutoField"


class OperatorsAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with errata's site: superusers only, throttled sign-in (admin_site.py).

    Named in INSTALLED_APPS in place of `django.contrib.admin`; `default = False` keeps it
    from being taken as the errata app's own configuration.
    """

    default = False
    default_site = "errata.admin_site.OperatorsAdminSite"
