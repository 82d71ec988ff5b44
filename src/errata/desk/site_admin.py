"""Administrators' page for a site: its settings, its setup (allowed origins, article
selector, URL rule) with the latest changes to it, its members, its CMS API keys."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from errata.desk import forms
from errata.desk.pages import desk_page, render_desk
from errata.errors import Problem
from errata.models import ApiKey, Membership, Site, SiteOrigin
from errata.services import site_setup, sites
from errata.services.permissions import not_found, site_for

ADMIN = Membership.Role.ADMIN


def _page(request: HttpRequest, site: Site, status: int = 200, **extra: Any) -> HttpResponse:
    initial = {
        name: getattr(site, name)
        for name in (
            "name", "language", "sla_hours", "allow_silent_fixes",
            "contact_retention_days", "webhook_url", "spelling_variants",
        )
    }  # fmt: skip
    context: dict[str, Any] = {
        "site": site,
        "settings_form": forms.SiteSettingsForm(initial=initial),
        "setup_form": forms.SiteSetupForm(
            initial={"article_selector": site.article_selector, "url_rule": site.url_rule}
        ),
        "origin_form": forms.OriginForm(),
        "origins": SiteOrigin.objects.filter(site=site).order_by("origin"),
        "changes": site_setup.recent_changes(site),
        "member_form": forms.MemberForm(),
        "key_form": forms.TokenForm(),
        "members": Membership.objects.filter(site=site).select_related("user").order_by("pk"),
        "keys": ApiKey.objects.filter(site=site, revoked_at__isnull=True).order_by("-pk"),
        **extra,
    }
    return render_desk(request, "errata/desk/site_admin.html", context, status=status)


@require_GET
@desk_page
def site_admin(request: HttpRequest, site: str) -> HttpResponse:
    return _page(request, site_for(request.user, site, ADMIN))


def _refused(request: HttpRequest, site: Site, problem: Problem, **bound: Any) -> HttpResponse:
    if problem.status in (403, 404):
        raise problem
    return _page(request, site, status=problem.status, problem=problem, **bound)


def _submit(
    request: HttpRequest,
    site: str,
    form_class: type[django_forms.Form],
    context_name: str,
    apply: Callable[[Site, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """One form of the page: validate it, hand it to its service, and come back to the page
    with a message; an invalid form or a refusal shows the page again with the form as sent."""
    the_site = site_for(request.user, site, ADMIN)
    form = form_class(request.POST)
    if not form.is_valid():
        return _page(request, the_site, status=422, **{context_name: form})
    try:
        apply(the_site, dict(form.cleaned_data))
    except Problem as problem:
        return _refused(request, the_site, problem, **{context_name: form})
    messages.success(request, done)
    return redirect("desk:site-admin", site=the_site.slug)


@require_POST
@desk_page
def save_settings(request: HttpRequest, site: str) -> HttpResponse:
    def apply(the_site: Site, data: dict[str, Any]) -> None:
        data["webhook_secret"] = data["webhook_secret"] or None
        sites.update_settings(request.user, the_site, **data)

    return _submit(
        request, site, forms.SiteSettingsForm, "settings_form", apply, _("The settings are saved.")
    )


@require_POST
@desk_page
def save_setup(request: HttpRequest, site: str) -> HttpResponse:
    def apply(the_site: Site, data: dict[str, Any]) -> None:
        site_setup.update_setup(request.user, the_site, **data)

    return _submit(
        request, site, forms.SiteSetupForm, "setup_form", apply, _("The setup is saved.")
    )


@require_POST
@desk_page
def add_origin(request: HttpRequest, site: str) -> HttpResponse:
    def apply(the_site: Site, data: dict[str, Any]) -> None:
        site_setup.add_origin(request.user, the_site, data["origin"])

    return _submit(
        request, site, forms.OriginForm, "origin_form", apply, _("The origin is allowed.")
    )


@require_POST
@desk_page
def remove_origin(request: HttpRequest, site: str, origin_id: int) -> HttpResponse:
    the_site = site_for(request.user, site, ADMIN)
    allowed = SiteOrigin.objects.filter(site=the_site, pk=origin_id).first()
    if allowed is None:
        raise not_found("allowed origin")
    site_setup.remove_origin(request.user, the_site, allowed.origin)
    messages.success(request, _("The origin is no longer allowed."))
    return redirect("desk:site-admin", site=the_site.slug)


@require_POST
@desk_page
def add_member(request: HttpRequest, site: str) -> HttpResponse:
    def apply(the_site: Site, data: dict[str, Any]) -> None:
        sites.add_member(request.user, the_site, **data)

    return _submit(request, site, forms.MemberForm, "member_form", apply, _("The member is saved."))


@require_POST
@desk_page
def remove_member(request: HttpRequest, site: str, membership_id: int) -> HttpResponse:
    the_site = site_for(request.user, site, ADMIN)
    try:
        sites.remove_member(request.user, the_site, membership_id)
    except Problem as problem:
        return _refused(request, the_site, problem)
    messages.success(request, _("The member is removed."))
    return redirect("desk:site-admin", site=the_site.slug)


@require_POST
@desk_page
def issue_key(request: HttpRequest, site: str) -> HttpResponse:
    """A new CMS key, shown once on the page that answers."""
    the_site = site_for(request.user, site, ADMIN)
    form = forms.TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, the_site, status=422, key_form=form)
    _key, raw = sites.issue_api_key(request.user, the_site, form.cleaned_data["name"])
    return _page(request, the_site, raw_key=raw)


@require_POST
@desk_page
def revoke_key(request: HttpRequest, site: str, key_id: int) -> HttpResponse:
    the_site = site_for(request.user, site, ADMIN)
    sites.revoke_api_key(request.user, the_site, key_id)
    messages.success(request, _("The key is revoked."))
    return redirect("desk:site-admin", site=the_site.slug)
