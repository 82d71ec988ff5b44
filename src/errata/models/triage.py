"""What triage learns per site: severity rules (what makes an error weigh more: names,
figures, law, health) and the words editors added to the site's vocabulary.

Editable per site in the admin. A site without rules gets errata's defaults
(`errata.triage.priority.DEFAULT_RULES`); once it has one, only its own rules apply.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from errata.models.base import SiteScoped, SiteScopedQuerySet


class SeverityKind(models.TextChoices):
    PEOPLE = "people", _("Names of people in the passage")
    FIGURES = "figures", _("Figures in the passage")
    TERMS = "terms", _("Any of the listed terms in the passage or the comment")


class SeverityRuleQuerySet(SiteScopedQuerySet):
    def active(self) -> SeverityRuleQuerySet:
        return self.filter(active=True)


class SeverityRule(SiteScoped):
    name = models.CharField(
        _("name"), max_length=60, help_text=_("Shown in the case's priority reason.")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=SeverityKind)
    terms = models.TextField(
        _("terms"),
        blank=True,
        help_text=_("One term per line, matched case-insensitively as whole words (kind: terms)."),
    )
    weight = models.SmallIntegerField(
        _("weight"),
        default=10,
        validators=[MinValueValidator(-50), MaxValueValidator(50)],
        help_text=_("Points added to the priority when the rule matches."),
    )
    active = models.BooleanField(_("active"), default=True)

    objects = SeverityRuleQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["site", "-weight", "name"]
        verbose_name = _("severity rule")

    def __str__(self) -> str:
        return f"{self.name} (+{self.weight})"

    def term_list(self) -> list[str]:
        return [line.strip() for line in self.terms.splitlines() if line.strip()]


class SiteWordQuerySet(SiteScopedQuerySet):
    def words(self, language: str) -> frozenset[str]:
        return frozenset(self.filter(language=language).values_list("word", flat=True))


class SiteWord(SiteScoped):
    """A word an editor accepted from the desk: not a typo, part of the site's vocabulary.

    The spelling check knows it from then on in every article of the site
    (`errata.triage.vocabulary`); the case it was accepted from keeps a history row.
    """

    language = models.CharField(_("language"), max_length=12)
    word = models.CharField(_("word"), max_length=100)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SiteWordQuerySet.as_manager()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["site", "language", "word"], name="unique_site_word")
        ]
        ordering: ClassVar = ["site", "language", "word"]
        verbose_name = _("vocabulary word")

    def __str__(self) -> str:
        return self.word
