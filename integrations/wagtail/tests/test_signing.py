"""errata's Standard Webhooks signature: what the app accepts and what it refuses."""

import time

import pytest

from conftest import SECRET, sign
from errata_wagtail.signing import SignatureError, verify

BODY = b'{"type": "correction.published", "data": {}}'


def test_a_fresh_signature_with_the_site_secret_is_accepted():
    assert verify(SECRET, sign(BODY), BODY) == {"type": "correction.published", "data": {}}


def test_a_secret_outside_the_whsec_format_is_used_as_its_utf8_bytes():
    secret = "plain secret, not base64"
    assert verify(secret, sign(BODY, secret=secret), BODY)["data"] == {}


def test_one_valid_signature_among_several_is_enough():
    headers = sign(BODY)
    headers["webhook-signature"] = "v1,bm9wZQ== " + headers["webhook-signature"]
    assert verify(SECRET, headers, BODY)


def test_the_five_minute_window_is_enforced_at_its_edges():
    now = int(time.time())
    assert verify(SECRET, sign(BODY, stamp=now - 280), BODY)
    with pytest.raises(SignatureError, match="too old"):
        verify(SECRET, sign(BODY, stamp=now - 320), BODY)


@pytest.mark.parametrize(
    ("headers", "body"),
    [
        pytest.param(sign(BODY), BODY.replace(b"{}", b'{"x": 1}'), id="tampered body"),
        pytest.param(sign(BODY, secret="whsec_b3RoZXIgc2VjcmV0"), BODY, id="wrong secret"),
        pytest.param(sign(BODY, stamp=1_700_000_000), BODY, id="too old"),
        pytest.param(sign(BODY, stamp=4_000_000_000), BODY, id="from the future"),
        pytest.param({**sign(BODY), "webhook-id": "msg_2"}, BODY, id="another id"),
        pytest.param({**sign(BODY), "webhook-signature": "v1,garbage"}, BODY, id="garbled"),
        pytest.param({**sign(BODY), "webhook-signature": "nonsense"}, BODY, id="no version"),
        pytest.param({"webhook-id": "msg_1"}, BODY, id="headers missing"),
    ],
)
def test_anything_else_is_refused(headers, body):
    with pytest.raises(SignatureError):
        verify(SECRET, headers, body)


def test_without_a_secret_nothing_is_accepted():
    with pytest.raises(SignatureError, match="ERRATA_WEBHOOK_SECRET"):
        verify("", sign(BODY, secret="x"), BODY)
