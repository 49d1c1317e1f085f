"""Source texts with revisions and anchored claims through the API: writes, reads, permissions."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Anchor, Claim, Source, SourceRevision
from tests.factories import ClaimFactory, PublishedClaimFactory, SourceFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

TEXT = (
    "Dear colleagues,\n\n"
    "Our office reviewed the records this spring. "
    "The non-detained docket now holds nearly 7 million people, most of them families. "
    "Detention capacity stayed at 41,500 beds throughout the year. "
    "Crime fell. Wages rose. Crime fell.\n\nSincerely, the Director"
)
QUOTE = "The non-detained docket now holds nearly 7 million people"
BEDS = "Detention capacity stayed at 41,500 beds"


@pytest.fixture
def source():
    speaker = SpeakerFactory(slug="director")
    source = SourceFactory(slug="letter", author=speaker)
    source.revise(text=TEXT, by=None, origin=SourceRevision.Origin.API)
    return source


def login(api, request, persona):
    if persona:
        api.force_login(request.getfixturevalue(persona))
    return api


def claim_payload(**extra):
    return {
        "speaker": "director",
        "source": "letter",
        "summary": "Nearly 7 million on the docket",
        "text_kind": "verbatim",
        **extra,
    }


def etag(api, url):
    return api.get(url)["ETag"]


# --- anchoring a claim ----------------------------------------------------------------------


def test_anchor_by_exact_words_fills_in_positions_and_context(api, editor, source):
    api.force_login(editor)
    response = api.post("/api/v1/claims/", claim_payload(anchor={"exact": QUOTE}), format="json")
    assert response.status_code == 201, response.json()
    doc = response.json()
    start = TEXT.index(QUOTE)
    assert doc["text"] == QUOTE  # a verbatim claim takes the anchored words
    assert doc["anchor"] == {
        "source": "letter",
        "revision": 1,
        "state": "anchored",
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": QUOTE,
                "prefix": TEXT[start - 32 : start],
                "suffix": TEXT[start + len(QUOTE) : start + len(QUOTE) + 32],
            },
            {"type": "TextPositionSelector", "start": start, "end": start + len(QUOTE)},
        ],
    }
    assert api.get(f"/api/v1/claims/{doc['slug']}/").json()["anchor"] == doc["anchor"]


def test_anchor_by_positions_alone(api, editor, source):
    api.force_login(editor)
    start = TEXT.index(BEDS)
    response = api.post(
        "/api/v1/claims/",
        claim_payload(anchor={"start": start, "end": start + len(BEDS)}),
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["text"] == BEDS


def test_a_paraphrase_keeps_its_own_words(api, editor, source):
    api.force_login(editor)
    response = api.post(
        "/api/v1/claims/",
        claim_payload(
            text="About 7 million people", text_kind="paraphrase", anchor={"exact": QUOTE}
        ),
        format="json",
    )
    assert response.json()["text"] == "About 7 million people"
    assert response.json()["anchor"]["selector"][0]["exact"] == QUOTE


@pytest.mark.parametrize(
    "anchor, field, message",
    [
        ({"exact": "nearly 8 million"}, "exact", "These words are not in the source's text."),
        (
            {"exact": "Crime fell."},
            "exact",
            "The words occur 2 times; give prefix/suffix or start.",
        ),
        ({"exact": QUOTE, "start": 3}, "exact", "not the exact words given"),
        ({"start": 10, "end": 99_999}, "start", "is not inside the text"),
        ({"prefix": "x"}, "exact", "Give the exact words, or start and end."),
    ],
)
def test_bad_anchors_answer_a_field_error_and_write_nothing(
    api, editor, source, anchor, field, message
):
    api.force_login(editor)
    response = api.post("/api/v1/claims/", claim_payload(anchor=anchor), format="json")
    assert response.status_code == 400
    assert message in response.json()["anchor"][field][0]
    assert not Claim.objects.exists()


def test_ambiguous_words_are_accepted_with_context(api, editor, source):
    api.force_login(editor)
    response = api.post(
        "/api/v1/claims/",
        claim_payload(anchor={"exact": "Crime fell.", "prefix": "Wages rose. "}),
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["anchor"]["selector"][1]["start"] == TEXT.rindex("Crime fell.")


def test_source_without_text_cannot_anchor(api, editor, source):
    api.force_login(editor)
    SourceFactory(slug="empty")
    response = api.post(
        "/api/v1/claims/", claim_payload(source="empty", anchor={"exact": "x"}), format="json"
    )
    assert response.status_code == 400
    assert "no text" in response.json()["anchor"]["anchor"][0]


def anchored_claim(api, editor) -> str:
    api.force_login(editor)
    response = api.post("/api/v1/claims/", claim_payload(anchor={"exact": QUOTE}), format="json")
    return response.json()["slug"]


def test_editing_a_verbatim_anchored_text_is_refused(api, editor, source):
    slug = anchored_claim(api, editor)
    url = f"/api/v1/claims/{slug}/"
    response = api.patch(
        url, {"text": "Nearly 8 million people"}, format="json", HTTP_IF_MATCH=etag(api, url)
    )
    assert response.status_code == 409  # well formed; the stored anchor fixes the words
    assert "keeps the anchored words" in response.json()["text"][0]
    # Another field can change, and the text can change with a new anchor in the same write.
    response = api.patch(url, {"summary": "Changed"}, format="json", HTTP_IF_MATCH=etag(api, url))
    assert response.status_code == 200
    response = api.patch(
        url, {"anchor": {"exact": BEDS}}, format="json", HTTP_IF_MATCH=etag(api, url)
    )
    assert response.status_code == 200
    assert response.json()["text"] == BEDS
    assert Anchor.objects.get().history.count() == 2


def test_removing_the_anchor_frees_the_text(api, editor, source):
    slug = anchored_claim(api, editor)
    url = f"/api/v1/claims/{slug}/"
    response = api.patch(
        url, {"anchor": None, "text": "Edited words"}, format="json", HTTP_IF_MATCH=etag(api, url)
    )
    assert response.status_code == 200
    assert response.json()["anchor"] is None and response.json()["text"] == "Edited words"


def test_changing_the_source_of_an_anchored_claim_needs_a_new_anchor(api, editor, source):
    slug = anchored_claim(api, editor)
    other = SourceFactory(slug="other")
    other.revise(text="Other words here.", by=None, origin="api")
    url = f"/api/v1/claims/{slug}/"
    response = api.patch(url, {"source": "other"}, format="json", HTTP_IF_MATCH=etag(api, url))
    assert response.status_code == 409 and "source" in response.json()  # the anchor holds it
    response = api.patch(
        url,
        {"source": "other", "anchor": {"exact": "Other words"}},
        format="json",
        HTTP_IF_MATCH=etag(api, url),
    )
    assert response.status_code == 200
    assert response.json()["anchor"]["source"] == "other"


def test_anchor_to_with_a_code_point_span(source):
    claim = ClaimFactory(source=source, text="placeholder")
    start = TEXT.index(BEDS)
    anchor = claim.anchor_to(start=start, end=start + len(BEDS))
    claim.refresh_from_db()
    assert claim.text == BEDS and anchor.exact == BEDS and anchor.revision_number == 1


# --- revising the text ------------------------------------------------------------------------


def test_patching_the_text_makes_a_revision_and_reports_moves_and_orphans(api, editor, source):
    moved_slug = anchored_claim(api, editor)
    gone = api.post(
        "/api/v1/claims/", claim_payload(summary="Beds", anchor={"exact": BEDS}), format="json"
    ).json()["slug"]
    url = "/api/v1/sources/letter/"
    new_text = "A new opening paragraph.\n\n" + TEXT.replace(BEDS + " throughout the year. ", "")
    response = api.patch(url, {"full_text": new_text}, format="json", HTTP_IF_MATCH=etag(api, url))
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["revision"] == 2
    assert [a["claim"] for a in body["anchors"]["moved"]] == [moved_slug]
    assert body["anchors"]["moved"][0]["how"] == "context"
    assert [a["claim"] for a in body["anchors"]["orphaned"]] == [gone]
    orphan = api.get(f"/api/v1/claims/{gone}/").json()["anchor"]
    assert orphan["state"] == "orphaned" and orphan["revision"] == 1  # keeps its last place
    moved = api.get(f"/api/v1/claims/{moved_slug}/").json()["anchor"]
    assert moved["revision"] == 2
    assert moved["selector"][1]["start"] == new_text.index(QUOTE)
    reasons = [h.history_change_reason for h in Anchor.history.order_by("history_id")]
    assert "Moved by revision 2 (context)" in reasons and "Orphaned by revision 2" in reasons
    # The same text again makes no revision.
    response = api.patch(url, {"full_text": new_text}, format="json", HTTP_IF_MATCH=etag(api, url))
    assert response.json()["revision"] is None
    assert source.revisions.count() == 2


def test_published_claims_follow_the_text_without_a_correction(api, editor, source):
    claim = PublishedClaimFactory(source=source, text=QUOTE)
    claim.anchor_to(exact=QUOTE)
    source.revise(text="Preface.\n" + TEXT, by=editor, origin="api")
    doc = api.get(f"/api/v1/claims/{claim.slug}/").json()
    assert doc["anchor"]["selector"][1]["start"] == TEXT.index(QUOTE) + len("Preface.\n")
    assert doc["corrections"] == [] and doc["status"] == "published"


def test_stale_if_match_on_the_text_is_refused(api, editor, source):
    api.force_login(editor)
    url = "/api/v1/sources/letter/"
    old = etag(api, url)
    assert (
        api.patch(url, {"full_text": "One."}, format="json", HTTP_IF_MATCH=old).status_code == 200
    )
    response = api.patch(url, {"full_text": "Two."}, format="json", HTTP_IF_MATCH=old)
    assert response.status_code == 412
    assert Source.objects.get().full_text == "One."


def test_creating_a_source_with_text_makes_revision_1(api, editor):
    api.force_login(editor)
    response = api.post(
        "/api/v1/sources/", {"title": "A speech", "full_text": "Words."}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["revision"] == 1
    revision = SourceRevision.objects.get()
    assert (revision.text, revision.origin, revision.created_by) == ("Words.", "api", editor)


@pytest.mark.parametrize(("persona", "code"), [(None, 403), ("outsider", 403)])
def test_anonymous_and_outsiders_cannot_change_the_text(api, request, source, persona, code):
    PublishedClaimFactory(source=source)
    login(api, request, persona)
    url = "/api/v1/sources/letter/"
    response = api.patch(url, {"full_text": "Mine now."}, format="json", HTTP_IF_MATCH="*")
    assert response.status_code == code
    assert Source.objects.get().full_text == TEXT and source.revisions.count() == 1


@pytest.mark.parametrize("persona", ["editor", "reviewer", "admin_user"])
def test_newsroom_staff_change_the_text(api, request, source, persona):
    login(api, request, persona)
    url = "/api/v1/sources/letter/"
    response = api.patch(url, {"full_text": "New."}, format="json", HTTP_IF_MATCH=etag(api, url))
    assert response.status_code == 200 and response.json()["revision"] == 2


# --- reading revisions --------------------------------------------------------------------


def test_revisions_list_and_text(api, editor, source):
    source.revise(text=TEXT + " PS.", by=editor, origin="pasted")
    api.force_login(editor)
    rows = api.get("/api/v1/sources/letter/revisions/").json()["results"]
    assert [(r["number"], r["origin"], r["length"], r["created_by"]) for r in rows] == [
        (2, "pasted", len(TEXT) + 4, editor.username),
        (1, "api", len(TEXT), None),
    ]
    one = api.get("/api/v1/sources/letter/revisions/1/").json()
    assert one["text"] == TEXT and one["number"] == 1
    assert api.get("/api/v1/sources/letter/revisions/9/").status_code == 404


def test_readers_see_texts_only_when_public(api, outsider, source):
    PublishedClaimFactory(source=source)
    for persona in (None, outsider):
        if persona:
            api.force_login(persona)
        assert api.get("/api/v1/sources/letter/").json()["full_text"] == ""
        rows = api.get("/api/v1/sources/letter/revisions/").json()["results"]
        assert rows[0]["number"] == 1 and rows[0]["created_by"] is None
        assert api.get("/api/v1/sources/letter/revisions/1/").status_code == 403
    Source.objects.update(text_public=True)
    assert api.get("/api/v1/sources/letter/").json()["full_text"] == TEXT
    assert api.get("/api/v1/sources/letter/revisions/1/").json()["text"] == TEXT


def test_readers_see_nothing_of_a_source_without_published_claims(api, source):
    assert api.get("/api/v1/sources/letter/revisions/").status_code == 404


def test_published_json_hides_a_copyrighted_text_but_not_the_quote(api, editor, source):
    claim = PublishedClaimFactory(source=source, text=QUOTE)
    claim.anchor_to(exact=QUOTE)
    doc = api.get(f"/api/v1/claims/{claim.slug}/").json()
    assert doc["source"]["full_text"] == ""
    assert doc["anchor"]["selector"][0]["exact"] == QUOTE
    assert doc["anchor"]["selector"][0]["prefix"]


def test_revision_list_query_count_does_not_grow(api, editor, source):
    api.force_login(editor)
    url = "/api/v1/sources/letter/revisions/"
    api.get(url)
    with CaptureQueriesContext(connection) as few:
        api.get(url)
    for n in range(20):
        source.revise(text=f"Text {n}", by=editor, origin="api")
    with CaptureQueriesContext(connection) as many:
        assert len(api.get(url).json()["results"]) == 21
    assert len(few) == len(many)


def test_claim_detail_query_count_does_not_grow_with_anchors(api, editor, source):
    api.force_login(editor)
    claim = ClaimFactory(source=source)
    url = f"/api/v1/claims/{claim.slug}/"
    api.get(url)
    with CaptureQueriesContext(connection) as unanchored:
        api.get(url)
    claim.anchor_to(exact=QUOTE)
    with CaptureQueriesContext(connection) as anchored:
        assert api.get(url).json()["anchor"] is not None
    assert len(unanchored) == len(anchored)


# --- uploading a file ---------------------------------------------------------------------


def tiny_pdf(text: str) -> bytes:
    """A one-page PDF showing `text`, built by hand (with a correct cross-reference table)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


HTML_PAGE = b"""<!DOCTYPE html><html><head><title>Letter</title></head><body>
<nav>Home | About | Contact</nav>
<article><h1>A letter to colleagues</h1>
<p>Our office reviewed the records this spring and found that the non-detained docket now
holds nearly 7 million people, most of them families, according to the agency.</p>
<p>Detention capacity stayed at 41,500 beds throughout the year, the letter added.</p>
</article><footer>Copyright 2024</footer></body></html>"""


def upload(api, data: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return api.post(
        "/api/v1/sources/letter/text/",
        {"file": SimpleUploadedFile(name, data)},
        format="multipart",
    )


@pytest.mark.parametrize(
    "data, name, origin, expected",
    [
        (tiny_pdf("Crime fell by 12 percent in 2023."), "letter.pdf", "pdf", "Crime fell by 12"),
        (HTML_PAGE, "letter.html", "html", "nearly 7 million people"),
        ("Plain words, ünïcödé 🎉.\r\nSecond line.".encode(), "letter.txt", "text", "ünïcödé 🎉"),
        (tiny_pdf("Named oddly."), "letter.bin", "pdf", "Named oddly."),
    ],
)
def test_upload_extracts_text_into_a_revision(api, editor, source, data, name, origin, expected):
    api.force_login(editor)
    response = upload(api, data, name)
    assert response.status_code == 200, response.json()
    assert response.json()["revision"] == 2
    revision = source.revisions.get(number=2)
    assert revision.origin == origin and expected in revision.text
    assert "\r" not in revision.text
    if origin == "html":
        assert "Home | About" not in revision.text  # the page's boilerplate is left out


@pytest.mark.parametrize(
    "data, name, code, message",
    [
        (b"", "empty.txt", 400, "empty"),
        (b"%PDF-1.4\nnot really a pdf", "broken.pdf", 400, "cannot be read"),
        (b"hello", "fake.pdf", 400, "not a PDF"),
        # Not a format the desk reads: 415, with the reason under `file`.
        (b"\xff\xfe\x00b\x00i\x00n", "data.txt", 415, "not a text file"),
        ("caf\xe9".encode("latin-1"), "latin.txt", 415, "not UTF-8"),
        (b"PK\x03\x04zip", "letter.docx", 415, "are not read"),
    ],
)
def test_unreadable_files_answer_4xx_and_change_nothing(
    api, editor, source, data, name, code, message
):
    api.force_login(editor)
    response = upload(api, data, name)
    assert response.status_code == code
    assert message in response.json()["file"][0]
    assert source.revisions.count() == 1 and Source.objects.get().full_text == TEXT


def test_oversize_file_answers_413_and_changes_nothing(api, editor, source, settings):
    settings.SOURCE_UPLOAD_MAX_BYTES = 100
    api.force_login(editor)
    response = upload(api, b"x" * 101, "big.txt")
    assert response.status_code == 413
    assert "limit is 100 bytes" in response.json()["detail"]
    assert source.revisions.count() == 1


@pytest.mark.parametrize(("persona", "code"), [(None, 403), ("outsider", 403)])
def test_anonymous_and_outsiders_cannot_upload(api, request, source, persona, code):
    PublishedClaimFactory(source=source)
    login(api, request, persona)
    assert upload(api, b"Mine.", "a.txt").status_code == code
    assert source.revisions.count() == 1
