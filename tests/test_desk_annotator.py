"""The desk annotator: the marked source text, claims from words, revisions, uploads, orphans."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Anchor, Claim, SourceRevision
from tests.desk import formset_data
from tests.factories import ClaimFactory, PublishedClaimFactory, SourceFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

TEXT = (
    "Thanks 😀 for asking.\n\n"
    "The docket now holds nearly 7 million people. "
    "Detention capacity stayed at 41,500 beds. "
    "Crime fell. Crime fell."
)
DOCKET = "The docket now holds nearly 7 million people"
BEDS = "Detention capacity stayed at 41,500 beds"


@pytest.fixture
def source():
    author = SpeakerFactory(name="Jo Director", slug="director")
    source = SourceFactory(slug="letter", author=author, title="Letter to the editor")
    source.revise(text=TEXT, by=None, origin=SourceRevision.Origin.PASTED)
    return source


def anchored(source, words, **extra):
    claim = ClaimFactory(source=source, speaker=source.author, text=words, **extra)
    claim.anchor_to(exact=words)
    return claim


def new_claim_data(source, **extra):
    data = {
        "speaker": str(source.author_id),
        "source": str(source.pk),
        "said_on": "2024-09-25",
        "said_on_precision": "day",
        "text": "",
        "text_kind": "verbatim",
        "summary": "Nearly 7 million on the docket",
        **formset_data("figures", []),
    }
    data.update(extra)
    return data


# --- the source page --------------------------------------------------------------------


def test_source_page_marks_anchored_claims_in_text_order_with_numbered_links(
    client, editor, source
):
    beds = anchored(source, BEDS, summary="Capacity of 41,500 beds")
    docket = anchored(source, DOCKET, summary="Nearly 7 million on the docket")
    client.force_login(editor)
    html = client.get("/desk/sources/letter/").content.decode()
    assert (
        f'<mark class="anchor" id="mark-1" title="Claim 1: {docket.summary}">{DOCKET}</mark>'
        f'<a class="marker" href="/desk/claims/{docket.slug}/" '
        f'aria-label="Claim 1: {docket.summary}">1</a>'
    ) in html
    assert f'<mark class="anchor" id="mark-2" title="Claim 2: {beds.summary}">{BEDS}</mark>' in html
    listed = re.search(r'class="rows in-text-order">(.*?)</ol>', html, re.S).group(1)
    assert listed.index(docket.summary) < listed.index(beds.summary)
    # The text around the marks is exactly the stored text, so positions can be counted.
    plain = re.sub(
        r'<a class="marker"[^>]*>\d+</a>|<[^>]+>', "", html.split("data-annotatable>")[1]
    )
    assert plain.startswith(TEXT.replace("&", "&amp;"))


def test_source_page_lists_revisions_and_offers_the_words_form(client, editor, source):
    source.revise(text=TEXT + " Wages rose.", by=editor, origin=SourceRevision.Origin.PASTED)
    client.force_login(editor)
    html = client.get("/desk/sources/letter/").content.decode()
    assert "<td>2 (current)</td><td>ed</td>" in html
    assert "Pasted on the desk" in html
    assert 'name="anchor-exact"' in html and 'action="/desk/claims/new/"' in html
    assert 'src="/static/js/annotator.js"' in html


def test_text_public_is_on_the_source_form(client, editor, source):
    client.force_login(editor)
    assert 'name="text_public"' in client.get("/desk/sources/letter/edit/").content.decode()


# --- new claim from words ---------------------------------------------------------------


def test_words_prefill_a_new_claim_with_speaker_date_and_text(client, editor, source):
    client.force_login(editor)
    response = client.get("/desk/claims/new/", {"source": "letter", "anchor-exact": DOCKET})
    form = response.context["form"]
    assert form.initial["text"] == DOCKET
    assert form.initial["speaker"] == source.author_id
    assert str(form.initial["said_on"]) == "2024-09-25"
    assert form.initial["source"] == source.pk
    assert response.context["anchor_form"]["exact"].value() == DOCKET


def test_odd_prefill_values_are_ignored_or_field_errors(client, editor, source):
    client.force_login(editor)
    response = client.get("/desk/claims/new/", {"source": "no\x00ne", "anchor-exact": "a\x00b"})
    assert response.status_code == 200
    assert not response.context["form"].initial.get("source")
    assert response.context["anchor_form"].errors["exact"]


def test_new_claim_from_words_after_an_emoji_is_anchored_in_code_points(client, editor, source):
    start = TEXT.index(DOCKET)  # the emoji before counts one code point, not two UTF-16 units
    client.force_login(editor)
    data = new_claim_data(
        source, **{"anchor-exact": DOCKET, "anchor-start": str(start), "anchor-prefix": "\n\n"}
    )
    response = client.post("/desk/claims/new/?source=letter", data)
    assert response.status_code == 302, response.context["anchor_form"].errors
    claim = Claim.objects.get(summary="Nearly 7 million on the docket")
    assert claim.text == DOCKET
    assert (claim.anchor.start, claim.anchor.end) == (start, start + len(DOCKET))
    assert claim.anchor.prefix.endswith("asking.\n\n")
    html = client.get("/desk/sources/letter/").content.decode()
    assert f'id="mark-1" title="Claim 1: {claim.summary}">{DOCKET}</mark>' in html


def test_a_position_counted_differently_falls_back_to_the_words(client, editor, source):
    client.force_login(editor)
    data = new_claim_data(source, **{"anchor-exact": BEDS, "anchor-start": "3"})
    assert client.post("/desk/claims/new/", data).status_code == 302
    assert Claim.objects.get().anchor.start == TEXT.index(BEDS)


def test_words_not_in_the_text_are_a_field_error_and_nothing_is_saved(client, editor, source):
    client.force_login(editor)
    data = new_claim_data(source, **{"anchor-exact": "nearly 8 million people"})
    response = client.post("/desk/claims/new/", data)
    assert response.status_code == 400
    assert response.context["anchor_form"].errors["exact"]
    assert not Claim.objects.exists()


def test_repeated_words_need_their_context(client, editor, source):
    client.force_login(editor)
    response = client.post(
        "/desk/claims/new/", new_claim_data(source, **{"anchor-exact": "Crime fell."})
    )
    assert response.status_code == 400
    data = new_claim_data(
        source, **{"anchor-exact": "Crime fell.", "anchor-prefix": "beds. Crime fell. "}
    )
    assert client.post("/desk/claims/new/", data).status_code == 302
    assert Claim.objects.get().anchor.start == TEXT.rindex("Crime fell.")


def test_a_claim_without_words_is_created_unanchored(client, editor, source):
    client.force_login(editor)
    data = new_claim_data(source, text="They said the docket is big.", **{"anchor-exact": ""})
    assert client.post("/desk/claims/new/", data).status_code == 302
    assert not Anchor.objects.exists()


# --- revisions: diff and upload ---------------------------------------------------------


def test_diff_of_two_revisions_shows_words_removed_and_added(client, reviewer, source):
    source.revise(text=TEXT.replace("41,500 beds", "50,000 beds"), by=reviewer, origin="pasted")
    client.force_login(reviewer)
    response = client.get("/desk/sources/letter/changes/", {"before": 1, "after": 2})
    html = response.content.decode()
    assert re.search(r"<del>.*41.*</del>", html)
    assert re.search(r"<ins>.*50.*</ins>", html)
    assert "stayed at" in html


def test_diff_of_a_missing_revision_is_a_field_error(client, editor, source):
    client.force_login(editor)
    response = client.get("/desk/sources/letter/changes/", {"before": 1, "after": 9})
    assert response.status_code == 400
    assert "no revision 9" in response.context["form"].errors["after"][0]
    assert client.get("/desk/sources/letter/changes/", {"before": "x"}).status_code == 400


def test_uploaded_text_file_becomes_a_revision_and_moves_anchors(client, editor, source):
    claim = anchored(source, BEDS)
    client.force_login(editor)
    upload = SimpleUploadedFile("letter.txt", ("Preface. " + TEXT).encode(), "text/plain")
    response = client.post("/desk/sources/letter/text/", {"file": upload})
    assert response.status_code == 302
    revision = source.revisions.order_by("-number").first()
    assert (revision.number, revision.origin, revision.created_by) == (2, "text", editor)
    claim.anchor.refresh_from_db()
    assert claim.anchor.start == len("Preface. ") + TEXT.index(BEDS)


def test_an_unreadable_upload_is_a_field_error(client, editor, source):
    client.force_login(editor)
    upload = SimpleUploadedFile("letter.pdf", b"not a pdf", "application/pdf")
    response = client.post("/desk/sources/letter/text/", {"file": upload})
    assert response.status_code == 400
    assert response.context["form"].errors["file"]
    assert source.revisions.count() == 1


def test_a_too_large_upload_is_a_field_error(client, editor, source, settings):
    settings.SOURCE_UPLOAD_MAX_BYTES = 10
    client.force_login(editor)
    upload = SimpleUploadedFile("letter.txt", b"x" * 11, "text/plain")
    response = client.post("/desk/sources/letter/text/", {"file": upload})
    assert response.status_code == 400
    assert "limit" in response.context["form"].errors["file"][0]


# --- orphans and re-anchoring -----------------------------------------------------------


@pytest.fixture
def orphan(source):
    claim = anchored(source, BEDS, summary="Capacity of 41,500 beds")
    source.revise(
        text=TEXT.replace(BEDS, "Detention space was never counted"), by=None, origin="pasted"
    )
    claim.anchor.refresh_from_db()
    assert claim.anchor.state == Anchor.State.ORPHANED
    return claim


def test_dashboard_lists_orphaned_anchors_with_their_last_words(client, editor, orphan):
    client.force_login(editor)
    html = client.get("/desk/").content.decode()
    assert 'Orphaned anchors <span class="count">(1)</span>' in html
    assert f"<q>{BEDS}</q>" in html
    assert f'href="/desk/claims/{orphan.slug}/anchor/"' in html


def test_re_anchor_an_orphan_on_typed_words(client, editor, orphan):
    client.force_login(editor)
    page = client.get(f"/desk/claims/{orphan.slug}/anchor/")
    assert page.status_code == 200 and b"Orphaned" in page.content
    orphan.text_kind = "paraphrase"
    orphan.save()
    response = client.post(
        f"/desk/claims/{orphan.slug}/anchor/", {"exact": "Detention space was never counted"}
    )
    assert response.status_code == 302
    orphan.anchor.refresh_from_db()
    assert orphan.anchor.state == Anchor.State.ANCHORED
    assert orphan.anchor.exact == "Detention space was never counted"
    assert not client.get("/desk/").context["orphan_count"]


def test_a_published_verbatim_claim_is_anchored_only_on_its_own_words(client, reviewer, source):
    claim = PublishedClaimFactory(source=source, speaker=source.author, text=BEDS)
    client.force_login(reviewer)
    response = client.post(f"/desk/claims/{claim.slug}/anchor/", {"exact": DOCKET})
    assert response.status_code == 400
    assert "correct its text" in response.context["form"].errors["exact"][0]
    claim.refresh_from_db()
    assert claim.text == BEDS
    assert client.post(f"/desk/claims/{claim.slug}/anchor/", {"exact": BEDS}).status_code == 302
    assert claim.anchor.exact == BEDS


def test_re_anchor_with_words_not_in_the_text_is_a_field_error(client, editor, orphan):
    client.force_login(editor)
    response = client.post(f"/desk/claims/{orphan.slug}/anchor/", {"exact": BEDS})
    assert response.status_code == 400
    assert response.context["form"].errors["exact"]
    response = client.post(f"/desk/claims/{orphan.slug}/anchor/", {"exact": ""})
    assert response.status_code == 400


def test_history_shows_the_anchor_orphaned_and_placed_again(client, editor, orphan):
    orphan.text_kind = "paraphrase"
    orphan.save()
    client.force_login(editor)
    client.post(f"/desk/claims/{orphan.slug}/anchor/", {"exact": "Detention space"})
    html = client.get(f"/desk/claims/{orphan.slug}/history/").content.decode()
    assert "Anchor (Orphaned by revision 2)" in html
    assert "Anchor (Marked on revision 2)" in html


# --- permissions on every write path ----------------------------------------------------


def write_requests(source, claim):
    upload = SimpleUploadedFile("t.txt", b"A new text entirely.", "text/plain")
    return [
        (f"/desk/claims/{claim.slug}/anchor/", {"exact": DOCKET}),
        ("/desk/claims/new/", new_claim_data(source, **{"anchor-exact": DOCKET})),
        (f"/desk/sources/{source.slug}/text/", {"file": upload}),
    ]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [(None, 302), ("outsider", 403), ("editor", 302), ("reviewer", 302), ("admin_user", 302)],
)
def test_write_paths_by_role(client, request, source, persona, expected):
    claim = ClaimFactory(source=source, speaker=source.author, text="x", text_kind="paraphrase")
    if persona:
        client.force_login(request.getfixturevalue(persona))
    for url, data in write_requests(source, claim):
        response = client.post(url, data)
        assert response.status_code == expected, url
        if persona is None:
            assert response["Location"].startswith("/accounts/login/")
    written = Anchor.objects.filter(claim=claim).exists()
    assert written == (persona not in (None, "outsider"))
    assert source.revisions.count() == (1 if persona in (None, "outsider") else 2)


def test_a_user_without_the_permission_cannot_upload_or_anchor(client, source):
    from django.contrib.auth.models import Permission

    from tests.conftest import make_user

    reader = make_user("reader")
    reader.user_permissions.add(Permission.objects.get(codename="view_claim"))
    claim = ClaimFactory(source=source, speaker=source.author)
    client.force_login(reader)
    for url, data in write_requests(source, claim):
        assert client.post(url, data).status_code == 403, url


# --- query counts -----------------------------------------------------------------------


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


def test_annotator_pages_cost_the_same_for_2_and_20_anchored_claims(client, editor, source):
    words = TEXT.split(" ")
    claim = anchored(source, DOCKET)
    anchored(source, BEDS)
    source.revise(text=TEXT + " Wages rose.", by=editor, origin="pasted")
    client.force_login(editor)
    urls = [
        "/desk/sources/letter/",
        f"/desk/claims/{claim.slug}/anchor/",
        "/desk/sources/letter/changes/?before=1&after=2",
        "/desk/",
    ]
    small = {url: count(client, url) for url in urls}
    long_text = TEXT + "".join(f" Sentence number {n} of {len(words)}." for n in range(18))
    source.revise(text=long_text, by=editor, origin="pasted")
    for n in range(18):
        anchored(source, f"Sentence number {n} of")
    source.revise(text=long_text + " End.", by=editor, origin="pasted")
    urls[2] = "/desk/sources/letter/changes/?before=3&after=4"
    assert Anchor.objects.count() == 20
    for url in urls:
        assert count(client, url) == small.get(
            url, small["/desk/sources/letter/changes/?before=1&after=2"]
        ), url
