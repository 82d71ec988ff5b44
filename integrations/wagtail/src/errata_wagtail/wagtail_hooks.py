"""The admin's "Corrections" menu item: every correction errata sent and what became of it.

A read-mostly listing (Wagtail's ModelViewSet): the outcome, the page and the revision that
carries the correction; only the notice's wording can be edited (errata stays the record).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from errata_wagtail.models import CorrectionNotice


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
