"""The API reference: the OpenAPI document is pinned by a snapshot, and its page renders.

A change to the public contract shows up here as a diff to review, never silently. After an
intended change, rewrite the snapshot and commit it with the change:

    ERRATA_UPDATE_SNAPSHOTS=1 pytest tests/functional/test_openapi.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from django.test import Client

SNAPSHOT = Path(__file__).resolve().parents[1] / "snapshots" / "openapi.json"
UPDATE = "ERRATA_UPDATE_SNAPSHOTS=1 pytest tests/functional/test_openapi.py"


def pretty(document: object) -> str:
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_the_openapi_document_matches_the_snapshot(client: Client) -> None:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    generated = pretty(response.json())

    if os.environ.get("ERRATA_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(generated, encoding="utf-8")
    recorded = SNAPSHOT.read_text(encoding="utf-8") if SNAPSHOT.exists() else ""

    assert generated == recorded, (
        f"The API's OpenAPI document differs from {SNAPSHOT.name}. If the change is "
        f"intended, update the snapshot with `{UPDATE}` and review the diff."
    )


def test_the_snapshot_documents_the_public_contract() -> None:
    document = json.loads(SNAPSHOT.read_text(encoding="utf-8"))

    assert document["openapi"].startswith("3.")
    assert "post" in document["paths"]["/api/v1/reports"]
    problem = document["paths"]["/api/v1/reports"]["post"]["responses"]["422"]
    assert problem["content"]["application/problem+json"]["schema"] == {
        "$ref": "#/components/schemas/ProblemOut"
    }
    members = document["components"]["schemas"]["ProblemOut"]["properties"]
    assert {"type", "title", "status", "detail", "code", "field", "errors"} <= set(members)
    assert {"retry_after", "scope", "max_bytes"} <= set(members)


def test_every_error_is_documented_with_the_media_type_it_is_sent_with(client: Client) -> None:
    document = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                if int(status) >= 400:
                    assert list(response["content"]) == ["application/problem+json"], (
                        method,
                        path,
                        status,
                    )

    sent = client.post("/api/v1/reports", data={}, content_type="application/json")
    assert sent["Content-Type"].startswith("application/problem+json")


def test_the_api_reference_page_renders(client: Client) -> None:
    response = client.get("/api/docs")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert b"/api/openapi.json" in response.content
