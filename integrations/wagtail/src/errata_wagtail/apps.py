"""The app's configuration: connects the publish handler and registers the system check."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ErrataWagtailConfig(AppConfig):
    name = "errata_wagtail"
    label = "errata_wagtail"
    verbose_name = _("errata")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wagtail.signals import page_published

        from errata_wagtail import checks, pushing  # noqa: F401 -- registers the check

        page_published.connect(pushing.on_page_published, dispatch_uid="errata_wagtail.push")
