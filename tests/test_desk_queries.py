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
