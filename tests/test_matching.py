"""Repeated-claim matching: paraphrases find the claim, numbers are compared, drafts stay hidden."""

from __future__ import annotations

import io
import socket
from decimal import Decimal

import numpy as np
import pytest
from django.core.management import call_command

from claims.models import Claim
from claims.workflow import Status
from intake import embeddings
from intake.matching import index, match_sentences, threshold
from intake.matching.text import numbers_in, rounds_to
from intake.models import ClaimEmbedding
from intake.sentences import split
from tests.factories import ClaimFactory, PublishedClaimFactory
from tests.test_exports import empty_database

pytestmark = pytest.mark.django_db

# One sentence per demo claim, in other words than the claim's own.
PARAPHRASES = {
    "ndd-criminal-histories": "ICE's list of people it does not detain includes 662,566 "
    "migrants with criminal records.",
    "ndd-convicted": "Upwards of 435,000 of those people have criminal convictions.",
    "ndd-pending": "Criminal charges are pending against 226,847 people on that docket.",
    "assault-released": "While their immigration cases go on, 62,231 people convicted of "
    "assault were let out by ICE.",
    "assault-detained": "Right now ICE detains 2,348 people convicted of assault.",
    "other-convictions": "ICE let go of 15,811 people with sexual assault convictions.",
    "sanctuary": "Sanctuary rules may protect dangerous criminals who victimise their own "
    "neighbourhoods.",
    "no-release-homicide": "The agency cannot release anyone convicted of homicide.",
    "removals": "From May 2023 to July 2024 Homeland Security deported or returned 900,000 people.",
    "detention-capacity": "In fiscal 2024 ICE can detain at most 41,500 people.",
    "beyond-disturbing": "The numbers ICE released are beyond disturbing and a wake-up call "
    "on sanctuary policies.",
    "feel-safe": "People in America deserve to feel safe where they live.",
    "murder-13099": "13,099 immigrants have been convicted of murder.",
    "violent-crime": "Immigrants here illegally are driving up violent crime.",
    "misinterpreting": "Republicans misread the ICE figures, which cover the past 40 years "
    "and more.",
    "docket-size": "Almost 7 million people with open immigration cases are on the "
    "non-detained docket, not in ICE custody.",
}
UNRELATED = [
    "ICE opened a new field office in Houston last spring.",
    "Deportation flights to Guatemala resumed in August.",
    "The weather in Washington was unusually warm in September.",
    "Our newsroom is hiring a data reporter.",
]


@pytest.fixture(autouse=True)
def fresh_index():
    """Each test starts with an empty per-process index, as a new process would."""
    index.reset()
    yield
    index.reset()


@pytest.fixture
def demo(db) -> None:
    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


def best(sentence: str, user=None) -> list[str]:
    found = match_sentences(sentence, user=user)
    return [m.claim.slug for s in found for m in s.matches]


@pytest.mark.parametrize("slug", sorted(PARAPHRASES))
def test_a_paraphrase_of_each_demo_claim_finds_it_first(demo, slug):
    assert best(PARAPHRASES[slug])[:1] == [slug]


def test_unrelated_sentences_on_the_same_topic_find_nothing(demo):
    for sentence in UNRELATED:
        assert best(sentence) == [], sentence


def test_every_match_is_at_or_above_the_threshold_and_best_first(demo, settings):
    found = match_sentences(
        PARAPHRASES["murder-13099"] + " " + PARAPHRASES["ndd-convicted"], user=None
    )
    assert len(found) == 2
    for sentence in found:
        scores = [m.score for m in sentence.matches]
        assert scores == sorted(scores, reverse=True)
        assert all(threshold() <= s <= 1 for s in scores)
        assert len(scores) <= 5
    assert best(PARAPHRASES["feel-safe"])[:1] == ["feel-safe"]
    settings.MATCH_THRESHOLD = 0.99
    assert best(PARAPHRASES["feel-safe"]) == []


def test_a_changed_number_is_flagged_and_the_same_one_is_not(demo):
    found = match_sentences("Over 450,000 of them are convicted criminals.", user=None)
    top = found[0].matches[0]
    assert top.claim.slug == "ndd-convicted"
    assert [(f.said, f.checked, f.same) for f in top.figures] == [
        (Decimal(450000), Decimal(435000), False)
    ]
    same = match_sentences("About 13,000 immigrants have murder convictions.", user=None)
    assert [(f.said, f.same) for f in same[0].matches[0].figures] == [(Decimal(13000), True)]


def test_a_match_carries_the_verdict_label(demo):
    found = match_sentences(PARAPHRASES["murder-13099"], user=None)
    assert found[0].matches[0].verdict == "Missing context"
    found = match_sentences(PARAPHRASES["feel-safe"], user=None)
    assert found[0].matches[0].verdict is None


def test_sentence_offsets_are_in_code_points():
    text = "Café 🙂 owners said so. " + "13,099 immigrants have been convicted of murder."
    found = match_sentences(text, user=None)
    assert [text[s.start : s.end] for s in found] == [s.text for s in found]
    assert found[1].start == text.index("13,099")
    assert [(s.start, s.end) for s in found] == [(s.start, s.end) for s in split(text)]


def test_numbers_said_are_read_as_values():
    assert numbers_in("7.6 million people, 450,000 cases and 9.5% in 2024, as of July 21") == [
        Decimal("7600000"),
        Decimal(450000),
        Decimal("9.5"),
    ]
    assert rounds_to(Decimal(660000), Decimal(662566))
    assert not rounds_to(Decimal(450000), Decimal(435000))
    assert not rounds_to(Decimal(7600000), Decimal(7000000))


# --- who sees what --------------------------------------------------------------------


def claim_with(status: str, text: str) -> Claim:
    factory = PublishedClaimFactory if status in ("published", "corrected") else ClaimFactory
    return factory(status=status, text=text, summary=text[:70])


WORDS = "The city's fire brigade answered 48,213 emergency calls about chimney fires."


@pytest.mark.parametrize("status", ["draft", "in_review", "retracted"])
def test_unpublished_and_retracted_claims_never_match_for_anonymous_readers(status):
    claim_with(status, WORDS)
    assert best(WORDS) == []


@pytest.mark.parametrize("status", ["published", "corrected"])
def test_published_and_corrected_claims_match_for_everyone(status):
    claim = claim_with(status, WORDS)
    assert best(WORDS) == [claim.slug]


def test_claims_in_review_match_for_staff_only(editor, reviewer, outsider):
    claim = claim_with("in_review", WORDS)
    assert best(WORDS, user=editor) == [claim.slug]
    assert best(WORDS, user=reviewer) == [claim.slug]
    assert best(WORDS, user=outsider) == []
    claim_with("draft", WORDS.replace("48,213", "48,214"))
    assert best(WORDS, user=editor) == [claim.slug]  # drafts are never matched


# --- embeddings stay current -----------------------------------------------------------


def test_the_model_loads_from_the_package_with_the_network_unreachable(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network unreachable in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(embeddings, "_model", None)
    vectors = embeddings.embed(["13,099 immigrants with murder convictions"])
    assert vectors.shape == (1, embeddings.DIM)
    assert abs(float(np.linalg.norm(vectors[0])) - 1) < 1e-3


def test_an_edit_re_embeds_the_claim_and_the_next_search_finds_the_new_words():
    claim = claim_with("published", WORDS)
    before = ClaimEmbedding.objects.get(claim=claim)
    assert best(WORDS) == [claim.slug]
    new_words = "The harbour authority counted 3,517 cruise ship arrivals in one summer."
    claim.text, claim.summary = new_words, new_words[:70]
    claim.save()
    after = ClaimEmbedding.objects.get(claim=claim)
    assert after.text_hash != before.text_hash
    assert after.history.count() == 2  # the new embedding is in the history
    assert best(new_words) == [claim.slug]
    assert best(WORDS) == []


def test_a_claim_published_after_the_index_loaded_is_found_on_the_next_search(reviewer):
    claim = claim_with("in_review", WORDS)
    assert best(WORDS) == []
    Claim.objects.filter(pk=claim.pk).update(status=Status.PUBLISHED)  # as another process
    claim.refresh_from_db()
    claim.save()  # a save bumps updated_at, which the index watches
    assert best(WORDS) == [claim.slug]


def test_bulk_inserted_claims_without_embeddings_are_caught_up_when_the_index_refreshes():
    claim = claim_with("published", WORDS)
    ClaimEmbedding.objects.all().delete()
    assert best(WORDS) == [claim.slug]
    assert ClaimEmbedding.objects.filter(claim=claim).exists()


def test_generate_archive_claims_are_matchable(demo):
    call_command("generate_archive", claims=30, no_progress=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    archived = Claim.objects.filter(slug__endswith="-1-7").get()
    # Bulk inserts fire no post_save: the archive's own signal embeds them straight away.
    assert ClaimEmbedding.objects.filter(claim=archived).exists()
    assert archived.slug in best(archived.summary)
    assert ClaimEmbedding.objects.count() == Claim.objects.count()


def test_imported_claims_are_embedded_and_matchable(demo, tmp_path):
    export = tmp_path / "export.json"
    call_command("export", "--format", "json", "--output", str(export))
    empty_database()
    assert not ClaimEmbedding.objects.exists()
    call_command("import", str(export), stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert ClaimEmbedding.objects.count() == Claim.objects.count() == len(PARAPHRASES)
    assert best(PARAPHRASES["docket-size"])[:1] == ["docket-size"]


def test_embed_claims_command_catches_up_claims_saved_without_signals(demo):
    ClaimEmbedding.objects.all().delete()
    out = io.StringIO()
    call_command("embed_claims", stdout=out)
    assert ClaimEmbedding.objects.count() == Claim.objects.count()
    assert f"Embedded {Claim.objects.count()} claims" in out.getvalue()


def test_the_numbers_a_claim_states_are_stored_and_read_back_when_the_index_loads():
    text = "The port counted 3,517 cruise ships and 12 million visitors."
    claim = PublishedClaimFactory(summary="Cruise ships in the port", text=text)
    said = [str(n) for n in numbers_in(text)]
    assert ClaimEmbedding.objects.get(claim=claim).numbers == said == ["3517", "12000000"]
    # Embeddings stored before numbers were: the index reads them from the text and keeps them.
    ClaimEmbedding.objects.update(numbers=None)
    loaded = index.current_index()
    assert loaded.numbers[loaded.row_of[claim.pk]] == [Decimal("3517"), Decimal("12000000")]
    assert ClaimEmbedding.objects.get(claim=claim).numbers == said
    # A new process reads the stored numbers instead of the text.
    ClaimEmbedding.objects.update(numbers=["42"])
    index.reset()
    loaded = index.current_index()
    assert loaded.numbers[loaded.row_of[claim.pk]] == [Decimal("42")]
