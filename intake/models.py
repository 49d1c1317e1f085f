"""Intake data: each claim's embedding for matching, and the saved analysis of pasted texts."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from claims.models import Claim, SourceRevision


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
    # The values of the figures in the summary and words, as decimal text, for the matcher:
    # reading them again from the text is most of the time it takes to load the index.
    # NULL until worked out (the index stores them on loading); a change to the figure
    # extractor that changes them comes with a migration setting them back to NULL.
    numbers = models.JSONField(null=True, blank=True, editable=False)

    # Vectors and numbers are derived data: their history holds only the hash and model.
    history = HistoricalRecords(excluded_fields=["vector", "numbers"])

    class Meta:
        verbose_name = "claim embedding"

    def __str__(self) -> str:
        return f"Embedding of {self.claim_id} ({self.model_name})"


class Intake(models.Model):
    """The analysis of one revision of a source's text, kept so the desk can come back to it.

    `sentences` holds, in text order, each sentence's offsets into the revision's text,
    its check-worthiness, its figures and the published claims it repeats, as JSON:
    [{"start", "end", "text", "checkworthy", "figures": [...], "repeats": [...]}].
    """

    revision = models.OneToOneField(SourceRevision, on_delete=models.CASCADE, related_name="intake")
    sentences = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    seconds = models.FloatField(default=0, help_text="How long the analysis took.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Intake of {self.revision}"

    def sentence(self, number: int) -> dict[str, Any]:
        """The stored sentence `number` (its index in text order); IndexError if none."""
        if number < 0:
            raise IndexError(number)
        return self.sentences[number]


class IntakeClaim(models.Model):
    """A claim made from a sentence of an intake (one row each, so two editors never clash)."""

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="made")
    sentence = models.PositiveIntegerField(help_text="The sentence's index in text order.")
    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, related_name="intake_origin")
    repeats = models.BooleanField(default=False, help_text="Recorded as a repeat of a checked one.")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["intake", "sentence", "pk"]

    def __str__(self) -> str:
        return f"Sentence {self.sentence} of {self.intake} → {self.claim_id}"
