"""What every desk page shares: sign-in required, and a refused action shown as a page."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from errata.errors import Problem
from errata.models import Membership, Site
from errata.services.permissions import membership

View = Callable[..., HttpResponse]


def desk_page(view: View) -> View:
    """Anonymous visitors go to the sign-in page; a Problem becomes its status and page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("desk:login"))
        try:
            return view(request, *args, **kwargs)
        except Problem as problem:
            return problem_page(request, problem)

    return wrapper


def problem_page(request: HttpRequest, problem: Problem) -> HttpResponse:
    return render(request, "errata/desk/problem.html", {"problem": problem}, status=problem.status)


def render_desk(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """Render a desk page; the menu offers a site's administration to its administrators."""
    site = context.get("site")
    if isinstance(site, Site):
        found = membership(request.user, site)
        context["site_admin"] = found is not None and found.role == Membership.Role.ADMIN
    return render(request, template, context, status=status)
