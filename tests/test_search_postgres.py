"""Ranked full-text and trigram search on PostgreSQL, and the indexes that keep it fast."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count

from annotations.models import ContextNote
from annotations.search import search_claims, speaker_name_matches
from annotations.synthetic.builder import settle_after_bulk_load
from claims.models import Claim, Speaker
from claims.workflow import Status
from tests.factories import NoteFactory, PublishedClaimFactory, SpeakerFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="full-text and trigram search need PostgreSQL; SQLite's substring fallback "
        "is tested in test_search.py",
    ),
]


def ranked(query: str) -> list[str]:
    results = search_claims(Claim.objects.published(), query).order_by("-rank", "pk")
    return list(results.values_list("summary", flat=True))


def published_note(body: str, *claims: Claim, title: str = "Context") -> None:
    NoteFactory(title=title, body=body, status=Status.PUBLISHED).claims.add(*claims)


def plan(queryset) -> str:
    settle_after_bulk_load()  # what autovacuum does after rows are added
    return queryset.explain()


def test_a_summary_match_outranks_a_quote_match_which_outranks_a_note_match():
    by_note = PublishedClaimFactory(summary="Crossings fell", text="Crossings fell in June.")
    published_note("The docket holds nearly 7 million people.", by_note)
    PublishedClaimFactory(summary="Removals", text="The docket keeps growing every year.")
    PublishedClaimFactory(summary="Docket size", text="Nearly 7 million people in total.")
    PublishedClaimFactory(summary="Unrelated", text="Wages grew faster than prices.")

    assert ranked("docket") == ["Docket size", "Removals", "Crossings fell"]


def test_words_are_matched_by_their_stem():
    PublishedClaimFactory(summary="Convicted", text="More than 435,000 are convicted criminals.")
    noted = PublishedClaimFactory(summary="Noted", text="The letter lists the numbers.")
    published_note("Most of those convictions are decades old.", noted)

    assert set(ranked("convictions")) == {"Convicted", "Noted"}
    assert ranked("criminal") == ["Convicted"]


def test_a_misspelled_speaker_name_finds_that_speakers_claims():
    lechleitner = SpeakerFactory(name="Patrick J. Lechleitner")
    PublishedClaimFactory(speaker=lechleitner, summary="Letter one")
    PublishedClaimFactory(speaker=lechleitner, summary="Letter two")
    PublishedClaimFactory(speaker=SpeakerFactory(name="Tony Gonzales"), summary="Statement")

    assert set(ranked("Lechlietner")) == {"Letter one", "Letter two"}
    assert set(ranked("lechleitner")) == {"Letter one", "Letter two"}
    assert ranked("Gonzalez") == ["Statement"]


def test_search_syntax_and_stray_punctuation_never_fail():
    PublishedClaimFactory(summary="Detention", text="ICE can hold up to 41,500 people.")
    PublishedClaimFactory(summary="Other", text="ICE released people onto the docket.")

    assert ranked('"hold up to" -released') == ["Detention"]
    assert ranked("ICE or nothing") == ranked("ICE")
    for nonsense in ("a:b & ! (", "'", "%", "\\", "the"):
        assert ranked(nonsense) == []


def test_the_public_list_shows_the_best_match_first(client):
    PublishedClaimFactory(summary="Removals", text="The docket keeps growing every year.")
    PublishedClaimFactory(summary="Docket size", text="Nearly 7 million people in total.")
    page = client.get("/claims/", {"q": "docket"}).content.decode()
    assert page.index("Docket size") < page.index("Removals")


def test_word_searches_use_the_gin_indexes_on_a_large_archive():
    call_command("generate_archive", claims=1500, seed=5, no_progress=True, stdout=io.StringIO())
    claim = PublishedClaimFactory(summary="Zeppelin", text="A zeppelin was seen.")
    published_note("A quokka was counted twice.", claim)
    assert Claim.objects.count() > 1500 and ContextNote.objects.count() > 4000

    query_plan = plan(search_claims(Claim.objects.published(), "zeppelin"))
    assert "Bitmap Index Scan on claims_claim_search_vector" in query_plan
    assert "Bitmap Index Scan on annotations_contextnote_search_vector" in query_plan
    assert ranked("zeppelin") == ranked("quokka") == ["Zeppelin"]


def test_misspelled_names_are_looked_up_through_the_trigram_index():
    # With a few hundred speakers, reading the whole table is cheaper and PostgreSQL
    # rightly does so; from several thousand on, the lookup search_claims makes goes
    # through the trigram index.
    Speaker.objects.bulk_create(
        Speaker(slug=f"many-{i}", name=f"Speaker Number {i} Of Many") for i in range(8000)
    )
    SpeakerFactory(name="Patrick J. Lechleitner")

    lookup = Speaker.objects.filter(speaker_name_matches("Lechlietner", field="name"))
    assert "Bitmap Index Scan on claims_speaker_name_trgm" in plan(lookup)
    assert list(lookup.values_list("name", flat=True)) == ["Patrick J. Lechleitner"]


def test_deep_public_pages_and_speaker_searches_read_claims_through_indexes():
    from publication import keyset

    call_command("generate_archive", claims=1500, seed=6, no_progress=True, stdout=io.StringIO())
    settle_after_bulk_load()
    fields = ["published_at", "pk"]
    published = Claim.objects.published()
    ordered = published.order_by("-published_at", "-pk").values_list(*fields)
    for depth in (300, 750, 1400):
        # The cursor's published_at is an index condition: PostgreSQL starts reading there
        # instead of counting past every newer claim.
        query_plan = plan(keyset.older_rows(published, fields, list(ordered[depth]), size=26))
        # Through claims_claim_published_id or claims_claim_status_pub, as the statistics say.
        assert re.search(r"Index Cond: .*\(published_at <= ", query_plan), query_plan
        assert "Seq Scan on claims_claim" not in query_plan, query_plan

    speaker = Speaker.objects.filter(claims__isnull=False).first()
    speaker_plan = plan(search_claims(published, speaker.name).order_by("-rank", "-pk")[:26])
    assert "Seq Scan on claims_claim " not in speaker_plan
    assert "Bitmap Index Scan on claims_claim_search_vector" in speaker_plan


def test_a_speaker_name_search_pages_through_every_match_once_in_rank_order(client):
    import datetime as dt

    from tests.test_public import _links

    def _summaries(page: str) -> list[str]:
        return re.findall(r'<h2 class="claim-title"><a href="/claims/[^"]+/">([^<]+)</a>', page)

    start = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    # A busy speaker whose name is the query, and two whose names are near it.
    for s, (name, claims) in enumerate(
        [("Maria Lopez", 60), ("Mario Lopes", 14), ("Marina Lopezz", 14)]
    ):
        speaker = SpeakerFactory(name=name)
        for n in range(claims):
            PublishedClaimFactory(
                speaker=speaker,
                summary=f"Claim {s}-{n}",
                # Every third of the busy speaker's claims names her in its words too.
                text="Maria Lopez said so." if s == 0 and n % 3 == 0 else "The docket grew.",
                # Pairs share a publication time, so ties are broken by id across pages too.
                published_at=start + dt.timedelta(hours=(n + 3 * s) // 2),
            )
    # Found by its words or through a note.
    PublishedClaimFactory(text="As Maria Lopez said, the docket grew.", summary="Quoted")
    published_note("Maria Lopez repeated it.", PublishedClaimFactory(summary="Noted"))
    query = "Maria Lopez"

    expected = list(
        search_claims(Claim.objects.published(), query)
        .order_by("-rank", "-published_at", "-pk")
        .values_list("summary", flat=True)
    )
    seen, url, pages = [], "/claims/?q=Maria+Lopez", []
    while url:
        page = client.get(url).content.decode()
        pages.append(page)
        seen += _summaries(page)
        url = "/claims/" + _links(page)["next"] if "next" in _links(page) else None
    assert len(expected) == 60 + 2 * 14 + 2 and seen == expected
    assert seen.index("Claim 0-57") < seen.index("Claim 0-59")  # words and name outrank name
    # Back from the last page to the first through the "Newer" links.
    back, page = [], pages[-1]
    while "prev" in _links(page):
        page = client.get("/claims/" + _links(page)["prev"]).content.decode()
        back.append(_summaries(page))
    assert len(pages) == 4 and back == [_summaries(page) for page in reversed(pages[:-1])]


def test_a_speaker_name_search_reads_a_busy_speakers_claims_newest_first_through_an_index(client):
    from django.test.utils import CaptureQueriesContext

    call_command("generate_archive", claims=1500, seed=7, no_progress=True, stdout=io.StringIO())
    busiest = Speaker.objects.filter(claims__isnull=False).annotate(n=Count("claims")).latest("n")
    settle_after_bulk_load()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/claims/", {"q": busiest.name}).status_code == 200
    pages = [q["sql"] for q in queries if "unnest(" in q["sql"]]
    assert len(pages) == 1, "the page does not read each speaker's newest claims"
    page = pages[0]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + page)
        query_plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "claims_claim_speaker_pub" in query_plan, query_plan
    assert "Seq Scan on claims_claim " not in query_plan, query_plan
