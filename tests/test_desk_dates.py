"""Dates typed one way (ISO, or a month or year alone), kept when wrong, read alike everywhere."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from claims.dates import readable
from claims.models import Claim, Source
from claims.workflow import Status
from tests.factories import ClaimFactory, SourceFactory
from tests.test_desk_claims import new_claim_payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def ed(client, editor):
    client.force_login(editor)
    return client


def input_tag(page: str, name: str) -> str:
    return re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)


@pytest.mark.parametrize("bad", ["2024-13-45", "25/09/2024x", "2024-00"])
def test_a_bad_date_is_kept_in_its_field_with_an_error_naming_the_field(ed, bad):
    response = ed.post("/desk/claims/new/", new_claim_payload(said_on=bad))
    assert response.status_code == 400
    page = response.content.decode()
    said_on = input_tag(page, "said_on")
    assert f'value="{bad}"' in said_on
    # A text box: a browser's date picker would empty a value it cannot read.
    assert 'type="text"' in said_on and 'placeholder="YYYY-MM-DD"' in said_on
    assert '<a href="#id_said_on">Said on</a>: Enter a date as YYYY-MM-DD' in page
    assert not Claim.objects.exists()


def test_a_bad_figure_date_is_kept_too(ed):
    payload = new_claim_payload()
    payload["figures-0-as_of"] = "2024-13-45"
    page = ed.post("/desk/claims/new/", payload).content.decode()
    assert 'value="2024-13-45"' in input_tag(page, "figures-0-as_of")
    assert '<a href="#id_figures-0-as_of">Figure 1, as of</a>: Enter a valid date.' in page


@pytest.mark.parametrize(
    ("typed", "precision", "stored", "shown"),
    [
        ("2024-03-05", "day", (dt.date(2024, 3, 5), "day"), "5 March 2024"),
        ("2024-03-05", "unknown", (dt.date(2024, 3, 5), "day"), "5 March 2024"),
        ("2024-03", "day", (dt.date(2024, 3, 1), "month"), "March 2024"),
        ("2024-03", "month", (dt.date(2024, 3, 1), "month"), "March 2024"),
        ("2024", "unknown", (dt.date(2024, 1, 1), "year"), "2024"),
        ("2024-03-01", "month", (dt.date(2024, 3, 1), "month"), "March 2024"),
    ],
)
def test_a_month_or_a_year_is_typed_alone_and_read_as_known(ed, typed, precision, stored, shown):
    payload = new_claim_payload(said_on=typed, said_on_precision=precision)
    assert ed.post("/desk/claims/new/", payload).status_code == 302
    claim = Claim.objects.get()
    assert (claim.said_on, claim.said_on_precision) == stored
    desk = ed.get(f"/desk/claims/{claim.slug}/").content.decode()
    assert f"<dt>Said on</dt><dd>{shown}</dd>" in desk
    assert f" · {shown} · " in ed.get("/desk/claims/").content.decode()
    # The edit form shows it back as it was typed, and saving it unchanged keeps it.
    edit = ed.get(f"/desk/claims/{claim.slug}/edit/").content.decode()
    assert f'value="{typed if typed != "2024-03-01" else "2024-03"}"' in input_tag(edit, "said_on")


def test_a_month_typed_with_year_precision_is_refused_on_the_date(ed):
    response = ed.post(
        "/desk/claims/new/", new_claim_payload(said_on="2024-03", said_on_precision="year")
    )
    assert response.status_code == 400
    assert "“2024-03” is a month, but the precision says year" in response.content.decode()


def test_the_source_form_takes_a_month_too(ed):
    response = ed.post(
        "/desk/sources/new/",
        {"kind": "letter", "title": "A letter", "date": "2024-07", "date_precision": "unknown"},
    )
    assert response.status_code == 302
    source = Source.objects.get()
    assert (source.date, source.date_precision) == (dt.date(2024, 7, 1), "month")
    assert "<dd>July 2024</dd>" in ed.get(f"/desk/sources/{source.slug}/").content.decode()


def test_desk_and_public_pages_write_a_date_the_same_way(client, ed):
    source = SourceFactory(date=dt.date(2024, 7, 1), date_precision="month")
    claim = ClaimFactory(
        source=source,
        said_on=dt.date(2024, 7, 1),
        said_on_precision="month",
        status=Status.PUBLISHED,
        published_at=dt.datetime(2024, 10, 1, tzinfo=dt.UTC),
    )
    public = client.get(f"/claims/{claim.slug}/").content.decode()
    listing = client.get("/claims/").content.decode()
    desk = ed.get(f"/desk/claims/{claim.slug}/").content.decode()
    for page in (public, listing, desk):
        assert "July 2024" in page and "1 July 2024" not in page and "1 Jul 2024" not in page


def test_readable_dates():
    assert readable(dt.date(2024, 3, 5)) == "5 March 2024"
    assert readable("2024-03-01", "month") == "March 2024"
    assert readable(dt.date(2024, 1, 1), "year") == "2024"
    assert readable(None, "day") == readable(dt.date(2024, 1, 1), "unknown") == "date unknown"
