"""The OpenAPI document and the interactive docs."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_schema_generates_and_validates_without_warnings(tmp_path):
    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--file",
        str(tmp_path / "schema.yaml"),
        stderr=io.StringIO(),
    )
    assert "PublishedClaim" in (tmp_path / "schema.yaml").read_text()


def test_schema_is_served_and_describes_the_published_json(client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.1")
    detail = schema["paths"]["/api/v1/claims/{slug}/"]["get"]["responses"]["200"]
    ref = detail["content"]["application/json"]["schema"]["$ref"]
    assert ref == "#/components/schemas/PublishedClaim"
    assert "PublishedClaimFigureFields" in schema["components"]["schemas"]
    for path in ("/api/v1/export.json", "/api/v1/export.jsonl", "/api/v1/export.csv"):
        assert path in schema["paths"]


def test_docs_page_loads_its_assets_locally_and_runs_no_inline_script(client):
    page = client.get("/api/docs/").content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
    assert scripts and all('src="' in attrs and not code.strip() for attrs, code in scripts)
    for url in re.findall(r'(?:src|href)="([^"]+)"', page):
        assert not url.startswith(("http://", "https://", "//")), url
    init = client.get("/api/docs/?script=")
    assert init.status_code == 200 and "SwaggerUIBundle" in init.content.decode()
    bundle = re.search(r'src="/static/([^"]*swagger-ui-bundle\.js)"', page).group(1)
    assert finders.find(bundle)  # shipped by drf-spectacular-sidecar, served by whitenoise
