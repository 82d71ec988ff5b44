"""Administrators' pages: the site's wording of correction notices and replies."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from errata import notices
from errata.desk.forms import TemplateForm
from errata.desk.pages import desk_page, render_desk
from errata.errors import Problem
from errata.models import Membership
from errata.services import wording
from errata.services.permissions import site_for


@require_GET
@desk_page
def templates(request: HttpRequest, site: str) -> HttpResponse:
    the_site = site_for(request.user, site, Membership.Role.ADMIN)
    context = {"site": the_site, "wordings": notices.all_wordings(the_site)}
    return render_desk(request, "errata/desk/templates.html", context)


@require_http_methods(["GET", "POST"])
@desk_page
def edit_template(
    request: HttpRequest, site: str, purpose: str, key: str, language: str
) -> HttpResponse:
    the_site = site_for(request.user, site, Membership.Role.ADMIN)
    current = wording.find(request.user, the_site, purpose, key, language)
    form = TemplateForm(
        request.POST or None, initial={"subject": current.text.subject, "body": current.text.body}
    )
    problem = None
    if request.method == "POST" and "reset" in request.POST:
        wording.reset(request.user, the_site, purpose, key, language)
        messages.success(request, _("The default wording is back."))
        return redirect("desk:templates", site=the_site.slug)
    if request.method == "POST" and form.is_valid():
        try:
            wording.save(request.user, the_site, purpose, key, language, **form.cleaned_data)
        except Problem as refused:
            problem = refused
        else:
            messages.success(request, _("The wording is saved."))
            return redirect("desk:templates", site=the_site.slug)
    context = {"site": the_site, "wording": current, "form": form, "problem": problem}
    status = 422 if request.method == "POST" else 200
    return render_desk(request, "errata/desk/template_edit.html", context, status=status)
