"""The desk intake: paste a text, sentences ranked with figures, claims and repeats made from them.

Plain forms through the Django test client (no JavaScript), as a browser without it posts them.
"""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Anchor, Claim, ClaimRelation, Figure, Source, SourceRevision
from claims.workflow import Status
from intake.matching import index
from intake.models import Intake, IntakeClaim
from tests.desk import formset_data
from tests.factories import NoteFactory, PublishedClaimFactory, SourceFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

CHECKED = "The city's fire brigade answered 48,213 emergency calls about chimney fires."
TRANSCRIPT = (
    "Good evening, and thank you all for coming. "
    "Unemployment fell to 4.1% last year, and 12,000 of the 300,000 new jobs went to "
    "young people. "
    "I love this town. "
    "The fire brigade answered 58,000 emergency calls about chimney fires."
)


@pytest.fixture(autouse=True)
def fresh_index():
    index.reset()
    yield
    index.reset()


@pytest.fixture
def source():
    return SourceFactory(title="Mayor's speech", full_text="", author=SpeakerFactory(name="Mayor"))


def paste(client, source, text: str = TRANSCRIPT):
    return client.post(f"/desk/sources/{source.slug}/intake/", {"text": text})


def claim_url(intake: Intake, number: int) -> str:
    return f"/desk/intakes/{intake.pk}/sentences/{number}/claim/"


def repeat_url(intake: Intake, number: int) -> str:
    return f"/desk/intakes/{intake.pk}/sentences/{number}/repeat/"


def number_of(intake: Intake, words: str) -> int:
    return next(i for i, s in enumerate(intake.sentences) if words in s["text"])


def claim_payload(speaker, summary: str, rows: list[dict]) -> dict:
    data = {"speaker": speaker.pk, "summary": summary}
    data.update(formset_data("figures", rows))
    return data


def row(value: str, counts: str, **fields) -> dict:
    base = {"keep": "on", "qualifier": "exact", "value": value, "unit": "", "counts": counts}
    base.update({"as_of": "", "period": "", "part_of": ""})
    base.update(fields)
    return base


def test_pasting_makes_a_revision_and_lists_sentences_most_checkworthy_first(
    client, editor, source
):
    client.force_login(editor)
    response = paste(client, source)
    assert response.status_code == 302
    revision = SourceRevision.objects.get(source=source)
    assert (revision.text, revision.origin, revision.created_by) == (TRANSCRIPT, "pasted", editor)
    intake = Intake.objects.get(revision=revision)
    assert len(intake.sentences) == 4
    page = client.get(response["Location"]).content.decode()
    # The jobs sentence (three figures) comes before the greeting; figures are marked.
    assert page.index("young people") < page.index("Good evening")
    assert '<mark class="figure">4.1%</mark>' in page
    assert '<mark class="figure">12,000</mark>' in page


def test_leaving_and_coming_back_shows_the_saved_intake_without_reading_again(
    client, editor, source
):
    client.force_login(editor)
    paste(client, source)
    first = Intake.objects.get()
    # Coming back (a new session) shows the same list; pasting the same text reads nothing.
    client.logout()
    client.force_login(editor)
    page = client.get(f"/desk/sources/{source.slug}/intake/").content.decode()
    assert "young people" in page and "Make a claim of this sentence" in page
    paste(client, source)
    assert list(Intake.objects.all()) == [first]
    assert SourceRevision.objects.filter(source=source).count() == 1


def test_a_plain_text_file_can_be_uploaded(client, editor, source):
    client.force_login(editor)
    upload = SimpleUploadedFile("speech.txt", TRANSCRIPT.encode(), content_type="text/plain")
    response = client.post(f"/desk/sources/{source.slug}/intake/", {"file": upload})
    assert response.status_code == 302
    assert SourceRevision.objects.get(source=source).origin == "text"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"text": "   "}, "text"),
        (
            {"file": SimpleUploadedFile("x.txt", b"\xff\xfe\x00bad", content_type="text/plain")},
            "file",
        ),
    ],
)
def test_bad_pastes_are_refused_by_field(client, editor, source, data, field):
    client.force_login(editor)
    response = client.post(f"/desk/sources/{source.slug}/intake/", data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not SourceRevision.objects.exists()


def test_a_sentence_becomes_an_anchored_draft_with_its_confirmed_figures(client, editor, source):
    client.force_login(editor)
    paste(client, source)
    intake = Intake.objects.get()
    n = number_of(intake, "young people")
    form = client.get(claim_url(intake, n))
    assert form.status_code == 200
    # The figures come prefilled for the editor to confirm.
    initial = [f.initial for f in form.context["figures"].forms]
    assert [i["value"] for i in initial] == ["4.1", "12000", "300000"]
    rows = [
        row("4.1", "unemployment rate", unit="%"),
        row("12000", "new jobs that went to young people", part_of="2"),
        row("300000", "new jobs last year"),
    ]
    response = client.post(
        claim_url(intake, n), claim_payload(source.author, "Jobs went to the young", rows)
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#s{n}")
    claim = Claim.objects.get()
    assert (claim.status, claim.created_by, claim.source, claim.speaker) == (
        Status.DRAFT,
        editor,
        source,
        source.author,
    )
    assert claim.text == intake.sentences[n]["text"]
    anchor = Anchor.objects.get(claim=claim)
    assert (anchor.state, anchor.start, anchor.end) == (
        Anchor.State.ANCHORED,
        intake.sentences[n]["start"],
        intake.sentences[n]["end"],
    )
    figures = list(claim.figures.order_by("position"))
    assert [f.value for f in figures] == [Decimal("4.1"), Decimal(12000), Decimal(300000)]
    assert figures[1].part_of == figures[2]
    assert figures[1].share == Decimal(12000) / Decimal(300000)
    assert IntakeClaim.objects.get().claim == claim
    # Every step is in the history: the intake, the claim made of it, the claim's figures.
    assert Intake.history.count() == 1 and IntakeClaim.history.count() == 1
    assert claim.history.exists() and Figure.history.filter(claim_id=claim.pk).count() >= 3
    # Back on the intake page the sentence says which claim it became.
    page = client.get(f"/desk/sources/{source.slug}/intake/").content.decode()
    assert "Made claim" in page and f"/desk/claims/{claim.slug}/" in page


def test_a_figure_left_out_is_not_saved(client, editor, source):
    client.force_login(editor)
    paste(client, source)
    intake = Intake.objects.get()
    n = number_of(intake, "young people")
    rows = [
        row("4.1", "unemployment rate", unit="%"),
        row("12000", "young people's jobs", keep=""),
        row("300000", "new jobs"),
    ]
    client.post(claim_url(intake, n), claim_payload(source.author, "Jobs", rows))
    assert [f.counts for f in Claim.objects.get().figures.all()] == [
        "unemployment rate",
        "new jobs",
    ]


@pytest.mark.parametrize(
    ("rows", "index", "field"),
    [
        ([row("lots", "jobs")], 0, "value"),
        ([row("1e40", "jobs")], 0, "value"),
        ([row("", "jobs")], 0, "value"),
        ([row("12000", "")], 0, "counts"),
        ([row("12000", "jobs", part_of="0")], 0, "part_of"),  # its own denominator
        ([row("12000", "jobs", part_of="7")], 0, "part_of"),  # no such figure
        ([row("12000", "jobs", part_of="1"), row("3", "x", keep="")], 0, "part_of"),  # left out
        ([row("1", "a", part_of="1"), row("2", "b", part_of="0")], 0, "part_of"),  # a circle
    ],
)
def test_bad_figures_and_denominators_are_refused_by_field(
    client, editor, source, rows, index, field
):
    client.force_login(editor)
    paste(client, source)
    intake = Intake.objects.get()
    n = number_of(intake, "young people")
    response = client.post(claim_url(intake, n), claim_payload(source.author, "Jobs", rows))
    assert response.status_code == 400
    assert field in response.context["figures"].forms[index].errors
    assert not Claim.objects.exists()


def test_a_summary_over_75_characters_is_refused_by_field(client, editor, source):
    client.force_login(editor)
    paste(client, source)
    intake = Intake.objects.get()
    response = client.post(claim_url(intake, 0), claim_payload(source.author, "x" * 76, []))
    assert response.status_code == 400
    assert "summary" in response.context["form"].errors


def published_checked():
    checked = PublishedClaimFactory(text=CHECKED, summary=CHECKED[:70])
    note = NoteFactory(status=Status.PUBLISHED, title="Chimney fires in context")
    note.claims.add(checked)
    return checked


def test_a_repeat_carries_a_badge_and_is_recorded_anchored_with_the_notes(client, editor, source):
    checked = published_checked()
    client.force_login(editor)
    paste(client, source)
    intake = Intake.objects.get()
    n = number_of(intake, "chimney")
    page = client.get(f"/desk/sources/{source.slug}/intake/").content.decode()
    assert "Already checked" in page
    assert "Said 58000 vs checked 48213: <strong>different</strong>" in page
    assert f"{repeat_url(intake, n)}?checked={checked.pk}" in page
    confirm = client.get(repeat_url(intake, n), {"checked": checked.pk})
    assert (
        confirm.status_code == 200 and f"/desk/claims/{checked.slug}/" in confirm.content.decode()
    )
    response = client.post(
        repeat_url(intake, n), {"checked": checked.pk, "speaker": source.author.pk}
    )
    assert response.status_code == 302
    claim = Claim.objects.exclude(pk=checked.pk).get()
    assert ClaimRelation.objects.filter(from_claim=claim, to_claim=checked, kind="repeats").exists()
    assert list(claim.notes.values_list("title", flat=True)) == ["Chimney fires in context"]
    anchor = Anchor.objects.get(claim=claim)
    assert (anchor.start, anchor.end) == (intake.sentences[n]["start"], intake.sentences[n]["end"])
    assert IntakeClaim.objects.get(claim=claim).repeats
    page = client.get(f"/desk/sources/{source.slug}/intake/").content.decode()
    assert "Recorded as a repeat" in page


def test_only_a_published_claim_can_be_recorded_as_repeated(client, editor, source):
    checked = published_checked()
    client.force_login(editor)
    paste(client, source)
    intake = Intake.objects.get()
    draft = Claim.objects.create(
        speaker=source.author, source=source, text="x", summary="x", created_by=editor
    )
    response = client.post(
        repeat_url(intake, 0), {"checked": draft.pk, "speaker": source.author.pk}
    )
    assert response.status_code == 400
    assert "checked" in response.context["form"].errors
    assert Claim.objects.count() == 2 and checked.relations_out.count() == 0


def test_a_claim_made_after_the_text_changed_is_anchored_by_its_words(client, editor, source):
    client.force_login(editor)
    paste(client, source)
    intake = Intake.objects.get()
    n = number_of(intake, "young people")
    paste(client, source, "Hello. " + TRANSCRIPT)  # a new revision before the claim is made
    rows = [row("4.1", "unemployment rate", unit="%")]
    response = client.post(claim_url(intake, n), claim_payload(source.author, "Jobs", rows))
    assert response.status_code == 302
    anchor = Anchor.objects.get()
    assert anchor.start == intake.sentences[n]["start"] + len("Hello. ")


# --- who may do what ----------------------------------------------------------------


WRITES = ["paste", "claim", "repeat"]


def write(client, kind: str, intake: Intake, source, checked) -> int:
    if kind == "paste":
        return paste(client, source, TRANSCRIPT + " Thank you.").status_code
    n = number_of(intake, "chimney")
    if kind == "claim":
        payload = claim_payload(source.author, "Fire calls", [row("58000", "calls")])
        return client.post(claim_url(intake, n), payload).status_code
    payload = {"checked": checked.pk, "speaker": source.author.pk}
    return client.post(repeat_url(intake, n), payload).status_code


@pytest.fixture
def ready(client, editor, source):
    checked = published_checked()
    client.force_login(editor)
    paste(client, source)
    client.logout()
    return Intake.objects.get(), checked


@pytest.mark.parametrize("kind", WRITES)
@pytest.mark.parametrize("persona", ["editor", "reviewer", "admin_user"])
def test_the_newsroom_may_take_texts_in_and_make_claims(
    client, request, ready, source, kind, persona
):
    intake, checked = ready
    client.force_login(request.getfixturevalue(persona))
    before = (Claim.objects.count(), SourceRevision.objects.count())
    assert write(client, kind, intake, source, checked) == 302
    assert (Claim.objects.count(), SourceRevision.objects.count()) != before


@pytest.mark.parametrize("kind", WRITES)
def test_anonymous_visitors_go_to_the_login_page_and_change_nothing(client, ready, source, kind):
    intake, checked = ready
    before = (Claim.objects.count(), SourceRevision.objects.count())
    assert write(client, kind, intake, source, checked) == 302
    assert (Claim.objects.count(), SourceRevision.objects.count()) == before
    assert client.get(f"/desk/sources/{source.slug}/intake/")["Location"].startswith(
        "/accounts/login/"
    )


@pytest.mark.parametrize("kind", WRITES)
def test_outsiders_are_refused_and_change_nothing(client, ready, source, outsider, kind):
    intake, checked = ready
    client.force_login(outsider)
    before = (Claim.objects.count(), SourceRevision.objects.count())
    assert write(client, kind, intake, source, checked) == 403
    assert client.get(f"/desk/sources/{source.slug}/intake/").status_code == 403
    assert (Claim.objects.count(), SourceRevision.objects.count()) == before


# --- query counts ---------------------------------------------------------------------


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_intake_page_costs_the_same_queries_for_few_and_many_sentences_and_claims(
    client, editor
):
    checked = published_checked()
    client.force_login(editor)
    short, long = SourceFactory(full_text=""), SourceFactory(full_text="")
    paste(client, short, TRANSCRIPT)
    paste(client, long, " ".join([TRANSCRIPT] * 20))
    # Claims made from several sentences of the long text, repeats among them.
    intake = Intake.objects.get(revision__source=long)
    for n in range(0, 40, 4):
        payload = claim_payload(SpeakerFactory(), f"Claim {n}", [])
        assert client.post(claim_url(intake, n), payload).status_code == 302
    n = number_of(intake, "chimney")
    client.post(repeat_url(intake, n), {"checked": checked.pk, "speaker": SpeakerFactory().pk})
    assert len(intake.sentences) == 80
    few = count(client, f"/desk/sources/{short.slug}/intake/")
    many = count(client, f"/desk/sources/{long.slug}/intake/")
    assert many == few


# --- "already checked" as the new-claim form is typed -----------------------------------


def test_the_claim_form_asks_for_badges_as_the_words_are_typed(client, editor):
    client.force_login(editor)
    page = client.get("/desk/claims/new/").content.decode()
    assert 'hx-get="/desk/already-checked/"' in page and 'hx-include="#id_text"' in page


def test_words_being_typed_get_the_badge_of_the_claim_they_repeat(client, editor):
    checked = published_checked()
    client.force_login(editor)
    said = "Hello there. The fire brigade answered 58,000 emergency calls about chimney fires."
    fragment = client.get("/desk/already-checked/", {"text": said}).content.decode()
    assert "Already checked" in fragment and f"/desk/claims/{checked.slug}/" in fragment
    assert "Said 58000 vs checked 48213: <strong>different</strong>" in fragment
    assert "Hello there" not in fragment  # only sentences that repeat a claim
    assert "Record as a repeat" not in fragment  # recorded from an intake, where it is anchored
    assert (
        client.get("/desk/already-checked/", {"text": "I love this town."}).content.strip() == b""
    )


def test_the_badges_cost_the_same_queries_for_one_and_many_published_claims(client, editor):
    published_checked()
    client.force_login(editor)
    said = {"text": "The fire brigade answered 58,000 emergency calls about chimney fires."}
    count(client, "/desk/already-checked/?" + urlencode(said))  # the index is built once
    few = count(client, "/desk/already-checked/?" + urlencode(said))
    for n in range(30):
        PublishedClaimFactory(text=f"The brigade answered {n},123 calls about chimney fires.")
    index.reset()
    count(client, "/desk/already-checked/?" + urlencode(said))  # the index catches up once
    assert count(client, "/desk/already-checked/?" + urlencode(said)) == few


@pytest.mark.parametrize(("persona", "status"), [(None, 302), ("outsider", 403)])
def test_the_badges_are_for_the_newsroom_only(client, request, persona, status):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    assert client.get("/desk/already-checked/", {"text": CHECKED}).status_code == status


def test_the_readme_tour_on_the_demo_case(client, editor):
    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    source = Source.objects.get(title="Remarks at the Republican National Convention")
    client.force_login(editor)
    paste(
        client,
        source,
        "Thank you all. Unemployment fell to 4.1% last year, and 12,000 of the 300,000 new "
        "jobs went to young people. 13,099 immigrants have been convicted of murder.",
    )
    page = client.get(f"/desk/sources/{source.slug}/intake/").content.decode()
    murder = next(li for li in page.split('<li id="s') if "have been convicted of murder" in li)
    assert "Already checked" in murder and "Verdict: Missing context" in murder
    assert "Said 13099 vs checked 13099: same" in murder


# --- "already checked" on a source's desk page --------------------------------------------


def test_a_sources_desk_page_asks_for_the_badges_of_its_text(client, editor, source):
    source.revise(
        text="The brigade answered calls.", by=editor, origin=SourceRevision.Origin.PASTED
    )
    client.force_login(editor)
    page = client.get(f"/desk/sources/{source.slug}/").content.decode()
    assert f'hx-get="/desk/sources/{source.slug}/already-checked/"' in page


def test_the_sentences_of_a_source_that_repeat_a_checked_claim_get_their_badge(
    client, editor, source
):
    checked = published_checked()
    source.revise(
        text="Good evening. The fire brigade answered 58,000 emergency calls about chimney fires.",
        by=editor,
        origin=SourceRevision.Origin.PASTED,
    )
    client.force_login(editor)
    fragment = client.get(f"/desk/sources/{source.slug}/already-checked/").content.decode()
    assert "Already checked" in fragment and f"/desk/claims/{checked.slug}/" in fragment
    assert "Said 58000 vs checked 48213: <strong>different</strong>" in fragment
    assert "Good evening" not in fragment


def test_a_long_source_text_sends_the_desk_to_its_intake(client, editor, source):
    from intake import views

    long_text = "A sentence. " * (views.SOURCE_BADGES_MAX_CHARACTERS // 12 + 1)
    source.revise(text=long_text, by=editor, origin=SourceRevision.Origin.PASTED)
    client.force_login(editor)
    fragment = client.get(f"/desk/sources/{source.slug}/already-checked/").content.decode()
    assert f'href="/desk/sources/{source.slug}/intake/"' in fragment


@pytest.mark.parametrize(
    ("persona", "status"),
    [(None, 302), ("outsider", 403), ("editor", 200), ("reviewer", 200), ("admin_user", 200)],
)
def test_only_the_newsroom_sees_a_sources_badges(client, source, request, persona, status):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    response = client.get(f"/desk/sources/{source.slug}/already-checked/")
    assert response.status_code == status
