"""The desk's pages: the queue (and its polled rows), the case page, the API tokens page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from errata.desk import forms
from errata.desk.casepage import render_case
from errata.desk.pages import desk_page, render_desk
from errata.models import DeskToken, Membership
from errata.services import queue as case_queue
from errata.services import webhooks
from errata.services.permissions import case_for, not_found, sites_of

QUEUE_PAGE = 200


def _queue_context(request: HttpRequest) -> dict[str, object]:
    form = forms.QueueForm(request.GET)
    filters = form.filters()
    rows = list(case_queue.queue(request.user, filters)[:QUEUE_PAGE])
    sites = list(sites_of(request.user))
    # The site whose stats and audit the menu links to: the filtered one, or the only one.
    current = next(
        (s for s in sites if s.slug == filters.site), sites[0] if len(sites) == 1 else None
    )
    return {
        "site": current,
        "form": form,
        "filters": filters,
        "rows": [(case, case_queue.is_overdue(case)) for case in rows],
        "arriving": case_queue.arriving(request.user, filters),
        "counts": case_queue.status_counts(request.user, filters),
        "sites": sites,
        "people": sorted(
            set(
                Membership.objects.filter(site__in=sites, user__is_active=True).values_list(
                    "user__username", flat=True
                )
            )
        ),
        "query": request.GET.urlencode(),
        "limit": QUEUE_PAGE,
        "manual_edits": webhooks.awaiting_manual_edit(
            [current] if current is not None and filters.site else sites
        ),
    }


@require_GET
@desk_page
def queue(request: HttpRequest) -> HttpResponse:
    return render_desk(request, "errata/desk/queue.html", _queue_context(request))


@require_GET
@desk_page
def queue_rows(request: HttpRequest) -> HttpResponse:
    """The queue's table and counts alone: htmx polls it so new cases appear."""
    return render_desk(request, "errata/desk/_queue_rows.html", _queue_context(request))


@require_GET
@desk_page
def case_page(request: HttpRequest, site: str, reference: str) -> HttpResponse:
    return render_case(request, case_for(request.user, reference, site))


@require_http_methods(["GET", "POST"])
@desk_page
def tokens(request: HttpRequest) -> HttpResponse:
    """The person's own API tokens for /api/v1/cases; a new one is shown once."""
    form = forms.TokenForm(request.POST or None)
    raw = None
    if request.method == "POST" and form.is_valid():
        _token, raw = DeskToken.issue(request.user, form.cleaned_data["name"])
        form = forms.TokenForm()
    assert request.user.is_authenticated  # desk_page let only people in
    listed = DeskToken.objects.filter(user=request.user, revoked_at__isnull=True)
    return render_desk(
        request, "errata/desk/tokens.html", {"form": form, "tokens": listed, "raw": raw}
    )


@require_POST
@desk_page
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    if not DeskToken.revoke(request.user, token_id):
        raise not_found("token")
    return redirect("desk:tokens")
