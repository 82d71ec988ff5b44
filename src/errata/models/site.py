"""A Site is one publication: its origins, language, keys, SLA and policies."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import ClassVar
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from errata.models.secret import IssuedSecret
from errata.text.url import canonical_url


def new_public_key() -> str:
    return "pk_" + secrets.token_urlsafe(18)


def origin_of(url: str) -> str:
    """`scheme://host[:port]` of a URL, lower-cased, default ports dropped."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    if port is None or (scheme, port) in {("http", 80), ("https", 443)}:
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


class SpellingVariants(models.TextChoices):
    """Which French spellings a site's articles follow (errata.triage.variants)."""

    BOTH = "both", _("classic and 1990 reform spellings")
    CLASSIC = "classic", _("classic spellings only")


class UrlRule(models.TextChoices):
    """Which article URLs a site accepts, beyond the exact allowed origins (decision 18)."""

    SAME_HOST = "same-host", _("same host: http or https, with or without www.")
    EXACT = "exact", _("exact: only the listed origins")


ARTICLE_SELECTOR_MAX = 200


def _host_key(origin: str) -> tuple[str, int | None]:
    """What the same-host rule compares: the host without `www.`, and a non-default port."""
    parts = urlsplit(origin)
    host = (parts.hostname or "").lower()
    host = host.removeprefix("www.")
    port = parts.port
    if port is None or (parts.scheme.lower(), port) in {("http", 80), ("https", 443)}:
        return host, None
    return host, port


class Site(models.Model):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    language = models.CharField(
        _("default language"),
        max_length=12,
        default="fr",
        help_text=_("BCP 47 code of the articles' usual language, e.g. fr or en."),
    )
    public_key = models.CharField(
        _("public key"),
        max_length=64,
        unique=True,
        default=new_public_key,
        help_text=_("Identifies the site in the widget's script tag. Not a secret."),
    )
    sla_hours = models.PositiveIntegerField(_("target hours to a decision"), default=24)
    allow_silent_fixes = models.BooleanField(
        _("allow silent typo fixes"),
        default=False,
        help_text=_("Typos may be fixed without a public correction notice."),
    )
    require_proof_of_work = models.BooleanField(
        _("require the widget's proof of work"),
        default=True,
        help_text=_(
            "Reports must carry a solved proof-of-work challenge, which the widget computes "
            "invisibly; turn off for sites that post reports from their own servers."
        ),
    )
    contact_retention_days = models.PositiveIntegerField(
        _("days to keep reporters' emails"),
        default=90,
        help_text=_(
            "Counted from the report while its case is open, from the closing once it is closed."
        ),
    )
    webhook_url = models.URLField(
        _("webhook URL"),
        max_length=500,
        blank=True,
        help_text=_("Where errata posts each correction of an article your CMS hosts."),
    )
    webhook_secret = models.CharField(
        _("webhook secret"),
        max_length=100,
        blank=True,
        help_text=_("Key of the HMAC-SHA256 signature of each webhook (docs/desk.md)."),
    )
    spelling_variants = models.CharField(
        _("spelling variants"),
        max_length=12,
        choices=SpellingVariants.choices,
        default=SpellingVariants.BOTH,
        help_text=_(
            "Whether the spelling check accepts the 1990 reform's spellings (connaitre, "
            "évènement) as well as the classic ones, or shows them as possible errors."
        ),
    )
    article_selector = models.CharField(
        _("article selector"),
        max_length=ARTICLE_SELECTOR_MAX,
        blank=True,
        help_text=_(
            "A CSS selector for the article's container on your pages, e.g. div.article-body; "
            "the widget tries it right after data-errata-article. Empty: the widget decides."
        ),
    )
    url_rule = models.CharField(
        _("article URL rule"),
        max_length=12,
        choices=UrlRule.choices,
        default=UrlRule.SAME_HOST,
        help_text=_(
            "Same host: an article URL on http or https, with or without www., of an allowed "
            "origin's host is accepted and stored under that origin. Exact: only the listed "
            "origins."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name = _("site")

    def __str__(self) -> str:
        return self.name

    @property
    def sla(self) -> timedelta:
        return timedelta(hours=self.sla_hours)

    def allowed_origins(self) -> frozenset[str]:
        """The site's allowed origins, normalised as `origin_of` gives them (one query)."""
        return frozenset(self.origins.values_list("origin", flat=True))

    def allows_origin(self, origin: str) -> bool:
        return self.origins.filter(origin=origin_of(origin)).exists()

    def allows_url(self, url: str, origins: frozenset[str] | None = None) -> bool:
        """Whether an article URL lies under the site's allowed origins, by its URL rule.

        `origins`: the site's `allowed_origins()` when the caller already has them.
        """
        return self._origin_for(url, self.allowed_origins() if origins is None else origins) != ""

    def canonical_article_url(self, url: str, origins: frozenset[str] | None = None) -> str:
        """The article's identity on this site: `canonical_url(url)`, its origin replaced by
        the allowed origin it stands for under the same-host rule, so that the http and
        https, www. and bare forms of one page land on one article. A URL the site does not
        allow is returned as `canonical_url` gives it."""
        found = self._origin_for(url, self.allowed_origins() if origins is None else origins)
        canonical = canonical_url(url)
        if not found or found == origin_of(canonical):
            return canonical
        parts = urlsplit(canonical)
        scheme, netloc = found.split("://", 1)
        return urlunsplit((scheme, netloc, parts.path, parts.query, ""))

    def _origin_for(self, url: str, origins: frozenset[str]) -> str:
        """The allowed origin that `url` falls under, "" for none. An exactly listed origin
        is itself; otherwise (same-host rule) the listed origin of the same host, https
        before http, the same host spelling (www. or not) before the other."""
        origin = origin_of(url)
        if origin in origins:
            return origin
        if self.url_rule != UrlRule.SAME_HOST or urlsplit(origin).scheme not in {"http", "https"}:
            return ""
        key, host = _host_key(origin), urlsplit(origin).hostname
        candidates = [listed for listed in origins if _host_key(listed) == key]
        if not candidates or not key[0]:
            return ""
        return min(
            candidates,
            key=lambda c: (not c.startswith("https:"), urlsplit(c).hostname != host, c),
        )


class SiteOrigin(models.Model):
    """An origin (scheme, host, port) whose pages may embed the widget and whose articles
    readers may report; also the CORS allow-list for the site."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="origins")
    origin = models.CharField(
        _("origin"),
        max_length=255,
        validators=[
            RegexValidator(r"^https?://[a-z0-9.\-\[\]:]+$", _("Use scheme://host[:port].")),
        ],
        db_index=True,
    )

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["site", "origin"], name="unique_site_origin")
        ]
        verbose_name = _("allowed origin")

    def __str__(self) -> str:
        return self.origin

    def save(self, *args: object, **kwargs: object) -> None:
        self.origin = origin_of(self.origin)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class ApiKey(IssuedSecret):
    """A secret key a publisher's CMS uses; shown once at creation, stored hashed."""

    PREFIX = "ek_"
    OWNER = "site"

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="api_keys")

    class Meta:
        verbose_name = _("API key")


class Membership(models.Model):
    """A desk user's role on one site; a user sees only the sites they belong to."""

    class Role(models.TextChoices):
        EDITOR = "editor", _("Editor")
        ADMIN = "admin", _("Administrator")

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role, default=Role.EDITOR)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["site", "user"], name="unique_site_member")
        ]
        verbose_name = _("membership")

    def __str__(self) -> str:
        return f"{self.user} — {self.site} ({self.get_role_display()})"
