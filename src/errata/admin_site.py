"""The admin site errata installs in place of Django's default (apps.OperatorsAdminConfig).

The admin sees every site's data, readers' emails included, so it is for the instance's
operators: only active superusers get in, whatever `is_staff` or model permissions an
account has. Its sign-in is throttled like the desk's. Kept apart from admin.py, which
registers the models on this site, because the site is built while admin.py is imported.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.http import HttpRequest

from errata.desk.auth import ThrottledLoginForm


class OperatorsLoginForm(ThrottledLoginForm, AdminAuthenticationForm):
    pass


class OperatorsAdminSite(admin.AdminSite):
    site_header = "errata: operators"
    login_form = OperatorsLoginForm

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_superuser)
