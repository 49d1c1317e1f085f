"""The per-process matching index: every claim's vectors in a numpy matrix, kept current.

Each request asks the database two index lookups: the highest claim id (new claims,
bulk inserts included) and the latest embedding save (every save of a claim touches its
embedding, even when the words did not change, so a claim published in another process
moves it). When either changed since the last load, the index first embeds the claims
that have no current embedding (bulk inserts fire no signals), then loads the new claims
and those saved since. A deleted claim may stay in the matrix until the process restarts;
matches are always read back from the database, so it is never shown.
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

import numpy as np
from django.db.models import Max, Q

from claims.models import Claim
from claims.workflow import Status
from intake import embeddings
from intake.matching.text import numbers_in, words
from intake.models import ClaimEmbedding

# Visibility levels stored per row; drafts and retracted claims are never matched.
HIDDEN, IN_REVIEW, PUBLIC = 0, 1, 2
LEVELS = {Status.PUBLISHED: PUBLIC, Status.CORRECTED: PUBLIC, Status.IN_REVIEW: IN_REVIEW}
# A number said by more claims than this is too common to point at any of them.
MAX_NUMBER_POSTINGS = 50


@dataclass
class Index:
    """Vectors and what scoring needs of each claim, row by row."""

    ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    summaries: np.ndarray = field(default_factory=lambda: np.zeros((0, embeddings.DIM), "f4"))
    texts: np.ndarray = field(default_factory=lambda: np.zeros((0, embeddings.DIM), "f4"))
    levels: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int8))
    words: list[str] = field(default_factory=list)  # summary and text, tokenised on demand
    row_of: dict[int, int] = field(default_factory=dict)
    by_number: dict[Decimal, list[int]] = field(default_factory=dict)
    document_frequency: Counter[str] = field(default_factory=Counter)
    marker: tuple[int | None, datetime | None] = (-1, None)

    @property
    def size(self) -> int:
        return len(self.ids)

    def nbytes(self) -> int:
        """Memory held by the matrices (the Python lists add about as much again)."""
        return self.summaries.nbytes + self.texts.nbytes + self.ids.nbytes + self.levels.nbytes

    def idf(self, word: str) -> float:
        """Inverse document frequency: rare words weigh more than common ones."""
        return math.log(1 + (self.size + 1) / (self.document_frequency.get(word, 0) + 1))

    def load(self, rows: list[tuple], *, replace: bool) -> None:
        """Put (id, status, summary, text, vector bytes) rows in, replacing all when asked."""
        if replace:
            self.__init__()  # type: ignore[misc]
        new_ids, new_vectors, new_levels = [], [], []
        for claim_id, status, summary, text, vector in rows:
            vectors = embeddings.from_bytes(vector).astype(np.float32)
            level = LEVELS.get(status, HIDDEN)
            row = self.row_of.get(claim_id)
            if row is not None:
                # An edited claim: its new words replace the old (their counts stay; harmless).
                self.summaries[row], self.texts[row] = vectors
                self.levels[row] = level
                self.words[row] = f"{summary}\n{text}"
                continue
            self.row_of[claim_id] = self.size + len(new_ids)
            new_ids.append(claim_id)
            new_vectors.append(vectors)
            new_levels.append(level)
            self.words.append(f"{summary}\n{text}")
            self.document_frequency.update(set(words(f"{summary} {text}")))
            for number in set(numbers_in(f"{summary} {text}")):
                self.by_number.setdefault(number.normalize(), []).append(self.row_of[claim_id])
        if new_ids:
            stacked = np.asarray(new_vectors, dtype=np.float32).reshape(-1, 2, embeddings.DIM)
            self.ids = np.concatenate([self.ids, np.asarray(new_ids, dtype=np.int64)])
            self.summaries = np.concatenate([self.summaries, stacked[:, 0]])
            self.texts = np.concatenate([self.texts, stacked[:, 1]])
            self.levels = np.concatenate([self.levels, np.asarray(new_levels, dtype=np.int8)])

    def rows_with(self, number: Decimal) -> list[int]:
        """Rows whose claim says `number`, unless so many do that it says nothing."""
        rows = self.by_number.get(number.normalize(), [])
        return rows if len(rows) <= MAX_NUMBER_POSTINGS else []


_index = Index()
_lock = threading.Lock()


def current_index() -> Index:
    """This process's index, brought up to date with the database (two queries when it is)."""
    global _index
    marker = _marker()
    if marker == _index.marker:
        return _index
    with _lock:
        if marker != _index.marker:
            _index = refreshed(_index, marker)
    return _index


def _marker() -> tuple[int | None, datetime | None]:
    # Both are read from an index: this runs on every request, at any number of claims.
    top = Claim.objects.aggregate(top=Max("pk"))["top"]
    latest = ClaimEmbedding.objects.aggregate(latest=Max("updated_at"))["latest"]
    return top, latest


def refreshed(index: Index, marker: tuple[int | None, datetime | None]) -> Index:
    """`index` with the claims added or saved since its marker (all of them the first time)."""
    if marker[0] != index.marker[0]:
        # New claims: some may be bulk inserts, which no signal embedded. Saves of existing
        # claims were embedded by the signal, so a save alone skips this (slower) search.
        embeddings.catch_up()
    # Read again after catching up (which saves embeddings), before loading: a save made
    # after this moves the marker again and is loaded on the next request.
    marker = _marker()
    claims = Claim.objects.filter(embedding__isnull=False)
    top, latest = index.marker
    replace = top == -1 or top is None or latest is None
    if not replace:
        # >= rather than >: two saves in the same microsecond must not be missed.
        claims = claims.filter(Q(pk__gt=top) | Q(embedding__updated_at__gte=latest))
    rows = list(
        claims.order_by("pk").values_list("pk", "status", "summary", "text", "embedding__vector")
    )
    target = Index() if replace else index
    target.load(rows, replace=False)
    target.marker = marker
    return target


def reset() -> None:
    """Forget the loaded index (tests; a process that switched databases)."""
    global _index
    _index = Index()
