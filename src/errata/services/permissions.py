"""Who may do what on which site: the one place the desk, the API and the CLI ask.

A person works on a site through a `Membership` (editor or admin). Someone who is not a
member of a site gets 404, not 403: the desk never confirms that another publication's
case exists. A member whose role is too low gets 403.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from errata.errors import Problem
from errata.models import Case, Membership, Report, Site

Role = Membership.Role


def not_found(what: str = "case") -> Problem:
    return Problem(
        status=404, code="not-found", title="Not found", detail=f"No such {what} on your sites."
    )


def _is_person(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def membership(user: Any, site: Site) -> Membership | None:
    if not _is_person(user):
        return None
    return Membership.objects.filter(user=user, site=site).first()


def require_member(user: Any, site: Site, role: Role | None = None) -> Membership:
    """The user's membership of `site`; Problem 404 if none, 403 if `role` is not met.

    `role=Role.ADMIN` asks for an administrator; editors are every member.
    """
    found = membership(user, site)
    if found is None:
        raise not_found("site")
    if role is Role.ADMIN and found.role != Role.ADMIN:
        raise Problem(
            status=403,
            code="forbidden",
            title="Administrators only",
            detail="Only an administrator of this site may do this.",
        )
    return found


def sites_of(user: Any) -> QuerySet[Site]:
    """The sites a user belongs to, by name; none for anonymous or inactive users."""
    if not _is_person(user):
        return Site.objects.none()
    return Site.objects.filter(memberships__user=user).order_by("name", "pk")


def site_for(user: Any, slug: str, role: Role | None = None) -> Site:
    """The site `slug` if the user is a member (with `role`), else Problem 404/403."""
    site = sites_of(user).filter(slug=slug).first()
    if site is None:
        raise not_found("site")
    require_member(user, site, role)
    return site


def case_for(user: Any, reference: str, site: Site | str | None = None) -> Case:
    """The case `reference` on one of the user's sites.

    References are unique per site; when the user belongs to two sites that both have
    this reference, `site` (a Site or its slug) says which one, else Problem 409.
    """
    cases = Case.objects.filter(site__in=sites_of(user))
    if isinstance(site, Site):
        cases = cases.for_site(site)
    elif site:
        cases = cases.filter(site__slug=site)
    cases = cases.select_related("site", "article", "version", "assignee")
    found: list[Case] = list(cases.filter(reference=reference)[:2])
    if not found:
        # A reader quotes the reference reserved for their report; when the report joined
        # an earlier reader's case, that case is the one they mean (decision 19).
        filed = Report.objects.filter(reference=reference).values("case_id")
        found = list(cases.filter(pk__in=filed)[:2])
    if not found:
        raise not_found()
    if len(found) > 1:
        raise Problem(
            status=409,
            code="ambiguous-reference",
            title="Several of your sites have a case with this reference",
            detail="site: say which site the case belongs to.",
            field="site",
        )
    return found[0]
