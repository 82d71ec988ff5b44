"""/admin/ is for operators: superusers only, secrets write-only, sign-in throttled."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from errata import models
from errata.desk import throttle
from tests import factories
from tests.functional.desk.cases import PASSWORD, member, open_case

pytestmark = pytest.mark.django_db
READER = "lectrice.secrete@example.org"


@pytest.fixture
def other_sites_reader(site: models.Site) -> models.Case:
    """A reader's email on a case of another site than the staff member's."""
    other = factories.SiteFactory(slug="autre-journal")
    article = factories.ArticleFactory(site=other)
    factories.ArticleVersionFactory(article=article)
    return open_case(article, reports=[{"contact_email": READER}])


def test_a_staff_editor_with_every_view_permission_is_kept_out(
    site: models.Site, other_sites_reader: models.Case
) -> None:
    # What `errata demo` used to grant: staff, and view rights on every model.
    editor = member(site, is_staff=True)
    editor.user_permissions.add(*Permission.objects.filter(codename__startswith="view_"))
    client = Client()
    client.force_login(editor)

    for path in ("/admin/", "/admin/errata/report/", "/admin/errata/case/"):
        response = client.get(path, follow=True)
        assert READER not in response.content.decode(), path
        assert response.redirect_chain, path
        assert response.redirect_chain[-1][0].startswith("/admin/login/"), path


def test_a_superuser_operates_every_site(other_sites_reader: models.Case) -> None:
    operator = factories.UserFactory(is_staff=True, is_superuser=True, password=None)
    client = Client()
    client.force_login(operator)

    response = client.get(f"/admin/errata/case/{other_sites_reader.pk}/change/")

    assert response.status_code == 200
    assert other_sites_reader.reference in response.content.decode()


def test_the_webhook_secret_is_never_shown_and_kept_when_left_empty(site: models.Site) -> None:
    site.webhook_url, site.webhook_secret = "https://cms.example.org/hook", "whsec-do-not-show"
    site.save()
    operator = factories.UserFactory(is_staff=True, is_superuser=True, password=None)
    client = Client()
    client.force_login(operator)
    url = f"/admin/errata/site/{site.pk}/change/"

    page = client.get(url)
    assert page.status_code == 200
    assert "whsec-do-not-show" not in page.content.decode()

    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list)
    }
    data.update(_inline_management(page.context))
    kept = client.post(url, data)
    assert kept.status_code == 302, kept.content.decode()[:2000]
    site.refresh_from_db()
    assert site.webhook_secret == "whsec-do-not-show"

    replaced = client.post(url, {**data, "webhook_secret": "whsec-new"})
    assert replaced.status_code == 302
    site.refresh_from_db()
    assert site.webhook_secret == "whsec-new"


def _inline_management(context: Any) -> dict[str, Any]:
    """The inline formsets' management fields and rows, as the page rendered them."""
    data: dict[str, Any] = {}
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[f"{formset.prefix}-{name}"] = management[name].value()
        for form in formset.initial_forms:
            for name in form.fields:
                value = form[name].value()
                if value is not None:
                    data[f"{form.prefix}-{name}"] = value
    return data


def test_admin_sign_in_is_throttled_like_the_desk(site: models.Site) -> None:
    factories.UserFactory(username="root", is_staff=True, is_superuser=True, password=PASSWORD)
    client = Client()

    def sign_in(password: str) -> Any:
        return client.post("/admin/login/?next=/admin/", {"username": "root", "password": password})

    for _ in range(throttle.MAX_FAILURES):
        assert sign_in("wrong").status_code == 200
    refused = sign_in(PASSWORD)

    assert refused.status_code == 200  # the form again, not the redirect of a success
    assert "Too many failed attempts" in refused.content.decode()
    assert client.get("/admin/").status_code == 302


def test_setup_changes_in_the_admin_are_checked_and_audited(site: models.Site) -> None:
    operator = factories.UserFactory(
        username="root", is_staff=True, is_superuser=True, password=None
    )
    client = Client()
    client.force_login(operator)
    url = f"/admin/errata/site/{site.pk}/change/"
    page = client.get(url)
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list)
    }
    data.update(_inline_management(page.context))
    [origins] = [
        i.formset
        for i in page.context["inline_admin_formsets"]
        if i.formset.model is models.SiteOrigin
    ]
    extra = f"{origins.prefix}-{origins.initial_form_count()}"
    data[f"{origins.prefix}-TOTAL_FORMS"] = origins.initial_form_count() + 1
    data[f"{extra}-origin"] = "https://www.quotidien.example"

    refused = client.post(url, {**data, "article_selector": "div {"})
    saved = client.post(url, {**data, "article_selector": "div.body", "url_rule": "exact"})

    assert refused.status_code == 200  # the form again, with the error
    assert saved.status_code == 302
    site.refresh_from_db()
    assert (site.article_selector, site.url_rule) == ("div.body", "exact")
    audit = {
        (c.setting, c.old_value, c.new_value, c.actor_name, c.channel)
        for c in models.SiteChange.objects.for_site(site)
    }
    assert audit == {
        ("article_selector", "", "div.body", "root", "admin"),
        ("url_rule", "same-host", "exact", "root", "admin"),
        ("origins", "", "https://www.quotidien.example", "root", "admin"),
    }
