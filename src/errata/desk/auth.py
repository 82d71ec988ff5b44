"""Signing in and out of the desk (Django auth, argon2 hashes), with login throttling."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from errata.api.request import client_ip
from errata.desk import throttle


class ThrottledLoginForm(AuthenticationForm):
    """Sign-in counted per (username, address); the admin's form builds on it (admin.py)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": _("Too many failed attempts. Wait %(minutes)s minutes before trying again."),
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        ip = client_ip(self.request) if self.request else ""
        if throttle.is_locked(username, ip):
            raise forms.ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": throttle.LOCK_SECONDS // 60},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttle.record_failure(username, ip)
            raise
        throttle.clear(username, ip)
        return cleaned


class LoginView(auth_views.LoginView):
    template_name = "errata/desk/login.html"
    authentication_form = ThrottledLoginForm
    redirect_authenticated_user = True
    next_page = "desk:queue"  # resolve_url() takes URL names

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_invalid(form)
        throttled = form.has_error(NON_FIELD_ERRORS, "throttled")
        response.status_code = 429 if throttled else 200
        return response


class LogoutView(auth_views.LogoutView):
    next_page = "desk:login"
