"""No lost updates: a save based on a stale read is refused, shows what changed, keeps the input."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction
from django.test import Client

from annotations.models import ContextNote
from claims.models import Claim
from tests.desk import claim_data, ensure_newsroom_roles, note_data
from tests.factories import ClaimFactory, FigureFactory, NoteFactory


def test_the_second_save_is_refused_with_what_changed_and_keeps_the_input(
    db, client, editor, other_editor
):
    claim = ClaimFactory(created_by=editor, summary="Opened by both")
    FigureFactory(claim=claim, counts="convicted")
    url = f"/desk/claims/{claim.slug}/edit/"
    first, second = Client(), Client()
    first.force_login(editor)
    second.force_login(other_editor)
    # Both open the form at version 1.
    mine = claim_data(claim, summary="Edited by the first")
    mine["figures-0-value"] = "435000"
    theirs = claim_data(claim, summary="Edited by the second", text="The second's text.")
    assert first.get(url).status_code == second.get(url).status_code == 200

    assert first.post(url, mine).status_code == 302
    response = second.post(url, theirs)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved this while you were editing" in page
    assert (
        '<td class="before">Opened by both</td><td class="after">Edited by the first</td>' in page
    )
    assert 'Figure “convicted”</strong> changed by <span class="who">ed</span>' in page
    assert 'value="Edited by the second"' in page  # their input is kept
    assert "The second&#x27;s text." in page

    claim.refresh_from_db()
    assert (claim.summary, claim.version) == ("Edited by the first", 2)
    assert claim.figures.get().value == 435000
    assert 'name="version" value="2"' in page  # saving again is now a deliberate overwrite
    theirs["version"] = 2
    assert second.post(url, theirs).status_code == 302
    claim.refresh_from_db()
    assert claim.summary == "Edited by the second"


def test_a_stale_note_save_is_refused_too(db, editor, other_editor):
    note = NoteFactory(created_by=editor, title="Opened by both")
    url = f"/desk/notes/{note.slug}/edit/"
    first, second = Client(), Client()
    first.force_login(editor)
    second.force_login(other_editor)
    stale = note_data(note, title="Second title")
    assert first.post(url, note_data(note, title="First title")).status_code == 302
    response = second.post(url, stale)
    assert response.status_code == 409
    assert '<td class="before">Opened by both</td><td class="after">First title</td>' in (
        response.content.decode()
    )
    assert ContextNote.objects.get().title == "First title"


def test_two_reviewers_correcting_at_once_publish_one_correction(db, reviewer, other_reviewer):
    claim = ClaimFactory(status="published", summary="Published words")
    url = f"/desk/claims/{claim.slug}/correct/"
    first, second = Client(), Client()
    first.force_login(reviewer)
    second.force_login(other_reviewer)
    mine = {**claim_data(claim, summary="First fix"), "correction": "First correction."}
    theirs = {**claim_data(claim, summary="Second fix"), "correction": "Second correction."}
    assert first.post(url, mine).status_code == 302
    response = second.post(url, theirs)
    assert response.status_code == 409
    assert "Second correction." in response.content.decode()  # kept for them
    claim.refresh_from_db()
    assert claim.summary == "First fix"
    assert list(claim.corrections.values_list("text", flat=True)) == ["First correction."]


def _wait_until_blocked_on_a_lock(pid: int) -> None:
    """Poll PostgreSQL until backend `pid` waits for a row lock (the test's sync point)."""
    with connections["default"].cursor() as cursor:
        for _ in range(600):
            cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
            row = cursor.fetchone()
            if row and row[0] == "Lock":
                return
            threading.Event().wait(0.05)
    raise AssertionError("the second save never waited for the first one's row lock")


@pytest.fixture
def roles_after_flush(transactional_db) -> None:
    """Transactional tests start after another one's flush: bring the groups back."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    ensure_newsroom_roles()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_connections_saving_at_once_on_postgresql(roles_after_flush, editor, other_editor):
    claim = ClaimFactory(created_by=editor, summary="Before both")
    FigureFactory(claim=claim, counts="figure kept")
    url = f"/desk/claims/{claim.slug}/edit/"
    first_payload = claim_data(claim, summary="First save", text="First text.")
    second_payload = claim_data(claim, summary="Second save")

    first_holds_lock = threading.Event()
    first_may_commit = threading.Event()
    second_pid: list[int] = []
    results: dict[str, object] = {}

    def first_save() -> None:
        # Holds the row lock taken by save_checked until the second save waits on it.
        try:
            mine = Claim.objects.get(pk=claim.pk)
            with transaction.atomic():
                mine.summary, mine.text = first_payload["summary"], first_payload["text"]
                mine.save_checked(expected_version=1)
                first_holds_lock.set()
                first_may_commit.wait(timeout=60)
            results["first"] = "saved"
        finally:
            connections.close_all()

    def second_save() -> None:
        try:
            first_holds_lock.wait(timeout=60)
            with connections["default"].cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                second_pid.append(cursor.fetchone()[0])
            browser = Client()
            browser.force_login(other_editor)
            results["second"] = browser.post(url, second_payload)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first_save), threading.Thread(target=second_save)]
    for thread in threads:
        thread.start()
    try:
        first_holds_lock.wait(timeout=60)
        while not second_pid:
            threading.Event().wait(0.01)
        _wait_until_blocked_on_a_lock(second_pid[0])
    finally:
        first_may_commit.set()
        for thread in threads:
            thread.join(timeout=60)

    assert results["first"] == "saved"
    response = results["second"]
    assert response.status_code == 409
    page = response.content.decode()
    assert '<td class="before">Before both</td><td class="after">First save</td>' in page
    assert 'value="Second save"' in page
    claim.refresh_from_db()
    assert (claim.summary, claim.text, claim.version) == ("First save", "First text.", 2)
    assert list(claim.figures.values_list("counts", flat=True)) == ["figure kept"]
    assert claim.history.count() == 2  # created, first save; the refused save left nothing
