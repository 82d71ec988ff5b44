"""A MessageTemplate is a site's own wording of a correction notice or a reply to readers.

errata ships a default for every purpose, key and language (`errata/notices/defaults/`);
a row here overrides one of them for one site. Placeholders are `$name` (Python's
`string.Template`), so an edited template can never run code or read other data.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from errata.models.base import SiteScoped, SiteScopedQuerySet


class TemplatePurpose(models.TextChoices):
    NOTICE = "notice", _("Correction notice")
    REPLY = "reply", _("Reply to readers")


class MessageTemplateQuerySet(SiteScopedQuerySet):
    pass


class MessageTemplate(SiteScoped):
    purpose = models.CharField(_("purpose"), max_length=10, choices=TemplatePurpose)
    # A CorrectionKind for notices; the decision (corrected, declined) for replies.
    key = models.CharField(_("for"), max_length=20)
    language = models.CharField(_("language"), max_length=12)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body = models.TextField(_("text"))
    updated_at = models.DateTimeField(auto_now=True)

    objects = MessageTemplateQuerySet.as_manager()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["site", "purpose", "key", "language"], name="unique_message_template"
            ),
        ]
        verbose_name = _("message template")

    def __str__(self) -> str:
        return f"{self.purpose}/{self.key}/{self.language}"
