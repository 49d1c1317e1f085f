"""The admin panel: every page renders for staff; changelists cost a constant number of queries."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations.models import Correction
from claims.models import Claim, Tag
from tests.factories import (
    CitationFactory,
    ClaimFactory,
    FigureFactory,
    NoteFactory,
    RelationFactory,
    SourceFactory,
    SpeakerFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db

OUR_APPS = {"claims", "annotations"}
OUR_MODELS = [m for m in admin.site._registry if m._meta.app_label in OUR_APPS]


def admin_url(model, action: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


@pytest.fixture
def staff_client(client, admin_user):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    client.force_login(admin_user)
    return client


def test_every_model_is_in_the_admin():
    names = {m._meta.model_name for m in OUR_MODELS}
    assert names >= {
        "speaker",
        "source",
        "tag",
        "claim",
        "figure",
        "claimrelation",
        "contextnote",
        "citation",
        "ratingscale",
        "rating",
        "verdict",
        "correction",
    }


@pytest.mark.parametrize("model", OUR_MODELS, ids=lambda m: m._meta.model_name)
def test_changelist_add_change_and_history_pages_render(staff_client, model):
    response = staff_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert staff_client.get(admin_url(model, "changelist") + "?q=ICE").status_code == 200
    assert staff_client.get(admin_url(model, "add")).status_code == 200
    obj = model._default_manager.first()
    if obj is not None:
        assert staff_client.get(admin_url(model, "change", obj.pk)).status_code == 200
        assert staff_client.get(admin_url(model, "history", obj.pk)).status_code == 200


def test_claim_page_shows_figures_notes_and_verdict(staff_client):
    claim = Claim.objects.get(slug="ndd-criminal-histories")
    page = staff_client.get(admin_url(Claim, "change", claim.pk)).content.decode()
    assert 'value="662,566"' in page and "662566.000000" not in page  # as readers write it
    assert "context notes attached to this claim" in page.lower()
    assert "These figures accumulate over four decades or more" in page
    assert "ContextNote_claims object" not in page  # each attached note by its title
    assert "Relations to other claims" in page
    assert "Missing context" in page


def test_admin_accepts_a_figure_written_with_thousands_separators(staff_client):
    from claims.models import Figure

    figure = Figure.objects.get(claim__slug="ndd-criminal-histories")
    url = admin_url(Figure, "change", figure.pk)
    page = staff_client.get(url)
    form = page.context["adminform"].form
    payload = {
        name: ("" if value is None else value)
        for name, value in ((n, form[n].value()) for n in form.fields)
    }
    payload["value"] = "662,567"
    payload["claim"] = figure.claim_id
    payload["part_of"] = figure.part_of_id or ""
    payload["as_of"] = figure.as_of.isoformat() if figure.as_of else ""
    response = staff_client.post(url, payload)
    assert response.status_code == 302, response.context["adminform"].form.errors
    figure.refresh_from_db()
    assert figure.value == 662567


def test_editors_cannot_open_the_admin(client, editor):
    client.force_login(editor)
    response = client.get(admin_url(Claim, "changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_deleting_a_published_claim_in_the_admin_is_refused_with_a_message(staff_client):
    claim = Claim.objects.get(slug="murder-13099")
    response = staff_client.post(admin_url(Claim, "delete", claim.pk), {"post": "yes"}, follow=True)
    assert response.status_code == 200
    assert "retract it instead of deleting it" in response.content.decode()
    assert Claim.objects.filter(pk=claim.pk).exists()


def make_rows(n: int) -> None:
    """n published claims, each with a figure, a relation, a verdict and a note with a citation."""
    speakers = SpeakerFactory.create_batch(3)
    sources = SourceFactory.create_batch(3)
    for i in range(n):
        claim = ClaimFactory(speaker=speakers[i % 3], source=sources[i % 3])
        FigureFactory(claim=claim)
        RelationFactory(
            from_claim=claim, to_claim=ClaimFactory(speaker=speakers[0], source=sources[0])
        )
        VerdictFactory(claim=claim)
        note = NoteFactory(created_by=None)
        note.claims.add(claim)
        CitationFactory(note=note)
        Correction.objects.create(claim=claim, text="Fixed.")
    for source in sources:
        claims = list(source.claims.order_by("pk"))
        source.revise(text=" ".join(c.text for c in claims), by=None, origin="api")
        for claim in claims:
            claim.anchor_to(exact=claim.text)


def queries_by_page(client, urls: dict[str, str]) -> dict[str, list[str]]:
    """The SQL each admin page runs, by model name."""
    spent = {}
    for name, url in urls.items():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        spent[name] = [query["sql"] for query in queries.captured_queries]
    return spent


def grown(small: dict[str, list[str]], large: dict[str, list[str]]) -> dict[str, list]:
    """The pages whose query count grew, with the queries they ran."""
    return {name: large[name] for name in small if len(small[name]) != len(large[name])}


# Every model's pages are measured on one set of rows (building 200 claims with all they
# hold is what these tests spend their time on).


def test_changelist_query_counts_do_not_grow_from_10_to_200_rows(client, admin_user):
    client.force_login(admin_user)
    urls = {m._meta.model_name: admin_url(m, "changelist") + "?all=" for m in OUR_MODELS}
    make_rows(10)
    small = queries_by_page(client, urls)
    make_rows(90)  # 100 claims shown twice over: 200 claim rows
    assert grown(small, queries_by_page(client, urls)) == {}


def test_change_page_query_counts_do_not_grow_from_10_to_200_rows(client, admin_user):
    client.force_login(admin_user)
    make_rows(10)
    Tag.objects.create(name="crime")  # the only model make_rows leaves empty
    urls = {
        m._meta.model_name: admin_url(m, "change", m._default_manager.order_by("pk").first().pk)
        for m in OUR_MODELS
    }
    for url in urls.values():
        client.get(url)  # the first page view caches content types and permissions
    small = queries_by_page(client, urls)
    make_rows(90)  # 100 claims shown twice over: 200 claim rows
    assert grown(small, queries_by_page(client, urls)) == {}
