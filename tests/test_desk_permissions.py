"""The permission matrix: every desk view and action, for every persona.

Anonymous visitors are sent to the login page; logged-in people without the
right get a 403 and nothing changes; people with the right succeed. Reviewers
appear both as authors (who may not approve their own work) and as
non-authors. A draft's public address answers 404 to visitors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from annotations.models import ContextNote, NoteFigure, Rating, Verdict
from claims.models import Claim, ClaimRelation, Source, Speaker
from claims.workflow import Status
from tests.desk import claim_data, note_data
from tests.factories import (
    ClaimFactory,
    FigureFactory,
    NoteFactory,
    RelationFactory,
    SourceFactory,
    SpeakerFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "outsider",
    "editor",
    "other_editor",
    "reviewer",
    "other_reviewer",
    "admin",
]
STAFF = {"editor", "other_editor", "reviewer", "other_reviewer", "admin"}
REVIEWERS = {"reviewer", "other_reviewer", "admin"}
UNCHANGED = object()


@dataclass
class World:
    """One of everything, authored by `editor` unless said otherwise."""

    users: dict[str, Any]
    speaker: Speaker = None
    source: Source = None
    draft: Claim = None
    in_review: Claim = None
    reviewers_own: Claim = None  # in review, written by `reviewer`
    published: Claim = None
    relation: ClaimRelation = None
    note_draft: ContextNote = None
    note_in_review: ContextNote = None
    note_reviewers_own: ContextNote = None
    note_published: ContextNote = None
    extra: dict = field(default_factory=dict)


@pytest.fixture
def world(editor, other_editor, reviewer, other_reviewer, admin_user, outsider) -> World:
    users = {
        "editor": editor,
        "other_editor": other_editor,
        "reviewer": reviewer,
        "other_reviewer": other_reviewer,
        "admin": admin_user,
        "outsider": outsider,
    }
    w = World(users=users, speaker=SpeakerFactory(), source=SourceFactory())
    w.draft = ClaimFactory(created_by=editor, summary="The draft")
    FigureFactory(claim=w.draft)
    w.in_review = ClaimFactory(created_by=editor, status=Status.IN_REVIEW)
    VerdictFactory(claim=w.in_review)
    w.reviewers_own = ClaimFactory(created_by=reviewer, status=Status.IN_REVIEW)
    w.published = ClaimFactory(created_by=editor, status=Status.PUBLISHED)
    w.relation = RelationFactory(from_claim=w.draft, to_claim=w.published)
    w.note_draft = NoteFactory(created_by=editor)
    w.note_draft.claims.add(w.draft)
    w.note_in_review = NoteFactory(created_by=editor, status=Status.IN_REVIEW)
    w.note_reviewers_own = NoteFactory(created_by=reviewer, status=Status.IN_REVIEW)
    w.note_published = NoteFactory(created_by=editor, status=Status.PUBLISHED)
    return w


def status_of(obj) -> Callable[[], str]:
    return lambda: type(obj).objects.get(pk=obj.pk).status


@dataclass
class Case:
    name: str
    url: Callable[[World], str]
    allowed: set[str]
    method: str = "get"
    data: Callable[[World], dict] | None = None
    # For POSTs: a probe of the state, and what it must read after a success.
    probe: Callable[[World], Callable[[], Any]] | None = None
    after: Any = None
    status: int | None = None  # expected when allowed (default 200 for GET, 302 for POST)
    denied_status: int = 403


def claim_url(attr: str, suffix: str = "") -> Callable[[World], str]:
    return lambda w: f"/desk/claims/{getattr(w, attr).slug}/{suffix}"


def note_url(attr: str, suffix: str = "") -> Callable[[World], str]:
    return lambda w: f"/desk/notes/{getattr(w, attr).slug}/{suffix}"


def new_claim(w: World) -> dict:
    return claim_data(
        speaker=w.speaker.pk,
        source=w.source.pk,
        text="New words.",
        summary="A brand new claim",
        figures=[{"value": "1", "counts": "one"}],
    )


def note_figure(w: World) -> dict:
    """A note figure that is a share of the draft claim's figure."""
    return {"value": "10", "counts": "a part", "part_of": w.draft.figures.get().pk}


def rating_pk() -> int:
    return Rating.objects.get(scale__is_default=True, value=2).pk


READ_PAGES = [
    Case("dashboard", lambda w: "/desk/", STAFF),
    Case("claim list", lambda w: "/desk/claims/", STAFF),
    Case("claim page", claim_url("draft"), STAFF),
    Case("claim history", claim_url("draft", "history/"), STAFF),
    Case("note list", lambda w: "/desk/notes/", STAFF),
    Case("note page", note_url("note_draft"), STAFF),
    Case("note history", note_url("note_draft", "history/"), STAFF),
    Case("source list", lambda w: "/desk/sources/", STAFF),
    Case("source page", lambda w: f"/desk/sources/{w.source.slug}/", STAFF),
    Case("speaker list", lambda w: "/desk/speakers/", STAFF),
]

FORM_PAGES = [
    Case("new claim form", lambda w: "/desk/claims/new/", STAFF),
    Case("edit draft claim form", claim_url("draft", "edit/"), STAFF),
    Case("edit published claim → correct", claim_url("published", "edit/"), REVIEWERS, status=302),
    Case("correct claim form", claim_url("published", "correct/"), REVIEWERS),
    Case("retract claim form", claim_url("published", "retract/"), REVIEWERS),
    Case("reject claim form", claim_url("in_review", "reject/"), REVIEWERS),
    Case("verdict form", claim_url("draft", "verdict/"), REVIEWERS),
    Case("new note form", lambda w: "/desk/notes/new/", STAFF),
    Case("edit draft note form", note_url("note_draft", "edit/"), STAFF),
    Case(
        "edit published note → correct", note_url("note_published", "edit/"), REVIEWERS, status=302
    ),
    Case("correct note form", note_url("note_published", "correct/"), REVIEWERS),
    Case("retract note form", note_url("note_published", "retract/"), REVIEWERS),
    Case("reject note form", note_url("note_in_review", "reject/"), REVIEWERS),
    Case("new source form", lambda w: "/desk/sources/new/", STAFF),
    Case("edit source form", lambda w: f"/desk/sources/{w.source.slug}/edit/", STAFF),
    Case("new speaker form", lambda w: "/desk/speakers/new/", STAFF),
    Case("edit speaker form", lambda w: f"/desk/speakers/{w.speaker.slug}/edit/", STAFF),
]

SOURCE_DATA = {"kind": "letter", "title": "A new letter", "date": "", "date_precision": "unknown"}

ACTIONS = [
    Case(
        "create claim",
        lambda w: "/desk/claims/new/",
        STAFF,
        "post",
        new_claim,
        lambda w: lambda: Claim.objects.filter(summary="A brand new claim").exists(),
        True,
    ),
    Case(
        "edit draft claim",
        claim_url("draft", "edit/"),
        STAFF,
        "post",
        lambda w: claim_data(w.draft, summary="Edited"),
        lambda w: lambda: Claim.objects.get(pk=w.draft.pk).summary,
        "Edited",
    ),
    Case(
        "edit published claim in place",  # reviewers are sent to the correction form
        claim_url("published", "edit/"),
        REVIEWERS,
        "post",
        lambda w: claim_data(w.published, summary="Edited in place"),
        lambda w: lambda: Claim.objects.get(pk=w.published.pk).summary,
        UNCHANGED,
    ),
    Case("submit claim", claim_url("draft", "submit/"), STAFF, "post", None,
         lambda w: status_of(w.draft), Status.IN_REVIEW),
    Case("approve an editor's claim", claim_url("in_review", "approve/"), REVIEWERS, "post",
         None, lambda w: status_of(w.in_review), Status.PUBLISHED),
    Case("approve a reviewer's own claim", claim_url("reviewers_own", "approve/"),
         {"other_reviewer", "admin"}, "post", None, lambda w: status_of(w.reviewers_own),
         Status.PUBLISHED),
    Case("reject claim", claim_url("in_review", "reject/"), REVIEWERS, "post",
         lambda w: {"reason": "Needs a source."}, lambda w: status_of(w.in_review), Status.DRAFT),
    Case("correct claim", claim_url("published", "correct/"), REVIEWERS, "post",
         lambda w: {**claim_data(w.published), "correction": "Fixed a typo."},
         lambda w: status_of(w.published), Status.CORRECTED),
    Case("retract claim", claim_url("published", "retract/"), REVIEWERS, "post",
         lambda w: {"reason": "Misread."}, lambda w: status_of(w.published), Status.RETRACTED),
    Case("add relation", claim_url("draft", "relations/"), STAFF, "post",
         lambda w: {"kind": "repeats", "to_claim": w.in_review.pk},
         lambda w: lambda: ClaimRelation.objects.count(), 2),
    Case("remove relation", lambda w: f"/desk/relations/{w.relation.pk}/delete/", STAFF, "post",
         lambda w: {"version": w.relation.version},
         lambda w: lambda: ClaimRelation.objects.count(), 0),
    Case("give verdict", claim_url("draft", "verdict/"), REVIEWERS, "post",
         lambda w: {"rating": rating_pk(), "explanation": "Why."},
         lambda w: lambda: Verdict.objects.filter(claim=w.draft).exists(), True),
    Case("remove verdict", claim_url("in_review", "verdict/delete/"), REVIEWERS, "post", None,
         lambda w: lambda: Verdict.objects.filter(claim=w.in_review).exists(), False),
    Case("create note", lambda w: "/desk/notes/new/", STAFF, "post",
         lambda w: note_data(title="Brand new note", body="Body.", claims=[w.draft.pk]),
         lambda w: lambda: ContextNote.objects.filter(title="Brand new note").exists(), True),
    Case("edit draft note", note_url("note_draft", "edit/"), STAFF, "post",
         lambda w: note_data(w.note_draft, title="Edited note"),
         lambda w: lambda: ContextNote.objects.get(pk=w.note_draft.pk).title, "Edited note"),
    Case("create note with a figure part of a claim's", lambda w: "/desk/notes/new/", STAFF,
         "post", lambda w: note_data(title="With a figure", body="Body.", claims=[w.draft.pk],
                                     figures=[note_figure(w)]),
         lambda w: lambda: NoteFigure.objects.filter(part_of__claim=w.draft).exists(), True),
    Case("add a figure to a draft note", note_url("note_draft", "edit/"), STAFF, "post",
         lambda w: note_data(w.note_draft, figures=[note_figure(w)]),
         lambda w: lambda: w.note_draft.figures.count(), 1),
    Case("several citations in one save", note_url("note_draft", "edit/"), STAFF, "post",
         lambda w: note_data(w.note_draft, citations=[{"title": "A"}, {"title": "B"}]),
         lambda w: lambda: w.note_draft.citations.count(), 2),
    Case("submit note", note_url("note_draft", "submit/"), STAFF, "post", None,
         lambda w: status_of(w.note_draft), Status.IN_REVIEW),
    Case("approve an editor's note", note_url("note_in_review", "approve/"), REVIEWERS, "post",
         None, lambda w: status_of(w.note_in_review), Status.PUBLISHED),
    Case("approve a reviewer's own note", note_url("note_reviewers_own", "approve/"),
         {"other_reviewer", "admin"}, "post", None, lambda w: status_of(w.note_reviewers_own),
         Status.PUBLISHED),
    Case("reject note", note_url("note_in_review", "reject/"), REVIEWERS, "post",
         lambda w: {"reason": "Cite it."}, lambda w: status_of(w.note_in_review), Status.DRAFT),
    Case("correct note", note_url("note_published", "correct/"), REVIEWERS, "post",
         lambda w: {**note_data(w.note_published), "correction": "Fixed."},
         lambda w: status_of(w.note_published), Status.CORRECTED),
    Case("retract note", note_url("note_published", "retract/"), REVIEWERS, "post",
         lambda w: {"reason": "Wrong."}, lambda w: status_of(w.note_published), Status.RETRACTED),
    Case("create source", lambda w: "/desk/sources/new/", STAFF, "post", lambda w: SOURCE_DATA,
         lambda w: lambda: Source.objects.filter(title="A new letter").exists(), True),
    Case("edit source", lambda w: f"/desk/sources/{w.source.slug}/edit/", STAFF, "post",
         lambda w: {**SOURCE_DATA, "title": "Renamed"},
         lambda w: lambda: Source.objects.get(pk=w.source.pk).title, "Renamed"),
    Case("create speaker", lambda w: "/desk/speakers/new/", STAFF, "post",
         lambda w: {"name": "New Speaker", "kind": "person"},
         lambda w: lambda: Speaker.objects.filter(name="New Speaker").exists(), True),
    Case("edit speaker", lambda w: f"/desk/speakers/{w.speaker.slug}/edit/", STAFF, "post",
         lambda w: {"name": "Renamed Speaker", "kind": "person"},
         lambda w: lambda: Speaker.objects.get(pk=w.speaker.pk).name, "Renamed Speaker"),
]  # fmt: skip

CASES = READ_PAGES + FORM_PAGES + ACTIONS


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_permission_matrix(client, world, case: Case, persona: str):
    if persona != "anonymous":
        client.force_login(world.users[persona])
    url = case.url(world)
    probe = case.probe(world) if case.probe else None
    before = probe() if probe else None
    data = case.data(world) if case.data else {}
    response = getattr(client, case.method)(url, data)

    if persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
    elif persona in case.allowed:
        default = 200 if case.method == "get" else 302
        assert response.status_code == (case.status or default), response.content[:2000]
        if case.method == "post":
            assert not response["Location"].startswith("/accounts/login/")
            messages = [str(m) for m in response.wsgi_request._messages]
            assert not any("Cannot" in m for m in messages), messages
    else:
        assert response.status_code == case.denied_status
        assert b"Not allowed" in response.content
    if probe:
        succeeded = persona in case.allowed and case.after is not UNCHANGED
        expected = case.after if succeeded else before
        assert probe() == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_drafts_public_address_is_404_for_visitors_and_published_is_200(client, world, persona):
    if persona != "anonymous":
        client.force_login(world.users[persona])
    if persona == "anonymous":
        assert client.get(f"/claims/{world.draft.slug}/").status_code == 404
    assert client.get(f"/claims/{world.published.slug}/").status_code == 200
