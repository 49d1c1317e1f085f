"""What the matching index stores per claim: its sentence embedding, kept current on save."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from claims.models import Claim


class ClaimEmbedding(models.Model):
    """The embeddings of one claim's summary and words, and a hash of the text they came from."""

    claim = models.OneToOneField(
        Claim, on_delete=models.CASCADE, primary_key=True, related_name="embedding"
    )
    # float16 values, the summary's vector then the words' vector (see intake/embeddings.py).
    vector = models.BinaryField()
    model_name = models.CharField(max_length=60)
    text_hash = models.CharField(max_length=64, help_text="SHA-256 of the embedded text.")
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    # Vectors are derived data, so their history holds only the hash and model, not the bytes.
    history = HistoricalRecords(excluded_fields=["vector"])

    class Meta:
        verbose_name = "claim embedding"

    def __str__(self) -> str:
        return f"Embedding of {self.claim_id} ({self.model_name})"
