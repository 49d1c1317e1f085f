"""Nothing lost: a killed import, concurrent edits, deletions that would lose published work,
and the export → import round trip.

The import and concurrency tests need PostgreSQL (a second process and real row locks on
committed data); on SQLite they are skipped with the reason.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse

from annotations import services
from annotations.models import ContextNote, Correction
from bench.published_sample import write_jsonl
from claims.models import Claim, Source, Speaker
from claims.workflow import StaleEdit, Status
from publication.api.claims import ClaimViewSet
from publication.documents import iter_claim_documents
from tests.api_support import annotated_claims
from tests.factories import (
    ClaimFactory,
    NoteFactory,
    PublishedClaimFactory,
    SourceFactory,
    SpeakerFactory,
)
from tests.test_exports import empty_database

POSTGRES_ONLY = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="needs PostgreSQL: a second process writing, and row locks between connections",
)
# Committed data, visible to other connections. The roles and rating scale the data
# migration made are put back by tests/conftest.py's newsroom_roles after each flush.
COMMITTED = pytest.mark.django_db(transaction=True)


def wait_until(condition: Callable[[], bool], what: str, seconds: float = 120) -> None:
    """Poll `condition`; a generous limit only guards against a hung test, it is no threshold."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting: {what}")
        time.sleep(0.02)


def query(sql: str, *params) -> list[tuple]:
    """Rows of a raw SQL query on the test's own connection."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def snapshot() -> str:
    """Every row of the desk's tables, their history included, as dumpdata writes them."""
    out = io.StringIO()
    call_command("dumpdata", "claims", "annotations", "auth", stdout=out)
    return out.getvalue()


# --- (a) an import killed part-way ------------------------------------------------------------


@POSTGRES_ONLY
@COMMITTED
def test_an_import_killed_while_writing_leaves_the_database_as_it_was(tmp_path):
    call_command("load_demo", stdout=io.StringIO())
    before = snapshot()
    archive = write_jsonl(tmp_path / "archive.jsonl", 400)
    db = connection.settings_dict
    url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    app_name = f"import-under-test-{os.getpid()}"
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1", "PGAPPNAME": app_name}
    manage = Path(settings.BASE_DIR) / "manage.py"
    process = subprocess.Popen(
        [sys.executable, str(manage), "import", str(archive)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )

    def writing_claims() -> bool:
        # The import's connection holds the lock an INSERT takes on the claims table: it has
        # begun writing, inside its one transaction, and not committed yet.
        assert process.poll() is None, process.communicate()
        return bool(
            query(
                "SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                " WHERE a.application_name = %s AND l.relation = 'claims_claim'::regclass"
                " AND l.mode = 'RowExclusiveLock'",
                app_name,
            )
        )

    try:
        wait_until(writing_claims, "the import to start writing claims")
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == -signal.SIGKILL
    assert b"Imported" not in process.stdout.read()
    wait_until(
        lambda: not query("SELECT 1 FROM pg_stat_activity WHERE application_name = %s", app_name),
        "the killed import's database session to end",
    )
    assert snapshot() == before
    assert not Claim.objects.filter(slug__startswith="generated-").exists()


# --- (b) a correction or retraction and a concurrent edit -----------------------------------


def in_thread(target: Callable[[], None]) -> threading.Thread:
    """Run `target` on its own database connection, closed when it is done."""

    def run() -> None:
        try:
            target()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def waiting_for_a_lock() -> bool:
    """Whether some connection to the test database is waiting for a lock."""
    return bool(
        query(
            "SELECT 1 FROM pg_stat_activity WHERE datname = current_database()"
            " AND wait_event_type = 'Lock'"
        )
    )


@POSTGRES_ONLY
@COMMITTED
def test_a_stale_save_during_a_correction_waits_then_is_refused(editor, reviewer):
    claim = PublishedClaimFactory(summary="As published")
    stale = Claim.objects.get(pk=claim.pk)  # the editor read the claim before the correction
    corrected, release = threading.Event(), threading.Event()
    outcome: dict[str, str] = {}

    def reviewer_corrects() -> None:
        with transaction.atomic():
            current = Claim.objects.get(pk=claim.pk)
            services.correct(obj=current, by=reviewer, text="The as-of date is July 21.")
            corrected.set()
            release.wait(60)  # still inside the transaction: the row stays locked

    def editor_saves() -> None:
        stale.summary = "Edited on a stale read"
        try:
            stale.save_checked(expected_version=stale.version)
            outcome["editor"] = "saved"
        except StaleEdit as error:
            outcome["editor"] = f"refused: the claim is {error.current.status}"

    reviewer_thread = in_thread(reviewer_corrects)
    assert corrected.wait(60)
    editor_thread = in_thread(editor_saves)
    wait_until(waiting_for_a_lock, "the editor's save to wait for the correction's row lock")
    assert outcome == {}  # it waits, it has not written
    release.set()
    reviewer_thread.join(60)
    editor_thread.join(60)
    assert outcome == {"editor": "refused: the claim is corrected"}
    claim.refresh_from_db()
    assert (claim.status, claim.summary) == (Status.CORRECTED, "As published")
    assert list(claim.corrections.values_list("text", flat=True)) == ["The as-of date is July 21."]


@POSTGRES_ONLY
@COMMITTED
def test_a_correction_based_on_a_stale_read_cannot_undo_a_retraction(reviewer, other_reviewer):
    claim = PublishedClaimFactory()
    read: dict[str, Claim] = {}
    outcome: dict[str, str] = {}
    have_read, retracted = threading.Event(), threading.Event()

    def reviewer_corrects_late() -> None:
        read["claim"] = Claim.objects.get(pk=claim.pk)  # reads: published
        have_read.set()
        retracted.wait(60)
        try:
            services.correct(obj=read["claim"], by=reviewer, text="Typo fixed.")
            outcome["correction"] = "written"
        except StaleEdit as error:
            outcome["correction"] = f"refused: the claim is {error.current.status}"

    thread = in_thread(reviewer_corrects_late)
    assert have_read.wait(60)
    services.retract(obj=Claim.objects.get(pk=claim.pk), by=other_reviewer, reason="Misattributed.")
    retracted.set()
    thread.join(60)
    assert outcome == {"correction": "refused: the claim is retracted"}
    claim.refresh_from_db()
    assert (claim.status, claim.retraction_reason) == (Status.RETRACTED, "Misattributed.")
    assert list(claim.corrections.values_list("kind", flat=True)) == ["retraction"]


def test_a_step_on_a_claim_changed_meanwhile_answers_409_with_its_current_values(
    api, reviewer, other_reviewer, monkeypatch
):
    claim = PublishedClaimFactory(slug="docket")
    stale = Claim.objects.get(pk=claim.pk)  # read by the request before the retraction
    services.retract(obj=claim, by=other_reviewer, reason="Misattributed.")
    monkeypatch.setattr(ClaimViewSet, "get_object", lambda view: stale)
    api.force_login(reviewer)
    response = api.post("/api/v1/claims/docket/correct/", {"text": "Typo."}, format="json")
    assert response.status_code == 409
    assert response.json()["current"]["status"] == "retracted"
    assert response.json()["etag"] == f'W/"claim-docket-v{claim.version}"'
    assert not Correction.objects.filter(kind="correction").exists()


# --- (c) speakers and sources that claims use -----------------------------------------------


@pytest.mark.django_db
def test_deleting_a_speaker_or_source_in_use_is_refused_through_the_api(api, admin_user):
    speaker = SpeakerFactory()
    claim = PublishedClaimFactory(speaker=speaker, source=SourceFactory(author=speaker))
    unused = SpeakerFactory(slug="unused")
    api.force_login(admin_user)
    response = api.delete(f"/api/v1/speakers/{claim.speaker.slug}/")
    assert response.status_code == 409
    assert response.json() == {
        "detail": f"“{claim.speaker}” is used by 1 claim, 1 source; "
        "it cannot be deleted while they refer to it."
    }
    response = api.delete(f"/api/v1/sources/{claim.source.slug}/")
    assert response.status_code == 409 and "is used by 1 claim" in response.json()["detail"]
    assert Speaker.objects.filter(pk=claim.speaker.pk).exists()
    assert Source.objects.filter(pk=claim.source.pk).exists()
    assert Claim.objects.get(pk=claim.pk).status == Status.PUBLISHED
    assert api.delete("/api/v1/speakers/unused/").status_code == 204
    assert not Speaker.objects.filter(pk=unused.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "code"), [(None, 403), ("outsider", 403), ("editor", 403), ("reviewer", 403)]
)
def test_only_admins_delete_speakers_and_sources(api, request, persona, code):
    speaker = SpeakerFactory(slug="unused")
    if persona:
        api.force_login(request.getfixturevalue(persona))
    assert api.delete("/api/v1/speakers/unused/").status_code == code
    assert Speaker.objects.filter(pk=speaker.pk).exists()


def admin_url(model, action: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Speaker, Source])
def test_deleting_a_speaker_or_source_in_use_is_refused_in_the_admin(client, admin_user, model):
    claim = PublishedClaimFactory()
    obj = claim.speaker if model is Speaker else claim.source
    client.force_login(admin_user)
    page = client.post(admin_url(model, "delete", obj.pk), {"post": "yes"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "would require deleting the following protected related objects" in text
    assert str(claim) in text
    action = client.post(
        admin_url(model, "changelist"),
        {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
    )
    assert "would require deleting the following protected related objects" in (
        action.content.decode()
    )
    assert model.objects.filter(pk=obj.pk).exists()
    assert Claim.objects.filter(pk=claim.pk).exists()


# --- (d) published claims are retracted, never deleted -------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Status.PUBLISHED, Status.CORRECTED, Status.RETRACTED])
def test_a_published_claim_or_note_cannot_be_deleted_through_the_api(api, admin_user, status):
    claim = ClaimFactory(status=status, slug="public")
    note = NoteFactory(status=status, slug="public-note")
    api.force_login(admin_user)
    for url, obj in (("/api/v1/claims/public/", claim), ("/api/v1/notes/public-note/", note)):
        response = api.delete(url)
        assert response.status_code == 409
        assert response.json() == {
            "detail": f"“{obj}” is published: retract it instead of deleting it."
        }
    assert Claim.objects.filter(pk=claim.pk).exists()
    assert ContextNote.objects.filter(pk=note.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Claim, ContextNote])
def test_deleting_a_published_claim_or_note_in_the_admin_shows_why_not(client, admin_user, model):
    obj = PublishedClaimFactory() if model is Claim else NoteFactory(status=Status.PUBLISHED)
    client.force_login(admin_user)
    response = client.get(admin_url(model, "delete", obj.pk), follow=True)
    assert response.redirect_chain[-1][0] == admin_url(model, "change", obj.pk)
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [f"“{obj}” is published: retract it instead of deleting it."]
    action = client.post(
        admin_url(model, "changelist"),
        {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
    )
    assert "retract it instead of deleting it" in action.content.decode()
    assert model.objects.filter(pk=obj.pk).exists()


# --- (e) export the whole database, import it into an empty one ----------------------------


def published_state() -> dict[str, tuple]:
    """Status and timestamps of every published claim and note, read from the rows."""
    fields = ("status", "created_at", "submitted_at", "published_at", "corrected_at", "updated_at")
    claims = Claim.objects.published().values_list("slug", *fields)
    notes = ContextNote.objects.published().values_list("slug", *fields)
    return {f"claim {row[0]}": row[1:] for row in claims} | {
        f"note {row[0]}": row[1:] for row in notes
    }


@pytest.mark.django_db
def test_export_then_import_into_an_empty_database_restores_everything_published(
    tmp_path, reviewer
):
    call_command("load_demo", stdout=io.StringIO())
    annotated_claims(5)
    services.correct(
        obj=Claim.objects.get(slug="removals"), by=reviewer, text="The period is May 2023."
    )
    services.retract(obj=Claim.objects.get(slug="claim-0001"), by=reviewer, reason="Wrong.")
    services.correct(obj=ContextNote.objects.get(slug="note-0002"), by=reviewer, text="Fixed.")
    services.retract(obj=ContextNote.objects.get(slug="note-0003"), by=reviewer, reason="No.")
    ClaimFactory(slug="a-draft")  # drafts are not published, so not exported
    documents = list(iter_claim_documents())
    state = published_state()
    statuses = {value[0] for value in state.values()}
    assert statuses == {Status.PUBLISHED, Status.CORRECTED, Status.RETRACTED}

    export = tmp_path / "export.jsonl"
    call_command("export", format="jsonl", output=str(export), stderr=io.StringIO())
    empty_database()
    assert not Claim.objects.exists() and not ContextNote.objects.exists()
    call_command("import", str(export), stdout=io.StringIO())

    assert published_state() == state
    assert list(iter_claim_documents()) == documents
    removals = next(d for d in documents if d["slug"] == "removals")
    assert removals["status"] == "corrected"
    assert removals["updated_at"] >= removals["corrected_at"] > removals["published_at"]
