"""Readers first: the claim card, context under the claim, figures that read, the list, speakers."""

from __future__ import annotations

import datetime as dt
import html
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations.models import Citation, Rating, Verdict
from claims.figures import percentage, reading, share_chart
from claims.models import Figure, Tag
from claims.workflow import Status
from publication import reader
from tests.factories import ClaimFactory, FigureFactory, NoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db) -> None:
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def card(page: str) -> str:
    """The claim card at the top of a claim page."""
    return page.split('<header class="claim-card">', 1)[1].split("</header>", 1)[0]


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


# --- the claim card -----------------------------------------------------------------


def test_title_and_heading_say_who_claimed_what(client, demo):
    page = client.get("/claims/ndd-criminal-histories/").content.decode()
    title = re.search(r"<title>(.*?)</title>", page).group(1)
    assert title.startswith("Lechleitner: As of July 21, there were 662,566 noncitizens")
    assert '<h1 id="claim-h">Lechleitner: As of July 21, there were 662,566' in page


def test_card_holds_speaker_date_words_verdict_on_its_scale_explanation_and_note_count(
    client, demo
):
    top = card(client.get("/claims/murder-13099/").content.decode())
    assert "Donald Trump" in top and "Republican presidential nominee (2024)" in top
    assert "said July 2024" in top
    assert "Faithful paraphrase" in top  # the words are marked verbatim or paraphrase
    assert '<strong class="verdict-label">Missing context</strong>' in top
    assert "(3 of 5)" in top  # its place on the scale, in words
    assert "about 0.19 % of the docket" in top  # the explanation
    assert "4 context notes" in top
    assert "Illustrative verdict for the demo" not in top  # said once, as a notice instead
    assert "this verdict is illustrative" in top


def test_numbers_in_the_quote_are_marked_and_linked_to_their_figure(client, demo):
    page = client.get("/claims/ndd-criminal-histories/").content.decode()
    assert '<a class="number" href="#figure-1"><mark>662,566</mark></a>' in card(page)
    assert '<li id="figure-1">' in page
    assert "<mark>21</mark>" not in page  # "July 21" is a date, not a figure


def test_number_highlighting_escapes_the_text_and_reads_spoken_millions():
    figures = [{"value": "7000000"}, {"value": "435000"}]
    html = reader.highlight_numbers("<b>nearly 7 million</b> & more than 435,000", figures)
    assert html == (
        '&lt;b&gt;nearly <a class="number" href="#figure-1"><mark>7 million</mark></a>'
        '&lt;/b&gt; &amp; more than <a class="number" href="#figure-2"><mark>435,000</mark></a>'
    )


def test_byline_names_author_and_reviewer_and_dates_link_to_the_corrections_log(
    client, editor, reviewer
):
    from annotations import services

    editor.first_name, editor.last_name = "Ada", "Writer"
    editor.save()
    claim = ClaimFactory(
        status=Status.PUBLISHED,
        created_by=editor,
        approved_by=reviewer,
        published_at=dt.datetime(2024, 10, 1, 9, tzinfo=dt.UTC),
    )
    services.correct(obj=claim, by=reviewer, text="The as-of date is July 21.")
    top = card(client.get(claim.get_absolute_url()).content.decode())
    assert "By Ada Writer, reviewed by rev" in top  # display name, else the login name
    assert 'Published <a href="#corrections"><time datetime="2024-10-01T09:00:00Z">' in top
    assert '1 October 2024</time></a> · Updated <a href="#corrections">' in top


def test_banner_of_corrected_and_retracted_claims_links_to_the_entry(client, reviewer):
    from annotations import services

    claim = ClaimFactory(status=Status.PUBLISHED)
    services.correct(obj=claim, by=reviewer, text="The as-of date is July 21.")
    page = client.get(claim.get_absolute_url()).content.decode()
    assert '<a href="#correction-1">See the correction</a>' in page
    assert '<li id="correction-1">' in page and "The as-of date is July 21." in page


def test_notes_come_scale_and_timeframe_first_and_an_excerpt_is_quoted_once(client):
    claim = ClaimFactory(status=Status.PUBLISHED)
    for kind, title in [
        ("cited_study", "Studies"),
        ("timeframe", "Forty years"),
        ("scale", "Out of 7m"),
    ]:
        note = NoteFactory(status=Status.PUBLISHED, kind=kind, title=title)
        note.claims.add(claim)
        Citation.objects.create(note=note, title=f"Source of {title}", excerpt="the same words")
    page = client.get(claim.get_absolute_url()).content.decode()
    assert page.index("Out of 7m") < page.index("Forty years") < page.index("Studies")
    assert page.count("<p>the same words</p>") == 1
    assert page.count("(excerpt quoted above)") == 2


def test_claim_page_without_verdict_or_notes_says_so(client):
    claim = ClaimFactory(status=Status.PUBLISHED)
    top = card(client.get(claim.get_absolute_url()).content.decode())
    assert "Not rated" in top and "No context notes yet" in top


# --- figures ------------------------------------------------------------------------


def test_percentages_are_english_style_and_tiny_shares_never_read_as_zero():
    assert percentage(Decimal("0.094652")) == "9.47%"
    assert percentage(Decimal("0.001871")) == "0.19%"
    assert percentage(Decimal("0.0000043")) == "0.0004%"


def test_a_small_share_gets_a_magnified_inset_and_one_in_n():
    chart = share_chart(13099, 7000000, qualifier="exact", whole_label="nearly 7,000,000 people")
    assert chart.small and chart.one_in == "about 1 in 534"
    assert chart.width == "0.19"
    assert chart.inset_window == "1%" and chart.inset_width == "18.71"  # visible in the inset
    assert chart.description == "13,099 of nearly 7,000,000 people: 0.19%, about 1 in 534"
    big = share_chart(662566, 7000000, qualifier="exact", whole_label="the docket")
    assert not big.small and big.width == "9.47"


def test_units_are_always_shown():
    assert reading(Decimal("23"), "exact", "federal inmates", "%") == "23% of federal inmates"
    assert reading(Decimal("1200"), "about", "in fines", "USD") == "about $1,200 in fines"
    assert reading(Decimal("435000"), "more_than", "convicted", "people") == (
        "more than 435,000 convicted"
    )
    chart = share_chart(23, 100, qualifier="exact", whole_label="100%", unit="%")
    assert chart.part == "23%"


def test_claim_page_draws_each_share_with_both_numbers_and_a_text_alternative(client, demo):
    page = client.get("/claims/murder-13099/").content.decode()
    assert '<strong class="share-percent">0.19%</strong>' in page
    assert "13,099 of nearly 7,000,000 people" in page
    assert 'aria-label="13,099 of nearly 7,000,000 people' in page
    assert "Magnified: the first 1% of the bar" in page


# --- the public list ------------------------------------------------------------------


def test_list_shows_speaker_verdict_badge_and_note_count_newest_published_first(client, demo):
    page = client.get("/claims/").content.decode()
    item = page.split('<li class="claim-item">')[1:]
    assert len(item) == 16
    murder = next(i for i in item if "13,099 immigrants with murder convictions" in i)
    assert "Donald Trump" in murder
    assert '<strong class="verdict-label">Missing context</strong>' in murder
    assert "4 context notes" in murder


def test_list_filters_by_verdict_and_tag(client, demo):
    rated = client.get("/claims/?verdict=Missing+context").content.decode()
    assert rated.count('<li class="claim-item">') == 4
    assert '<option value="Missing context" selected>Missing context</option>' in rated
    tag = Tag.objects.filter(claims__isnull=False).first()
    tagged = client.get(f"/claims/?tag={tag.slug}").content.decode()
    assert tagged.count('<li class="claim-item">') == tag.claims.count()
    assert f'<option value="{tag.slug}" selected>' in tagged


def test_filters_are_kept_on_the_next_page(client):
    speaker = SpeakerFactory(slug="many")
    for _ in range(26):
        ClaimFactory(status=Status.PUBLISHED, speaker=speaker)
    page = client.get("/claims/?speaker=many&verdict=&tag=").content.decode()
    older = re.search(r'<a href="([^"]*)" rel="next">Older</a>', page)
    assert older and older.group(1).startswith("?speaker=many&amp;older="), page
    assert "verdict=" not in older.group(1) and "tag=" not in older.group(1)
    assert (
        len(client.get(html.unescape(older.group(1)).replace("?", "/claims/?")).context["claims"])
        == 1
    )


def test_list_has_real_empty_states(client):
    empty = client.get("/claims/").content.decode()
    assert "Nothing is published yet" in empty
    ClaimFactory(status=Status.PUBLISHED)
    none = client.get("/claims/?verdict=Accurate").content.decode()
    assert "No fact-check matches" in none and 'href="/claims/">see every fact-check</a>' in none


def test_unknown_filter_values_answer_an_empty_list_not_an_error(client):
    ClaimFactory(status=Status.PUBLISHED)
    for query in ("verdict=%00", "tag=no-such", "speaker=<b>", "tag=" + "x" * 500):
        assert client.get(f"/claims/?{query}").status_code == 200


# --- speakers' pages ----------------------------------------------------------------------


def test_speaker_page_lists_their_checked_claims_with_a_count_per_verdict(client, demo):
    page = client.get("/speakers/lechleitner/").content.decode()
    assert "<h1>Patrick J. Lechleitner</h1>" in page
    assert "10 checked claims" in page
    tally = page.split('<ul class="tally">')[1].split("</ul>")[0]
    assert re.search(r"Missing context</strong>.*?2 claims", tally, re.S)
    assert re.search(r"Not rated</span> <span class=\"tally-count\">8 claims", tally)
    assert 'type="application/atom+xml"' in page


def test_speaker_without_published_claims_is_not_public(client):
    ClaimFactory(status=Status.DRAFT, speaker=SpeakerFactory(slug="quiet"))
    assert client.get("/speakers/quiet/").status_code == 404
    assert client.get("/speakers/nobody/").status_code == 404


def test_claim_page_links_speaker_and_tags(client, demo):
    page = client.get("/claims/murder-13099/").content.decode()
    assert '<a href="/speakers/trump/">Donald Trump</a>' in page
    assert 'href="/claims/?tag=immigration"' in page


# --- query counts ---------------------------------------------------------------------


def test_reader_pages_query_counts_do_not_grow_with_rows(client):
    speaker = SpeakerFactory(slug="busy")
    rating = Rating.objects.get(scale__is_default=True, value=2)
    tag = Tag.objects.create(name="crime")

    def add(n: int) -> None:
        for _ in range(n):
            claim = ClaimFactory(status=Status.PUBLISHED, speaker=speaker)
            claim.tags.add(tag)
            Verdict.objects.create(claim=claim, rating=rating, explanation="Why.")
            NoteFactory(status=Status.PUBLISHED).claims.add(claim)
            Figure.objects.create(claim=claim, value=Decimal(5), counts="people")

    urls = [
        "/claims/?verdict=Misleading&tag=crime",
        "/claims/?page=2",
        "/speakers/busy/",
        "/speakers/busy/?page=2",
    ]
    add(30)
    few = [queries(client, url) for url in urls]
    add(60)
    assert few == [queries(client, url) for url in urls]
    claim = ClaimFactory(status=Status.PUBLISHED, speaker=speaker)
    FigureFactory(claim=claim)
    assert queries(client, claim.get_absolute_url()) <= 14
