"""No lost update on any model or path: a save based on a stale read is refused.

The admin change form carries the version it showed and refuses a save over a newer one
with the current values; the API answers 412 with them. On PostgreSQL, two real
connections save at once: the second waits for the first one's row lock, then is refused.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse

from annotations.models import Citation, ContextNote, NoteFigure, Verdict
from claims.models import Claim, ClaimRelation, Figure
from tests.desk import ensure_newsroom_roles
from tests.factories import (
    CitationFactory,
    ClaimFactory,
    FigureFactory,
    NoteFactory,
    RelationFactory,
    VerdictFactory,
)


def admin_url(obj: Any) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def form_values(form: Any) -> dict[str, Any]:
    """What a browser would send back for `form` untouched."""
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        if isinstance(value, (list, tuple)):
            data[form.add_prefix(name)] = [str(v) for v in value]
        else:
            data[form.add_prefix(name)] = str(value)
    return data


def admin_post_data(page: Any) -> dict[str, Any]:
    """The admin change page's form and inlines as the browser would post them."""
    data = form_values(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(form_values(formset.management_form))
        for form in formset.forms:
            data.update(form_values(form))
    return data


# (model, a factory making one row, a field to change, a new value)
ADMIN_CASES: list[tuple[type, Callable[[], Any], str, str]] = [
    (Claim, lambda: ClaimFactory(), "summary", "Changed in the admin"),
    (Figure, lambda: FigureFactory(), "counts", "changed in the admin"),
    (ClaimRelation, lambda: RelationFactory(), "note", "changed in the admin"),
    (ContextNote, lambda: NoteFactory(), "title", "Changed in the admin"),
    (Citation, lambda: CitationFactory(), "title", "Changed in the admin"),
    (Verdict, lambda: VerdictFactory(), "explanation", "Changed in the admin"),
]


def change_elsewhere(obj: Any, field: str) -> None:
    """Someone else saves the row through the ORM, as another path would."""
    fresh = type(obj)._default_manager.get(pk=obj.pk)
    setattr(fresh, field, f"{getattr(fresh, field)} (theirs)")
    fresh.save()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "make", "field", "value"), ADMIN_CASES, ids=[c[0].__name__ for c in ADMIN_CASES]
)
def test_the_admin_refuses_a_stale_save_showing_the_current_values(
    client, admin_user, model, make, field, value
):
    obj = make()
    client.force_login(admin_user)
    page = client.get(admin_url(obj))
    data = {**admin_post_data(page), field: value}
    change_elsewhere(obj, field)
    theirs = getattr(model._default_manager.get(pk=obj.pk), field)

    refused = client.post(admin_url(obj), data)
    assert refused.status_code == 200  # the form again, not a redirect
    text = refused.content.decode()
    assert "was changed by someone else (now version 2)" in text
    assert theirs.replace("'", "&#x27;") in text  # the current values are shown
    assert getattr(model._default_manager.get(pk=obj.pk), field) == theirs

    # Saving the refused form again, now carrying version 2, is a deliberate overwrite.
    again = admin_post_data(refused)
    again[field] = value
    assert client.post(admin_url(obj), again).status_code == 302
    saved = model._default_manager.get(pk=obj.pk)
    assert (getattr(saved, field), saved.version) == (value, 3)


@pytest.mark.django_db
def test_an_inline_figure_changed_meanwhile_refuses_the_claims_admin_save(client, admin_user):
    figure = FigureFactory(counts="as opened")
    claim = figure.claim
    client.force_login(admin_user)
    data = admin_post_data(client.get(admin_url(claim)))
    data["figures-0-counts"] = "mine"
    change_elsewhere(figure, "counts")
    refused = client.post(admin_url(claim), data)
    assert refused.status_code == 200
    assert "as opened (theirs)" in refused.content.decode()
    assert Figure.objects.get().counts == "as opened (theirs)"


@pytest.mark.django_db
def test_an_untouched_admin_save_passes(client, admin_user):
    claim = ClaimFactory()
    client.force_login(admin_user)
    data = admin_post_data(client.get(admin_url(claim)))
    assert client.post(admin_url(claim), data).status_code == 302


# --- two PostgreSQL connections ------------------------------------------------------------


def _wait_until_blocked_on_a_lock(pid: int) -> None:
    with connections["default"].cursor() as cursor:
        for _ in range(600):
            cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
            row = cursor.fetchone()
            if row and row[0] == "Lock":
                return
            threading.Event().wait(0.05)
    raise AssertionError("the second save never waited for the first one's row lock")


def race(obj: Any, field: str, second: Callable[[], Any]) -> Any:
    """The first connection saves `obj` and holds its row lock; `second` runs meanwhile.

    Returns what `second` returned, once the first has committed.
    """
    holds_lock, may_commit = threading.Event(), threading.Event()
    pid: list[int] = []
    results: dict[str, Any] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                mine = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
                setattr(mine, field, f"{getattr(mine, field)} (first)")
                mine.save()
                holds_lock.set()
                may_commit.wait(timeout=60)
        finally:
            connections.close_all()

    def run_second() -> None:
        try:
            holds_lock.wait(timeout=60)
            with connections["default"].cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                pid.append(cursor.fetchone()[0])
            results["second"] = second()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=run_second)]
    for thread in threads:
        thread.start()
    try:
        holds_lock.wait(timeout=60)
        while not pid:
            threading.Event().wait(0.01)
        _wait_until_blocked_on_a_lock(pid[0])
    finally:
        may_commit.set()
        for thread in threads:
            thread.join(timeout=60)
    return results["second"]


@pytest.fixture
def roles(transactional_db) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    ensure_newsroom_roles()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("model", "make", "field", "value"), ADMIN_CASES, ids=[c[0].__name__ for c in ADMIN_CASES]
)
def test_two_connections_in_the_admin_on_postgresql(roles, admin_user, model, make, field, value):
    obj = make()
    browser = Client()
    browser.force_login(admin_user)
    data = {**admin_post_data(browser.get(admin_url(obj))), field: value}
    response = race(obj, field, lambda: browser.post(admin_url(obj), data))
    assert response.status_code == 200
    assert "was changed by someone else (now version 2)" in response.content.decode()
    saved = model._default_manager.get(pk=obj.pk)
    assert getattr(saved, field).endswith(" (first)") and saved.version == 2


def api_client(user: Any) -> Any:
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_connections_on_a_verdict_through_the_api(roles, reviewer):
    verdict = VerdictFactory(claim=ClaimFactory(slug="draft"))
    url = "/api/v1/claims/draft/verdict/"
    change = {"rating": "False", "explanation": "Mine."}
    put = race(
        verdict,
        "explanation",
        lambda: api_client(reviewer).put(url, change, format="json", HTTP_IF_MATCH="*"),
    )
    assert put.status_code == 412 and put.json()["current"]["explanation"].endswith("(first)")
    delete = race(
        verdict, "explanation", lambda: api_client(reviewer).delete(url, HTTP_IF_MATCH="*")
    )
    assert delete.status_code == 412
    assert Verdict.objects.get().explanation.endswith("(first) (first)")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_connections_on_a_relation_through_the_api(roles, editor):
    relation = RelationFactory(from_claim=ClaimFactory(slug="draft"))
    url = f"/api/v1/claims/draft/relations/{relation.pk}/"
    response = race(relation, "note", lambda: api_client(editor).delete(url, HTTP_IF_MATCH="*"))
    assert response.status_code == 412 and response.json()["current"]["note"] == " (first)"
    assert ClaimRelation.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("owner", ["claim", "note"])
def test_two_connections_on_figures_through_the_api(roles, editor, owner):
    # Figures are written with their claim or note, under its version.
    if owner == "claim":
        obj, url = ClaimFactory(slug="draft"), "/api/v1/claims/draft/"
        FigureFactory(claim=obj)
        field = "summary"
    else:
        obj, url = NoteFactory(slug="draft"), "/api/v1/notes/draft/"
        NoteFigure.objects.create(note=obj, value=1, counts="kept")
        field = "title"
    change = {"figures": [{"value": "2", "counts": "mine"}]}
    response = race(
        obj,
        field,
        lambda: api_client(editor).patch(url, change, format="json", HTTP_IF_MATCH="*"),
    )
    assert response.status_code == 412
    model = Figure if owner == "claim" else NoteFigure
    assert model.objects.get().counts != "mine"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_connections_on_a_citation_through_the_api(roles, editor):
    citation = CitationFactory(note=NoteFactory(slug="draft"))
    url = f"/api/v1/citations/{citation.pk}/"
    response = race(
        citation,
        "title",
        lambda: api_client(editor).patch(url, {"title": "Mine"}, format="json", HTTP_IF_MATCH="*"),
    )
    assert response.status_code == 412
    assert Citation.objects.get().title.endswith("(first)")


# --- the desk's verdict form ---------------------------------------------------------------


@pytest.mark.django_db
def test_the_desks_verdict_form_refuses_a_stale_save_and_keeps_the_input(client, reviewer):
    verdict = VerdictFactory(claim=ClaimFactory(slug="draft"), explanation="As opened")
    client.force_login(reviewer)
    url = "/desk/claims/draft/verdict/"
    assert 'name="version" value="1"' in client.get(url).content.decode()
    change_elsewhere(verdict, "explanation")
    mine = {"rating": verdict.rating.pk, "explanation": "Mine", "version": 1}
    refused = client.post(url, mine)
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "Someone else saved this while you were editing" in page
    assert "As opened (theirs)" in page and "Mine</textarea>" in page
    assert Verdict.objects.get().explanation == "As opened (theirs)"
    assert 'name="version" value="2"' in page  # saving again is a deliberate overwrite
    assert client.post(url, {**mine, "version": 2}).status_code == 302
    assert Verdict.objects.get().explanation == "Mine"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_connections_on_the_desks_verdict_form(roles, reviewer):
    verdict = VerdictFactory(claim=ClaimFactory(slug="draft"))
    browser = Client()
    browser.force_login(reviewer)
    mine = {"rating": verdict.rating.pk, "explanation": "Mine", "version": 1}
    response = race(
        verdict, "explanation", lambda: browser.post("/desk/claims/draft/verdict/", mine)
    )
    assert response.status_code == 409
    assert Verdict.objects.get().explanation.endswith("(first)")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_connections_on_the_desks_relation_removal(roles, editor):
    relation = RelationFactory(from_claim=ClaimFactory(slug="draft"))
    browser = Client()
    browser.force_login(editor)
    url = f"/desk/relations/{relation.pk}/delete/"
    response = race(relation, "note", lambda: browser.post(url, {"version": relation.version}))
    assert response.status_code == 409
    assert "(first)" in response.content.decode()
    assert ClaimRelation.objects.filter(pk=relation.pk).exists()
