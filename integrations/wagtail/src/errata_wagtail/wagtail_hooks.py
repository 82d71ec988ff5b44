"""The admin's "Corrections" menu item: every correction errata sent and what became of it.

A read-mostly listing (Wagtail's ModelViewSet): the outcome, the page and the revision that
carries the correction; only the notice's wording can be edited (errata stays the record).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from errata_wagtail.models import CorrectionNotice


class ArrivesFromErrata(ModelPermissionPolicy):
    """Corrections arrive from errata's webhook only: nobody adds or deletes one here,
    superusers included; editing the notice's wording stays a model permission."""

    def user_has_permission(self, user, action):  # type: ignore[no-untyped-def]
        if action in {"add", "delete"}:
            return False
        return super().user_has_permission(user, action)


register_permission_policy(CorrectionNotice, ArrivesFromErrata(CorrectionNotice))


class CorrectionNoticeViewSet(ModelViewSet):
    model = CorrectionNotice
    icon = "warning"
    menu_label = _("Corrections")
    menu_order = 250
    add_to_admin_menu = True
    inspect_view_enabled = True
    list_display = (
        "page",
        "kind",
        "outcome",
        "case",
        "revision",
        "detail",
        "reported",
        "received_at",
    )
    list_filter = ("outcome", "kind")
    form_fields = ("text",)
    copy_view_enabled = False


@hooks.register("register_admin_viewset")
def register_viewset() -> CorrectionNoticeViewSet:
    return CorrectionNoticeViewSet("errata_corrections")
