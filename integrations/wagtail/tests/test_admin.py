"""The admin's Corrections listing: what editors see of the corrections errata sent."""

from django.contrib.auth import get_user_model

from conftest import correction, sign


def test_the_listing_shows_each_correction_and_its_outcome(
    errata, publish, client, django_capture_on_commit_callbacks
):
    page = publish("<p>Un budget de 1,2 milliard.</p>")
    body = correction(page, "1,2 milliard", "1,3 milliard", notice="Le budget était mal indiqué.")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/errata/webhook/", body, content_type="application/json", headers=sign(body))
    admin = get_user_model().objects.create_superuser("chef", "chef@example.org", "pw")
    client.force_login(admin)

    listing = client.get("/admin/errata_corrections/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Lyon adopte son budget" in html
    assert "Applied" in html
    assert "ERR-2026-00042" in html

    notice_id = page.errata_corrections.get().pk
    inspect = client.get(f"/admin/errata_corrections/inspect/{notice_id}/")
    assert inspect.status_code == 200
    assert "Le budget était mal indiqué." in inspect.content.decode()


def test_nobody_adds_or_deletes_a_correction_in_the_admin(
    errata, publish, client, django_capture_on_commit_callbacks
):
    page = publish("<p>Un budget de 1,2 milliard.</p>")
    body = correction(page, "1,2 milliard", "1,3 milliard", notice="Le budget était mal indiqué.")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/errata/webhook/", body, content_type="application/json", headers=sign(body))
    admin = get_user_model().objects.create_superuser("chef", "chef@example.org", "pw")
    client.force_login(admin)
    notice_id = page.errata_corrections.get().pk

    listing = client.get("/admin/errata_corrections/").content.decode()
    assert "/admin/errata_corrections/new/" not in listing
    # The views themselves refuse, not only the missing button.
    assert client.get("/admin/errata_corrections/new/").status_code in {302, 403}
    assert client.get(f"/admin/errata_corrections/delete/{notice_id}/").status_code in {302, 403}
    assert page.errata_corrections.count() == 1
