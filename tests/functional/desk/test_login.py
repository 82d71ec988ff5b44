"""Signing in to the desk: the form, argon2 hashes, and throttling of failed attempts."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from errata import models
from errata.desk import throttle
from tests.functional.desk.cases import PASSWORD, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def claire(site: models.Site) -> Any:
    return member(site, username="claire", password=PASSWORD)


def sign_in(client: Client, password: str, username: str = "claire", **extra: Any) -> Any:
    return client.post(
        "/desk/login/", {"username": username, "password": password, "next": "/desk/"}, **extra
    )


def test_an_editor_signs_in_and_lands_on_the_queue(claire: Any) -> None:
    client = Client()
    response = sign_in(client, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/desk/"
    assert client.get("/desk/").status_code == 200
    stored = get_user_model().objects.get(username="claire").password
    assert stored.startswith("argon2$")


def test_a_wrong_password_is_refused(claire: Any) -> None:
    response = sign_in(Client(), "not the password")
    assert response.status_code == 200
    assert "_auth_user_id" not in response.client.session


def test_after_five_failures_even_the_right_password_waits(claire: Any) -> None:
    client = Client()
    for _ in range(throttle.MAX_FAILURES):
        assert sign_in(client, "guess").status_code == 200

    locked = sign_in(client, PASSWORD)

    assert locked.status_code == 429
    assert "Too many failed attempts" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Another address is not locked out by this one's failures.
    assert sign_in(Client(), PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 302


def test_the_lock_is_per_username_ignoring_case(claire: Any) -> None:
    for _ in range(throttle.MAX_FAILURES):
        sign_in(Client(), "guess", username="CLAIRE")
    assert sign_in(Client(), PASSWORD).status_code == 429
    assert sign_in(Client(), "x", username="someone-else").status_code == 200


def test_a_success_clears_the_count(claire: Any) -> None:
    for _ in range(throttle.MAX_FAILURES - 1):
        sign_in(Client(), "guess")
    assert sign_in(Client(), PASSWORD).status_code == 302
    for _ in range(throttle.MAX_FAILURES - 1):
        sign_in(Client(), "guess")
    assert sign_in(Client(), PASSWORD).status_code == 302


def test_signing_out_needs_a_post(claire: Any) -> None:
    client = Client()
    client.force_login(claire)
    assert client.get("/desk/logout/").status_code == 405
    assert client.post("/desk/logout/")["Location"] == "/desk/login/"
    assert client.get("/desk/").status_code == 302


def test_the_login_form_is_csrf_protected(claire: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    assert sign_in(client, PASSWORD).status_code == 403
