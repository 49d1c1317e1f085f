"""Every desk list and page costs the same number of queries for 10 and for 200 claims."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations.models import ContextNote
from claims.models import Claim, Source
from tests.desk import make_desk_rows

pytestmark = pytest.mark.django_db


def pages(claim: Claim, note: ContextNote, source: Source) -> list[str]:
    return [
        "/desk/",
        "/desk/claims/",
        "/desk/claims/?q=There&status=draft&tag=crime",
        f"/desk/claims/{claim.slug}/",
        f"/desk/claims/{claim.slug}/history/",
        f"/desk/claims/{claim.slug}/edit/",
        "/desk/notes/",
        f"/desk/notes/{note.slug}/",
        f"/desk/notes/{note.slug}/history/",
        "/desk/sources/",
        f"/desk/sources/{source.slug}/",
        "/desk/speakers/",
    ]


def count(client, url: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize("persona", ["editor", "reviewer"])
def test_query_counts_do_not_grow_from_10_to_200_claims(client, request, persona, other_editor):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    make_desk_rows(10, author=user, reviewer=other_editor)
    claim = Claim.objects.filter(status="draft").first()
    note = ContextNote.objects.first()
    source = claim.source
    urls = pages(claim, note, source)
    small = {url: count(client, url) for url in urls}
    make_desk_rows(190, author=user, reviewer=other_editor)
    assert Claim.objects.count() == 200
    for url in urls:
        n, sql = count(client, url)
        assert n == small[url][0], (url, sql)


def form_pages() -> list[str]:
    """Every desk form a reviewer opens, on items in the state the form is for."""
    in_review = Claim.objects.filter(status="in_review").first()
    published = Claim.objects.filter(status="published").first()
    draft = Claim.objects.filter(status="draft").first()
    draft_note = ContextNote.objects.filter(status="draft").first()
    note_in_review = ContextNote.objects.filter(status="in_review").first()
    published_note = ContextNote.objects.filter(status="published").first()
    return [
        "/desk/claims/new/",
        "/desk/notes/new/",
        "/desk/speakers/new/",
        "/desk/sources/new/",
        f"/desk/speakers/{draft.speaker.slug}/edit/",
        f"/desk/sources/{draft.source.slug}/edit/",
        f"/desk/notes/{draft_note.slug}/edit/",
        f"/desk/claims/{in_review.slug}/reject/",
        f"/desk/notes/{note_in_review.slug}/reject/",
        f"/desk/claims/{published.slug}/correct/",
        f"/desk/claims/{published.slug}/retract/",
        f"/desk/notes/{published_note.slug}/correct/",
        f"/desk/notes/{published_note.slug}/retract/",
        f"/desk/claims/{draft.slug}/verdict/",
        f"/desk/claims/{published.slug}/verdict/",
    ]


def test_form_pages_cost_the_same_queries_for_10_and_200_claims(
    client, editor, reviewer, other_reviewer
):
    # Someone else's work throughout, so every reviewer form is open to them.
    client.force_login(other_reviewer)
    make_desk_rows(10, author=editor, reviewer=reviewer)
    urls = form_pages()
    small = {url: count(client, url) for url in urls}
    make_desk_rows(190, author=editor, reviewer=reviewer)
    for url in urls:
        n, sql = count(client, url)
        assert n == small[url][0], (url, sql)
