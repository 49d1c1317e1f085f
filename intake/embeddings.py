"""Sentence embeddings from wordllama's 256-d model, loaded from the installed wheel only.

The model's weights and tokenizer ship inside the wordllama package, so it loads with
`disable_download=True` from the package directory: nothing is fetched at run time.
A claim has two vectors, its summary's and its words', because a claim's words often
hold several sentences and the summary names the one checked figure.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterable, Sequence

import numpy as np
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from claims.models import Claim
from intake.models import ClaimEmbedding

DIM = 256
MODEL_NAME = f"wordllama-l2_supercat-{DIM}"
VECTORS_PER_CLAIM = 2  # the summary's, then the words'
BULK_FROM = 100  # new embeddings written at once without history entries
DTYPE = np.float16  # half the memory of float32; cosine scores move by < 0.001

_model = None
_lock = threading.Lock()


def model():
    """The wordllama model, loaded once per process from the package's own files."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                import wordllama
                from wordllama import WordLlama

                _model = WordLlama.load(
                    cache_dir=os.path.dirname(wordllama.__file__),
                    dim=DIM,
                    disable_download=True,
                )
    return _model


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit-length float32 vectors, one row per text."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    vectors = np.asarray(model().embed(list(texts), norm=True), dtype=np.float32)
    return vectors.reshape(len(texts), DIM)


def claim_texts(summary: str, text: str) -> tuple[str, str]:
    """What is embedded for a claim: its summary and its words."""
    return summary.strip(), text.strip()


def text_hash(summary: str, text: str) -> str:
    """Changes whenever what would be embedded, or the model, changes."""
    payload = "\x1f".join((MODEL_NAME, *claim_texts(summary, text)))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def to_bytes(vectors: np.ndarray) -> bytes:
    """A claim's vectors as stored: float16, summary row then words row."""
    return np.ascontiguousarray(vectors, dtype=DTYPE).tobytes()


def from_bytes(data: bytes | memoryview) -> np.ndarray:
    """The stored vectors back as a (VECTORS_PER_CLAIM, DIM) array."""
    return np.frombuffer(bytes(data), dtype=DTYPE).reshape(VECTORS_PER_CLAIM, DIM)


def embed_claims(rows: Iterable[tuple[int, str, str]]) -> int:
    """Store current embeddings for (claim id, summary, text) rows; return how many changed.

    Rows whose stored hash already matches are only touched, so the index still sees them
    as caught up with the claim's last save.
    """
    # intake.matching imports this module to load its index.
    from intake.matching.text import claim_numbers

    rows = list(rows)
    if not rows:
        return 0
    stored = dict(
        ClaimEmbedding.objects.filter(claim_id__in=[r[0] for r in rows]).values_list(
            "claim_id", "text_hash"
        )
    )
    fresh = [r for r in rows if stored.get(r[0]) != text_hash(r[1], r[2])]
    fresh_ids = {r[0] for r in fresh}
    unchanged = [r[0] for r in rows if r[0] not in fresh_ids]
    texts = [part for _, summary, text in fresh for part in claim_texts(summary, text)]
    vectors = embed(texts).reshape(len(fresh), VECTORS_PER_CLAIM, DIM)
    new, changed = [], []
    for (claim_id, summary, text), vector in zip(fresh, vectors, strict=True):
        row = ClaimEmbedding(
            claim_id=claim_id,
            vector=to_bytes(vector),
            model_name=MODEL_NAME,
            text_hash=text_hash(summary, text),
            numbers=claim_numbers(summary, text),
        )
        (changed if claim_id in stored else new).append(row)
    with transaction.atomic():
        # A claim saved on the desk gets a history entry for its embedding; a catch-up after
        # a bulk insert (an archive, which records no history either) is written in bulk.
        if len(new) > BULK_FROM:
            # Another process catching up at the same time may have written some already.
            ClaimEmbedding.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
        else:
            changed += new
        for row in changed:
            try:
                with transaction.atomic():
                    row.save()
            except IntegrityError:
                # Another process embedded this claim meanwhile; if its text was older, the
                # claim's later save makes it stale and the next refresh embeds it again.
                pass
        if unchanged:
            ClaimEmbedding.objects.filter(claim_id__in=unchanged).update(updated_at=timezone.now())
    return len(fresh)


def embed_claim(claim: Claim) -> None:
    """Keep one claim's embedding current (called after each save of a claim)."""
    # Most saves (a workflow step, a tag) leave the words alone: then one UPDATE marks the
    # embedding as seen after this save, which is how the index learns the new status.
    current = ClaimEmbedding.objects.filter(
        claim_id=claim.pk, text_hash=text_hash(claim.summary, claim.text)
    )
    if not current.update(updated_at=timezone.now()):
        embed_claims([(claim.pk, claim.summary, claim.text)])


def stale_claims():
    """Claims with no embedding, or one older than their last save (bulk inserts, old models)."""
    return Claim.objects.filter(
        Q(embedding__isnull=True)
        | Q(embedding__updated_at__lt=F("updated_at"))
        | ~Q(embedding__model_name=MODEL_NAME)
    )


def catch_up(batch: int = 2000) -> int:
    """Embed every stale claim, in batches; return how many embeddings were written."""
    written = 0
    while True:
        rows = list(stale_claims().values_list("pk", "summary", "text")[:batch])
        if not rows:
            return written
        written += embed_claims(rows)
