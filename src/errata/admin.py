"""Django admin for operators: sites and keys are editable; readers' data is read-only.

Editors work in the desk (/desk/), where every page is scoped to their sites; the admin is
for whoever runs the instance, and sees every site. So only superusers get in, whatever
`is_staff` or model permissions an account has (`admin_site.py`), and its sign-in is
throttled like the desk's. Reports, cases and their history are shown, never edited here,
so no change escapes the case history (the service layer writes it). Secrets are
write-only: a webhook secret can be replaced here, never read.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import URLField
from django.http import HttpRequest

from errata import models
from errata.errors import Problem
from errata.models import SiteChangeChannel
from errata.services import article_selector, site_setup


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SiteOriginInline(admin.TabularInline):  # type: ignore[type-arg]
    model = models.SiteOrigin
    extra = 1


class ApiKeyInline(admin.TabularInline):  # type: ignore[type-arg]
    model = models.ApiKey
    extra = 0
    fields = ("name", "hint", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("name", "hint", "created_at", "last_used_at")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # keys are issued by `errata createsite` / the desk, shown once


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = models.Membership
    extra = 0
    autocomplete_fields = ("user",)


class SiteForm(forms.ModelForm):  # type: ignore[type-arg]
    """The webhook secret is write-only: never rendered, kept when left empty."""

    webhook_secret = forms.CharField(
        required=False,
        max_length=100,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text="Write-only: a new secret replaces the current one; leave empty to keep it.",
    )

    # No Meta: the admin builds the model form from SiteAdmin (and its URL widgets).

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial["webhook_secret"] = ""

    def clean_webhook_secret(self) -> str:
        given: str = self.cleaned_data.get("webhook_secret") or ""
        return given or (self.instance.webhook_secret if self.instance.pk else "")

    def clean_article_selector(self) -> str:
        try:
            return article_selector.checked(self.cleaned_data.get("article_selector") or "")
        except Problem as problem:
            raise forms.ValidationError(problem.detail) from None


@admin.register(models.Site)
class SiteAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = SiteForm
    formfield_overrides = {URLField: {"assume_scheme": "https"}}
    list_display = ("name", "slug", "language", "public_key", "sla_hours")
    search_fields = ("name", "slug")
    readonly_fields = ("public_key", "created_at")
    inlines = (SiteOriginInline, ApiKeyInline, MembershipInline)

    # Changes made here are audited like the desk's and the shell's (SiteChange).
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            site_setup.record_settings(request.user, obj, SiteChangeChannel.ADMIN)
        super().save_model(request, obj, form, change)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not models.SiteOrigin:
            super().save_formset(request, form, formset, change)
            return
        before = {f.instance.pk: f.initial.get("origin", "") for f in formset.initial_forms}
        super().save_formset(request, form, formset, change)
        site, channel = form.instance, SiteChangeChannel.ADMIN
        for allowed in formset.new_objects:
            site_setup.record_origin(request.user, site, channel, added=allowed.origin)
        for allowed in formset.deleted_objects:
            site_setup.record_origin(request.user, site, channel, removed=before[allowed.pk])
        for allowed, _fields in formset.changed_objects:
            site_setup.record_origin(request.user, site, channel, removed=before[allowed.pk])
            site_setup.record_origin(request.user, site, channel, added=allowed.origin)


@admin.register(models.Article)
class ArticleAdmin(ReadOnlyAdmin):
    list_display = ("title", "url", "site", "language", "source", "created_at")
    list_filter = ("site", "source", "language")
    search_fields = ("title", "url")


@admin.register(models.ArticleVersion)
class ArticleVersionAdmin(ReadOnlyAdmin):
    list_display = ("article", "source", "created_at", "text_hash")
    list_filter = ("site", "source")


class ReportInline(admin.StackedInline):  # type: ignore[type-arg]
    model = models.Report
    extra = 0
    can_delete = False
    fields = ("category", "quote", "comment", "suggestion", "language", "status", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CaseEventInline(admin.TabularInline):  # type: ignore[type-arg]
    model = models.CaseEvent
    extra = 0
    can_delete = False
    fields = ("created_at", "kind", "actor", "old_status", "new_status", "note")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(models.Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ("reference", "site", "article", "status", "category", "priority", "due_at")
    list_filter = ("site", "status", "category", "anchor_state")
    search_fields = ("reference", "quote")
    inlines = (ReportInline, CaseEventInline)


@admin.register(models.Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ("case", "category", "status", "language", "spam_score", "created_at")
    list_filter = ("site", "status", "category")
    exclude = ("ip_hash",)


@admin.register(models.Correction)
class CorrectionAdmin(ReadOnlyAdmin):
    list_display = ("article", "kind", "published_at", "site")
    list_filter = ("site", "kind")


@admin.register(models.SeverityRule)
class SeverityRuleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "site", "kind", "weight", "active")
    list_filter = ("site", "kind", "active")
    list_editable = ("weight", "active")
    search_fields = ("name", "terms")


@admin.register(models.Reply)
class ReplyAdmin(ReadOnlyAdmin):
    list_display = ("case", "language", "status", "attempts", "sent_at")
    list_filter = ("site", "status")


@admin.register(models.SiteChange)
class SiteChangeAdmin(ReadOnlyAdmin):
    """The audit of sites' setup changes: read-only, and never deleted."""

    list_display = (
        "created_at",
        "site",
        "setting",
        "old_value",
        "new_value",
        "actor_name",
        "channel",
    )
    list_filter = ("site", "kind", "channel")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(models.ReaderRequest)
class ReaderRequestAdmin(ReadOnlyAdmin):
    """The audit of readers' data exports and erasures: read-only, and never deleted."""

    list_display = (
        "created_at", "site", "kind", "actor_name", "channel", "address_hint", "reports", "replies",
    )  # fmt: skip
    list_filter = ("site", "kind", "channel")
    search_fields = ("address_hash",)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
