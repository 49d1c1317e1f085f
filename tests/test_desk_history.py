"""History: one entry per change with its author, whichever path made it; diffs; revert."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command

from annotations.models import Citation, ContextNote, Verdict
from claims.models import Claim, ClaimRelation, Figure, Source, Speaker, Tag
from tests.desk import claim_data, note_data
from tests.factories import ClaimFactory, SourceFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def quiet(*args, **kwargs) -> None:
    with open("/dev/null", "w") as devnull:
        call_command(*args, stdout=devnull, **kwargs)


def entries(obj) -> list[tuple[str, str | None]]:
    """(type, username) of each history entry of `obj`, oldest first."""
    return [
        (r.history_type, r.history_user.username if r.history_user else None)
        for r in obj.history.order_by("history_date", "history_id")
    ]


def diff_row(field: str, before: str, after: str) -> str:
    """A row of the history page's diff table, as rendered."""
    return (
        f'<th scope="row">{field}</th><td class="before">{before}</td>'
        f'<td class="after">{after}</td>'
    )


def form_payload(form) -> dict:
    """What a browser posts for an unchanged (admin) form."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        if value is True:
            value = "on"
        elif isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, list | tuple):
            value = [str(v) for v in value]
        data[form.add_prefix(name)] = value
    return data


def admin_change_payload(response) -> dict:
    data = form_payload(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        data.update(form_payload(formset.management_form))
        for form in formset.forms:
            data.update(form_payload(form))
    return data


def test_web_path_makes_one_entry_per_change_with_its_author(client, editor, reviewer):
    tag_a, tag_b = Tag.objects.create(name="crime"), Tag.objects.create(name="immigration")
    client.force_login(editor)
    client.post(
        "/desk/claims/new/",
        claim_data(
            speaker=SpeakerFactory().pk,
            source=SourceFactory().pk,
            text="More than 435,000 of them are convicted criminals.",
            summary="More than 435,000 convicted",
            tags=[tag_a.pk],
            figures=[{"value": "435000", "qualifier": "more_than", "counts": "convicted"}],
        ),
    )
    claim = Claim.objects.get()
    assert entries(claim) == [("+", "ed")]
    first = claim.history.get()
    assert list(first.tags.values_list("tag__name", flat=True)) == ["crime"]  # in the same entry
    figure = claim.figures.get()
    assert entries(figure) == [("+", "ed")]

    payload = claim_data(claim, summary="More than 435,000 are convicted", tags=[tag_b.pk])
    client.post(f"/desk/claims/{claim.slug}/edit/", payload)
    assert entries(claim) == [("+", "ed"), ("~", "ed")]
    assert entries(figure) == [("+", "ed")]  # unchanged rows get no entry

    client.post(f"/desk/claims/{claim.slug}/submit/")
    client.force_login(reviewer)
    client.post(f"/desk/claims/{claim.slug}/approve/")
    assert entries(claim) == [("+", "ed"), ("~", "ed"), ("~", "ed"), ("~", "rev")]

    page = client.get(f"/desk/claims/{claim.slug}/history/").content.decode()
    summary = diff_row("Summary", "More than 435,000 convicted", "More than 435,000 are convicted")
    assert summary in page
    assert diff_row("Tags", "crime", "immigration") in page
    assert diff_row("Status", "In review", "Published") in page
    assert diff_row("Approved by", "—", "rev") in page
    assert 'Figure “convicted”</strong> created by <span class="who">ed</span>' in page


def test_note_and_citation_entries_from_the_web(client, editor):
    claims = ClaimFactory.create_batch(2)
    client.force_login(editor)
    client.post(
        "/desk/notes/new/",
        note_data(
            title="Forty years",
            body="Over four decades.",
            claims=[c.pk for c in claims],
            citations=[{"title": "DHS statement"}],
        ),
    )
    note = ContextNote.objects.get()
    assert entries(note) == [("+", "ed")]
    assert entries(note.citations.get()) == [("+", "ed")]
    payload = note_data(note, title="Four decades", claims=[claims[0].pk])
    payload["citations-0-DELETE"] = "on"
    client.post(f"/desk/notes/{note.slug}/edit/", payload)
    assert entries(note) == [("+", "ed"), ("~", "ed")]
    assert Citation.history.filter(history_type="-", history_user=editor).count() == 1

    page = client.get(f"/desk/notes/{note.slug}/history/").content.decode()
    assert '<td class="before">Forty years</td><td class="after">Four decades</td>' in page
    assert 'Citation “DHS statement”</strong> deleted by <span class="who">ed</span>' in page
    both = ", ".join(sorted(c.summary for c in claims))
    assert diff_row("Claims", both, claims[0].summary) in page
    # The claim's history shows the note being attached and detached.
    claim_page = client.get(f"/desk/claims/{claims[1].slug}/history/").content.decode()
    assert "Note “Four decades”</strong> changed by" in claim_page


def test_claim_history_includes_figures_relations_and_verdict(client, reviewer):
    claim = ClaimFactory()
    other = ClaimFactory(summary="Other claim")
    Figure.objects.create(claim=claim, value=Decimal(13099), counts="murder convictions")
    ClaimRelation.objects.create(from_claim=other, to_claim=claim, kind="disputes")
    Verdict.objects.create(
        claim=claim,
        rating_id=Verdict._meta.get_field("rating").related_model.objects.first().pk,
        explanation="Explained.",
    )
    client.force_login(reviewer)
    page = client.get(f"/desk/claims/{claim.slug}/history/").content.decode()
    assert "Figure “murder convictions”" in page and "13,099" in page
    assert "Relation (disputes)" in page and "Other claim" in page
    assert "<strong>Verdict</strong> created" in page and "Explained." in page
    assert 'by <span class="who">system</span>' in page  # no request, no user


def test_admin_path_makes_one_entry_with_the_admin_as_author(client, admin_user):
    claim = ClaimFactory(summary="Before the admin")
    Figure.objects.create(claim=claim, value=1, counts="one")
    client.force_login(admin_user)
    url = f"/admin/claims/claim/{claim.pk}/change/"
    payload = admin_change_payload(client.get(url))
    payload["summary"] = "After the admin"
    response = client.post(url, payload)
    assert response.status_code == 302, response.context["errors"]
    claim.refresh_from_db()
    assert claim.summary == "After the admin"
    assert entries(claim) == [("+", None), ("~", "boss")]
    assert entries(claim.figures.get()) == [("+", None)]


def test_admin_reverts_a_claim_to_an_earlier_version(client, editor, admin_user):
    claim = ClaimFactory(summary="Original words", created_by=editor)
    client.force_login(editor)
    client.post(f"/desk/claims/{claim.slug}/edit/", claim_data(claim, summary="Edited words"))
    claim.refresh_from_db()
    assert claim.version == 2
    original = claim.history.earliest("history_date")

    client.force_login(admin_user)
    url = f"/admin/claims/claim/{claim.pk}/history/{original.history_id}/"
    response = client.get(url)
    assert response.status_code == 200 and "Revert" in response.content.decode()
    payload = form_payload(response.context["adminform"].form)
    assert payload["summary"] == "Original words"
    assert client.post(url, payload).status_code == 302
    claim.refresh_from_db()
    assert claim.summary == "Original words"
    assert claim.version == 3  # counts on, so a form opened at version 2 stays stale
    assert entries(claim)[-1] == ("~", "boss")
    page = client.get(f"/desk/claims/{claim.slug}/history/").content.decode()
    assert '<td class="before">Edited words</td><td class="after">Original words</td>' in page


def test_load_demo_records_every_row_once_by_the_reviewer_and_twice_nothing(client):
    quiet("load_demo")
    for model in (Speaker, Source, Claim, Figure, ClaimRelation, ContextNote, Citation, Verdict):
        created = model.history.filter(history_type="+")
        assert created.count() == model.objects.count() > 0, model
        assert set(created.values_list("history_user__username", flat=True)) == {"reviewer"}
    before = {m: m.history.count() for m in (Claim, Figure, ContextNote, Citation)}
    quiet("load_demo")
    assert {m: m.history.count() for m in before} == before


@pytest.fixture
def ed(client, editor):
    client.force_login(editor)
    return client


def test_changed_text_shows_as_an_inline_word_diff_with_the_editors_name(ed, editor):
    editor.first_name, editor.last_name = "Ada", "Writer"
    editor.save()
    words = "As of July 21 there were 662,566 noncitizens with criminal histories on the docket."
    claim = ClaimFactory(text=words, created_by=editor)
    edited = words.replace("662,566", "662,567").replace("on the docket", "on ICE's docket")
    response = ed.post(f"/desk/claims/{claim.slug}/edit/", claim_data(claim, text=edited))
    assert response.status_code == 302
    page = ed.get(f"/desk/claims/{claim.slug}/history/").content.decode()
    row = page.split('<td class="word-diff" colspan="2">', 1)[1].split("</td>", 1)[0]
    assert row.startswith("As of July 21 there were <del>")
    assert '662,566<span class="visually-hidden">]</span></del> <ins>' in row
    assert 'on <del><span class="visually-hidden">[removed: </span>the' in row
    assert 'ICE&#x27;s<span class="visually-hidden">]</span></ins> docket.' in row
    assert '<span class="who">Ada Writer</span>' in page  # display name, not login
    # Short values keep their before/after cells.
    assert diff_row("Text", words, edited) not in page


def test_history_times_say_their_zone_and_carry_a_machine_readable_date(ed, editor):
    claim = ClaimFactory(created_by=editor)
    page = ed.get(f"/desk/claims/{claim.slug}/history/").content.decode()
    assert "data-local-time>" in page and " UTC</time>" in page
