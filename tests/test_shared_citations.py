"""One study cited by several notes: entered once, corrected once, shown in each note."""

from __future__ import annotations

import pytest
from django.db import connection

from annotations.models import Citation
from claims.workflow import Status
from tests.factories import CitationFactory, NoteFactory, PublishedClaimFactory

pytestmark = pytest.mark.django_db


def login(api, request, persona):
    if persona:
        api.force_login(request.getfixturevalue(persona))
    return api


@pytest.mark.parametrize(
    ("persona", "code"),
    [(None, 403), ("outsider", 403), ("editor", 200), ("reviewer", 200), ("admin_user", 200)],
)
def test_a_citation_is_attached_to_a_second_note(api, request, persona, code):
    study = CitationFactory(note=NoteFactory(slug="first"), title="The study")
    NoteFactory(slug="second")
    login(api, request, persona)
    response = api.post("/api/v1/notes/second/citations/", {"citation": study.pk})
    assert response.status_code == code, response.content
    if code == 200:
        assert [c["title"] for c in response.json()["citations"]] == ["The study"]
        assert response.json()["citations"][0]["shared_with"] == ["second"]
        assert study.history.first().history_user == request.getfixturevalue(persona)
    assert study.shared_with.exists() == (code == 200)


def test_a_shared_citation_is_corrected_once_for_every_note(api, editor):
    claim = PublishedClaimFactory(slug="claim")
    first = NoteFactory(slug="first", status=Status.IN_REVIEW)
    second = NoteFactory(slug="second")
    for note in (first, second):
        note.claims.add(claim)
    study = CitationFactory(note=first, title="Study, 2023")
    api.force_login(editor)
    created = api.post(
        "/api/v1/citations/",
        {"note": "second", "title": "Second's own", "shared_with": []},
        format="json",
    )
    assert created.status_code == 201
    etag = api.get(f"/api/v1/citations/{study.pk}/")["ETag"]
    shared = api.patch(
        f"/api/v1/citations/{study.pk}/",
        {"shared_with": ["second"], "title": "Study, 2024 edition"},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert shared.status_code == 200, shared.content
    document = api.get("/api/v1/claims/claim/").json()
    titles = {n["slug"]: [c["title"] for c in n["citations"]] for n in document["notes"]}
    assert titles == {
        "first": ["Study, 2024 edition"],
        "second": ["Second's own", "Study, 2024 edition"],  # its own first, then shared ones
    }
    listed = api.get("/api/v1/citations/?note=second").json()["results"]
    assert {c["title"] for c in listed} == {"Second's own", "Study, 2024 edition"}
    assert Citation.objects.count() == 2


def test_a_citation_a_published_note_shares_changes_only_by_its_correction(api, editor):
    study = CitationFactory(note=NoteFactory(slug="draft"))
    study.shared_with.add(NoteFactory(slug="pub", status=Status.PUBLISHED))
    api.force_login(editor)
    etag = api.get(f"/api/v1/citations/{study.pk}/")["ETag"]
    response = api.patch(
        f"/api/v1/citations/{study.pk}/", {"title": "New"}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 409 and "“" in response.json()["detail"]
    assert api.delete(f"/api/v1/notes/pub/citations/{study.pk}/").status_code == 409
    assert api.post("/api/v1/notes/pub/citations/", {"citation": study.pk}).status_code == 409


def test_detaching_keeps_the_citation_for_the_notes_still_citing_it(api, editor):
    first, second = NoteFactory(slug="first"), NoteFactory(slug="second")
    study = CitationFactory(note=first)
    study.shared_with.add(second)
    api.force_login(editor)
    # The note it was entered on lets go: the other note keeps it.
    response = api.delete(f"/api/v1/notes/first/citations/{study.pk}/")
    assert response.status_code == 200 and response.json()["citations"] == []
    study.refresh_from_db()
    assert study.note == second and not study.shared_with.exists()
    # The last note citing it lets go: it is deleted.
    assert api.delete(f"/api/v1/notes/second/citations/{study.pk}/").status_code == 200
    assert not Citation.objects.exists()


def test_bad_attachments_answer_400_or_404(api, editor):
    NoteFactory(slug="n")
    api.force_login(editor)
    assert list(api.post("/api/v1/notes/n/citations/", {"citation": 999}).json()) == ["citation"]
    assert list(api.post("/api/v1/notes/n/citations/", {"citation": "x"}).json()) == ["citation"]
    huge = api.post("/api/v1/notes/n/citations/", {"citation": 10**30})
    assert huge.status_code == 400
    for key in ("999", str(10**30)):
        assert api.delete(f"/api/v1/notes/n/citations/{key}/").status_code == 404


def test_the_desk_shows_a_shared_citation_on_both_notes(client, editor):
    first, second = NoteFactory(slug="first", title="First"), NoteFactory(slug="second")
    CitationFactory(note=first, title="The shared study").shared_with.add(second)
    client.force_login(editor)
    page = client.get("/desk/notes/second/").content.decode()
    assert "The shared study" in page and 'href="/desk/notes/first/"' in page


@pytest.mark.postgres
def test_the_database_writes_shared_citations_as_the_shape_does():
    if connection.vendor != "postgresql":
        pytest.skip("the exports are written by the database on PostgreSQL only")
    from tests.test_export_sql import assert_same_documents

    claim = PublishedClaimFactory(slug="claim")
    notes = [NoteFactory(slug=s, status=Status.PUBLISHED) for s in ("a", "b", "c")]
    for note in notes:
        note.claims.add(claim)
    CitationFactory(note=notes[1], title="B's own", position=1)
    study = CitationFactory(note=notes[0], title="Shared", position=0)
    study.shared_with.add(notes[1], notes[2])
    CitationFactory(note=notes[2], title="Also shared", position=3).shared_with.add(notes[1])
    assert_same_documents()


def test_the_desk_note_form_cites_a_study_entered_on_another_note(client, editor):
    from tests.desk import note_data

    first = NoteFactory(title="First")
    study = CitationFactory(note=first, title="The shared study", publisher="A journal")
    second = NoteFactory(created_by=editor, title="Second")
    client.force_login(editor)
    url = f"/desk/notes/{second.slug}/edit/"
    form = client.get(url).content.decode()
    assert f'<option value="{study.pk}">The shared study, A journal (entered on “First”)' in form
    payload = note_data(second)
    payload["shared_citations"] = [study.pk]
    assert client.post(url, payload).status_code == 302
    assert study.cited_by() == [first, second]
    assert study.history.latest().history_user == editor
    assert "The shared study" in client.get(f"/desk/notes/{second.slug}/").content.decode()
    # Unpicking it stops citing it in this note; the first note keeps it.
    second.refresh_from_db()
    payload = note_data(second)
    payload["shared_citations"] = []
    assert client.post(url, payload).status_code == 302
    assert study.cited_by() == [first]
