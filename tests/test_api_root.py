"""/api/v1/ lists every endpoint with its methods, from the served OpenAPI document."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_api_root_lists_every_endpoint_with_its_methods(api):
    response = api.get("/api/v1/")
    assert response.status_code == 200
    body = response.json()
    assert body["schema"].endswith("/api/schema/") and body["docs"].endswith("/api/docs/")
    listed = {e["path"]: e["methods"] for e in body["endpoints"]}
    assert set(listed["/api/v1/claims/"]) == {"GET", "POST"}
    assert set(listed["/api/v1/claims/{slug}/verdict/"]) == {"GET", "PUT", "DELETE"}
    assert set(listed["/api/v1/claims/{slug}/relations/{relation_id}/"]) == {"DELETE"}
    assert listed["/api/v1/workflow/"] == {
        "POST": "Submit or approve many claims and notes at once (all or nothing)"
    }
    assert "/api/v1/export.csv" in listed and "/api/v1/" not in listed


def test_the_readme_lists_every_endpoint_of_the_api(api):
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for endpoint in api.get("/api/v1/").json()["endpoints"]:
        path = endpoint["path"]
        # Workflow steps are listed once per resource, as `…/submit/`.
        step = path.rstrip("/").rsplit("/", 1)[-1]
        assert f"`{path}`" in readme or f"`…/{step}/`" in readme, path


RECORDS = tuple(
    f"/api/v1/{name}/" for name in ("claims", "notes", "citations", "speakers", "sources")
)


def test_reads_are_open_to_anonymous_clients_and_state_conflicts_are_documented():
    from tests.api_support import openapi_document

    paths = openapi_document()["paths"]
    for path, operations in paths.items():
        for method, operation in operations.items():
            if method == "get":
                assert {} in operation["security"], (path, method)
            elif method in ("post", "put", "patch", "delete") and path.startswith(RECORDS):
                assert {} not in operation.get("security", []), (path, method)
                assert "409" in operation["responses"], (path, method)


def test_a_state_conflict_answers_409_with_the_reason(api, editor):
    from claims.workflow import Status
    from tests.factories import ClaimFactory

    ClaimFactory(slug="pub", status=Status.PUBLISHED)
    api.force_login(editor)
    for response in (api.delete("/api/v1/claims/pub/"), api.post("/api/v1/claims/pub/submit/")):
        assert response.status_code == 409
        assert response.json()["detail"].startswith(("“", "Cannot submit"))
