"""Administrators' page for one reader's data: export it, erase it, and the log of both.

Each action is one call to `errata.services.readers`, scoped to the page's site; the
address travels in a POST body, never in a URL (URLs end up in access logs).
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from errata.desk import forms
from errata.desk.pages import desk_page, render_desk
from errata.models import Membership, Site
from errata.services import readers
from errata.services.permissions import site_for

ADMIN = Membership.Role.ADMIN
LOG_LENGTH = 50


def _page(request: HttpRequest, site: Site, status: int = 200, **extra: Any) -> HttpResponse:
    context: dict[str, Any] = {
        "site": site,
        "export_form": forms.ReaderForm(),
        "erase_form": forms.EraseReaderForm(),
        "log": readers.requests(site)[:LOG_LENGTH],
        **extra,
    }
    return render_desk(request, "errata/desk/readers.html", context, status=status)


@require_GET
@desk_page
def reader_data(request: HttpRequest, site: str) -> HttpResponse:
    return _page(request, site_for(request.user, site, ADMIN))


@require_POST
@desk_page
def export(request: HttpRequest, site: str) -> HttpResponse:
    """The reader's data as a JSON download."""
    the_site = site_for(request.user, site, ADMIN)
    form = forms.ReaderForm(request.POST)
    if not form.is_valid():
        return _page(request, the_site, status=422, export_form=form)
    data = readers.export(request.user, form.cleaned_data["email"], site=the_site)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    day = timezone.now().date().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="errata-reader-{the_site.slug}-{day}.json"'
    )
    return response


@require_POST
@desk_page
def erase(request: HttpRequest, site: str) -> HttpResponse:
    the_site = site_for(request.user, site, ADMIN)
    form = forms.EraseReaderForm(request.POST)
    if not form.is_valid():
        return _page(request, the_site, status=422, erase_form=form)
    done = readers.erase(
        request.user, form.cleaned_data["email"], site=the_site, texts=form.cleaned_data["texts"]
    )
    messages.success(
        request,
        _(
            "Erased: %(reports)s report(s), %(replies)s reply(ies), %(notes)s note(s), "
            "%(mentions)s other mention(s)."
        )
        % {
            "reports": done.reports,
            "replies": done.replies,
            "notes": done.notes,
            "mentions": done.mentions,
        },
    )
    return redirect("desk:reader-data", site=the_site.slug)
